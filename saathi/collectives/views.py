"""Facilitation pages. Thin: access -> form -> service -> render."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from saathi.core import policy
from saathi.core.access import require_cap
from saathi.core.forms import OrganisationPicker, form_view
from saathi.core.policy import Cap
from saathi.people.choices import State

from . import access, selectors, services
from .forms import (
    ActionItemForm,
    AttendanceForm,
    ClaimDriveForm,
    ClaimForm,
    ClaimMoveForm,
    ConfirmForm,
    DecisionForm,
    DutyBearerForm,
    OfficeBearerForm,
    ProfileForm,
    SessionForm,
    TrainingAttendanceForm,
    TrainingForm,
    TrainingParticipantForm,
    TrainingSessionForm,
    training_initial_from,
)
from .models import ClaimStatus, ItemStatus, Level


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


# ------------------------------------------------------------------ a collective's sessions
def _session_detail(session) -> str:
    return reverse("collectives:session_detail", args=[session.uuid])


@login_required
def collective_page(request, uuid):
    collective = access.access_collective(request.user, uuid, Cap.VIEW_SESSIONS)
    return render(
        request,
        "collectives/collective.html",
        {
            "collective": collective,
            "sessions": selectors.collective_sessions(
                request.user, collective, request.GET.get("page", 1)
            ),
            "may_record": policy.has_cap_for(
                request.user, Cap.RECORD_SESSIONS, collective.organisation_id, [collective.pk]
            ),
            "may_claim": policy.has_cap_for(
                request.user, Cap.EDIT_CLAIMS, collective.organisation_id, [collective.pk]
            ),
            "claims": list(selectors.claims_matching(request.user, collective=collective)[:10]),
            "trainings": list(
                selectors.trainings_matching(request.user, collective=collective)[:5]
            ),
            "profile": getattr(collective, "profile", None),
            "bearers": selectors.office_bearers(collective),
            "may_profile": policy.has_cap_for(
                request.user,
                Cap.MANAGE_COLLECTIVE_PROFILE,
                collective.organisation_id,
                [collective.pk],
            ),
        },
    )


def _session_form(request, collective, session=None):
    form = SessionForm(
        request.POST or None,
        initial=SessionForm.initial_for(session) if session else {"kind": "general"},
        leaders=selectors.leader_choices(collective),
        staff=selectors.staff_choices(collective),
    )

    def save(data):
        data = {**data, "guests": session.guests if session else 0}
        if session is None:
            return services.session_create(collective=collective, data=data, actor=request.user)
        return services.session_update(session=session, data=data, actor=request.user)

    return form_view(
        request,
        form,
        save,
        template="collectives/form.html",
        success=_("Session saved."),
        redirect_to=(
            _session_detail
            if session
            else lambda s: reverse("collectives:session_attendance", args=[s.uuid])
        ),
        context={
            "title": _("Edit the session") if session else _("Record a session"),
            "subtitle": collective.name_native or collective.name,
            "cancel": _session_detail(session)
            if session
            else reverse("collectives:collective", args=[collective.uuid]),
        },
    )


@login_required
def session_create(request, uuid):
    collective = access.access_collective(request.user, uuid, Cap.RECORD_SESSIONS)
    return _session_form(request, collective)


@login_required
def session_edit(request, uuid):
    session = access.access_session(request.user, uuid, Cap.RECORD_SESSIONS)
    return _session_form(request, session.collective, session)


@login_required
def session_detail(request, uuid):
    session = access.access_session(request.user, uuid)
    ctx = selectors.session_page(request.user, session, request.GET.get("page", 1))
    ctx.update(
        session=session,
        may_record=policy.has_cap_for(
            request.user, Cap.RECORD_SESSIONS, session.organisation_id, [session.collective_id]
        ),
        statuses=ItemStatus.choices,
        today=timezone.localdate(),
    )
    return render(request, "collectives/session_detail.html", ctx)


@login_required
def session_attendance(request, uuid):
    session = access.access_session(request.user, uuid, Cap.RECORD_SESSIONS)
    page_number = request.POST.get("page") or request.GET.get("page", 1)
    page, rows = selectors.attendance_sheet(session, page_number)
    form = AttendanceForm(request.POST or None, rows=rows, initial={"guests": session.guests})
    everyone = "everyone" in request.POST

    def save(data):
        present = [m.pk for m in rows] if everyone else [int(i) for i in data["present"]]
        services.attendance_record(
            session=session,
            shown_ids=[m.pk for m in rows],
            present_ids=present,
            guests=data["guests"],
            actor=request.user,
        )
        if page.has_next():
            url = reverse("collectives:session_attendance", args=[session.uuid])
            return f"{url}?page={page.next_page_number()}"
        return _session_detail(session)

    return form_view(
        request,
        form,
        save,
        template="collectives/attendance.html",
        success=lambda _url: _("Attendance saved: %(n)s present.") % {"n": session.present_count},
        redirect_to=lambda url: url,
        context={"session": session, "page": page, "rows": rows},
    )


@login_required
def decision_add(request, uuid):
    session = access.access_session(request.user, uuid, Cap.RECORD_SESSIONS)
    return form_view(
        request,
        DecisionForm(request.POST or None),
        lambda data: services.decision_add(session=session, data=data, actor=request.user),
        template="collectives/form.html",
        success=_("Decision recorded."),
        redirect_to=lambda d: _session_detail(session),
        context={
            "title": _("Record a decision"),
            "subtitle": str(session),
            "cancel": _session_detail(session),
        },
    )


@login_required
def action_item_add(request, uuid):
    session = access.access_session(request.user, uuid, Cap.RECORD_SESSIONS)
    form = ActionItemForm(
        request.POST or None,
        members=selectors.assignee_members(session),
        users=selectors.staff_choices(session.collective),
        decisions=list(session.decisions.order_by("id")),
    )
    return form_view(
        request,
        form,
        lambda data: services.action_item_add(session=session, data=data, actor=request.user),
        template="collectives/form.html",
        success=_("Action item added."),
        redirect_to=lambda item: _session_detail(session),
        context={
            "title": _("Add an action item"),
            "subtitle": str(session),
            "cancel": _session_detail(session),
        },
    )


@login_required
@require_POST
def action_item_status(request, uuid):
    item = access.access_action_item(request.user, uuid, Cap.RECORD_SESSIONS)
    try:
        services.action_item_set_status(
            item=item, status=request.POST.get("status", "")[:8], actor=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Action item updated."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = _session_detail(item.session)
    return redirect(target)


@login_required
def index(request):
    require_cap(request.user, Cap.VIEW_SESSIONS)
    page = selectors.collectives_in_scope(request.user, request.GET.get("page", 1))
    return render(request, "collectives/index.html", {"page": page})


# ------------------------------------------------------------------ claims
def _claim_detail(claim) -> str:
    return reverse("collectives:claim_detail", args=[claim.uuid])


@login_required
def claim_list(request):
    require_cap(request.user, Cap.VIEW_CLAIMS)
    status = request.GET.get("status", "")[:24]
    page = selectors.claim_list(request.user, status=status, page=request.GET.get("page", 1))
    return render(
        request,
        "collectives/claim_list.html",
        {"page": page, "status": status, "statuses": ClaimStatus.choices},
    )


def _claim_form(request, collective, claim=None):
    form = ClaimForm(
        request.POST or None,
        initial=ClaimForm.initial_for(claim)
        if claim
        else {"language": _collective_language(collective), "method": "memorandum"},
        bearers=selectors.duty_bearer_choices(request.user, collective.organisation_id)[:200],
        members=selectors.claim_member_choices(collective),
    )

    def save(data):
        if claim is None:
            return services.claim_create(collective=collective, data=data, actor=request.user)
        return services.claim_update(claim=claim, data=data, actor=request.user)

    return form_view(
        request,
        form,
        save,
        template="collectives/claim_form.html",
        success=_("Claim saved."),
        redirect_to=_claim_detail,
        context={
            "title": _("Edit the claim") if claim else _("Draft a claim"),
            "subtitle": collective.name_native or collective.name,
            "cancel": _claim_detail(claim)
            if claim
            else reverse("collectives:collective", args=[collective.uuid]),
        },
    )


def _collective_language(collective) -> str:
    return {"WB": "bn", "AP": "te", "TG": "te"}.get(collective.state, "hi")


@login_required
def claim_create(request, uuid):
    collective = access.access_collective(request.user, uuid, Cap.EDIT_CLAIMS)
    return _claim_form(request, collective)


@login_required
def claim_edit(request, uuid):
    claim = access.access_claim(request.user, uuid, Cap.EDIT_CLAIMS)
    return _claim_form(request, claim.collective, claim)


@login_required
def claim_detail(request, uuid):
    claim = access.access_claim(request.user, uuid)
    ctx = selectors.claim_page(claim)
    reach = (claim.organisation_id, [claim.collective_id])
    ctx.update(
        claim=claim,
        may_edit=policy.has_cap_for(request.user, Cap.EDIT_CLAIMS, *reach),
        may_print=policy.has_cap_for(request.user, Cap.PRINT_PETITIONS, *reach),
        may_drive=policy.has_cap_for(request.user, Cap.EDIT_CLAIMS, *reach)
        and policy.has_cap_for(request.user, Cap.RUN_DRIVES, *reach),
        move_form=ClaimMoveForm(claim=claim),
    )
    return render(request, "collectives/claim_detail.html", ctx)


@login_required
def claim_move(request, uuid):
    claim = access.access_claim(request.user, uuid, Cap.EDIT_CLAIMS)
    form = ClaimMoveForm(request.POST or None, claim=claim)
    return form_view(
        request,
        form,
        lambda d: services.claim_move(
            claim=claim,
            to_status=d["to_status"],
            actor=request.user,
            note=d["note"],
            on=d["on"],
            response=d["response"],
            next_follow_up=d["next_follow_up"],
        ),
        template="collectives/form.html",
        success=lambda step: _("The claim is now: %(s)s.") % {"s": claim.get_status_display()},
        redirect_to=lambda step: _claim_detail(claim),
        context={
            "title": _("Next step of the claim"),
            "subtitle": f"{claim.title} · {claim.get_status_display()}",
            "cancel": _claim_detail(claim),
        },
    )


@login_required
def claim_drive(request, uuid):
    """A granted claim starts a drive (entitlements) for the members it concerned."""
    from saathi.entitlements.models import Scheme

    claim = access.access_claim(request.user, uuid, Cap.EDIT_CLAIMS)
    require_cap(request.user, Cap.RUN_DRIVES)
    if claim.drive_id:
        return redirect("entitlements:drive_detail", uuid=claim.drive.uuid)
    schemes = list(Scheme.objects.catalogue_for([claim.organisation_id]).order_by("code")[:300])
    form = ClaimDriveForm(
        request.POST or None,
        schemes=schemes,
        initial={
            "name": claim.title[:200],
            "target_date": timezone.localdate() + timedelta(days=60),
        },
    )

    def save(data):
        if data["scheme"] is None:
            raise ValidationError({"scheme": _("Choose the scheme.")})
        return services.claim_start_drive(
            claim=claim,
            scheme=data["scheme"],
            name=data["name"],
            target_date=data["target_date"],
            actor=request.user,
        )

    return form_view(
        request,
        form,
        save,
        template="collectives/form.html",
        success=lambda r: (
            _("Drive started: %(started)s applications, %(skipped)s skipped.")
            % {"started": r["started"], "skipped": r["skipped"]}
        ),
        redirect_to=lambda r: reverse("entitlements:drive_detail", args=[r["drive"].uuid]),
        context={
            "title": _("Start a drive for its members"),
            "subtitle": f"{claim.title} · {claim.get_status_display()}",
            "cancel": _claim_detail(claim),
        },
    )


@login_required
def claim_petition(request, uuid):
    claim = access.access_claim(request.user, uuid, Cap.PRINT_PETITIONS)
    if request.method == "POST":
        pdf = services.petition_pdf(claim=claim, actor=request.user)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"{claim.reference}-{claim.language}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "collectives/claim_print.html", {"claim": claim})


# ------------------------------------------------------------------ profile, office bearers
@login_required
def profile_edit(request, uuid):
    collective = access.access_collective(request.user, uuid, Cap.MANAGE_COLLECTIVE_PROFILE)
    profile = getattr(collective, "profile", None)
    initial = (
        {k: getattr(profile, k) for k in services.PROFILE_FIELDS}
        if profile
        else {"networks": collective.networks}
    )
    return form_view(
        request,
        ProfileForm(request.POST or None, initial=initial),
        lambda d: services.profile_save(collective=collective, data=d, actor=request.user),
        template="collectives/form.html",
        success=_("Collective profile saved."),
        redirect_to=reverse("collectives:collective", args=[collective.uuid]),
        context={
            "title": _("Collective profile"),
            "subtitle": collective.name_native or collective.name,
            "cancel": reverse("collectives:collective", args=[collective.uuid]),
        },
    )


@login_required
def office_bearer_add(request, uuid):
    collective = access.access_collective(request.user, uuid, Cap.MANAGE_COLLECTIVE_PROFILE)
    return form_view(
        request,
        OfficeBearerForm(
            request.POST or None,
            members=selectors.claim_member_choices(collective),
            initial={"term_from": timezone.localdate()},
        ),
        lambda d: services.office_bearer_add(collective=collective, data=d, actor=request.user),
        template="collectives/form.html",
        success=_("Office bearer added."),
        redirect_to=reverse("collectives:collective", args=[collective.uuid]),
        context={
            "title": _("Add an office bearer"),
            "subtitle": collective.name_native or collective.name,
            "cancel": reverse("collectives:collective", args=[collective.uuid]),
        },
    )


@login_required
@require_POST
def office_bearer_end(request, uuid):
    bearer = access.access_office_bearer(request.user, uuid, Cap.MANAGE_COLLECTIVE_PROFILE)
    services.office_bearer_end(bearer=bearer, actor=request.user)
    messages.success(request, _("The term has ended."))
    return redirect("collectives:collective", uuid=bearer.collective.uuid)


@login_required
def member_growth(request, uuid):
    from saathi.people.access import access_member

    member = access_member(request.user, uuid)
    require_cap(request.user, Cap.VIEW_SESSIONS)
    ctx = selectors.leader_growth(request.user, member)
    return render(request, "collectives/growth.html", {"member": member, **ctx})


# ------------------------------------------------------------------ trainings
def _training_detail(training) -> str:
    return reverse("collectives:training_detail", args=[training.uuid])


@login_required
def training_list(request):
    require_cap(request.user, Cap.VIEW_SESSIONS)
    return render(
        request,
        "collectives/training_list.html",
        {
            "page": selectors.training_list(request.user, request.GET.get("page", 1)),
            "may_manage": policy.has_cap(request.user, Cap.MANAGE_TRAININGS),
        },
    )


@login_required
def training_create(request):
    from saathi.core.scope import collectives_with

    picker = OrganisationPicker(request.user, Cap.MANAGE_TRAININGS)
    collectives = list(
        collectives_with(request.user, Cap.MANAGE_TRAININGS).filter(organisation_id__in=picker.ids)[
            :200
        ]
    )
    form = picker.add_to(
        TrainingForm(
            request.POST or None,
            collectives=collectives,
            initial=training_initial_from(request.GET, collectives),
        )
    )

    def save(data):
        organisation = picker.take(form)
        collective = data.pop("collective", None)
        return services.training_create(
            organisation=organisation, collective=collective, data=data, actor=request.user
        )

    return form_view(
        request,
        form,
        save,
        template="collectives/form.html",
        success=_("Training saved. Now add its sessions and participants."),
        redirect_to=_training_detail,
        context={"title": _("New training"), "cancel": reverse("collectives:training_list")},
    )


@login_required
def training_edit(request, uuid):
    training = access.access_training(request.user, uuid, Cap.MANAGE_TRAININGS)
    return form_view(
        request,
        TrainingForm(request.POST or None, initial=TrainingForm.initial_for(training)),
        lambda data: services.training_update(training=training, data=data, actor=request.user),
        template="collectives/form.html",
        success=_("Training saved."),
        redirect_to=_training_detail,
        context={"title": _("Edit the training"), "cancel": _training_detail(training)},
    )


@login_required
def training_detail(request, uuid):
    training = access.access_training(request.user, uuid)
    ctx = selectors.training_page(training)
    ctx.update(
        training=training,
        may_manage=policy.has_cap_for(
            request.user,
            Cap.MANAGE_TRAININGS,
            training.organisation_id,
            [training.collective_id] if training.collective_id else [],
        ),
        today=timezone.localdate(),
    )
    return render(request, "collectives/training_detail.html", ctx)


@login_required
def training_session_add(request, uuid):
    training = access.access_training(request.user, uuid, Cap.MANAGE_TRAININGS)
    return form_view(
        request,
        TrainingSessionForm(request.POST or None),
        lambda data: services.training_session_add(
            training=training, data=data, actor=request.user
        ),
        template="collectives/form.html",
        success=_("Session added."),
        redirect_to=lambda s: _training_detail(training),
        context={
            "title": _("Add a session"),
            "subtitle": training.title,
            "cancel": _training_detail(training),
        },
    )


@login_required
def training_session_edit(request, uuid):
    session = access.access_training_session(request.user, uuid, Cap.MANAGE_TRAININGS)
    training = session.training
    return form_view(
        request,
        TrainingSessionForm(request.POST or None, initial=TrainingSessionForm.initial_for(session)),
        lambda data: services.training_session_update(
            session=session, data=data, actor=request.user
        ),
        template="collectives/form.html",
        success=_("Training session saved."),
        redirect_to=lambda s: _training_detail(training),
        context={
            "title": _("Edit the training session"),
            "subtitle": training.title,
            "cancel": _training_detail(training),
        },
    )


@login_required
def training_session_remove(request, uuid):
    """GET: what would go, and the button; POST: removed (refused once attendance is in)."""
    session = access.access_training_session(request.user, uuid, Cap.MANAGE_TRAININGS)
    training = session.training
    attended = selectors.training_session_attended(session)
    when = date_format(session.on, "SHORT_DATE_FORMAT")
    if session.at:
        when += " " + time_format(session.at, "H:i")
    return form_view(
        request,
        ConfirmForm(request.POST if request.method == "POST" else None),
        lambda _data: services.training_session_remove(session=session, actor=request.user),
        template="collectives/confirm_remove.html",
        success=_("Session removed."),
        redirect_to=lambda _r: _training_detail(training),
        context={
            "title": _("Remove this session?"),
            "subtitle": training.title,
            "facts": [
                (_("Topic"), session.topic),
                (_("Date"), when),
                (_("Place"), session.place or _("online")),
            ],
            "blocked": attended
            and _(
                "Attendance is recorded for this session, so it cannot be removed. "
                "Untick everyone on its attendance list first if it was added by mistake."
            ),
            "warning": _("Remove it only if it was added by mistake. This cannot be undone."),
            "button": _("Remove the session"),
            "cancel": _training_detail(training),
        },
    )


@login_required
def training_participant_remove(request, uuid):
    """GET: who and how much attendance would go, and the button; POST: removed."""
    participant = access.access_training_participant(request.user, uuid, Cap.MANAGE_TRAININGS)
    training = participant.training
    attended = selectors.training_participant_attended(participant)
    if attended:
        warning = ngettext(
            "Attendance at %(n)s session of this training is removed with this participant.",
            "Attendance at %(n)s sessions of this training is removed with this participant.",
            attended,
        ) % {"n": attended}
    else:
        warning = _("No attendance is recorded for this participant.")
    return form_view(
        request,
        ConfirmForm(request.POST if request.method == "POST" else None),
        lambda _data: services.training_participant_remove(
            participant=participant, actor=request.user
        ),
        template="collectives/confirm_remove.html",
        success=_("Participant removed."),
        redirect_to=lambda _r: _training_detail(training),
        context={
            "title": _("Remove this participant?"),
            "subtitle": training.title,
            "who": participant,
            "warning": warning + " " + _("Remove only someone added by mistake."),
            "button": _("Remove the participant"),
            "cancel": _training_detail(training),
        },
    )


@login_required
def training_participant_add(request, uuid):
    training = access.access_training(request.user, uuid, Cap.MANAGE_TRAININGS)
    form = TrainingParticipantForm(
        request.POST or None,
        members=selectors.training_member_choices(training),
        users=selectors.training_staff_choices(training),
    )
    return form_view(
        request,
        form,
        lambda data: services.training_participant_add(
            training=training, data=data, actor=request.user
        ),
        template="collectives/form.html",
        success=_("Participant added."),
        redirect_to=lambda p: (
            reverse("collectives:training_participant_add", args=[training.uuid])
            if "another" in request.POST
            else _training_detail(training)
        ),
        context={
            "title": _("Add a participant"),
            "subtitle": training.title,
            "cancel": _training_detail(training),
        },
    )


@login_required
def training_attendance(request, uuid):
    session = access.access_training_session(request.user, uuid, Cap.MANAGE_TRAININGS)
    rows = selectors.training_sheet(session)
    form = TrainingAttendanceForm(request.POST or None, rows=rows)
    return form_view(
        request,
        form,
        lambda data: services.training_attendance_record(
            session=session, present_ids=data["present"], actor=request.user
        ),
        template="collectives/training_attendance.html",
        success=lambda _r: _("Attendance saved: %(n)s present.") % {"n": session.present_count},
        redirect_to=lambda _r: _training_detail(session.training),
        context={"session": session, "rows": rows},
    )


# ------------------------------------------------------------------ figures (viewers)
@login_required
def figures(request):
    """Counts only, small ones suppressed: what viewers and funders see of facilitation."""
    require_cap(request.user, Cap.VIEW_AGGREGATES)
    return render(request, "collectives/figures.html", {"fig": selectors.figures(request.user)})
