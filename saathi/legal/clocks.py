"""The clocks of a legal matter, derived from its dates. Pure functions, no database.

Each clock says when something is due by law or scheme, whether it is done, and what to do
if it is overdue. Sources (``/work/shared/domain`` section 3; what is only partly verified
is marked ``soft`` and shown as a warning, never as a deadline):

* 90 days from the FIR: the police must tell the victim or informant of the progress of
  the investigation (BNSS s.193(3)(ii)).
* 2 months from the FIR: investigation of rape and related offences (BNS ss.64–71, POCSO)
  must be completed (BNSS s.193(2)).
* 60 days from a compensation application: the DLSA/SLSA's enquiry (NALSA scheme 2018);
  BNSS s.396(5) says two months: the earlier of the two is used.
* 5 working days from a witness-protection application: the Threat Analysis Report
  (Witness Protection Scheme 2018). Working days here are Monday to Friday; public
  holidays are not known to the platform, so the date may come a day or two early.
* 30 days after an award: an award not paid in full is flagged ("awarded, not paid").
* 3 years from the offence or the end of the trial: model state schemes' limit for a
  compensation application (soft: the Delhi High Court reads it liberally).
* 60/90 days from arrest without a charge-sheet: default bail (soft; defence matters).

* Appeal windows from the end of the trial (soft): 90 days for an appeal against the
  judgment where she is the victim or complainant (the State's period against an
  acquittal, Limitation Act Art. 114(a); the law sets none for the victim's own appeal
  under BNSS s.413 proviso and High Courts differ), 30 days for an appeal against a
  conviction in a defence matter (Art. 115(b); 60 to the High Court). Checked against
  the Limitation Act's text and High Court judgments, 3 Dec 2026; done once the matter
  is in appeal.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

PROGRESS_DAYS = 90
SEXUAL_INVESTIGATION_MONTHS = 2
ENQUIRY_DAYS = 60
ENQUIRY_MONTHS = 2
REPORT_WORKING_DAYS = 5
AWARD_PAYMENT_DAYS = 30
LIMITATION_YEARS = 3
DEFAULT_BAIL_DAYS = (60, 90)


def add_months(d: date, months: int) -> date:
    """The same day ``months`` later; a day the month lacks becomes its last day
    (31 Dec + 2 months = 28 or 29 Feb)."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: date, years: int) -> date:
    return add_months(d, 12 * years)


def add_working_days(d: date, days: int) -> date:
    """``days`` working days (Monday–Friday) after ``d``; a Saturday or Sunday start
    counts from the next Monday."""
    current = d
    left = days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def progress_due(fir_on: date) -> date:
    return fir_on + timedelta(days=PROGRESS_DAYS)


def sexual_investigation_due(fir_on: date) -> date:
    return add_months(fir_on, SEXUAL_INVESTIGATION_MONTHS)


def enquiry_due(applied_on: date) -> date:
    return min(applied_on + timedelta(days=ENQUIRY_DAYS), add_months(applied_on, ENQUIRY_MONTHS))


def report_due(applied_on: date) -> date:
    return add_working_days(applied_on, REPORT_WORKING_DAYS)


def award_payment_due(award_on: date) -> date:
    return award_on + timedelta(days=AWARD_PAYMENT_DAYS)


def limitation_ends(offence_on: date | None, trial_ended_on: date | None) -> date | None:
    """The later of three years from the offence and three years from the end of trial."""
    ends = [add_years(d, LIMITATION_YEARS) for d in (offence_on, trial_ended_on) if d]
    return max(ends) if ends else None


# Appeal windows (Limitation Act 1963, Schedule, Second Division). The State's appeal
# against an acquittal: 90 days from the order (Art. 114(a)); a complainant's special
# leave to appeal: 60 days, six months for a public servant (BNSS s.419(5), CrPC
# s.378(5)). The victim's appeal (BNSS s.413 proviso, CrPC s.372 proviso) has no period
# in the law and the High Courts differ; several take the State's 90 days, which is the
# date shown here, as a soft warning. An appeal from a conviction: 30 days, 60 to the
# High Court (Art. 115(b)); the earlier date is shown.
VICTIM_APPEAL_DAYS = 90
CONVICTION_APPEAL_DAYS = 30


def victim_appeal_due(judgment_on: date) -> date:
    return judgment_on + timedelta(days=VICTIM_APPEAL_DAYS)


def conviction_appeal_due(judgment_on: date) -> date:
    return judgment_on + timedelta(days=CONVICTION_APPEAL_DAYS)


def default_bail_dates(arrested_on: date) -> tuple[date, date]:
    return tuple(arrested_on + timedelta(days=n) for n in DEFAULT_BAIL_DAYS)  # type: ignore[return-value]


class Step:
    """Suggested next steps (codes; ``LABELS`` renders them in the reader's language)."""

    PROGRESS_LETTER = "progress_letter"
    MAGISTRATE = "magistrate_application"
    DLSA_REMINDER = "dlsa_reminder"
    AUTHORITY_REMINDER = "authority_reminder"
    PAYMENT_WRIT = "payment_writ"
    FILE_CLAIM = "file_claim"
    BAIL = "default_bail"
    FIND_NEXT_DATE = "find_next_date"
    VICTIM_APPEAL = "victim_appeal"
    CONVICTION_APPEAL = "conviction_appeal"


STEP_LABELS = {
    Step.PROGRESS_LETTER: _("Write to the SP asking for the progress report (s.193(3))"),
    Step.MAGISTRATE: _("Apply to the Magistrate about the delayed investigation"),
    Step.DLSA_REMINDER: _("Send a reminder to the DLSA"),
    Step.AUTHORITY_REMINDER: _("Remind the Competent Authority of the threat analysis report"),
    Step.PAYMENT_WRIT: _("Remind the DLSA; then a writ in the High Court for non-payment"),
    Step.FILE_CLAIM: _("File the compensation application"),
    Step.BAIL: _("Apply for default bail if there is no charge-sheet"),
    Step.FIND_NEXT_DATE: _("Find the next date from the court or the eCourts site"),
    Step.VICTIM_APPEAL: _(
        "Decide with her and the panel lawyer whether to appeal (s.413 proviso); ask the "
        "Public Prosecutor whether the State will appeal"
    ),
    Step.CONVICTION_APPEAL: _("Get the certified copy of the judgment and file the appeal"),
}

KIND_LABELS = {
    "progress": _("Progress report from the police (90 days)"),
    "investigation": _("Investigation of a sexual offence (2 months)"),
    "enquiry": _("Compensation enquiry (60 days)"),
    "report": _("Threat analysis report (5 working days)"),
    "award_payment": _("Award paid (30 days)"),
    "limitation": _("Compensation application (3 years, soft limit)"),
    "default_bail": _("Default bail (60/90 days, soft)"),
    "next_date": _("No next date after the last hearing"),
    "victim_appeal": _("Appeal against the judgment (90 days, soft: courts differ)"),
    "conviction_appeal": _("Appeal against a conviction (30 days; 60 to the High Court)"),
}


@dataclass(frozen=True)
class Clock:
    kind: str
    due: date
    done: bool
    step: str
    soft: bool = False
    ref: str = ""  # which record of the matter it belongs to (a claim, an application)

    @property
    def label(self):
        return KIND_LABELS[self.kind]

    @property
    def step_label(self):
        return STEP_LABELS[self.step]

    def overdue(self, today: date) -> bool:
        return not self.done and self.due < today


def matter_clocks(
    matter, compensations=(), protections=(), *, today: date | None = None
) -> list[Clock]:
    """Every clock of a matter (an object with the matter's date fields), its compensation
    claims and witness-protection applications; overdue first, then by due date."""
    clocks: list[Clock] = []
    criminal = matter.matter_type in (
        "criminal_prosecution",
        "fir_refusal_or_police_negligence",
        "victim_compensation_claim",
        "witness_protection",
        "threat_intimidation_incident",
    )
    if matter.fir_on and criminal and matter.member_role in ("victim", "complainant"):
        clocks.append(
            Clock(
                "progress",
                progress_due(matter.fir_on),
                bool(matter.progress_informed_on),
                Step.PROGRESS_LETTER,
            )
        )
        if matter.sexual_offence:
            clocks.append(
                Clock(
                    "investigation",
                    sexual_investigation_due(matter.fir_on),
                    bool(matter.police_report_on),
                    Step.MAGISTRATE,
                )
            )
    if matter.matter_type == "criminal_defence" and matter.arrested_on:
        first, _second = default_bail_dates(matter.arrested_on)
        clocks.append(
            Clock("default_bail", first, bool(matter.police_report_on), Step.BAIL, soft=True)
        )
    for c in compensations:
        clocks.append(
            Clock(
                "enquiry",
                enquiry_due(c.applied_on),
                bool(c.award_on),
                Step.DLSA_REMINDER,
                ref=str(c.pk),
            )
        )
        if c.award_on and c.award_amount:
            clocks.append(
                Clock(
                    "award_payment",
                    award_payment_due(c.award_on),
                    c.award_paid >= c.award_amount,
                    Step.PAYMENT_WRIT,
                    ref=str(c.pk),
                )
            )
    for p in protections:
        clocks.append(
            Clock(
                "report",
                report_due(p.applied_on),
                bool(p.report_received_on),
                Step.AUTHORITY_REMINDER,
                ref=str(p.pk),
            )
        )
    victim = matter.member_role in ("victim", "dependant", "next_friend")
    ends = limitation_ends(matter.offence_on, matter.trial_ended_on)
    if victim and ends and matter.matter_type != "criminal_defence":
        clocks.append(
            Clock("limitation", ends, bool(list(compensations)), Step.FILE_CLAIM, soft=True)
        )
    # appeal windows, from the day the trial ended (soft: the certified copy's time is
    # left out of the count, and the law sets no period for the victim's own appeal)
    ended = matter.trial_ended_on
    appealed = getattr(matter, "stage", "") == "appeal" or getattr(matter, "status", "") == "appeal"
    if (
        ended
        and matter.matter_type == "criminal_prosecution"
        and matter.member_role
        in (
            "victim",
            "complainant",
            "dependant",
        )
    ):
        clocks.append(
            Clock(
                "victim_appeal", victim_appeal_due(ended), appealed, Step.VICTIM_APPEAL, soft=True
            )
        )
    if ended and matter.matter_type == "criminal_defence":
        clocks.append(
            Clock(
                "conviction_appeal",
                conviction_appeal_due(ended),
                appealed,
                Step.CONVICTION_APPEAL,
                soft=True,
            )
        )
    last = getattr(matter, "last_hearing_on", None)
    nxt = getattr(matter, "next_date", None)
    if last and (nxt is None or nxt < last) and getattr(matter, "is_open", True):
        # a past hearing left no next date: the matter may stall unnoticed
        clocks.append(Clock("next_date", last + timedelta(days=1), False, Step.FIND_NEXT_DATE))
    today = today or date.today()
    return sorted(clocks, key=lambda c: (not c.overdue(today), c.done, c.due))


def unpaid_award(compensation, today: date) -> bool:
    """ "Awarded but not paid after 30 days": the state lists, agenda and reports show."""
    return bool(
        compensation.award_on
        and compensation.award_amount
        and compensation.award_paid < compensation.award_amount
        and award_payment_due(compensation.award_on) < today
    )


def cnr_warning(value: str) -> bool:
    """True when a CNR does not look like 4 letters and 12 digits (a warning, not an
    error: the format is only partly verified)."""
    import re

    return not re.fullmatch(r"[A-Z]{4}[0-9]{12}", value.strip().upper())
