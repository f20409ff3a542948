"""The breach register's pages: an organisation admin records a breach with the members'
references, sees its 72-hour deadline, notifies the members, downloads the Board report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.rights import breaches
from saathi.rights.models import Breach

SENT: list[tuple[str, str]] = []


class RecordingBackend:
    def send(self, phone: str, message: str) -> None:
        SENT.append((phone, message))


@pytest.fixture(autouse=True)
def _sms(settings):
    settings.SAATHI_SMS_BACKEND = f"{__name__}.RecordingBackend"
    SENT.clear()


def _form(world, **over) -> dict:
    data = {
        "detected_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "occurred": "Field office laptop, Basirhat",
        "nature": "A laptop with an exported list was stolen",
        "consequences": "Names and phone numbers may be known",
        "mitigation": "Passwords changed",
        "member_steps": "Tell us about any unknown call",
        "contact": "98300 00000",
        "member_references": (
            f"{world.members['a1'].reference}\n{world.members['a2'].reference.lower()}, "
        ),
    }
    data.update(over)
    return data


def _admin(client, world, org="a", role=Role.ORG_ADMIN):
    client.force_login(world.user(org, role))
    return client


def _breach(world, hours_ago=5, members=("a1", "a2")) -> Breach:
    return breaches.breach_record(
        organisation=world.orgs["a"],
        detected_at=timezone.now() - timedelta(hours=hours_ago),
        members=[world.members[m] for m in members],
        actor=world.user("a", Role.ORG_ADMIN),
        occurred="Office in Basirhat",
        nature="Stolen laptop",
        consequences="Phones known",
        mitigation="Keys rotated",
        member_steps="Call us",
        contact="98300 00000",
    )


def test_admin_records_a_breach_with_pasted_references(world, client):
    _admin(client, world)
    r = client.post(reverse("rights:breach_create"), _form(world))
    breach = Breach.objects.get()
    assert r.status_code == 302 and r["Location"] == breach.get_absolute_url()
    assert set(breach.members.all()) == {world.members["a1"], world.members["a2"]}
    assert breach.organisation == world.orgs["a"]
    assert breach.recorded_by == world.user("a", Role.ORG_ADMIN)
    page = client.get(breach.get_absolute_url()).content.decode()
    assert world.members["a1"].reference in page and "Stolen" not in page
    assert "A laptop with an exported list was stolen" in page


def test_unknown_reference_is_named_at_the_field_and_nothing_typed_is_lost(world, client):
    _admin(client, world)
    other_org = world.members["b1"].reference  # another organisation's member: unknown here
    refs = f"{world.members['a1'].reference}, MEM-1999-999999\n{other_org}"
    r = client.post(reverse("rights:breach_create"), _form(world, member_references=refs))
    assert r.status_code == 200
    assert not Breach.objects.exists()
    form = r.context["form"]
    errors = " ".join(form.errors["member_references"])
    assert "MEM-1999-999999" in errors and other_org in errors
    assert world.members["a1"].reference not in errors
    page = r.content.decode()
    assert "Field office laptop, Basirhat" in page  # what was typed is still there
    assert "MEM-1999-999999" in page.split('name="member_references"')[1]


def test_bad_time_and_missing_text_at_their_fields(world, client):
    _admin(client, world)
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    r = client.post(reverse("rights:breach_create"), _form(world, detected_at=future))
    assert r.status_code == 200 and not Breach.objects.exists()
    assert r.context["form"].errors["detected_at"] == ["The time cannot be in the future."]
    assert "Names and phone numbers may be known" in r.content.decode()
    r = client.post(reverse("rights:breach_create"), _form(world, mitigation="   "))
    assert list(r.context["form"].errors) == ["mitigation"] and not Breach.objects.exists()
    r = client.post(reverse("rights:breach_create"), _form(world, detected_at="yesterday"))
    assert "detected_at" in r.context["form"].errors
    assert "Field office laptop, Basirhat" in r.content.decode()


def test_list_newest_first_with_deadline_and_overdue(world, client):
    old = _breach(world, hours_ago=80)
    new = _breach(world, hours_ago=1)
    assert old.board_overdue and not new.board_overdue
    _admin(client, world)
    r = client.get(reverse("rights:breach_list"))
    page = r.content.decode()
    assert page.index(new.reference) < page.index(old.reference)
    assert list(r.context["page"].object_list) == [new, old]
    assert page.count("Board report overdue") == 1


def test_notify_counts_members_reached(world, client, django_capture_on_commit_callbacks):
    breach = _breach(world)  # a1 has a phone, a2 has none
    _admin(client, world)
    url = reverse("rights:breach_notify", kwargs={"uuid": breach.uuid})
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url, follow=True)
    breach.refresh_from_db()
    assert breach.notified == 1 and breach.notified_at
    assert len(SENT) == 1 and SENT[0][0] == "9876543210"
    page = r.content.decode()
    assert "Sent to 1 of 2 affected members." in page
    assert "1 member has no registered phone" in page


def test_board_report_pdf_is_audited_and_ends_overdue(world, client):
    breach = _breach(world, hours_ago=80)
    _admin(client, world)
    url = reverse("rights:breach_report", kwargs={"uuid": breach.uuid})
    assert client.get(url).status_code == 405  # a print is a POST: a link writes no audit
    assert not AuditEvent.objects.filter(action="print").exists()
    r = client.post(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert breach.reference in r["Content-Disposition"]
    assert AuditEvent.objects.filter(action="print", object_id=str(breach.uuid)).exists()
    breach.refresh_from_db()
    assert breach.board_report_at is not None
    assert breach.board_overdue  # made after the 72 hours: still shown late


def test_another_organisation_gets_404_and_a_facilitator_is_refused(world, client):
    breach = _breach(world)
    url = reverse("rights:breach_detail", kwargs={"uuid": breach.uuid})
    assert _admin(client, world, "b").get(url).status_code == 404
    assert _admin(client, world, "a", Role.FACILITATOR).get(url).status_code == 403
    url = reverse("rights:breach_report", kwargs={"uuid": breach.uuid})
    assert _admin(client, world, "b").post(url).status_code == 404
    assert _admin(client, world, "a", Role.FACILITATOR).post(url).status_code == 403
    url = reverse("rights:breach_notify", kwargs={"uuid": breach.uuid})
    assert _admin(client, world, "b").post(url).status_code == 404
    assert _admin(client, world, "a", Role.FACILITATOR).post(url).status_code == 403
    assert not SENT
    breach.refresh_from_db()
    assert breach.notified_at is None
    fac = _admin(client, world, "a", Role.FACILITATOR)
    assert fac.get(reverse("rights:breach_list")).status_code == 403
    assert fac.post(reverse("rights:breach_create"), _form(world)).status_code == 403
    assert not Breach.objects.exclude(pk=breach.pk).exists()
    # org B's admin lists only her own register
    r = _admin(client, world, "b").get(reverse("rights:breach_list"))
    assert breach.reference not in r.content.decode()


def test_parse_references():
    assert breaches.parse_references(" mem-1, MEM-2\n\nMEM-1;mem-3 ") == ["MEM-1", "MEM-2", "MEM-3"]


def test_register_lists_take_the_same_queries_whatever_the_rows(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from saathi.rights.models import Processor

    _admin(client, world)

    def count(name):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        return len(ctx.captured_queries)

    _breach(world)
    Processor.objects.create(
        organisation=world.orgs["a"], name="Host", kind="host", contract_on=timezone.localdate(),
        data_shared="Everything",
    )  # fmt: skip
    count("rights:breach_list")  # the first request of a session reads its user and roles
    few = count("rights:breach_list"), count("rights:processor_list")
    for _ in range(4):
        _breach(world, members=("a1",))
        Processor.objects.create(
            organisation=world.orgs["a"], name="SMS", kind="sms_gateway",
            contract_on=timezone.localdate(), data_shared="Phones",
        )  # fmt: skip
    assert (count("rights:breach_list"), count("rights:processor_list")) == few
    assert max(few) <= 12
