"""The 90-day clock of members' requests on the agenda (core.agenda, ADR 0025)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from saathi.core import agenda

from .models import RightsRequest


def request_entries(user, start, end):
    qs = (
        RightsRequest.objects.visible_to(user)
        .open()
        .filter(due_on__gte=start, due_on__lte=end)
        .order_by("due_on", "id")
    )
    for req in qs.only("uuid", "reference", "kind", "due_on"):
        yield agenda.Entry(
            key=f"rights.request:{req.uuid}",
            kind="rights.request",
            on=req.due_on,
            title=_("Answer due: request %(ref)s") % {"ref": req.reference},
            url=reverse("rights:request_detail", kwargs={"uuid": req.uuid}),
            reminder=_("A request to answer, %(ref)s") % {"ref": req.reference},
        )


agenda.register("rights.request", label=_("Members' requests to answer"), entries=request_entries)
