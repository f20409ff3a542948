"""Livelihoods pages. Thin: access -> form -> service -> render."""

from __future__ import annotations

import uuid as uuid_lib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saathi.core import policy, scope
from saathi.core.access import require_cap
from saathi.core.forms import OrganisationPicker, apply_service_errors, form_view
from saathi.core.policy import Cap
from saathi.funds.models import Campaign
from saathi.people.access import access_member
from saathi.people.models import Member

from . import access, selectors, services
from .forms import (
    DebtForm,
    DeviceForm,
    DeviceStatusForm,
    DriveForm,
    FindDeviceForm,
    FollowUpForm,
    MarkForm,
    RepaymentForm,
    ReviewForm,
    SettingsForm,
    SupportForm,
)
from .models import Activity, DeviceStatus, Step, SupportKind


def _campaigns(user, organisation_id: int):
    """Campaigns she may pay from (None: she manages no funds, the field is left out)."""
    if not policy.has_cap_for(user, Cap.MANAGE_FUNDS, organisation_id):
        return None
    return Campaign.objects.visible_to(user).filter(organisation_id=organisation_id)


def _reach(member: Member, cap: str, user) -> bool:
    return policy.has_cap_for(user, cap, member.organisation_id, member.collective_ids())


# ------------------------------------------------------------------------ home
@login_required
def index(request):
    require_cap(request.user, Cap.VIEW_LIVELIHOODS)
    return render(request, "livelihoods/index.html", {})


# ----------------------------------------------------------------------- supports
@login_required
def support_list(request):
    require_cap(request.user, Cap.VIEW_LIVELIHOODS)
    g = request.GET
    filters = selectors.SupportFilters(
        activity=g.get("activity", "")[:24],
        kind=g.get("kind", "")[:16],
        loans_open=g.get("open") == "1",
    )
    page = selectors.support_list(request.user, filters, g.get("after", "")[:36])
    return render(
        request,
        "livelihoods/support_list.html",
        {
            "page": page,
            "filters": filters,
            "activities": Activity.choices,
            "kinds": SupportKind.choices,
        },
    )


@login_required
def member(request, uuid):
    m = access_member(request.user, uuid)
    require_cap(request.user, Cap.VIEW_LIVELIHOODS)
    user = request.user
    return render(
        request,
        "livelihoods/member.html",
        {
            "member": m,
            "supports": selectors.member_supports(user, m),
            "devices": selectors.member_devices(user, m),
            "steps": selectors.member_steps(user, m),
            "may_see_debts": selectors.may_see_debts(user, m),
            "debts": selectors.member_debts(user, m),
            "may_record": _reach(m, Cap.RECORD_LIVELIHOODS, user),
            "may_record_debts": _reach(m, Cap.RECORD_DEBTS, user),
        },
    )


@login_required
def support_create(request, uuid):
    m = access_member(request.user, uuid, Cap.RECORD_LIVELIHOODS)
    form = SupportForm(request.POST or None, campaigns=_campaigns(request.user, m.organisation_id))
    return form_view(
        request,
        form,
        lambda data: services.support_create(member=m, data=data, actor=request.user),
        template="livelihoods/form.html",
        redirect_to=lambda s: reverse("livelihoods:support_detail", args=[s.uuid]),
        success=_("Support recorded."),
        context={
            "title": _("Record a livelihood support"),
            "member": m,
            "cancel": reverse("livelihoods:member", args=[m.uuid]),
        },
    )


@login_required
def support_detail(request, uuid):
    support = access.access_support(request.user, uuid)
    return render(
        request,
        "livelihoods/support_detail.html",
        {
            "support": support,
            "member": support.member,
            "follow_ups": selectors.follow_ups_of(support),
            "schedule": list(support.schedule.all()) if support.is_loan else [],
            "repayments": list(support.repayments.all()) if support.is_loan else [],
            "may_record": _reach(support.member, Cap.RECORD_LIVELIHOODS, request.user),
        },
    )


@login_required
def repayment_add(request, uuid):
    support = access.access_support(request.user, uuid, Cap.RECORD_LIVELIHOODS)
    form = RepaymentForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    return form_view(
        request,
        form,
        lambda data: services.repayment_record(support=support, actor=request.user, **data),
        template="livelihoods/form.html",
        redirect_to=reverse("livelihoods:support_detail", args=[support.uuid]),
        success=_("Repayment recorded."),
        context={
            "title": _("Record a repayment"),
            "subtitle": support.reference,
            "cancel": reverse("livelihoods:support_detail", args=[support.uuid]),
        },
    )


@login_required
def follow_up(request, uuid):
    f = access.access_follow_up(request.user, uuid)
    if request.method == "POST":
        f = access.access_follow_up(request.user, uuid, Cap.RECORD_LIVELIHOODS)
    initial = {"done_on": f.done_on or timezone.localdate()}
    if f.done_on:
        initial |= {
            "still_running": "yes" if f.still_running else "no",
            "income_band": f.income_band,
            "problems": f.problems,
        }
    form = FollowUpForm(request.POST or None, initial=initial)
    return form_view(
        request,
        form,
        lambda data: services.follow_up_record(follow_up=f, data=data, actor=request.user),
        template="livelihoods/form.html",
        redirect_to=reverse("livelihoods:support_detail", args=[f.support.uuid]),
        success=_("Follow-up recorded."),
        context={
            "title": _("Follow-up after %(n)s months") % {"n": f.months},
            "subtitle": f.support.reference,
            "cancel": reverse("livelihoods:support_detail", args=[f.support.uuid]),
        },
    )


@login_required
def settings_edit(request):
    picker = OrganisationPicker(request.user, Cap.MANAGE_USERS)
    org = picker.organisations[0]
    current = services.settings_of(org.pk)
    form = picker.add_to(
        SettingsForm(
            request.POST or None, initial={"loan_interest_yearly": current.loan_interest_yearly}
        )
    )

    def save(data):
        return services.settings_save(organisation=picker.take(form), actor=request.user, **data)

    return form_view(
        request,
        form,
        save,
        template="livelihoods/form.html",
        redirect_to="livelihoods:index",
        success=_("Saved."),
        context={"title": _("Loans given by the collectives")},
    )


# ------------------------------------------------------------------------ debts
@login_required
def debt_list(request):
    require_cap(request.user, Cap.VIEW_DEBTS)
    at_risk = request.GET.get("risk") == "1"
    page = selectors.debt_list(request.user, at_risk=at_risk, page=request.GET.get("page", 1))
    return render(request, "livelihoods/debt_list.html", {"page": page, "at_risk": at_risk})


@login_required
def debt_add(request, uuid):
    m = access_member(request.user, uuid, Cap.RECORD_DEBTS)
    form = DebtForm(request.POST or None, initial={"rate_period": "month"})
    return form_view(
        request,
        form,
        lambda data: services.debt_record(member=m, data=data, actor=request.user),
        template="livelihoods/form.html",
        redirect_to=lambda d: reverse("livelihoods:debt_detail", args=[d.uuid]),
        success=_("Debt recorded."),
        context={
            "title": _("Record an informal debt"),
            "member": m,
            "cancel": reverse("livelihoods:member", args=[m.uuid]),
        },
    )


@login_required
def debt_detail(request, uuid):
    debt = access.access_debt(request.user, uuid)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        debt = access.access_debt(request.user, uuid, Cap.RECORD_DEBTS)
        if form.is_valid():
            try:
                services.debt_review(debt=debt, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("livelihoods:debt_detail", uuid=debt.uuid)
    return render(
        request,
        "livelihoods/debt_detail.html",
        {
            "debt": debt,
            "member": debt.member,
            "details": selectors.debt_details(request.user, debt),
            "suggestions": selectors.debt_suggestions(request.user, debt),
            "form": form,
            "error_forms": [form],
            "may_review": _reach(debt.member, Cap.RECORD_DEBTS, request.user),
        },
    )


# ------------------------------------------------------------------------ devices
def _device_form_kwargs(user, organisation_id: int):
    return {
        "collectives": scope.collectives_with(
            user, Cap.MANAGE_DEVICES, organisation_id=organisation_id
        ),
    }


def _holder(user, form, organisation) -> Member | None:
    ref = (form.cleaned_data.pop("member_reference", "") or "").strip().upper()
    if not ref:
        return None
    found = (
        Member.objects.visible_to(user)
        .filter(reference=ref, organisation_id=organisation.pk)
        .first()
    )
    if found is None:
        raise ValidationError({"member_reference": _("No member of yours has this reference.")})
    return found


@login_required
def device_list(request):
    require_cap(request.user, Cap.VIEW_LIVELIHOODS)
    status = request.GET.get("status", "")[:8]
    page = selectors.device_list(request.user, status=status, page=request.GET.get("page", 1))
    return render(
        request,
        "livelihoods/device_list.html",
        {
            "page": page,
            "status": status,
            "statuses": DeviceStatus.choices,
            "may_manage": policy.has_cap(request.user, Cap.MANAGE_DEVICES),
        },
    )


@login_required
def device_create(request):
    picker = OrganisationPicker(request.user, Cap.MANAGE_DEVICES, through_collectives=True)
    org = picker.organisations[0]
    form = picker.add_to(
        DeviceForm(
            request.POST or None,
            campaigns=_campaigns(request.user, org.pk),
            initial={
                "given_on": timezone.localdate(),
                "member_reference": request.GET.get("member", "")[:20],
            },
            **_device_form_kwargs(request.user, org.pk),
        )
    )

    def save(data):
        organisation = picker.take(form)
        data["member"] = _holder(request.user, form, organisation)
        data.pop("member_reference", None)
        return services.device_save(organisation=organisation, data=data, actor=request.user)

    return form_view(
        request,
        form,
        save,
        template="livelihoods/form.html",
        redirect_to=lambda d: reverse("livelihoods:device_detail", args=[d.uuid]),
        success=_("Device recorded."),
        context={
            "title": _("Record a device or asset given"),
            "cancel": reverse("livelihoods:device_list"),
        },
    )


@login_required
def device_detail(request, uuid):
    device = access.access_device(request.user, uuid)
    may_manage = policy.has_cap_for(request.user, Cap.MANAGE_DEVICES, *device.scope_reach())
    serial = ""
    if request.method == "POST" and may_manage and request.POST.get("show_serial"):
        serial = selectors.device_serial(request.user, device)
    return render(
        request,
        "livelihoods/device_detail.html",
        {
            "device": device,
            "may_manage": may_manage,
            "serial": serial,
            "status_form": DeviceStatusForm(initial={"status": device.status}),
            "digital": selectors.device_digital_skills(request.user, device),
        },
    )


@login_required
def device_edit(request, uuid):
    device = access.access_device(request.user, uuid, Cap.MANAGE_DEVICES)
    initial = {
        "kind": device.kind,
        "model_name": device.model_name,
        "member_reference": device.member.reference if device.member else "",
        "collective": device.collective_id,
        "given_on": device.given_on,
        "funds_source": device.funds_source,
        "condition": device.condition,
        "sim_provider": device.sim_provider,
        "plan_renews_on": device.plan_renews_on,
    }
    form = DeviceForm(
        request.POST or None,
        initial=initial,
        editing=True,
        **_device_form_kwargs(request.user, device.organisation_id),
    )

    def save(data):
        data["member"] = _holder(request.user, form, device.organisation)
        data.pop("member_reference", None)
        return services.device_save(
            organisation=device.organisation, data=data, actor=request.user, device=device
        )

    return form_view(
        request,
        form,
        save,
        template="livelihoods/form.html",
        redirect_to=reverse("livelihoods:device_detail", args=[device.uuid]),
        success=_("Saved."),
        context={
            "title": _("Edit the device"),
            "subtitle": device.reference,
            "cancel": reverse("livelihoods:device_detail", args=[device.uuid]),
        },
    )


@login_required
@require_POST
def device_status(request, uuid):
    device = access.access_device(request.user, uuid, Cap.MANAGE_DEVICES)
    form = DeviceStatusForm(request.POST)
    if form.is_valid():
        try:
            services.device_status(
                device=device,
                status=form.cleaned_data["status"],
                on=form.cleaned_data.get("status_on"),
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("livelihoods:device_detail", uuid=device.uuid)
    return render(
        request,
        "livelihoods/device_detail.html",
        {
            "device": device,
            "may_manage": True,
            "status_form": form,
            "error_forms": [form],
            "digital": selectors.device_digital_skills(request.user, device),
        },
    )


@login_required
def device_find(request):
    require_cap(request.user, Cap.MANAGE_DEVICES)
    form = FindDeviceForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = selectors.devices_found(request.user, form.cleaned_data["serial"])
    return render(
        request,
        "livelihoods/device_find.html",
        {"form": form, "found": found, "error_forms": [form]},
    )


# ------------------------------------------------------------------------ health drives
@login_required
def drive_list(request):
    require_cap(request.user, Cap.VIEW_LIVELIHOODS)
    page = selectors.drive_list(request.user, request.GET.get("page", 1))
    return render(
        request,
        "livelihoods/drive_list.html",
        {"page": page, "may_run": policy.has_cap(request.user, Cap.RUN_HEALTH_DRIVES)},
    )


@login_required
def drive_create(request):
    picker = OrganisationPicker(request.user, Cap.RUN_HEALTH_DRIVES, through_collectives=True)
    org = picker.organisations[0]
    form = picker.add_to(
        DriveForm(
            request.POST or None,
            collectives=scope.collectives_with(
                request.user, Cap.RUN_HEALTH_DRIVES, organisation_id=org.pk
            ),
        )
    )
    return form_view(
        request,
        form,
        lambda data: services.drive_create(
            organisation=picker.take(form), data=data, actor=request.user
        ),
        template="livelihoods/form.html",
        redirect_to=lambda d: reverse("livelihoods:drive_detail", args=[d.uuid]),
        success=_("Drive created."),
        context={"title": _("Start a health drive"), "cancel": reverse("livelihoods:drive_list")},
    )


def _uuids(values) -> list[uuid_lib.UUID]:
    out = []
    for v in values:
        try:
            out.append(uuid_lib.UUID(v))
        except ValueError:
            continue
    return out


def _step_of(request, drive) -> str:
    step = request.GET.get("step") or request.POST.get("step") or drive.goal_step
    return step if step in drive.steps else drive.goal_step


@login_required
def drive_detail(request, uuid):
    drive = access.access_drive(request.user, uuid)
    step = _step_of(request, drive)
    total, by_collective = selectors.drive_progress(request.user, drive)
    members_visible = selectors.may_see_drive_members(request.user, drive)
    return render(
        request,
        "livelihoods/drive_detail.html",
        {
            "drive": drive,
            "total": total,
            "by_collective": by_collective,
            "step": step,
            "step_label": Step(step).label,
            "steps": [(s, Step(s).label) for s in drive.steps],
            "members_visible": members_visible,
            "not_reached": selectors.not_reached(
                request.user, drive, step, request.GET.get("page", 1), progress=by_collective
            )
            if members_visible
            else None,
            "may_mark": members_visible and policy.has_cap(request.user, Cap.RECORD_HEALTH_STEPS),
        },
    )


@login_required
def drive_mark(request, uuid):
    drive = access.access_drive(request.user, uuid)
    require_cap(request.user, Cap.RECORD_HEALTH_STEPS)
    if not selectors.may_see_drive_members(request.user, drive):
        raise PermissionDenied
    step = _step_of(request, drive)
    form = MarkForm(request.POST or None, initial={"on": timezone.localdate()})
    page = selectors.not_reached(request.user, drive, step, request.GET.get("page", 1))
    if request.method == "POST" and form.is_valid():
        ticked = request.POST.getlist("member")[:200]
        chosen = selectors.drive_member_choices(request.user, drive, _uuids(ticked))
        try:
            rows = services.steps_mark(
                drive=drive, members=chosen, step=step, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)  # "members" goes above the list
        else:
            messages.success(
                request,
                _("%(n)s members marked: %(step)s.") % {"n": len(rows), "step": Step(step).label},
            )
            return redirect(
                reverse("livelihoods:drive_detail", args=[drive.uuid]) + f"?step={step}"
            )
    return render(
        request,
        "livelihoods/drive_mark.html",
        {
            "drive": drive,
            "form": form,
            "error_forms": [form],
            "step": step,
            "step_label": Step(step).label,
            "page": page,
            "ticked": set(request.POST.getlist("member")),
        },
    )
