"""Wellbeing pages. Thin: access -> form -> service -> render.

Confidential text (notes, answers, a safety plan, an incident's details) is shown only
after a POST of the reveal form with a reason, by ``core.confidential.reveal`` (audited).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saathi.core.access import require_cap
from saathi.core.confidential import Reason, reveal
from saathi.core.forms import RevealForm, form_view
from saathi.core.policy import Cap
from saathi.legal.models import LegalMatter

from . import access, figures, selectors, services
from .forms import (
    FollowUpForm,
    GroupSessionForm,
    HealthSupportForm,
    IncidentForm,
    ReferralForm,
    ReferralMoveForm,
    SafetyPlanForm,
    ScreeningForm,
    SessionForm,
)
from .instruments import SPECS, Instrument
from .models import Referral, ReferralStatus


def _member_url(member) -> str:
    return reverse("wellbeing:member", args=[member.uuid])


def _page(request) -> int:
    try:
        return min(max(int(request.GET.get("page", 1)), 1), 1000)
    except ValueError:
        return 1


def _reveal_reason(request, user, cap, obj) -> tuple[RevealForm, Reason | None]:
    """The reveal form of a page; its reason on a valid POST by someone who may read."""
    form = RevealForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return form, None
    if not access.may(user, cap, obj):
        raise PermissionDenied
    return form, form.chosen_reason() if form.is_valid() else None


def _matters(user, member):
    if not access.may(user, Cap.VIEW_LEGAL, member):
        return None
    return LegalMatter.objects.visible_to(user).filter(member=member).order_by("-created_at")


@login_required
def member_page(request, uuid):
    member = access.access_member(request.user, uuid)
    ctx = selectors.member_page(request.user, member, page=_page(request))
    ctx["instruments"] = Instrument.choices
    return render(request, "wellbeing/member.html", ctx)


@login_required
def hiv_status(request, uuid):
    """Her HIV status from the registry's confidential field: a POST with a reason."""
    member = access.access_member(request.user, uuid, Cap.RECORD_WELLBEING)
    form, reason = _reveal_reason(request, request.user, Cap.VIEW_CONFIDENTIAL, member)
    status = None
    if reason is not None:
        status = reveal(request.user, member, ["hiv_status"], reason=reason)["hiv_status"]
    return render(
        request,
        "wellbeing/hiv_status.html",
        {"member": member, "reveal_form": form, "status": status, "revealed": reason is not None},
    )


@login_required
def session_add(request, uuid):
    member = access.access_member(request.user, uuid, Cap.RECORD_WELLBEING)
    return form_view(
        request,
        SessionForm(request.POST or None, initial={"held_on": timezone.localdate()}),
        lambda d: services.session_record(member=member, data=d, actor=request.user),
        template="wellbeing/form.html",
        success=lambda s: _("Session recorded: %(ref)s") % {"ref": s.reference},
        redirect_to=lambda s: _member_url(member),
        context={"member": member, "title": _("Record a counselling session")},
    )


@login_required
def group_session_add(request, uuid):
    """A group session of a collective, with the list of the members who attended."""
    from saathi.core.access import fetch
    from saathi.core.scope import collectives_with
    from saathi.people.models import Member

    collective = fetch(collectives_with(request.user, Cap.RECORD_WELLBEING), request.user, uuid)
    members = (
        Member.objects.visible_to(request.user, Cap.RECORD_WELLBEING)
        .filter(
            memberships__collective=collective,
            memberships__left_on__isnull=True,
            archived_at__isnull=True,
        )
        .order_by("display_name", "id")[:200]
    )
    form = GroupSessionForm(
        request.POST or None, members=members, initial={"held_on": timezone.localdate()}
    )
    return form_view(
        request,
        form,
        lambda d: services.group_session_record(
            collective=collective,
            attendees=d.pop("attendees"),
            data=d,
            actor=request.user,
        ),
        template="wellbeing/group_form.html",
        success=lambda ss: _("Group session recorded for %(n)s members.") % {"n": len(ss)},
        redirect_to=lambda ss: reverse("wellbeing:group_session_add", args=[collective.uuid]),
        context={"collective": collective, "title": _("Record a group session")},
    )


@login_required
def session_detail(request, uuid):
    session = access.access_session(request.user, uuid)
    form, reason = _reveal_reason(request, request.user, Cap.READ_WELLBEING_NOTES, session)
    notes = selectors.session_notes(request.user, session, reason) if reason else None
    return render(
        request,
        "wellbeing/session_detail.html",
        {
            "session": session,
            "member": session.member,
            "reveal_form": form,
            "notes": notes,
            "may_read": access.may(request.user, Cap.READ_WELLBEING_NOTES, session),
        },
    )


@login_required
def screening_add(request, uuid, instrument):
    member = access.access_member(request.user, uuid, Cap.RECORD_WELLBEING)
    if instrument not in Instrument.values:
        raise Http404
    form = ScreeningForm(
        request.POST or None, instrument=instrument, initial={"taken_on": timezone.localdate()}
    )

    def done(screening):
        step = getattr(screening, "safety_step", None)
        if screening.risk and step is not None:
            return reverse("wellbeing:safety_step", args=[step.uuid])
        return _member_url(member)

    def said(screening):
        if screening.risk:
            return _("Screening recorded: a safety step has started. Agree a safety plan now.")
        return _("Screening recorded: %(ref)s") % {"ref": screening.reference}

    return form_view(
        request,
        form,
        lambda d: services.screening_record(
            member=member, data={**d, "instrument": instrument}, actor=request.user
        ),
        template="wellbeing/screening_form.html",
        success=said,
        redirect_to=done,
        context={
            "member": member,
            "spec": SPECS[instrument],
            "label": Instrument(instrument).label,
            "title": Instrument(instrument).label,
            "english_only": request.LANGUAGE_CODE != "en",
        },
    )


@login_required
def screening_detail(request, uuid):
    screening = access.access_screening(request.user, uuid)
    form, reason = _reveal_reason(request, request.user, Cap.READ_WELLBEING_NOTES, screening)
    answers = selectors.screening_answers(request.user, screening, reason) if reason else None
    return render(
        request,
        "wellbeing/screening_detail.html",
        {
            "screening": screening,
            "member": screening.member,
            "reveal_form": form,
            "answers": answers,
            "max": SPECS[screening.instrument].max_total,
            "step": getattr(screening, "safety_step", None),
            "may_read": access.may(request.user, Cap.READ_WELLBEING_NOTES, screening),
        },
    )


@login_required
def safety_step(request, uuid):
    step = access.access_safety_step(request.user, uuid)
    services.alerts_seen(user=request.user, step=step)
    plan = None
    revealing = request.method == "POST" and request.POST.get("_action") == "reveal"
    reveal_form = RevealForm(request.POST if revealing else None)
    if revealing and reveal_form.is_valid():
        plan = reveal(
            request.user,
            step,
            ["plan", "follow_up_note"],
            reason=reveal_form.chosen_reason(),
            cap=Cap.READ_WELLBEING_NOTES,
        )
    initial = {"follow_up_due": timezone.localtime(step.follow_up_due)}
    ctx = {
        "step": step,
        "member": step.member,
        "screening": step.screening,
        "reveal_form": reveal_form,
        "plan": plan,
        "follow_form": FollowUpForm(),
        "title": _("Safety step"),
    }
    if revealing:
        return render(
            request,
            "wellbeing/safety_step.html",
            {**ctx, "form": SafetyPlanForm(initial=initial)},
        )
    return form_view(
        request,
        SafetyPlanForm(request.POST or None, initial=initial),
        lambda d: services.safety_plan_save(step=step, data=d, actor=request.user),
        template="wellbeing/safety_step.html",
        success=_("Safety plan saved. The follow-up is at the top of the agenda."),
        redirect_to=lambda s: reverse("wellbeing:safety_step", args=[s.uuid]),
        context=ctx,
    )


@login_required
@require_POST
def safety_follow_up(request, uuid):
    step = access.access_safety_step(request.user, uuid, Cap.RECORD_WELLBEING)
    form = FollowUpForm(request.POST)
    return form_view(
        request,
        form,
        lambda d: services.safety_follow_up(step=step, data=d, actor=request.user),
        template="wellbeing/safety_step.html",
        success=_("Follow-up recorded."),
        redirect_to=lambda s: _member_url(s.member),
        context={
            "step": step,
            "member": step.member,
            "screening": step.screening,
            "reveal_form": RevealForm(),
            "form": SafetyPlanForm(initial={"follow_up_due": step.follow_up_due}),
            "follow_form": form,
            "title": _("Safety step"),
        },
    )


@login_required
def referral_add(request, uuid):
    member = access.access_member(request.user, uuid, Cap.RECORD_WELLBEING)
    return form_view(
        request,
        ReferralForm(request.POST or None, matters=_matters(request.user, member)),
        lambda d: services.referral_create(member=member, data=d, actor=request.user),
        template="wellbeing/form.html",
        success=lambda r: _("Referral recorded: %(ref)s") % {"ref": r.reference},
        redirect_to=lambda r: reverse("wellbeing:referral_detail", args=[r.uuid]),
        context={"member": member, "title": _("Refer her to a service")},
    )


@login_required
def referral_detail(request, uuid):
    referral = access.access_referral(request.user, uuid)
    form, reason = _reveal_reason(request, request.user, Cap.READ_WELLBEING_NOTES, referral)
    shown = None
    steps = list(referral.steps.select_related("actor").order_by("at", "id"))
    if reason is not None:
        shown = reveal(
            request.user, referral, ["reason"], reason=reason, cap=Cap.READ_WELLBEING_NOTES
        )
        notes = {
            s.pk: reveal(request.user, s, ["note"], reason=reason, cap=Cap.READ_WELLBEING_NOTES)[
                "note"
            ]
            for s in steps
            if s.note
        }
        for s in steps:
            s.shown_note = notes.get(s.pk, "")
    labels = dict(ReferralStatus.choices)
    for s in steps:
        s.from_label = labels.get(s.from_status, "")
        s.to_label = labels.get(s.to_status, s.to_status)
    may_move = access.may(request.user, Cap.RECORD_WELLBEING, referral)
    return render(
        request,
        "wellbeing/referral_detail.html",
        {
            "referral": referral,
            "member": referral.member,
            "steps": steps,
            "reveal_form": form,
            "shown": shown,
            "move_form": ReferralMoveForm(referral=referral)
            if may_move and referral.is_open
            else None,
            "may_read": access.may(request.user, Cap.READ_WELLBEING_NOTES, referral),
        },
    )


@login_required
def referral_move(request, uuid):
    referral: Referral = access.access_referral(request.user, uuid, Cap.RECORD_WELLBEING)
    return form_view(
        request,
        ReferralMoveForm(request.POST or None, referral=referral),
        lambda d: services.referral_move(
            referral=referral, to_status=d["to_status"], note=d.get("note", ""), actor=request.user
        ),
        template="wellbeing/form.html",
        success=_("Referral moved."),
        redirect_to=lambda _s: reverse("wellbeing:referral_detail", args=[referral.uuid]),
        context={"member": referral.member, "title": _("Move the referral")},
    )


def _incident_form(request, member, data=None, initial=None):
    social_worker = access.may(request.user, Cap.READ_WELLBEING_NOTES, member)
    referrals = Referral.objects.visible_to(request.user).filter(member=member).defer("reason")
    return IncidentForm(
        data,
        initial=initial,
        social_worker=social_worker,
        matters=_matters(request.user, member),
        referrals=referrals,
    )


@login_required
def incident_add(request, uuid):
    member = access.access_member(request.user, uuid, Cap.RECORD_INCIDENTS)
    return form_view(
        request,
        _incident_form(request, member, request.POST or None),
        lambda d: services.incident_record(member=member, data=d, actor=request.user),
        template="wellbeing/form.html",
        success=lambda i: _("Incident recorded: %(ref)s") % {"ref": i.reference},
        redirect_to=lambda i: reverse("wellbeing:incident_detail", args=[i.uuid]),
        context={"member": member, "title": _("Record an incident")},
    )


@login_required
def incident_detail(request, uuid):
    incident = access.access_incident(request.user, uuid)
    form, reason = _reveal_reason(request, request.user, Cap.READ_WELLBEING_NOTES, incident)
    details = None
    if reason is not None:
        details = reveal(
            request.user, incident, ["details"], reason=reason, cap=Cap.READ_WELLBEING_NOTES
        )["details"]
    return render(
        request,
        "wellbeing/incident_detail.html",
        {
            "incident": incident,
            "member": incident.member,
            "reveal_form": form,
            "details": details,
            "may_read": access.may(request.user, Cap.READ_WELLBEING_NOTES, incident),
            "may_edit": access.may(request.user, Cap.RECORD_WELLBEING, incident),
        },
    )


@login_required
def incident_edit(request, uuid):
    incident = access.access_incident(request.user, uuid, Cap.RECORD_WELLBEING)
    member = incident.member
    initial = {
        f: getattr(incident, f)
        for f in ("kind", "occurred_on", "place", "perpetrator", "reported_to", "support")
    }
    initial["legal_matter"] = incident.legal_matter.uuid if incident.legal_matter else None
    initial["referral"] = incident.referral.uuid if incident.referral else None
    form = _incident_form(request, member, request.POST or None, initial=initial)
    if "details" in form.fields:
        form.fields["details"].help_text = _(
            "Encrypted; only social workers read it. Leave empty to keep what is saved."
        )
    return form_view(
        request,
        form,
        lambda d: services.incident_update(incident=incident, data=d, actor=request.user),
        template="wellbeing/form.html",
        success=_("Saved."),
        redirect_to=lambda i: reverse("wellbeing:incident_detail", args=[i.uuid]),
        context={"member": member, "title": _("Complete the incident")},
    )


@login_required
def health_add(request, uuid):
    member = access.access_member(request.user, uuid, Cap.RECORD_WELLBEING)
    return form_view(
        request,
        HealthSupportForm(request.POST or None, initial={"given_on": timezone.localdate()}),
        lambda d: services.health_support_record(member=member, data=d, actor=request.user),
        template="wellbeing/form.html",
        success=_("Support recorded."),
        redirect_to=lambda r: _member_url(member),
        context={"member": member, "title": _("Record support for a health need")},
    )


@login_required
def figures_page(request):
    require_cap(request.user, Cap.VIEW_AGGREGATES)
    params = figures.Params.from_query(request.GET)
    return render(request, "wellbeing/figures.html", figures.page(request.user, params))
