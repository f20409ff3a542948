"""Files for authorities and donors: beneficiary lists (CSV, XLSX, PDF) and programme reports.

A beneficiary list carries what an office needs to find and serve a person - names in
both scripts, sex, age, address, collective, household - and nothing more: never
occupation, health, HIV status, trafficking history, phone or ID numbers. Members whose
consent to share with the authority was withdrawn after the list was drawn up are left
out at export time.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core.spreadsheets import CSV, XLSX, to_csv, to_xlsx  # noqa: F401 (re-exported for jobs.py)
from saathi.people.models import IdentityDocument

from . import selectors
from .models import BeneficiaryList
from .services import consented_to

PDF = "application/pdf"

# The fields a list may carry, in order. Nothing confidential is ever added here.
LIST_COLUMNS = (
    "position",
    "reference",
    "name",
    "name_native",
    "sex",
    "age",
    "village",
    "block",
    "district",
    "state",
    "collective",
    "household",
    "ration_card",
)


def list_header() -> list[str]:
    return [
        _("No."),
        _("Reference"),
        _("Name"),
        _("Name in her script"),
        _("Sex"),
        _("Age"),
        _("Village or ward"),
        _("Block or municipality"),
        _("District"),
        _("State"),
        _("Collective"),
        _("Household"),
        _("Ration card"),
    ]


def list_rows(blist: BeneficiaryList) -> tuple[list[list], int]:
    """The list's rows, and how many entries were left out for withdrawn consent."""
    entries = (
        blist.entries.select_related("member__primary_collective", "member__household")
        .annotate(ok=consented_to(blist.authority, "member_id"))
        .order_by("position")
    )
    member_ids = list(blist.entries.values_list("member_id", flat=True))
    ration = dict(
        IdentityDocument.objects.filter(member_id__in=member_ids, kind="ration_card").values_list(
            "member_id", "status"
        )
    )
    status_labels = dict(IdentityDocument._meta.get_field("status").choices)
    year = timezone.localdate().year
    rows, left_out, n = [], 0, 0
    for e in entries:
        if not e.ok:
            left_out += 1
            continue
        m = e.member
        n += 1
        rows.append(
            [
                n,
                m.reference,
                m.display_name,
                m.native_name,
                m.get_sex_display(),
                year - m.birth_year,
                m.village,
                m.block,
                m.district,
                m.get_state_display(),
                m.primary_collective.name if m.primary_collective_id else "",
                m.household.reference if m.household_id else "",
                str(status_labels.get(ration.get(m.pk), _("Not recorded"))),
            ]
        )
    return rows, left_out


def list_pdf(blist: BeneficiaryList, rows: list[list]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "relief/list_pdf.html",
        {"blist": blist, "header": list_header(), "rows": rows, "today": timezone.localdate()},
    )
    return HTML(string=html).write_pdf()


# ---------------------------------------------------------------- programme report
REPORT_HXL = [
    "#activity+name",
    "#org+funder",
    "#item+name",
    "#item+type",
    "#targeted+num",
    "#output+num",
    "#reached+hh",
    "#value+planned",
    "#value+delivered",
    "#currency+code",
]


def report_header() -> list[str]:
    return [
        _("Programme"),
        _("Funder"),
        _("Item"),
        _("Kind"),
        _("Planned quantity"),
        _("Given"),
        _("Households reached"),
        _("Planned spend"),
        _("Value handed out"),
        _("Currency"),
    ]


def report_rows(programme) -> list[list]:
    """For donors: targets against reached and planned against actual, per item and in
    all; counts only, no names."""
    progress = selectors.programme_progress(programme)
    rows = [
        [
            programme.name,
            programme.funder,
            ip.item.name,
            ip.item.get_kind_display(),
            ip.item.planned_quantity,
            ip.distributed,
            ip.households,
            ip.item.planned_value,
            ip.value,
            "INR",
        ]
        for ip in progress.items
    ]
    rows.append(
        [
            programme.name,
            programme.funder,
            _("All items (spent: %(spent)s of a budget of %(budget)s)")
            % {"spent": progress.actual_spend, "budget": progress.budget},
            "",
            progress.target_households,
            progress.distributions,
            progress.households,
            progress.planned_spend,
            progress.value_distributed,
            "INR",
        ]
    )
    return rows
