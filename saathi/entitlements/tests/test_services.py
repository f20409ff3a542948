import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.entitlements import services
from saathi.entitlements.models import (
    OPEN_STATUSES,
    TRANSITIONS,
    Application,
    Scheme,
    Status,
    Transition,
)
from saathi.people.models import IdentityDocument

from .factories import facilitator, scheme

DATA = Path(services.__file__).parent / "data" / "schemes.json"


@pytest.mark.django_db
def test_catalogue_is_loaded_by_setup_with_every_verified_row():
    rows = json.loads(DATA.read_text())
    current = Scheme.objects.current().filter(organisation__isnull=True)
    assert current.count() == len(rows) == 33
    codes = set(current.values_list("code", flat=True))
    assert "pm_ujjwala_lpg" not in codes  # "no" in the research table
    assert {"nfsa_ration_card", "shakti_sadan", "wb_lakshmir_bhandar", "ap_ntr_bharosa"} <= codes
    for s in current:
        assert s.verified in ("yes", "partial")
        assert all(s.names.get(lang) for lang in ("en", "hi", "bn", "te")), s.code
        assert all(s.summaries.get(lang) for lang in ("en", "hi", "bn", "te")), s.code
        assert s.authority and s.source and s.last_verified
    ab = current.get(code="ab_pmjay")
    assert not ab.applies_in("WB") and ab.applies_in("AP")
    assert current.get(code="wb_swasthya_sathi").applies_in("WB")
    assert not current.get(code="wb_swasthya_sathi").applies_in("AP")


@pytest.mark.django_db
def test_reloading_the_catalogue_is_idempotent_and_versions_changes(monkeypatch, tmp_path):
    assert services.load_shipped_catalogue() == {"created": 0, "updated": 0}
    rows = json.loads(DATA.read_text())
    rows[0]["benefit"] = "changed benefit"
    (tmp_path / "schemes.json").write_text(json.dumps(rows))
    (tmp_path / "letters.json").write_text((DATA.parent / "letters.json").read_text())
    monkeypatch.setattr(services, "DATA", tmp_path)
    assert services.load_shipped_catalogue() == {"created": 0, "updated": 1}
    versions = Scheme.objects.filter(code=rows[0]["code"], organisation=None).order_by("version")
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].replaced_at is not None and versions[1].benefit == "changed benefit"


@pytest.mark.django_db
def test_editing_a_scheme_keeps_the_old_version_for_its_applications(world):
    admin = world.user("a", Role.ORG_ADMIN)
    member = world.members["a1"]
    shipped = scheme("nfsa_ration_card", world.orgs["a"])
    app = services.application_start(member=member, scheme=shipped, actor=facilitator(world))
    data = {k: getattr(shipped, k) for k in services.SCHEME_FIELDS}
    data["benefit"] = "Rice 5 kg per person"
    new = services.scheme_save(organisation=world.orgs["a"], data=data, actor=admin, scheme=shipped)
    assert new.pk != shipped.pk and new.organisation == world.orgs["a"]
    assert new.version == shipped.version + 1
    app.refresh_from_db()
    assert app.scheme_id == shipped.pk  # made under the old version
    # organisation A now sees its version, organisation B still the shipped one
    assert scheme("nfsa_ration_card", world.orgs["a"]).pk == new.pk
    assert scheme("nfsa_ration_card", world.orgs["b"]).pk == shipped.pk
    # a second edit closes A's first version
    data["benefit"] = "Rice 6 kg per person"
    newer = services.scheme_save(organisation=world.orgs["a"], data=data, actor=admin, scheme=new)
    new.refresh_from_db()
    assert new.replaced_at is not None and newer.version == new.version + 1
    with pytest.raises(ValidationError):
        services.scheme_save(organisation=world.orgs["a"], data=data, actor=admin, scheme=new)
    with pytest.raises(PermissionDenied):
        services.scheme_save(
            organisation=world.orgs["a"], data=data, actor=facilitator(world), scheme=newer
        )


@pytest.mark.django_db
def test_new_scheme_needs_an_english_name_and_registry_documents(world):
    admin = world.user("a", Role.ORG_ADMIN)
    with pytest.raises(ValidationError) as exc:
        services.scheme_save(
            organisation=world.orgs["a"],
            data={"names": {"hi": "x"}, "level": "state", "category": "food",
                  "verified": "yes", "authority": "", "required_documents": ["passport"]},
            actor=admin,
        )  # fmt: skip
    assert {"name_en", "authority", "required_documents"} <= set(exc.value.message_dict)


@pytest.mark.django_db
def test_application_timeline_and_audit(world):
    user = facilitator(world)
    member = world.members["a1"]
    app = services.application_start(
        member=member, scheme=scheme("wb_ration_card", world.orgs["a"]), actor=user
    )
    assert app.reference.startswith("APP-")
    for status in (Status.SUBMITTED, Status.UNDER_VERIFICATION, Status.APPROVED):
        services.application_move(application=app, to_status=status, actor=user)
    services.application_move(application=app, to_status=Status.NOT_RECEIVED, actor=user)
    services.application_move(application=app, to_status=Status.ESCALATED, actor=user)
    services.application_move(application=app, to_status=Status.BENEFIT_RECEIVED, actor=user)
    steps = list(app.transitions.values_list("from_status", "to_status"))
    assert steps[0] == ("", "draft") and steps[-1] == ("escalated", "benefit_received")
    assert len(steps) == 7
    seqs = [t.audit_seq for t in app.transitions.all()]
    events = AuditEvent.objects.filter(seq__in=seqs)
    assert events.count() == 7 and all(e.object_id == str(app.uuid) for e in events)
    app.refresh_from_db()
    assert app.submitted_on == timezone.localdate() and app.due_on is None
    # the registry follows: her ration card is held now
    card = IdentityDocument.objects.get(member=member, kind="ration_card")
    assert card.status == "held"


@pytest.mark.django_db
def test_moves_outside_the_map_and_rejections_without_reason_are_refused(world):
    user = facilitator(world)
    app = services.application_start(
        member=world.members["a1"], scheme=scheme("pmjdy_account", world.orgs["a"]), actor=user
    )
    with pytest.raises(ValidationError) as exc:
        services.application_move(application=app, to_status=Status.APPROVED, actor=user)
    assert "to_status" in exc.value.message_dict
    services.application_move(application=app, to_status=Status.SUBMITTED, actor=user)
    with pytest.raises(ValidationError) as exc:
        services.application_move(application=app, to_status=Status.REJECTED, actor=user)
    assert "reason" in exc.value.message_dict
    services.application_move(
        application=app, to_status=Status.REJECTED, reason="name_mismatch", actor=user
    )
    assert Application.objects.get(pk=app.pk).rejection_reason == "name_mismatch"


@pytest.mark.django_db
def test_duplicate_open_application_and_wrong_state_are_refused(world):
    user = facilitator(world)
    member = world.members["a1"]
    services.application_start(
        member=member, scheme=scheme("wb_ration_card", world.orgs["a"]), actor=user
    )
    with pytest.raises(ValidationError):
        services.application_start(
            member=member, scheme=scheme("wb_ration_card", world.orgs["a"]), actor=user
        )
    with pytest.raises(ValidationError) as exc:  # AP scheme for a WB member
        services.application_start(
            member=member, scheme=scheme("ap_ntr_bharosa", world.orgs["a"]), actor=user
        )
    assert "scheme" in exc.value.message_dict


@pytest.mark.django_db
def test_roles_without_the_capability_cannot_write(world):
    member = world.members["a1"]
    s = scheme("wb_ration_card", world.orgs["a"])
    for role in (Role.VIEWER,):
        with pytest.raises(PermissionDenied):
            services.application_start(member=member, scheme=s, actor=world.user("a", role))
    with pytest.raises(PermissionDenied):  # another organisation's facilitator
        services.application_start(member=member, scheme=s, actor=world.user("b", "facilitator"))
    with pytest.raises(PermissionDenied):  # the leader of A1 does not reach A2's member
        services.application_start(
            member=world.members["a2"], scheme=s, actor=world.user("a", Role.COLLECTIVE_LEADER)
        )


@pytest.mark.django_db
def test_stall_suggests_escalation_after_typical_timeline(world):
    user = facilitator(world)
    app = services.application_start(
        member=world.members["a1"], scheme=scheme("voter_id_form6", world.orgs["a"]), actor=user
    )
    services.application_move(
        application=app,
        to_status=Status.SUBMITTED,
        actor=user,
        on=timezone.localdate() - timedelta(days=45),
    )
    assert services.stalled_since(app) == 15  # typical 30 days
    services.application_move(application=app, to_status=Status.APPROVED, actor=user)
    assert services.stalled_since(app) is None


STATUSES = list(Status.values)


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    moves=st.lists(st.sampled_from(STATUSES), max_size=12), reason=st.sampled_from(["", "other"])
)
def test_no_sequence_of_calls_leaves_the_map_or_skips_the_audit(world, moves, reason):
    """Property: whatever statuses are asked for, in whatever order, an application only
    ever takes steps of TRANSITIONS, and each step it takes has its transition row and its
    audit row; refused steps change nothing."""
    user = facilitator(world)
    member = world.members["a1"]
    Application.objects.filter(member=member).update(status=Status.CLOSED, due_on=None)
    app = services.application_start(
        member=member, scheme=scheme("pmjdy_account", world.orgs["a"]), actor=user
    )
    before = AuditEvent.objects.count()
    taken = 0
    for to in moves:
        current = Application.objects.get(pk=app.pk).status
        try:
            services.application_move(application=app, to_status=to, reason=reason, actor=user)
        except ValidationError:
            assert Application.objects.get(pk=app.pk).status == current
            app.status = current
            continue
        assert to in TRANSITIONS[current]
        taken += 1
        row = Application.objects.get(pk=app.pk)
        assert row.status == to
        assert (row.due_on is None) == (to not in OPEN_STATUSES or not row.next_follow_up)
    transitions = list(Transition.objects.filter(application=app).order_by("at", "id"))
    assert len(transitions) == taken + 1
    for prev, step in zip(transitions, transitions[1:], strict=False):
        assert step.from_status == prev.to_status
        assert step.to_status in TRANSITIONS[step.from_status]
    audited = AuditEvent.objects.filter(object_id=str(app.uuid), seq__gt=before)
    assert audited.filter(action="change", fields="status").count() == taken
    assert {t.audit_seq for t in transitions[1:]} <= set(audited.values_list("seq", flat=True))


@pytest.mark.django_db
def test_drive_starts_applications_for_many_and_skips_open_ones(world):
    user = facilitator(world)
    s = scheme("wb_ration_card", world.orgs["a"])
    services.application_start(member=world.members["a1"], scheme=s, actor=user)
    drive = services.drive_create(
        organisation=world.orgs["a"],
        scheme=s,
        name="Ration cards for A One",
        target_date=timezone.localdate() + timedelta(days=60),
        actor=user,
        collective=world.collectives["a1"],
    )
    result = services.drive_start_applications(
        drive=drive, members=[world.members["a1"], world.members["a2"]], actor=user
    )
    assert result == {"started": 1, "skipped": 1}
    app = drive.applications.get()
    assert app.member == world.members["a2"] and app.deadline == drive.target_date
    with pytest.raises(PermissionDenied):
        services.drive_start_applications(
            drive=drive, members=[], actor=world.user("a", Role.VOLUNTEER)
        )
