"""Informal debts: confidential, yearly rates, the debt-bondage flag and who is alerted."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from saathi.core import agenda
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.livelihoods import agenda as liv_agenda
from saathi.livelihoods.models import Debt, bondage_risk, yearly_rate

from .helpers import debt

pytestmark = pytest.mark.django_db

NEVER = (Role.ORG_ADMIN, Role.LEGAL_ADVOCATE, Role.COLLECTIVE_LEADER, Role.VOLUNTEER, Role.VIEWER)


def test_yearly_rate_and_the_risk_rule():
    assert yearly_rate(Decimal("10"), "month") == Decimal("120.00")
    assert yearly_rate(Decimal("24"), "year") == Decimal("24.00")
    assert bondage_risk("brothel_keeper", True, Decimal("0"))
    assert bondage_risk("employer", True, Decimal("12"))
    assert not bondage_risk("employer", False, Decimal("12"))
    assert not bondage_risk("moneylender", True, Decimal("36"))  # above 36 %, not at it
    assert bondage_risk("moneylender", False, Decimal("36.01"))
    assert not bondage_risk("relative", True, Decimal("0"))


def test_a_debt_is_recorded_with_its_yearly_rate_and_flag(world):
    d = debt(world, rate=Decimal("3"), rate_period="month", lender_kind="moneylender")
    assert d.yearly_rate == Decimal("36.00") and not d.risk
    d = debt(world, rate=Decimal("5"), rate_period="month")
    assert d.yearly_rate == Decimal("60.00") and d.risk
    d = debt(world, lender_kind="brothel_keeper", rate=Decimal("0"), pressed=True)
    assert d.risk
    assert "SECRET" not in str(Debt.objects.values_list("details", flat=True)[0])


def test_refusals_name_their_fields(world):
    with pytest.raises(ValidationError) as exc:
        debt(world, lender_kind="", amount="x", rate="-1", rate_period="")
    assert {"lender_kind", "amount", "rate", "rate_period"} <= set(exc.value.message_dict)


@pytest.mark.parametrize("role", NEVER)
def test_only_social_workers_and_facilitators_record_debts(world, role):
    with pytest.raises(PermissionDenied):
        from saathi.livelihoods import services

        services.debt_record(
            member=world.members["a1"],
            data={"lender_kind": "relative", "amount": "100", "rate": "0", "rate_period": "year"},
            actor=world.user("a", role),
        )


def test_the_flag_alerts_social_workers_and_only_those_who_see_debts(world):
    d = debt(world, lender_kind="employer", pressed=True, rate=Decimal("0"))
    today = timezone.localdate()
    end = today + timedelta(days=30)
    for role in (Role.SOCIAL_WORKER, Role.FACILITATOR):
        window = agenda.entries_for(world.user("a", role), today, end)
        assert [e for e in window.entries if e.kind == liv_agenda.DEBT_RISK], role
    for role in NEVER:
        window = agenda.entries_for(world.user("a", role), today, end)
        assert not [e for e in window.entries if e.kind == liv_agenda.DEBT_RISK], role
    due = [e for e in liv_agenda.risk_due(today, end) if e.key.endswith(str(d.uuid))]
    assert due and world.user("a", Role.SOCIAL_WORKER).pk in due[0].user_ids
    assert "bond" not in str(due[0].reminder).lower()  # a neutral reminder


def _body(world, role, name, **kwargs):
    c = Client()
    c.force_login(world.user("a", role))
    return c.get(reverse(name, kwargs=kwargs))


def test_debts_never_in_leader_volunteer_viewer_or_admin_html(world):
    d = debt(world, lender_kind="brothel_keeper", pressed=True, details="SECRET-LENDER Rani")
    m = world.members["a1"]
    for role in NEVER:
        r = _body(world, role, "livelihoods:member", uuid=m.uuid)
        body = r.content.decode()
        assert "SECRET-LENDER" not in body and "Brothel keeper" not in body, role
        assert str(d.uuid) not in body
        assert _body(world, role, "livelihoods:debt_detail", uuid=d.uuid).status_code == 404
    r = _body(world, Role.SOCIAL_WORKER, "livelihoods:member", uuid=m.uuid)
    assert "Brothel keeper" in r.content.decode()


def test_a_flagged_debt_suggests_legal_and_livelihood_supports(world):
    d = debt(world, details="SECRET-LENDER")
    r = _body(world, Role.SOCIAL_WORKER, "livelihoods:debt_detail", uuid=d.uuid)
    body = r.content.decode()
    assert "SECRET-LENDER" in body  # she may read it, and the read is audited
    assert AuditEvent.objects.filter(
        action="view_confidential", object_id=str(d.uuid), fields__contains="details"
    ).exists()
    assert reverse("legal:member", args=[world.members["a1"].uuid]) in body
    assert reverse("livelihoods:support_create", args=[world.members["a1"].uuid]) in body
    c = Client()
    c.force_login(world.user("a", Role.SOCIAL_WORKER))
    c.post(reverse("livelihoods:debt_detail", args=[d.uuid]), {})
    d.refresh_from_db()
    assert d.risk_reviewed_at is not None
    today = timezone.localdate()
    window = agenda.entries_for(world.user("a", Role.SOCIAL_WORKER), today, today)
    assert not [e for e in window.entries if e.kind == liv_agenda.DEBT_RISK]
