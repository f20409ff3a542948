"""core.cases: the one move of a case along its transition map, with its timeline.

The concrete case here is an entitlement application and its ``Transition`` timeline
(the first app on the kit); the calls are to ``case_move`` itself."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from saathi.core.cases import CaseStep, case_move
from saathi.core.models import AuditEvent
from saathi.core.policy import Cap, Role
from saathi.entitlements import services
from saathi.entitlements.models import TRANSITIONS, Application, Status, Transition
from saathi.entitlements.tests.factories import facilitator, scheme

from .cases import check_moves_follow_map

SMALL_MAP = {"draft": {"submitted"}, "submitted": {"approved", "draft"}, "approved": set()}


def new_case(world, code="pmjdy_account"):
    Application.objects.filter(member=world.members["a1"]).update(status=Status.CLOSED)
    return services.application_start(
        member=world.members["a1"], scheme=scheme(code, world.orgs["a"]), actor=facilitator(world)
    )


def move(case, to, actor, **kw):
    kw.setdefault("transitions", TRANSITIONS)
    return case_move(case, to, actor=actor, step_model=Transition, **kw)


def changes_of(case):
    return AuditEvent.objects.filter(object_id=str(case.uuid), action="change")


@pytest.mark.django_db
def test_a_move_saves_the_status_audits_it_and_writes_the_step_with_its_audit_seq(world):
    app, user = new_case(world), facilitator(world)
    step = move(app, "submitted", user, step_fields={"note": "at the block office"})
    assert isinstance(step, Transition) and isinstance(step, CaseStep) and step.pk
    assert (step.from_status, step.to_status, step.actor, step.note) == (
        "draft",
        "submitted",
        user,
        "at the block office",
    )
    assert app.status == "submitted"  # the caller's copy follows
    assert Application.objects.get(pk=app.pk).status == "submitted"
    event = AuditEvent.objects.get(seq=step.audit_seq)
    assert (event.action, event.object_id, event.fields) == ("change", str(app.uuid), "status")
    assert event.detail == {"from": "draft", "to": "submitted"}  # codes, no personal data
    assert event.organisation_id == app.organisation_id and event.member_id == app.member_id
    assert list(app.transitions.values_list("to_status", flat=True)) == ["draft", "submitted"]


@pytest.mark.django_db
def test_only_the_changed_fields_are_saved(world):
    app, user = new_case(world), facilitator(world)
    app.office = "typed in the form, never saved"
    with CaptureQueriesContext(connection) as queries:
        move(
            app,
            "submitted",
            user,
            changes={"deadline": None, "authority_reference": "WB/2026/17"},
        )
    update = next(q["sql"] for q in queries if q["sql"].startswith("UPDATE"))
    assert "authority_reference" in update and "status" in update
    assert "deadline" not in update  # unchanged (it was empty)
    assert "office" not in update
    row = Application.objects.get(pk=app.pk)
    assert row.authority_reference == "WB/2026/17" and row.office == ""


@pytest.mark.django_db
def test_a_move_outside_the_map_is_refused_naming_both_statuses(world):
    app, user = new_case(world), facilitator(world)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        move(app, "approved", user)
    message = exc.value.message_dict["to_status"][0]
    assert "“Draft”" in message and "“Approved”" in message  # labels of the field's choices
    with pytest.raises(ValidationError) as exc:
        move(app, "approved", user, transitions=SMALL_MAP, labels={"draft": "New"})
    assert "“New”" in exc.value.message_dict["to_status"][0]
    with pytest.raises(ValidationError) as exc:  # a status that is no status at all
        move(app, "no-such", user)
    assert "no-such" in exc.value.message_dict["to_status"][0]
    app.status = "final"  # the current status is not in the map: nothing may follow
    with pytest.raises(ValidationError):
        move(app, "submitted", user)
    app.refresh_from_db()
    assert app.status == "draft" and app.transitions.count() == 1
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_the_refusal_is_translated(world):
    from django.utils import translation

    app = new_case(world)
    with translation.override("bn"), pytest.raises(ValidationError) as exc:
        move(app, "approved", facilitator(world))
    message = exc.value.message_dict["to_status"][0]
    assert "cannot become" not in message and "“" in message


@pytest.mark.django_db
def test_without_the_capability_on_the_case_the_move_is_denied_and_audited(world):
    app = new_case(world)
    for user in (world.user("a", Role.VIEWER), world.user("b", Role.FACILITATOR)):
        before = AuditEvent.objects.count()
        with pytest.raises(PermissionDenied):
            move(app, "submitted", user, cap=Cap.EDIT_APPLICATIONS)
        denied = AuditEvent.objects.filter(seq__gt=before).get()
        assert denied.action == "denied" and denied.object_id == str(app.uuid)
        assert denied.detail == {"capability": Cap.EDIT_APPLICATIONS}
    app.refresh_from_db()
    assert app.status == "draft" and app.transitions.count() == 1
    # the facilitator of the organisation holds it
    move(app, "submitted", facilitator(world), cap=Cap.EDIT_APPLICATIONS)
    assert Application.objects.get(pk=app.pk).status == "submitted"


@pytest.mark.django_db
def test_a_move_from_a_copy_read_before_someone_elses_move_is_refused(world):
    app, user = new_case(world), facilitator(world)
    stale = Application.objects.get(pk=app.pk)
    move(app, "submitted", user)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        move(stale, "withdrawn", user)  # allowed from draft, but it is no longer draft
    assert "meanwhile" in exc.value.message_dict["to_status"][0]
    assert stale.status == "draft"  # the stale copy was not changed either
    assert Application.objects.get(pk=app.pk).status == "submitted"
    assert app.transitions.count() == 2 and AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_the_case_row_is_locked_for_the_move(world):
    app = new_case(world)
    with CaptureQueriesContext(connection) as queries:
        move(app, "submitted", facilitator(world))
    selects = [q["sql"] for q in queries if "entitlements_application" in q["sql"]]
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in sql for sql in selects), selects
    else:  # SQLite locks the whole database for a write transaction instead
        assert selects


@pytest.mark.django_db
def test_a_failure_after_the_save_rolls_everything_back(world):
    app, user = new_case(world), facilitator(world)
    before = AuditEvent.objects.count()
    with pytest.raises(TypeError):
        move(app, "submitted", user, step_fields={"no_such_field": 1})
    assert app.status == "draft"  # the caller's copy was put back
    assert Application.objects.get(pk=app.pk).status == "draft"
    assert app.transitions.count() == 1 and AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_misuse_is_a_programming_error(world):
    app, user = new_case(world), facilitator(world)
    with pytest.raises(TypeError):
        move(app, "submitted", user, changes={"status": "approved"})

    class NoCaseField(Transition):
        case_field = ""

        class Meta:
            proxy = True
            app_label = "entitlements"

    with pytest.raises(TypeError):
        case_move(app, "submitted", actor=user, transitions=TRANSITIONS, step_model=NoCaseField)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_moves_one_waits_for_the_lock_and_is_refused(world):
    """Two connections move the same case at once: the second blocks on the row lock
    and, once the first commits, is refused because the status it read is gone."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks between connections)")
    app, user = new_case(world), facilitator(world)
    copies = [Application.objects.get(pk=app.pk) for _ in range(2)]
    locked, go_on = threading.Event(), threading.Event()
    outcomes = {}

    def first():
        try:
            with transaction.atomic():
                move(copies[0], "submitted", user)
                locked.set()
                go_on.wait(timeout=10)  # hold the lock while the second tries
            outcomes["first"] = "ok"
        finally:
            connection.close()

    def second():
        try:
            locked.wait(timeout=10)
            try:
                move(copies[1], "withdrawn", user)
                outcomes["second"] = "ok"
            except ValidationError as exc:
                outcomes["second"] = exc.message_dict["to_status"][0]
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    threads[1].join(timeout=1)  # the second is waiting on the lock now
    assert threads[1].is_alive()
    go_on.set()
    for t in threads:
        t.join(timeout=20)
    assert outcomes["first"] == "ok" and "meanwhile" in outcomes["second"]
    assert Application.objects.get(pk=app.pk).status == "submitted"
    assert Transition.objects.filter(application=app).count() == 2


@pytest.mark.django_db
def test_no_sequence_of_moves_leaves_the_map_or_skips_the_audit(world):
    user = facilitator(world)
    check_moves_follow_map(
        make_case=lambda: new_case(world),
        move=lambda case, to: move(case, to, user, changes={"status_changed_at": timezone.now()}),
        transitions=TRANSITIONS,
        step_model=Transition,
        max_examples=10,
    )
