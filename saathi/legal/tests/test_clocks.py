"""Every clock against dates computed by hand (month ends, leap years, weekends)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from saathi.legal import clocks


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # February has no 31st
        (date(2023, 12, 31), 2, date(2024, 2, 29)),  # leap year
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 11, 30), 2, date(2026, 1, 30)),  # across the year
        (date(2025, 3, 15), 2, date(2025, 5, 15)),
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_month_end(start, months, expected):
    assert clocks.add_months(start, months) == expected


@pytest.mark.parametrize(
    "start, expected",
    [
        (date(2026, 12, 2), date(2026, 12, 9)),  # Wednesday: Thu, Fri, Mon, Tue, Wed
        (date(2026, 12, 4), date(2026, 12, 11)),  # Friday: the next Mon to Fri
        (date(2026, 12, 5), date(2026, 12, 11)),  # Saturday: counts from Monday
        (date(2026, 12, 6), date(2026, 12, 11)),  # Sunday
        (date(2026, 12, 28), date(2027, 1, 4)),  # Monday, across the year
    ],
)
def test_threat_analysis_report_in_five_working_days(start, expected):
    assert clocks.report_due(start) == expected


def test_progress_intimation_is_90_days_after_the_fir():
    assert clocks.progress_due(date(2025, 1, 1)) == date(2025, 4, 1)
    assert clocks.progress_due(date(2024, 1, 1)) == date(2024, 3, 31)  # leap February


def test_sexual_offence_investigation_is_two_calendar_months():
    assert clocks.sexual_investigation_due(date(2025, 12, 31)) == date(2026, 2, 28)
    assert clocks.sexual_investigation_due(date(2025, 6, 10)) == date(2025, 8, 10)


def test_compensation_enquiry_is_the_earlier_of_60_days_and_two_months():
    # 1 Jan + 60 days = 2 Mar; + 2 months = 1 Mar
    assert clocks.enquiry_due(date(2025, 1, 1)) == date(2025, 3, 1)
    # 1 Jul + 60 days = 30 Aug; + 2 months = 1 Sep
    assert clocks.enquiry_due(date(2025, 7, 1)) == date(2025, 8, 30)


def test_award_unpaid_after_30_days():
    assert clocks.award_payment_due(date(2026, 1, 31)) == date(2026, 3, 2)


def test_limitation_is_three_years_from_the_later_of_offence_and_trial_end():
    assert clocks.limitation_ends(date(2020, 2, 29), None) == date(2023, 2, 28)
    assert clocks.limitation_ends(date(2021, 5, 10), date(2024, 6, 30)) == date(2027, 6, 30)
    assert clocks.limitation_ends(None, None) is None


def test_default_bail_60_and_90_days():
    assert clocks.default_bail_dates(date(2026, 1, 1)) == (date(2026, 3, 2), date(2026, 4, 1))


def test_cnr_warning():
    assert not clocks.cnr_warning("WBNP010001232023")
    assert not clocks.cnr_warning("wbnp010001232023")
    assert clocks.cnr_warning("WBNP01000123202")  # 15 characters
    assert clocks.cnr_warning("12345678901234AB")


@dataclass
class _Matter:
    matter_type: str = "criminal_prosecution"
    member_role: str = "victim"
    sexual_offence: bool = True
    offence_on: date | None = date(2025, 12, 20)
    fir_on: date | None = date(2025, 12, 31)
    progress_informed_on: date | None = None
    police_report_on: date | None = None
    arrested_on: date | None = None
    trial_ended_on: date | None = None


@dataclass
class _Claim:
    applied_on: date
    award_on: date | None = None
    award_amount: Decimal | None = None
    award_paid: Decimal = Decimal("0")
    pk: int = 1


@dataclass
class _Protection:
    applied_on: date
    report_received_on: date | None = None
    pk: int = 1


def test_matter_clocks_overdue_first_with_next_steps():
    today = date(2026, 3, 10)
    claim = _Claim(
        applied_on=date(2026, 1, 2),
        award_on=date(2026, 2, 1),
        award_amount=Decimal("400000"),
        award_paid=Decimal("100000"),
    )
    out = clocks.matter_clocks(
        _Matter(), [claim], [_Protection(applied_on=date(2026, 3, 6))], today=today
    )
    by_kind = {c.kind: c for c in out}
    assert by_kind["progress"].due == date(2026, 3, 31)
    assert by_kind["investigation"].due == date(2026, 2, 28)
    assert by_kind["investigation"].overdue(today)
    assert by_kind["investigation"].step == clocks.Step.MAGISTRATE
    assert by_kind["enquiry"].done  # awarded
    assert by_kind["award_payment"].due == date(2026, 3, 3)
    assert by_kind["award_payment"].overdue(today) and not by_kind["award_payment"].done
    assert by_kind["report"].due == date(2026, 3, 13)  # Friday + 5 working days
    assert by_kind["limitation"].soft and by_kind["limitation"].done  # a claim exists
    overdue = [c.kind for c in out if c.overdue(today)]
    assert [c.kind for c in out[: len(overdue)]] == overdue  # overdue ones first
    assert set(overdue) == {"investigation", "award_payment"}


def test_award_paid_in_full_closes_the_payment_clock():
    claim = _Claim(
        applied_on=date(2026, 1, 2),
        award_on=date(2026, 1, 5),
        award_amount=Decimal("1000"),
        award_paid=Decimal("1000"),
    )
    assert not clocks.unpaid_award(claim, date(2026, 6, 1))
    claim.award_paid = Decimal("999")
    assert clocks.unpaid_award(claim, date(2026, 6, 1))
    assert not clocks.unpaid_award(claim, date(2026, 2, 4))  # 30 days not yet over


def test_defence_matter_has_default_bail_and_no_limitation():
    m = _Matter(
        matter_type="criminal_defence",
        member_role="accused",
        sexual_offence=False,
        arrested_on=date(2026, 1, 1),
    )
    kinds = [c.kind for c in clocks.matter_clocks(m, today=date(2026, 1, 2))]
    assert kinds == ["default_bail"]


@dataclass
class _Judged(_Matter):
    stage: str = "judgment"
    status: str = "decided"


def test_appeal_windows_from_the_end_of_the_trial_are_soft_and_end_in_appeal():
    ended = date(2026, 3, 31)
    m = _Judged(trial_ended_on=ended)
    appeal = {c.kind: c for c in clocks.matter_clocks(m, today=date(2026, 4, 1))}["victim_appeal"]
    assert appeal.due == date(2026, 6, 29) and appeal.soft and not appeal.done  # 90 days
    assert appeal.step == clocks.Step.VICTIM_APPEAL
    m.stage = "appeal"
    assert {c.kind: c for c in clocks.matter_clocks(m)}["victim_appeal"].done
    defence = _Judged(
        matter_type="criminal_defence", member_role="accused", sexual_offence=False,
        trial_ended_on=date(2026, 1, 31),
    )  # fmt: skip
    by_kind = {c.kind: c for c in clocks.matter_clocks(defence, today=date(2026, 2, 1))}
    assert (
        by_kind["conviction_appeal"].due == date(2026, 3, 2) and by_kind["conviction_appeal"].soft
    )
    assert "victim_appeal" not in by_kind
    # a witness's matter, or one whose trial has not ended, has no appeal clock
    assert not [c for c in clocks.matter_clocks(_Judged()) if "appeal" in c.kind]
    assert not [
        c
        for c in clocks.matter_clocks(_Judged(member_role="witness", trial_ended_on=ended))
        if "appeal" in c.kind
    ]
