"""The processor register: organisation admins list, add and change processors; a
beneficiary list's submission names the processor it went to, and its export does too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from saathi.core import consent
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.relief import services as relief_services
from saathi.relief.models import BeneficiaryList
from saathi.relief.tests.helpers import make_programme
from saathi.rights.models import Processor

pytestmark = pytest.mark.django_db


def _login(client, world, org="a", role=Role.ORG_ADMIN):
    client.force_login(world.user(org, role))
    return client


def _data(**over):
    data = {
        "name": "Gupshup SMS",
        "kind": "sms_gateway",
        "contract_on": (timezone.localdate() - timedelta(days=30)).isoformat(),
        "data_shared": "Phone numbers and the text of reminders",
        "active": "on",
    }
    data.update(over)
    return data


def _processor(world, org="a", **over) -> Processor:
    values = {
        "organisation": world.orgs[org],
        "name": "Partner NGO, Nadia",
        "kind": "partner",
        "contract_on": timezone.localdate(),
        "data_shared": "Names, villages, ration card status",
    }
    values.update(over)
    return Processor.objects.create(**values)


def test_admin_adds_and_changes_a_processor(world, client):
    _login(client, world)
    r = client.post(reverse("rights:processor_create"), _data())
    assert r.status_code == 302
    p = Processor.objects.get()
    assert (p.organisation, p.kind, p.active) == (world.orgs["a"], "sms_gateway", True)
    assert AuditEvent.objects.filter(action="create", object_id=str(p.uuid)).exists()
    page = client.get(reverse("rights:processor_list")).content.decode()
    assert "Gupshup SMS" in page and "Phone numbers and the text of reminders" in page
    url = reverse("rights:processor_edit", kwargs={"uuid": p.uuid})
    assert 'value="Gupshup SMS"' in client.get(url).content.decode()
    r = client.post(url, _data(active=""))  # no longer in use
    assert r.status_code == 302
    p.refresh_from_db()
    assert not p.active


def test_bad_input_is_shown_at_the_field_keeping_what_was_typed(world, client):
    _login(client, world)
    r = client.post(reverse("rights:processor_create"), _data(kind="", contract_on="soon"))
    assert r.status_code == 200 and not Processor.objects.exists()
    errors = r.context["form"].errors
    assert set(errors) == {"kind", "contract_on"}
    assert "Phone numbers and the text of reminders" in r.content.decode()
    r = client.post(reverse("rights:processor_create"), _data(data_shared="   "))
    assert list(r.context["form"].errors) == ["data_shared"]
    assert 'value="Gupshup SMS"' in r.content.decode()


def test_another_organisation_gets_404_and_a_facilitator_is_refused(world, client):
    p = _processor(world)
    url = reverse("rights:processor_edit", kwargs={"uuid": p.uuid})
    assert _login(client, world, "b").get(url).status_code == 404
    assert _login(client, world, "b").post(url, _data()).status_code == 404
    assert "Partner NGO" not in (
        _login(client, world, "b").get(reverse("rights:processor_list")).content.decode()
    )
    fac = _login(client, world, "a", Role.FACILITATOR)
    assert fac.get(url).status_code == 403
    assert fac.get(reverse("rights:processor_list")).status_code == 403
    assert fac.post(reverse("rights:processor_create"), _data()).status_code == 403
    p.refresh_from_db()
    assert p.name == "Partner NGO, Nadia" and Processor.objects.count() == 1


def _list(world):
    member = world.members["a1"]
    consent.consent_record(
        member=member,
        purpose="partner_sharing",
        method="thumbprint",
        language="bn",
        witness_name="Mita",
        partner_organisation="District Magistrate, Nadia",
        actor=world.user("a", Role.SOCIAL_WORKER),
    )
    return relief_services.list_build(
        programme=make_programme(world),
        authority="District Magistrate, Nadia",
        actor=world.user("a", Role.ORG_ADMIN),
    )


def test_a_list_submission_names_the_processor_and_its_export_too(world, client):
    blist = _list(world)
    ours = _processor(world)
    _processor(world, name="Old host", kind="host", active=False)
    theirs = _processor(world, "b", name="Other org's partner")
    _login(client, world, "a", Role.FACILITATOR)
    url = reverse("relief:list_detail", args=[blist.uuid])
    page = client.get(url).content.decode()
    assert "Partner NGO, Nadia" in page  # offered
    assert "Old host" not in page and "Other org" not in page  # not in use, not ours
    day = (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")
    r = client.post(url, {"action": "submit", "submitted_on": day, "processor": str(theirs.uuid)})
    assert r.status_code == 200 and "processor" in r.context["submit_form"].errors
    blist.refresh_from_db()
    assert blist.status == BeneficiaryList.Status.DRAFT and blist.processor is None
    r = client.post(url, {"action": "submit", "submitted_on": day, "processor": str(ours.uuid)})
    assert r.status_code == 302
    blist.refresh_from_db()
    assert blist.processor == ours and blist.status == BeneficiaryList.Status.SUBMITTED
    page = client.get(url).content.decode()
    assert "Processor it went to" in page and "Partner NGO, Nadia" in page
    client.post(reverse("relief:list_export", args=[blist.uuid]), {"format": "csv"})
    export = AuditEvent.objects.filter(action="export", object_id=str(blist.uuid)).get()
    assert export.detail["processor"] == str(ours.uuid)


def test_a_list_without_processor_still_submits(world, client):
    blist = _list(world)
    _login(client, world, "a", Role.FACILITATOR)
    url = reverse("relief:list_detail", args=[blist.uuid])
    day = (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")
    assert client.post(url, {"action": "submit", "submitted_on": day}).status_code == 302
    blist.refresh_from_db()
    assert blist.status == BeneficiaryList.Status.SUBMITTED and blist.processor is None
