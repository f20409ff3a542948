"""Ledger files for donors and auditors (CSV, XLSX, optionally with an HXL row).

Ledgers carry no donor names."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import selectors
from .models import Campaign, Donation

# ------------------------------------------------------------------------ ledger
LEDGER_HXL = [
    "#date",
    "#meta+type",
    "#description",
    "#channel",
    "#activity+name",
    "#value+received",
    "#value+spent",
    "#value+balance",
    "#currency+code",
    "#meta+reverses",
    "#meta+id",
]


def ledger_header() -> list[str]:
    return [
        _("Date"),
        _("Entry"),
        _("Description"),
        _("Channel"),
        _("Programme"),
        _("Received (₹)"),
        _("Spent (₹)"),
        _("Balance (₹)"),
        _("Currency"),
        _("Reverses entry"),
        _("Entry id"),
    ]


def ledger_rows(campaign: Campaign):
    channels = dict(Donation.Channel.choices)
    for row in selectors.ledger_statement(campaign):
        e = row.entry
        if row.kind == "donation":
            kind = _("Reversal of a donation") if e.reverses_id else _("Donation")
            if e.channel == Donation.Channel.IN_KIND:
                description = e.in_kind_description
            else:
                description = _("Anonymous donation") if e.anonymous else _("Donation")
            channel = str(channels.get(e.channel, e.channel))
            programme = ""
        else:
            kind = _("Reversal of an expenditure") if e.reverses_id else _("Expenditure")
            description = e.description_text
            channel = ""
            programme = e.programme.name if e.programme_id else ""
        if e.reverses_id:
            description = f"{description} ({e.reason})"
        yield [
            row.date,
            kind,
            description,
            channel,
            programme,
            row.amount_in or "",
            row.amount_out or "",
            row.balance,
            "INR",
            str(e.reverses.uuid) if e.reverses_id else "",
            str(e.uuid),
        ]
