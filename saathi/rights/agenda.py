"""The 90-day clock of members' requests on the agenda (core.agenda, ADR 0025)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from saathi.core import agenda

from .models import RightsRequest

KIND = "rights.request"


def _entry(row: agenda.Found, start=None) -> agenda.Entry:
    return agenda.Entry(
        key=f"{KIND}:{row.uuid}",
        kind=KIND,
        on=row.on,
        title=_("Answer due: request %(ref)s") % {"ref": row.ref},
        url=reverse("rights:request_detail", kwargs={"uuid": row.uuid}),
        reminder=_("A request to answer, %(ref)s") % {"ref": row.ref},
    )


def request_select(user, start, end):
    qs = (
        RightsRequest.objects.visible_to(user)
        .open()
        .filter(due_on__gte=start, due_on__lte=end)
        .order_by("due_on", "id")
    )
    return agenda.shape(qs, on="due_on", ref="reference")


agenda.register(KIND, label=_("Members' requests to answer"), select=request_select, build=_entry)
