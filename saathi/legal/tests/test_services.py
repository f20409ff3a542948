"""Services: next dates from hearings, the missing-next-date flag, award and payment kept
apart with part payments, the unpaid-award state, category A alerts, refusals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.legal import selectors, services
from saathi.legal.models import Alert, LegalMatter

from .factories import ACCUSED, THREAT, advocate, full_matter, matter

TODAY = timezone.localdate


@pytest.mark.django_db
def test_only_advocates_open_matters(world):
    for role in (Role.ORG_ADMIN, Role.FACILITATOR, Role.SOCIAL_WORKER, Role.VIEWER):
        with pytest.raises(PermissionDenied):
            services.matter_open(
                member=world.members["a1"],
                data={"matter_type": "other", "member_role": "victim"},
                actor=world.user("a", role),
            )
    with pytest.raises(PermissionDenied):  # another organisation's advocate
        services.matter_open(
            member=world.members["a1"],
            data={"matter_type": "other", "member_role": "victim"},
            actor=advocate(world, "b"),
        )


@pytest.mark.django_db
def test_bad_matter_input_names_the_field(world):
    with pytest.raises(ValidationError) as e:
        matter(
            world,
            matter_type="criminal_defence",
            member_role="victim",
            fir_on=TODAY() + timedelta(days=1),
        )
    assert set(e.value.message_dict) == {"member_role", "fir_on"}


@pytest.mark.django_db
def test_hearing_sets_stage_and_next_date_and_flag(world):
    m = matter(world, next_date=None)
    actor = advocate(world)
    services.hearing_record(
        matter=m,
        data={
            "on": TODAY() - timedelta(days=20),
            "stage": "police_report",
            "next_date": TODAY() - timedelta(days=6),
            "next_purpose": "Cognizance",
        },
        actor=actor,
    )
    services.hearing_record(
        matter=m,
        data={
            "on": TODAY() - timedelta(days=6),
            "stage": "cognizance",
            "adjournment_reason": "Judge on leave",
        },
        actor=actor,
    )
    m.refresh_from_db()
    assert m.stage == "cognizance" and m.next_date is None and m.needs_next_date
    rows, _after, _full = selectors.matter_list(actor, selectors.MatterFilters(flag="no_next_date"))
    assert [x.pk for x in rows] == [m.pk]
    # an older hearing recorded late does not move the next date back
    services.hearing_record(
        matter=m,
        data={
            "on": TODAY() - timedelta(days=2),
            "stage": "cognizance",
            "next_date": TODAY() + timedelta(days=30),
        },
        actor=actor,
    )
    services.hearing_record(
        matter=m,
        data={
            "on": TODAY() - timedelta(days=40),
            "stage": "investigation",
            "next_date": TODAY() - timedelta(days=20),
        },
        actor=actor,
    )
    m.refresh_from_db()
    assert m.next_date == TODAY() + timedelta(days=30) and m.stage == "cognizance"
    assert not m.needs_next_date
    with pytest.raises(ValidationError) as e:
        services.hearing_record(matter=m, data={"on": TODAY(), "next_date": TODAY()}, actor=actor)
    assert "next_date" in e.value.message_dict


@pytest.mark.django_db
def test_award_and_part_payments_kept_apart(world):
    f = full_matter(world)
    comp, actor = f["compensation"], advocate(world)
    assert comp.award_paid == Decimal("100000") and comp.award_outstanding == Decimal("300000")
    # awarded 45 days ago, not paid in full: the lists show it
    rows, _after, _ = selectors.matter_list(actor, selectors.MatterFilters(flag="unpaid"))
    assert [m.pk for m in rows] == [f["matter"].pk]
    services.payment_record(
        compensation=comp,
        data={"kind": "interim", "amount": Decimal("10000"), "paid_on": TODAY()},
        actor=actor,
    )
    with pytest.raises(ValidationError) as e:  # more than is due
        services.payment_record(
            compensation=comp,
            data={"kind": "final", "amount": Decimal("300001"), "paid_on": TODAY()},
            actor=actor,
        )
    assert "amount" in e.value.message_dict
    services.payment_record(
        compensation=comp,
        data={"kind": "final", "amount": Decimal("300000"), "paid_on": TODAY()},
        actor=actor,
    )
    comp.refresh_from_db()
    assert comp.interim_paid == Decimal("10000") and comp.award_paid == Decimal("400000")
    rows, _after, _ = selectors.matter_list(actor, selectors.MatterFilters(flag="unpaid"))
    assert rows == []
    with pytest.raises(ValidationError) as e:  # the award cannot fall below what was paid
        services.compensation_update(
            compensation=comp, data={"award_amount": Decimal("1000")}, actor=actor
        )
    assert "award_amount" in e.value.message_dict


@pytest.mark.django_db
def test_final_payment_needs_an_award(world):
    m, actor = matter(world), advocate(world)
    comp = services.compensation_open(
        matter=m,
        data={"applied_on": TODAY(), "scheme": "bnss_396", "authority": "DLSA"},
        actor=actor,
    )
    with pytest.raises(ValidationError) as e:
        services.payment_record(
            compensation=comp,
            data={"kind": "final", "amount": Decimal("5000"), "paid_on": TODAY()},
            actor=actor,
        )
    assert "kind" in e.value.message_dict


@pytest.mark.django_db
def test_category_a_threat_alerts_advocate_and_admin_at_once(world):
    m = matter(world)
    services.threat_record(
        matter=m,
        data={
            "on": TODAY(),
            "category": "A",
            "source": "accused",
            "channel": "phone",
            "details": THREAT,
        },
        actor=advocate(world),
    )
    users = set(Alert.objects.filter(matter=m).values_list("user__username", flat=True))
    assert users == {"a_legal_advocate", "a_org_admin"}
    for e in AuditEvent.objects.filter(object_type="legal.threat"):
        assert THREAT not in str(e.detail)


@pytest.mark.django_db
def test_cnr_is_a_warning_not_an_error(world):
    m = matter(world)
    _i, warnings = services.identifier_add(
        matter=m, data={"kind": "cnr", "number": "WBNP01-000123-2025"}, actor=advocate(world)
    )
    assert warnings == [] and _i.number == "WBNP010001232025"
    _i, warnings = services.identifier_add(
        matter=m, data={"kind": "cnr", "number": "12345"}, actor=advocate(world)
    )
    assert len(warnings) == 1 and _i.pk
    with pytest.raises(ValidationError) as e:
        services.identifier_add(
            matter=m, data={"kind": "fir", "number": "12/2025"}, actor=advocate(world)
        )
    assert "police_station" in e.value.message_dict


@pytest.mark.django_db
def test_audit_rows_carry_no_accused(world):
    full_matter(world)
    for e in AuditEvent.objects.filter(object_type__startswith="legal."):
        assert ACCUSED not in str(e.detail) and ACCUSED not in e.fields
    assert LegalMatter.objects.count() == 1
