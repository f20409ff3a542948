"""Facilitation pages. Thin: access -> form -> service -> render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from saathi.core import policy
from saathi.core.access import require_cap
from saathi.core.forms import OrganisationPicker, form_view
from saathi.core.policy import Cap
from saathi.people.choices import State

from . import access, selectors, services
from .forms import DutyBearerForm
from .models import Level


# ------------------------------------------------------------------ duty bearers
def _directory_detail(entry) -> str:
    return reverse("collectives:duty_bearer_detail", args=[entry.uuid])


@login_required
def duty_bearer_list(request):
    require_cap(request.user, Cap.VIEW_DUTY_BEARERS)
    g = request.GET
    filters = selectors.DirectoryFilters(
        q=g.get("q", "")[:100],
        level=g.get("level", "")[:16],
        state=g.get("state", "")[:2],
        district=g.get("district", "")[:100],
        archived=g.get("archived") == "1",
    )
    page = selectors.duty_bearer_list(request.user, filters, g.get("page", 1))
    return render(
        request,
        "collectives/duty_bearer_list.html",
        {
            "page": page,
            "filters": filters,
            "levels": Level.choices,
            "states": State.choices,
            "may_manage": policy.has_cap(request.user, Cap.MANAGE_DUTY_BEARERS),
        },
    )


@login_required
def duty_bearer_detail(request, uuid):
    entry = access.access_duty_bearer(request.user, uuid)
    may_edit = policy.has_cap_for(
        request.user,
        Cap.MANAGE_DUTY_BEARERS,
        entry.organisation_id,
        object_type=services.DIRECTORY_TYPE,
    )
    return render(
        request, "collectives/duty_bearer_detail.html", {"entry": entry, "may_edit": may_edit}
    )


@login_required
def duty_bearer_create(request):
    picker = OrganisationPicker(request.user, Cap.MANAGE_DUTY_BEARERS, through_collectives=True)
    form = picker.add_to(DutyBearerForm(request.POST or None))
    return form_view(
        request,
        form,
        lambda data: services.duty_bearer_create(
            organisation=picker.take(form), data=data, actor=request.user
        ),
        template="collectives/form.html",
        success=_("Added to the directory."),
        redirect_to=_directory_detail,
        context={
            "title": _("Add an office or official"),
            "cancel": reverse("collectives:duty_bearer_list"),
        },
    )


@login_required
def duty_bearer_edit(request, uuid):
    entry = access.access_duty_bearer(request.user, uuid, Cap.MANAGE_DUTY_BEARERS)
    form = DutyBearerForm(request.POST or None, instance=entry, creating=False)
    return form_view(
        request,
        form,
        lambda data: services.duty_bearer_update(duty_bearer=entry, data=data, actor=request.user),
        template="collectives/form.html",
        success=_("Directory entry saved."),
        redirect_to=_directory_detail,
        context={"title": _("Edit the directory entry"), "cancel": _directory_detail(entry)},
    )
