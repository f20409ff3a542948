"""Advocacy pages. Thin: access -> form -> service -> render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saathi.core import policy
from saathi.core.access import deny, get_or_404, require_cap
from saathi.core.files import download_name
from saathi.core.forms import OrganisationPicker, form_view
from saathi.core.policy import Cap
from saathi.core.scope import collectives_with, organisations_with
from saathi.core.views import private_file_response

from . import access, selectors, services
from .forms import (
    ActionForm,
    CampaignForm,
    DocumentForm,
    EngagementForm,
    FollowUpForm,
    IdentityConsentForm,
    JournalistForm,
    MoveForm,
    OutcomeForm,
    OutletForm,
    ParticipantForm,
    PublishForm,
    ResponseForm,
    ReviewForm,
    TimelinePrintForm,
    TreatmentForm,
)
from .models import (
    ENGAGEMENT_TRANSITIONS,
    ActionKind,
    EngagementStatus,
)

FORM = "advocacy/form.html"


def _page(request):
    return request.GET.get("page", 1)


def _may(user, cap, obj) -> bool:
    collectives = [obj.collective_id] if getattr(obj, "collective_id", None) else []
    return policy.has_cap_for(user, cap, obj.organisation_id, collectives)


@login_required
def index(request):
    require_cap(request.user, Cap.VIEW_ADVOCACY)
    return render(
        request,
        "advocacy/index.html",
        {
            "alerts": selectors.unseen_alerts(request.user),
            "follow_ups": selectors.open_follow_ups(request.user),
            "may_manage": policy.has_cap(request.user, Cap.MANAGE_ADVOCACY),
        },
    )


# ------------------------------------------------------------------ where a record goes
def _place(request, cap: str, what: str):
    """The organisation and collective a new record goes to, from ``?in=<uuid>`` (a
    collective, or the organisation for a record of none). Without it: a page to choose,
    or the one place there is. Returns (organisation, collective) or a response."""
    user = request.user
    require_cap(user, cap)
    chosen = request.GET.get("in", "")[:40]
    collectives = collectives_with(user, cap).select_related("organisation")
    organisations = organisations_with(user, cap)
    if chosen:
        try:
            coll = collectives.filter(uuid=chosen).first()
            org = None if coll else organisations.filter(uuid=chosen).first()
        except ValidationError:
            coll = org = None
        if coll is not None:
            return coll.organisation, coll
        if org is not None:
            return org, None
        deny(user, object_type="people.collective", object_id=chosen)
        raise Http404
    places = [(o.uuid, o.name, _("The whole organisation")) for o in organisations]
    places += [(c.uuid, c.name_native or c.name, c.organisation.name) for c in collectives[:200]]
    if len(places) == 1:
        return redirect(f"{request.path}?in={places[0][0]}")
    return render(request, "advocacy/where.html", {"places": places, "what": what})


def _place_label(organisation, collective) -> str:
    return (collective.name_native or collective.name) if collective else organisation.name


# ------------------------------------------------------------------ media contacts
@login_required
def outlet_list(request):
    require_cap(request.user, Cap.VIEW_ADVOCACY)
    q = request.GET.get("q", "")[:100]
    archived = request.GET.get("archived") == "1"
    return render(
        request,
        "advocacy/outlet_list.html",
        {
            "page": selectors.outlet_list(
                request.user, q=q, archived=archived, page=_page(request)
            ),
            "q": q,
            "archived": archived,
            "may_manage": policy.has_cap(request.user, Cap.MANAGE_ADVOCACY),
        },
    )


@login_required
def outlet_create(request):
    picker = OrganisationPicker(request.user, Cap.MANAGE_ADVOCACY, through_collectives=True)
    form = picker.add_to(OutletForm(request.POST or None))
    return form_view(
        request,
        form,
        lambda d: services.outlet_create(
            organisation=picker.take(form), data=d, actor=request.user
        ),
        template=FORM,
        success=_("Outlet added."),
        redirect_to=lambda o: reverse("advocacy:outlet_detail", args=[o.uuid]),
        context={"title": _("Add a media outlet"), "cancel": reverse("advocacy:outlet_list")},
    )


def _contacts_manager(user, obj) -> bool:
    return policy.has_cap_for(
        user, Cap.MANAGE_ADVOCACY, obj.organisation_id, object_type=obj._meta.label_lower
    )


@login_required
def outlet_detail(request, uuid):
    outlet = access.access_outlet(request.user, uuid)
    return render(
        request,
        "advocacy/outlet_detail.html",
        {
            "outlet": outlet,
            "journalists": list(outlet.journalists.order_by("name", "id")[:50]),
            "may_edit": _contacts_manager(request.user, outlet),
        },
    )


@login_required
def outlet_edit(request, uuid):
    outlet = access.access_outlet(request.user, uuid, Cap.MANAGE_ADVOCACY)
    url = reverse("advocacy:outlet_detail", args=[outlet.uuid])
    return form_view(
        request,
        OutletForm(request.POST or None, instance=outlet, creating=False),
        lambda d: services.outlet_update(outlet=outlet, data=d, actor=request.user),
        template=FORM,
        success=_("Saved."),
        redirect_to=url,
        context={"title": _("Edit the outlet"), "cancel": url},
    )


@login_required
def journalist_list(request):
    require_cap(request.user, Cap.VIEW_ADVOCACY)
    q = request.GET.get("q", "")[:100]
    archived = request.GET.get("archived") == "1"
    return render(
        request,
        "advocacy/journalist_list.html",
        {
            "page": selectors.journalist_list(
                request.user, q=q, archived=archived, page=_page(request)
            ),
            "q": q,
            "archived": archived,
            "may_manage": policy.has_cap(request.user, Cap.MANAGE_ADVOCACY),
        },
    )


@login_required
def journalist_create(request):
    picker = OrganisationPicker(request.user, Cap.MANAGE_ADVOCACY, through_collectives=True)
    outlets = [
        o for org in picker.organisations for o in selectors.outlet_choices(request.user, org.pk)
    ]
    form = picker.add_to(JournalistForm(request.POST or None, outlets=outlets))
    return form_view(
        request,
        form,
        lambda d: services.journalist_create(
            organisation=picker.take(form), data=d, actor=request.user
        ),
        template=FORM,
        success=_("Journalist added."),
        redirect_to=lambda j: reverse("advocacy:journalist_detail", args=[j.uuid]),
        context={"title": _("Add a journalist"), "cancel": reverse("advocacy:journalist_list")},
    )


@login_required
def journalist_detail(request, uuid):
    journalist = access.access_journalist(request.user, uuid)
    return render(
        request,
        "advocacy/journalist_detail.html",
        {
            "journalist": journalist,
            "may_edit": _contacts_manager(request.user, journalist),
            **selectors.journalist_page(journalist),
        },
    )


@login_required
def journalist_edit(request, uuid):
    journalist = access.access_journalist(request.user, uuid, Cap.MANAGE_ADVOCACY)
    url = reverse("advocacy:journalist_detail", args=[journalist.uuid])
    form = JournalistForm(
        request.POST or None,
        instance=journalist,
        outlets=selectors.outlet_choices(request.user, journalist.organisation_id),
        creating=False,
    )
    return form_view(
        request,
        form,
        lambda d: services.journalist_update(journalist=journalist, data=d, actor=request.user),
        template=FORM,
        success=_("Saved."),
        redirect_to=url,
        context={"title": _("Edit the journalist"), "cancel": url},
    )


@login_required
def treatment_add(request, uuid):
    journalist = access.access_journalist(request.user, uuid, Cap.MANAGE_ADVOCACY)
    url = reverse("advocacy:journalist_detail", args=[journalist.uuid])
    return form_view(
        request,
        TreatmentForm(request.POST or None, initial={"on": timezone.localdate()}),
        lambda d: services.treatment_record(journalist=journalist, data=d, actor=request.user),
        template=FORM,
        success=_("Recorded."),
        redirect_to=url,
        context={
            "title": _("How identities were treated"),
            "subtitle": journalist.name,
            "cancel": url,
        },
    )


# ------------------------------------------------------------------ campaigns
@login_required
def campaign_list(request):
    require_cap(request.user, Cap.VIEW_ADVOCACY)
    return render(
        request,
        "advocacy/campaign_list.html",
        {
            "page": selectors.campaign_list(request.user, page=_page(request)),
            "may_manage": policy.has_cap(request.user, Cap.MANAGE_ADVOCACY),
        },
    )


def _campaign_form(request, organisation, collective, campaign=None):
    claims = selectors.claim_choices(request.user, organisation.pk, collective)
    form = CampaignForm(
        request.POST or None,
        claims=claims,
        initial=CampaignForm.initial_for(campaign)
        if campaign
        else {"started_on": timezone.localdate()},
    )

    def save(data):
        if campaign is None:
            return services.campaign_create(
                organisation=organisation,
                data={**data, "collective": collective},
                actor=request.user,
            )
        return services.campaign_update(campaign=campaign, data=data, actor=request.user)

    return form_view(
        request,
        form,
        save,
        template=FORM,
        success=_("Campaign saved."),
        redirect_to=lambda c: reverse("advocacy:campaign_detail", args=[c.uuid]),
        context={
            "title": _("Edit the campaign") if campaign else _("Start a campaign"),
            "subtitle": _place_label(organisation, collective),
            "cancel": reverse("advocacy:campaign_list"),
        },
    )


@login_required
def campaign_create(request):
    place = _place(request, Cap.MANAGE_ADVOCACY, _("Start a campaign"))
    if isinstance(place, HttpResponse):
        return place
    return _campaign_form(request, *place)


@login_required
def campaign_edit(request, uuid):
    campaign = access.access_campaign(request.user, uuid, Cap.MANAGE_ADVOCACY)
    return _campaign_form(request, campaign.organisation, campaign.collective, campaign)


@login_required
def campaign_detail(request, uuid):
    """The timeline: the campaign's actions, engagements, claims and outcomes in date
    order, 50 at a time; members named only as their consent allows."""
    campaign = access.access_campaign(request.user, uuid)
    try:
        number = max(1, min(int(request.GET.get("page", 1)), 100_000))
    except ValueError:
        number = 1
    size = selectors.PAGE_SIZE
    items, more = selectors.timeline_items(request.user, campaign, start=(number - 1) * size)
    return render(
        request,
        "advocacy/campaign_detail.html",
        {
            "campaign": campaign,
            "items": items,
            "number": number,
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if more else None,
            "may_edit": _may(request.user, Cap.MANAGE_ADVOCACY, campaign),
            "may_print": _may(request.user, Cap.PRINT_TIMELINE, campaign),
        },
    )


@login_required
def campaign_print(request, uuid):
    campaign = access.access_campaign(request.user, uuid, Cap.PRINT_TIMELINE)
    language = (get_language() or "en")[:2]
    form = TimelinePrintForm(
        request.POST or None,
        initial={"language": language if language in ("bn", "te", "hi") else "en"},
    )
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        pdf = services.timeline_pdf(campaign=campaign, actor=request.user, language=language)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{campaign.reference}-{language}.pdf"'
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "advocacy/campaign_print.html",
        {"campaign": campaign, "form": form, "error_forms": [form]},
    )


# ------------------------------------------------------------------ engagements
def _engagement_url(e) -> str:
    return reverse("advocacy:engagement_detail", args=[e.uuid])


@login_required
def engagement_list(request):
    require_cap(request.user, Cap.VIEW_ADVOCACY)
    status = request.GET.get("status", "")[:12]
    return render(
        request,
        "advocacy/engagement_list.html",
        {
            "page": selectors.engagement_list(request.user, status=status, page=_page(request)),
            "status": status,
            "statuses": EngagementStatus.choices,
            "may_manage": policy.has_cap(request.user, Cap.MANAGE_ADVOCACY),
        },
    )


def _engagement_form(request, organisation, collective, engagement=None):
    user = request.user
    form = EngagementForm(
        request.POST or None,
        initial=EngagementForm.initial_for(engagement)
        if engagement
        else {"kind": "interview", "on": timezone.localdate(), "handled_by": str(user.uuid)},
        outlets=selectors.outlet_choices(user, organisation.pk),
        journalists=selectors.journalist_choices(user, organisation.pk),
        campaigns=selectors.campaign_choices(user, organisation.pk, collective),
        handlers=selectors.handler_choices(organisation.pk, collective),
    )

    def save(data):
        if engagement is None:
            return services.engagement_create(
                organisation=organisation, data={**data, "collective": collective}, actor=user
            )
        return services.engagement_update(engagement=engagement, data=data, actor=user)

    return form_view(
        request,
        form,
        save,
        template=FORM,
        success=_("Engagement saved."),
        redirect_to=_engagement_url,
        context={
            "title": _("Edit the engagement") if engagement else _("Record a media engagement"),
            "subtitle": _place_label(organisation, collective),
            "cancel": _engagement_url(engagement)
            if engagement
            else reverse("advocacy:engagement_list"),
        },
    )


@login_required
def engagement_create(request):
    place = _place(request, Cap.MANAGE_ADVOCACY, _("Record a media engagement"))
    if isinstance(place, HttpResponse):
        return place
    return _engagement_form(request, *place)


@login_required
def engagement_edit(request, uuid):
    engagement = access.access_engagement(request.user, uuid, Cap.MANAGE_ADVOCACY)
    if not engagement.unpublished:
        messages.error(request, _("A published or cancelled engagement is not changed any more."))
        return redirect(_engagement_url(engagement))
    return _engagement_form(request, engagement.organisation, engagement.collective, engagement)


@login_required
def engagement_detail(request, uuid):
    engagement = access.access_engagement(request.user, uuid)
    services.alerts_seen(engagement=engagement, user=request.user)
    ctx = selectors.engagement_page(engagement)
    ctx.update(
        engagement=engagement,
        may_manage=_may(request.user, Cap.MANAGE_ADVOCACY, engagement),
        may_withdraw=_may(request.user, Cap.RECORD_CONSENT, engagement),
        may_see_names=_may(request.user, Cap.VIEW_MEMBERS, engagement),
        next_statuses=[
            (v, label)
            for v, label in EngagementStatus.choices
            if v in ENGAGEMENT_TRANSITIONS[engagement.status] and v != "published"
        ],
    )
    return render(request, "advocacy/engagement_detail.html", ctx)


@login_required
def participant_add(request, uuid):
    engagement = access.access_engagement(request.user, uuid, Cap.MANAGE_ADVOCACY)
    url = _engagement_url(engagement)
    form = ParticipantForm(
        request.POST or None,
        members=selectors.member_choices(engagement.organisation_id, engagement.collective),
        initial={"role": "leader"},
    )
    return form_view(
        request,
        form,
        lambda d: services.participant_add(
            engagement=engagement, member=d["member"], role=d["role"], actor=request.user
        ),
        template=FORM,
        success=_("Added. Now record what she agrees may be shown of her."),
        redirect_to=lambda p: reverse("advocacy:consent_record", args=[p.uuid]),
        context={"title": _("Who takes part"), "subtitle": str(engagement), "cancel": url},
    )


@login_required
def consent_record(request, uuid):
    participant = access.access_participant(request.user, uuid, Cap.MANAGE_ADVOCACY)
    engagement = participant.engagement
    member = participant.member
    form = IdentityConsentForm(
        request.POST or None,
        initial={
            "language": member.preferred_language,
            "method": "signature",
            "name_shown": "none",
            "face": "none",
            "voice": "none",
        },
    )
    return form_view(
        request,
        form,
        lambda d: services.identity_consent_record(
            participant=participant, data=d, actor=request.user
        ),
        template="advocacy/consent_form.html",
        success=_("Her consent is recorded."),
        redirect_to=_engagement_url(engagement),
        context={
            "title": _("What may be shown of her"),
            "subtitle": f"{member.native_name or member.display_name} · {engagement}",
            "cancel": _engagement_url(engagement),
        },
    )


@login_required
def review_record(request, uuid):
    participant = access.access_participant(request.user, uuid, Cap.MANAGE_ADVOCACY)
    engagement = participant.engagement
    member = participant.member
    return form_view(
        request,
        ReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()}),
        lambda d: services.identity_review_record(
            participant=participant, data=d, actor=request.user
        ),
        template=FORM,
        success=_("Her review is recorded."),
        redirect_to=_engagement_url(engagement),
        context={
            "title": _("She saw or heard the piece and agreed"),
            "subtitle": f"{member.native_name or member.display_name} · {engagement}",
            "cancel": _engagement_url(engagement),
        },
    )


@login_required
@require_POST
def consent_withdraw(request, uuid):
    participant = access.access_participant(request.user, uuid, Cap.RECORD_CONSENT)
    try:
        services.identity_consent_withdraw(participant=participant, actor=request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Her consent is withdrawn. Nothing may be published of her."))
    return redirect(_engagement_url(participant.engagement))


@login_required
def engagement_publish(request, uuid):
    engagement = access.access_engagement(request.user, uuid, Cap.MANAGE_ADVOCACY)
    url = _engagement_url(engagement)
    form = PublishForm(
        request.POST or None, request.FILES or None, initial={"published_on": timezone.localdate()}
    )
    return form_view(
        request,
        form,
        lambda d: services.engagement_publish(
            engagement=engagement,
            data=d,
            scan=d.get("scan"),
            actor=request.user,
        ),
        template=FORM,
        success=_("Marked published."),
        redirect_to=url,
        context={
            "title": _("Mark published"),
            "subtitle": str(engagement),
            "cancel": url,
            "multipart": True,
        },
    )


@login_required
def engagement_move(request, uuid):
    engagement = access.access_engagement(request.user, uuid, Cap.MANAGE_ADVOCACY)
    url = _engagement_url(engagement)
    choices = [
        (v, label)
        for v, label in EngagementStatus.choices
        if v in ENGAGEMENT_TRANSITIONS[engagement.status] and v != "published"
    ]
    return form_view(
        request,
        MoveForm(request.POST or None, choices=choices),
        lambda d: services.engagement_move(
            engagement=engagement, to_status=d["to_status"], note=d["note"], actor=request.user
        ),
        template=FORM,
        success=_("Saved."),
        redirect_to=url,
        context={"title": _("Held or cancelled"), "subtitle": str(engagement), "cancel": url},
    )


@login_required
def engagement_scan(request, uuid):
    engagement = access.access_engagement(request.user, uuid)
    mime = engagement.published_scan_type
    return private_file_response(
        request,
        engagement,
        "published_scan_file",
        filename=download_name(f"{engagement.reference}-published", mime),
        content_type=mime,
    )


# ------------------------------------------------------------------ actions
def _action_url(a) -> str:
    return reverse("advocacy:action_detail", args=[a.uuid])


@login_required
def action_list(request):
    require_cap(request.user, Cap.VIEW_ADVOCACY)
    kind = request.GET.get("kind", "")[:16]
    return render(
        request,
        "advocacy/action_list.html",
        {
            "page": selectors.action_list(request.user, kind=kind, page=_page(request)),
            "kind": kind,
            "kinds": ActionKind.choices,
            "may_manage": policy.has_cap(request.user, Cap.MANAGE_ADVOCACY),
        },
    )


def _action_form(request, organisation, collective, action=None):
    from saathi.collectives.selectors import duty_bearer_choices

    user = request.user
    form = ActionForm(
        request.POST or None,
        initial=ActionForm.initial_for(action)
        if action
        else {"kind": "memorandum", "on": timezone.localdate(), "others_count": 0},
        bearers=list(duty_bearer_choices(user, organisation.pk)[:200]),
        members=selectors.member_choices(organisation.pk, collective),
        campaigns=selectors.campaign_choices(user, organisation.pk, collective),
        claims=selectors.claim_choices(user, organisation.pk, collective),
        matters=selectors.matter_choices(user, organisation.pk),
        drives=selectors.drive_choices(user, organisation.pk),
    )

    def save(data):
        data = {**data, "others_count": data.get("others_count") or 0}
        if action is None:
            return services.action_create(
                organisation=organisation, data={**data, "collective": collective}, actor=user
            )
        data.setdefault("response", action.response)
        data.setdefault("response_on", action.response_on)
        for name in ("legal_matters", "drives"):  # links the editor does not reach stay
            if name not in form.fields:
                data[name] = list(getattr(action, name).all())
        return services.action_update(action=action, data=data, actor=user)

    return form_view(
        request,
        form,
        save,
        template=FORM,
        success=_("Action saved."),
        redirect_to=_action_url,
        context={
            "title": _("Edit the action") if action else _("Record an advocacy action"),
            "subtitle": _place_label(organisation, collective),
            "cancel": _action_url(action) if action else reverse("advocacy:action_list"),
        },
    )


@login_required
def action_create(request):
    place = _place(request, Cap.MANAGE_ADVOCACY, _("Record an advocacy action"))
    if isinstance(place, HttpResponse):
        return place
    return _action_form(request, *place)


@login_required
def action_edit(request, uuid):
    action = access.access_action(request.user, uuid, Cap.MANAGE_ADVOCACY)
    return _action_form(request, action.organisation, action.collective, action)


@login_required
def action_detail(request, uuid):
    action = access.access_action(request.user, uuid)
    ctx = selectors.action_page(request.user, action)
    ctx.update(action=action, may_manage=_may(request.user, Cap.MANAGE_ADVOCACY, action))
    return render(request, "advocacy/action_detail.html", ctx)


@login_required
def action_response(request, uuid):
    action = access.access_action(request.user, uuid, Cap.MANAGE_ADVOCACY)
    url = _action_url(action)
    return form_view(
        request,
        ResponseForm(
            request.POST or None,
            initial={"response": action.response, "response_on": action.response_on},
        ),
        lambda d: services.action_response(action=action, data=d, actor=request.user),
        template=FORM,
        success=_("The response is recorded."),
        redirect_to=url,
        context={"title": _("The response"), "subtitle": action.title, "cancel": url},
    )


@login_required
def document_add(request, uuid):
    action = access.access_action(request.user, uuid, Cap.MANAGE_ADVOCACY)
    url = _action_url(action)
    return form_view(
        request,
        DocumentForm(request.POST or None, request.FILES or None),
        lambda d: services.document_add(
            action=action, data=d, upload=d.get("upload"), actor=request.user
        ),
        template=FORM,
        success=_("Document added."),
        redirect_to=url,
        context={
            "title": _("Add a document"),
            "subtitle": action.title,
            "cancel": url,
            "multipart": True,
        },
    )


@login_required
def document_file(request, uuid, doc):
    action = access.access_action(request.user, uuid)
    document = get_or_404(action.documents.all(), request.user, uuid=doc)
    if document.names_people and not _may(request.user, Cap.MANAGE_ADVOCACY, action):
        deny(request.user, object_type="advocacy.actiondocument", object_id=str(doc))
        raise PermissionDenied
    return private_file_response(
        request,
        document,
        "doc_file",
        filename=download_name(f"{action.reference}-document", document.content_type),
        content_type=document.content_type,
    )


@login_required
def follow_up_add(request, uuid):
    action = access.access_action(request.user, uuid, Cap.MANAGE_ADVOCACY)
    url = _action_url(action)
    from saathi.collectives.selectors import staff_choices

    users = list(staff_choices(action.collective)) if action.collective else [request.user]
    return form_view(
        request,
        FollowUpForm(
            request.POST or None,
            users=users,
            initial={"assigned_to": str(request.user.uuid)},
        ),
        lambda d: services.follow_up_add(action=action, data=d, actor=request.user),
        template=FORM,
        success=_("Follow-up added to the agenda."),
        redirect_to=url,
        context={"title": _("Add a follow-up"), "subtitle": action.title, "cancel": url},
    )


@login_required
@require_POST
def follow_up_done(request, uuid):
    follow_up = access.access_follow_up(request.user, uuid, Cap.MANAGE_ADVOCACY)
    services.follow_up_done(follow_up=follow_up, actor=request.user)
    messages.success(request, _("Done."))
    return redirect(_action_url(follow_up.action))


# ------------------------------------------------------------------ outcomes
def _outcome_url(o) -> str:
    return reverse("advocacy:outcome_detail", args=[o.uuid])


@login_required
def outcome_list(request):
    require_cap(request.user, Cap.VIEW_ADVOCACY)
    return render(
        request,
        "advocacy/outcome_list.html",
        {
            "page": selectors.outcome_list(request.user, page=_page(request)),
            "may_manage": policy.has_cap(request.user, Cap.MANAGE_ADVOCACY),
        },
    )


def _outcome_form(request, organisation, collective, outcome=None):
    user = request.user
    form = OutcomeForm(
        request.POST or None,
        request.FILES or None,
        initial=OutcomeForm.initial_for(outcome)
        if outcome
        else {"kind": "government_order", "on": timezone.localdate()},
        members=selectors.member_choices(organisation.pk, collective),
        campaigns=selectors.campaign_choices(user, organisation.pk, collective),
        actions=selectors.action_choices(user, organisation.pk, collective),
        engagements=selectors.engagement_choices(user, organisation.pk, collective),
        claims=selectors.claim_choices(user, organisation.pk, collective),
    )

    def save(data):
        evidence = data.pop("evidence", None)
        if outcome is None:
            return services.outcome_create(
                organisation=organisation,
                data={**data, "collective": collective},
                evidence=evidence,
                actor=user,
            )
        return services.outcome_update(outcome=outcome, data=data, evidence=evidence, actor=user)

    return form_view(
        request,
        form,
        save,
        template=FORM,
        success=_("Outcome saved."),
        redirect_to=_outcome_url,
        context={
            "title": _("Edit the outcome") if outcome else _("Record a change won"),
            "subtitle": _place_label(organisation, collective),
            "cancel": _outcome_url(outcome) if outcome else reverse("advocacy:outcome_list"),
            "multipart": True,
        },
    )


@login_required
def outcome_create(request):
    place = _place(request, Cap.MANAGE_ADVOCACY, _("Record a change won"))
    if isinstance(place, HttpResponse):
        return place
    return _outcome_form(request, *place)


@login_required
def outcome_edit(request, uuid):
    outcome = access.access_outcome(request.user, uuid, Cap.MANAGE_ADVOCACY)
    return _outcome_form(request, outcome.organisation, outcome.collective, outcome)


@login_required
def outcome_detail(request, uuid):
    outcome = access.access_outcome(request.user, uuid)
    ctx = selectors.outcome_page(request.user, outcome)
    may_manage = _may(request.user, Cap.MANAGE_ADVOCACY, outcome)
    ctx.update(
        outcome=outcome,
        may_manage=may_manage,
        may_verify=_may(request.user, Cap.VERIFY_OUTCOMES, outcome)
        and outcome.created_by_id != request.user.pk,
        may_open_evidence=bool(outcome.evidence_file)
        and (may_manage or not outcome.evidence_names_people),
    )
    return render(request, "advocacy/outcome_detail.html", ctx)


@login_required
@require_POST
def outcome_verify(request, uuid):
    outcome = access.access_outcome(request.user, uuid, Cap.VERIFY_OUTCOMES)
    try:
        services.outcome_verify(outcome=outcome, actor=request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Marked verified."))
    return redirect(_outcome_url(outcome))


@login_required
def outcome_evidence(request, uuid):
    outcome = access.access_outcome(request.user, uuid)
    if outcome.evidence_names_people and not _may(request.user, Cap.MANAGE_ADVOCACY, outcome):
        deny(request.user, object_type="advocacy.outcome", object_id=str(uuid))
        raise PermissionDenied
    mime = outcome.evidence_type
    return private_file_response(
        request,
        outcome,
        "evidence_file",
        filename=download_name(f"{outcome.reference}-evidence", mime),
        content_type=mime,
    )
