"""A matter as a case (transition map, timeline), its running clocks on the agenda and in
reminders, its documents and its complaints about the police or prosecutors."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from saathi.core import agenda
from saathi.core.demo_files import demo_upload
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.core.tests.cases import check_moves_follow_map
from saathi.legal import selectors, services
from saathi.legal.agenda import CLOCK, HEARING
from saathi.legal.models import (
    TRANSITIONS,
    MatterClock,
    MatterStep,
    Status,
)

from .factories import ACCUSED, COMPLAINT, advocate, bearer, full_matter, matter


def _client(user):
    c = Client()
    c.force_login(user)
    return c


# ------------------------------------------------------------------ the case
def test_every_status_is_in_the_map():
    assert set(TRANSITIONS) == set(Status.values)
    for nxt in TRANSITIONS.values():
        assert nxt <= set(Status.values)
    assert TRANSITIONS[Status.CLOSED] == TRANSITIONS[Status.WITHDRAWN] == frozenset()


@pytest.mark.django_db
def test_moves_follow_the_map_and_never_skip_the_audit(world):
    actor = advocate(world)
    check_moves_follow_map(
        make_case=lambda: matter(world),
        move=lambda m, to: services.matter_move(matter=m, to_status=to, actor=actor),
        transitions=TRANSITIONS,
        step_model=MatterStep,
    )


@pytest.mark.django_db
def test_opening_writes_the_first_step_and_a_move_its_timeline(world):
    m = matter(world)
    first = MatterStep.objects.get(matter=m)
    assert (first.from_status, first.to_status) == ("", Status.INTAKE)
    assert AuditEvent.objects.get(seq=first.audit_seq).action == "create"
    services.matter_move(matter=m, to_status="filed", actor=advocate(world), note="DLSA")
    with pytest.raises(ValidationError) as exc:
        services.matter_move(matter=m, to_status="appeal", actor=advocate(world))
    assert "“Filed”" in exc.value.message_dict["to_status"][0]  # labels, not codes
    with pytest.raises(PermissionDenied):
        services.matter_move(matter=m, to_status="pending", actor=world.user("a", Role.FACILITATOR))
    r = _client(advocate(world)).get(reverse("legal:matter_history", args=[m.uuid]))
    assert r.status_code == 200 and "DLSA" in r.content.decode()


@pytest.mark.django_db
def test_move_page_keeps_the_note_on_a_refused_date(world):
    m = matter(world)
    url = reverse("legal:matter_move", args=[m.uuid])
    future = (timezone.localdate() + timedelta(days=3)).strftime("%d/%m/%Y")
    r = _client(advocate(world)).post(
        url, {"to_status": "filed", "on": future, "note": "Sent by post"}
    )
    body = r.content.decode()
    assert r.status_code == 200 and "This date is in the future." in body
    assert "Sent by post" in body
    r = _client(advocate(world)).post(url, {"to_status": "filed", "note": "Sent by post"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.status == "filed"


@pytest.mark.django_db
def test_closing_stops_the_clocks(world):
    m = matter(world)
    assert MatterClock.objects.filter(matter=m).exists()
    actor = advocate(world)
    services.matter_move(matter=m, to_status="withdrawn", actor=actor)
    assert not MatterClock.objects.filter(matter=m).exists()
    m.refresh_from_db()
    assert m.closed_at is not None


# ------------------------------------------------------------------ clocks on the agenda
@pytest.mark.django_db
def test_clock_rows_follow_the_dates(world):
    today = timezone.localdate()
    actor = advocate(world)
    m = matter(world, fir_on=today - timedelta(days=100))
    kinds = set(MatterClock.objects.filter(matter=m).values_list("kind", flat=True))
    assert "progress" in kinds  # 90 days from the FIR, not told yet
    services.matter_update(matter=m, data={"progress_informed_on": today}, actor=actor)
    kinds = set(MatterClock.objects.filter(matter=m).values_list("kind", flat=True))
    assert "progress" not in kinds
    comp = services.compensation_open(
        matter=m,
        data={
            "applied_on": today - timedelta(days=100),
            "scheme": "bnss_396",
            "authority": "DLSA",
            "award_amount": Decimal("50000"),
            "award_on": today - timedelta(days=40),
        },
        actor=actor,
    )
    clock = MatterClock.objects.get(matter=m, kind="award_payment")
    assert clock.due_on == today - timedelta(days=10) and clock.step == "payment_writ"
    services.payment_record(
        compensation=comp,
        data={"kind": "final", "amount": Decimal("50000"), "paid_on": today},
        actor=actor,
    )
    assert not MatterClock.objects.filter(matter=m, kind="award_payment").exists()
    # a hearing without a next date: flagged as a clock of its own
    services.hearing_record(matter=m, data={"on": today - timedelta(days=2)}, actor=actor)
    clock = MatterClock.objects.get(matter=m, kind="next_date")
    assert clock.due_on == today - timedelta(days=1)
    # an unrelated change keeps the clock rows (their uuids are the reminders' keys)
    before = set(MatterClock.objects.filter(matter=m).values_list("uuid", flat=True))
    services.matter_update(matter=m, data={"judge": "Sri A. Sen"}, actor=actor)
    assert set(MatterClock.objects.filter(matter=m).values_list("uuid", flat=True)) == before


@pytest.mark.django_db
def test_agenda_shows_overdue_clocks_first_with_the_next_step(world):
    today = timezone.localdate()
    m = full_matter(world)["matter"]  # award unpaid after 30 days; next date in 10 days
    start, end = today - timedelta(days=365), today + timedelta(days=14)
    rows = agenda.entries_for(advocate(world), start, end, only=[HEARING, CLOCK]).entries
    kinds = [e.kind for e in rows]
    assert HEARING in kinds and CLOCK in kinds
    assert rows[0].on < today and rows[0].kind == CLOCK  # the overdue ones first
    titles = " ".join(e.title for e in rows)
    assert "writ in the High Court" in titles  # awarded, not paid: the next step named
    assert m.reference in titles and m.member.display_name not in titles
    # a facilitator sees the next date only, never the clocks
    rows = agenda.entries_for(world.user("a", Role.FACILITATOR), start, end).entries
    legal = [e for e in rows if e.kind.startswith("legal.")]
    assert [e.kind for e in legal] == [HEARING]
    assert legal[0].on == m.next_date
    assert not agenda.entries_for(world.user("b", Role.LEGAL_ADVOCATE), start, end).entries
    page = _client(advocate(world)).get(reverse("legal:agenda")).content.decode()
    assert "writ in the High Court" in page and "overdue" in page
    assert ACCUSED not in page


@pytest.mark.django_db
def test_reminders_name_no_offence(world):
    today = timezone.localdate()
    m = matter(
        world,
        sexual_offence=True,
        fir_on=today - timedelta(days=61),
        next_date=today + timedelta(days=1),
    )
    due = list(agenda.due_entries(today - timedelta(days=400), today + timedelta(days=1)))
    mine = [e for _k, e in due if str(m.uuid) in e.url]
    assert {e.kind for e in mine} == {HEARING, CLOCK}
    for e in mine:
        text = str(e.reminder)
        assert e.user_ids == (m.created_by_id,)
        for word in ("sexual", "rape", "offence", "trafficking", "accused", "Investigation"):
            assert word.lower() not in text.lower(), text
        assert m.member.display_name not in text and ACCUSED not in text
    hearing = next(e for e in mine if e.kind == HEARING)
    assert str(hearing.reminder) == (
        f"Appointment on {m.next_date:%d/%m/%Y}, Basirhat court complex."
    )


# ------------------------------------------------------------------ documents
@pytest.mark.django_db
def test_documents_are_encrypted_and_served_to_the_full_view_only(world):
    f = full_matter(world)
    doc = f["document"]
    url = reverse("legal:document_file", args=[doc.uuid])
    r = _client(advocate(world)).get(url)
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    assert r["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(
        action="view_document", object_id=str(doc.uuid), fields="content_file"
    ).exists()
    for role in (Role.FACILITATOR, Role.SOCIAL_WORKER, Role.COLLECTIVE_LEADER, Role.VIEWER):
        assert _client(world.user("a", role)).get(url).status_code == 404
    assert _client(world.user("b", Role.LEGAL_ADVOCATE)).get(url).status_code == 404


@pytest.mark.django_db
def test_an_admin_opens_a_document_only_through_a_reveal_with_her_reason(world):
    doc = full_matter(world)["document"]
    url = reverse("legal:document_file", args=[doc.uuid])
    admin = _client(world.user("a", Role.ORG_ADMIN))
    opened = AuditEvent.objects.filter(action="view_document", object_id=str(doc.uuid))
    r = admin.get(url)  # the reveal form, not the file
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html")
    assert 'name="reveal-reason"' in r.content.decode() and not opened.exists()
    r = admin.post(url, {"reveal-reason": ""})  # no reason: asked again, nothing opened
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html")
    assert not opened.exists()
    r = admin.post(url, {"reveal-reason": "legal_case"})
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    assert opened.get().detail["reason"] == "legal_case"


@pytest.mark.django_db
def test_document_upload_refuses_what_is_not_a_photo_or_pdf(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    m = matter(world)
    url = reverse("legal:document_add", args=[m.uuid])
    bad = SimpleUploadedFile("fir.pdf", b"MZ not a pdf", "application/pdf")
    r = _client(advocate(world)).post(url, {"kind": "fir_copy", "upload": bad})
    assert r.status_code == 200 and "This file is not one of those" in r.content.decode()
    good = demo_upload("FIR")
    r = _client(advocate(world)).post(url, {"kind": "medical_report", "upload": good})
    assert r.status_code == 302
    assert m.documents.get().kind == "medical_report"


# ------------------------------------------------------------------ complaints
@pytest.mark.django_db
def test_complaint_escalates_sp_then_magistrate_with_affidavit_then_shrc(world):
    today = timezone.localdate()
    f = full_matter(world)
    sp = f["complaint"]
    actor = advocate(world)
    magistrate = bearer(world, title="Chief Judicial Magistrate")
    data = {
        "duty_bearer": magistrate,
        "about": "police",
        "ground": "delay",
        "sent_on": today - timedelta(days=5),
    }
    with pytest.raises(ValidationError) as exc:  # straight to the SHRC: not from the SP
        services.complaint_escalate(
            complaint=sp, data={**data, "level": "shrc"}, uploads={}, actor=actor
        )
    assert "level" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # to the Magistrate without her affidavit
        services.complaint_escalate(
            complaint=sp, data={**data, "level": "magistrate"}, uploads={}, actor=actor
        )
    assert "affidavit" in exc.value.message_dict
    second = services.complaint_escalate(
        complaint=sp,
        data={**data, "level": "magistrate"},
        uploads={"affidavit": demo_upload("Affidavit")},
        actor=actor,
    )
    assert second.escalated_from == sp and second.affidavit_file
    with pytest.raises(ValidationError):  # once only
        services.complaint_escalate(
            complaint=sp,
            data={**data, "level": "magistrate"},
            uploads={"affidavit": demo_upload("Affidavit")},
            actor=actor,
        )
    services.complaint_answer(
        complaint=second,
        data={"response_on": today, "response": "Directed the SHO to register the FIR"},
        uploads={},
        actor=actor,
    )
    third = services.complaint_escalate(
        complaint=second,
        data={**data, "level": "shrc", "duty_bearer": bearer(world, title="SHRC")},
        uploads={},
        actor=actor,
    )
    assert third.next_levels() == []
    page = _client(actor).get(reverse("legal:matter_papers", args=[f["matter"].uuid]))
    body = page.content.decode()
    assert "Directed the SHO" in body and "State Human Rights Commission" in body
    assert COMPLAINT not in body  # what happened stays encrypted until revealed
    r = _client(actor).post(
        reverse("legal:matter_papers", args=[f["matter"].uuid]), {"reveal-reason": "legal_case"}
    )
    assert COMPLAINT in r.content.decode()


@pytest.mark.django_db
def test_complaint_goes_to_an_office_of_her_organisation(world):
    f = full_matter(world)
    other = bearer(world, "b")
    with pytest.raises(ValidationError) as exc:
        services.complaint_send(
            matter=f["matter"],
            data={
                "duty_bearer": other,
                "about": "police",
                "ground": "harassment",
                "level": "sp",
                "sent_on": timezone.localdate(),
            },
            uploads={},
            actor=advocate(world),
        )
    assert "duty_bearer" in exc.value.message_dict
    # the page lists only her organisation's directory
    body = (
        _client(advocate(world))
        .get(reverse("legal:complaint_add", args=[f["matter"].uuid]))
        .content.decode()
    )
    assert f'value="{other.pk}"' not in body


@pytest.mark.django_db
def test_complaint_files_are_served_to_the_full_view_only(world):
    f = full_matter(world)
    url = reverse("legal:complaint_file", args=[f["complaint"].uuid, "complaint"])
    assert _client(advocate(world)).get(url).status_code == 200
    assert _client(world.user("a", Role.ORG_ADMIN)).get(url).status_code == 200
    assert _client(world.user("a", Role.FACILITATOR)).get(url).status_code == 404
    missing = reverse("legal:complaint_file", args=[f["complaint"].uuid, "receipt"])
    assert _client(advocate(world)).get(missing).status_code == 404


@pytest.mark.django_db
def test_member_has_open_matter(world):
    member = world.members["a1"]
    assert not selectors.member_has_open_matter(member)
    m = matter(world)
    assert selectors.member_has_open_matter(member)
    services.matter_move(matter=m, to_status="withdrawn", actor=advocate(world))
    assert not selectors.member_has_open_matter(member)


@pytest.mark.django_db
def test_matter_list_pages_by_keyset(world):
    from saathi.legal import selectors as sel

    actor = advocate(world)
    made = [matter(world) for _ in range(3)]
    sel_size = sel.PAGE_SIZE
    sel.PAGE_SIZE = 2
    try:
        rows, after, full = sel.matter_list(actor, sel.MatterFilters())
        assert full and [m.pk for m in rows] == [made[2].pk, made[1].pk] and after
        rows, after2, _ = sel.matter_list(actor, sel.MatterFilters(), after)
        assert [m.pk for m in rows] == [made[0].pk] and after2 == ""
        # another organisation's uuid (or nonsense) starts from the top
        rows, _a, _f = sel.matter_list(world.user("b", Role.LEGAL_ADVOCATE), sel.MatterFilters())
        assert rows == []
        rows, _a, _f = sel.matter_list(actor, sel.MatterFilters(), "not-a-uuid")
        assert rows[0].pk == made[2].pk
    finally:
        sel.PAGE_SIZE = sel_size
    page = _client(actor).get(reverse("legal:matter_list") + f"?after={made[1].uuid}")
    body = page.content.decode()
    assert made[0].reference in body and made[2].reference not in body
