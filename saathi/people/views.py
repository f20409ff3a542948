"""Registry pages. Thin: access -> form -> service -> render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saathi.core import consent, policy
from saathi.core.access import require_cap
from saathi.core.files import download_name
from saathi.core.forms import OrganisationPicker, RevealForm, apply_service_errors, form_view
from saathi.core.models import Consent
from saathi.core.policy import Cap
from saathi.core.views import private_file_response
from saathi.linkage.registration import duplicates_to_confirm

from . import access, selectors, services
from .forms import (
    ArchiveForm,
    CollectiveForm,
    ConfidentialForm,
    ConsentForm,
    DependantForm,
    DocumentForm,
    HouseholdMemberForm,
    MemberEditForm,
    MemberRegisterForm,
    MembershipForm,
    NameForm,
    OrganisationForm,
    PhoneForm,
    WithdrawConsentForm,
    register_from_form,
)

_require_cap = require_cap


@login_required
def member_list(request):
    _require_cap(request.user, Cap.VIEW_MEMBERS)
    filters = selectors.MemberFilters(
        q=request.GET.get("q", "")[:100],
        collective=request.GET.get("collective", "")[:40],
        district=request.GET.get("district", "")[:100],
        missing_document=request.GET.get("missing") == "1",
        archived=request.GET.get("archived") == "1",
    )
    try:
        page = selectors.member_list(request.user, filters, request.GET.get("page", 1))
    except ValidationError:  # malformed collective uuid
        page = selectors.member_list(
            request.user, selectors.MemberFilters(q=filters.q), request.GET.get("page", 1)
        )
    context = {
        "page": page,
        "filters": filters,
        "may_register": policy.has_cap(request.user, Cap.EDIT_MEMBERS),
        **selectors.filter_choices(request.user),
    }
    if request.htmx and request.htmx.target == "member-results":
        return render(request, "people/member_list.html#results", context)
    return render(request, "people/member_list.html", context)


@login_required
def member_register(request):
    _require_cap(request.user, Cap.EDIT_MEMBERS)
    choices = access.registration_choices(request.user)
    if not choices["organisations"].exists():
        raise PermissionDenied
    may_confidential = policy.has_cap(request.user, Cap.EDIT_CONFIDENTIAL)
    form = MemberRegisterForm(request.POST or None, **choices)
    conf_form = ConfidentialForm(request.POST or None, prefix="c") if may_confidential else None
    duplicates = None
    if request.method == "POST" and form.is_valid() and (conf_form is None or conf_form.is_valid()):
        # likely duplicates already registered are shown first (saathi.linkage)
        duplicates = duplicates_to_confirm(request.user, form, request.POST)
        member = None if duplicates else register_from_form(form, conf_form, request.user)
        if member is not None:
            messages.success(request, _("Member registered: %(ref)s") % {"ref": member.reference})
            return redirect("people:member_detail", uuid=member.uuid)
    return render(
        request,
        "people/member_form.html",
        {"form": form, "conf_form": conf_form, "creating": True, "dup": duplicates},
    )


@login_required
def member_detail(request, uuid):
    member = access.access_member(request.user, uuid)
    reveal_form = RevealForm(request.POST or None)
    reason = None
    if request.method == "POST":  # the reveal form: confidential details, with a reason
        if not access.may(request.user, Cap.VIEW_CONFIDENTIAL, member):
            raise PermissionDenied
        if reveal_form.is_valid():
            reason = reveal_form.chosen_reason()
    ctx = selectors.member_profile(request.user, member, reveal_reason=reason)
    ctx["reveal_form"] = reveal_form
    ctx["documents"] = [
        (doc, selectors.document_display_number(request.user, doc)) for doc in ctx["documents"]
    ]
    ctx["may_edit"] = access.may(request.user, Cap.EDIT_MEMBERS, member)
    ctx["may_archive"] = access.may(request.user, Cap.ARCHIVE_MEMBERS, member)
    ctx["may_audit"] = policy.has_cap_for(request.user, Cap.VIEW_AUDIT, member.organisation_id)
    ctx["may_edit_documents"] = access.may(request.user, Cap.EDIT_DOCUMENTS, member)
    return render(request, "people/member_detail.html", ctx)


@login_required
def member_edit(request, uuid):
    member = access.access_member(request.user, uuid, Cap.EDIT_MEMBERS)
    may_confidential = access.may(request.user, Cap.EDIT_CONFIDENTIAL, member)
    initial = {
        "primary_name": member.display_name,
        "native_name": member.native_name,
        "sex": member.sex,
        "gender": member.gender,
        "age": None if member.birth_date else member.age,
        "state": member.state,
        "district": member.district,
        "block": member.block,
        "village": member.village,
        "preferred_language": member.preferred_language,
    }
    if member.birth_date and access.may(request.user, Cap.VIEW_PERSONAL, member):
        from datetime import date

        from saathi.core.confidential import reveal

        initial["birth_date"] = date.fromisoformat(
            reveal(request.user, member, ["birth_date"])["birth_date"]
        )
    elif member.birth_date:
        initial["age"] = member.age
    form = MemberEditForm(request.POST or None, initial=initial)
    conf_form = None
    # the reveal form (its own POST, with a reason) shows the confidential details to edit
    revealing = request.method == "POST" and request.POST.get("_action") == "reveal"
    reveal_form = RevealForm(request.POST if revealing else None)
    if revealing:
        form = MemberEditForm(initial=initial)
    if may_confidential:
        conf_initial = {}
        if revealing and reveal_form.is_valid():
            from saathi.core.confidential import reveal

            conf_initial = reveal(
                request.user,
                member,
                list(services.CONFIDENTIAL_FIELDS),
                reason=reveal_form.chosen_reason(),
            )
        conf_form = ConfidentialForm(
            None if revealing else (request.POST or None), prefix="c", initial=conf_initial
        )
        conf_form.revealed = bool(conf_initial) or (revealing and reveal_form.is_valid())
    saving = request.method == "POST" and not revealing
    if saving and form.is_valid() and (conf_form is None or conf_form.is_valid()):
        d = form.cleaned_data
        year, estimated = form.birth_year()
        changes = {
            "display_name": d["primary_name"].strip(),
            "native_name": d["native_name"].strip(),
            "sex": d["sex"],
            "gender": d["gender"],
            "state": d["state"],
            "district": d["district"].strip(),
            "block": d["block"].strip(),
            "village": d["village"].strip(),
            "preferred_language": d["preferred_language"],
        }
        if d["birth_date"]:
            changes["birth_date"] = d["birth_date"]
        elif "age" in form.changed_data or "birth_date" in form.changed_data:
            changes["birth_date"] = None
            changes["birth_year"] = year
            changes["birth_year_estimated"] = estimated
        if conf_form is not None:
            for k in conf_form.changed_data:
                changes[k] = conf_form.cleaned_data[k]
        try:
            services.member_update(member=member, changes=changes, actor=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:member_detail", uuid=member.uuid)
    return render(
        request,
        "people/member_form.html",
        {
            "form": form,
            "conf_form": conf_form,
            "member": member,
            "creating": False,
            "reveal_form": reveal_form,
        },
    )


@login_required
def member_archive(request, uuid):
    member = access.access_member(request.user, uuid, Cap.ARCHIVE_MEMBERS)
    form = ArchiveForm(request.POST or None)
    if request.method == "POST":
        if member.archived_at and "restore" in request.POST:
            services.member_restore(member=member, actor=request.user)
            messages.success(request, _("The record is active again."))
            return redirect("people:member_detail", uuid=member.uuid)
        if form.is_valid():
            try:
                services.member_archive(
                    member=member, reason=form.cleaned_data["reason"], actor=request.user
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The record is archived. Nothing was deleted."))
                return redirect("people:member_detail", uuid=member.uuid)
    return render(request, "people/member_archive.html", {"form": form, "member": member})


def _member_subform(request, member, form, save, title, done):
    """Small forms on a member (name, phone, collective): validate, call ``save``, go back."""
    return form_view(
        request,
        form,
        save,
        template="people/simple_form.html",
        success=done,
        redirect_to=lambda _r: reverse("people:member_detail", kwargs={"uuid": member.uuid}),
        context={"member": member, "title": title},
    )


@login_required
def member_add_name(request, uuid):
    member = access.access_member(request.user, uuid, Cap.EDIT_MEMBERS)

    def save(d):
        services.member_add_name(member=member, text=d["text"], kind=d["kind"], actor=request.user)

    return _member_subform(
        request, member, NameForm(request.POST or None), save, _("Add a name"), _("Name added.")
    )


@login_required
def member_add_phone(request, uuid):
    member = access.access_member(request.user, uuid, Cap.EDIT_MEMBERS)

    def save(d):
        services.member_add_phone(
            member=member, raw=d["phone"], shared=d["shared"], actor=request.user
        )

    return _member_subform(
        request,
        member,
        PhoneForm(request.POST or None),
        save,
        _("Add a phone number"),
        _("Phone number added."),
    )


@login_required
def member_add_membership(request, uuid):
    member = access.access_member(request.user, uuid, Cap.EDIT_MEMBERS)
    colls = access.collectives_for_registration(request.user).filter(
        organisation_id=member.organisation_id
    )

    def save(d):
        services.member_join_collective(
            member=member, collective=d["collective"], role=d["role"], actor=request.user
        )

    return _member_subform(
        request,
        member,
        MembershipForm(request.POST or None, collectives=colls),
        save,
        _("Add to a collective"),
        _("Membership added."),
    )


@login_required
@require_POST
def member_end_membership(request, uuid, membership_id):
    member = access.access_member(request.user, uuid, Cap.EDIT_MEMBERS)
    membership = get_object_or_404(member.memberships, pk=membership_id, left_on__isnull=True)
    services.member_leave_collective(membership=membership, actor=request.user)
    messages.success(request, _("Membership ended."))
    return redirect("people:member_detail", uuid=member.uuid)


@login_required
def member_household(request, uuid):
    member = access.access_member(request.user, uuid, Cap.EDIT_MEMBERS)
    form = DependantForm(request.POST if "add_dependant" in request.POST else None)
    join_form = HouseholdMemberForm(request.POST if "add_member" in request.POST else None)
    if request.method == "POST" and "create" in request.POST:
        try:
            services.household_create(member=member, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("people:member_household", uuid=member.uuid)
    if member.household_id and form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            services.dependant_add(
                household=member.household,
                name=d["name"],
                relationship=d["relationship"],
                birth_year=timezone.localdate().year - d["age"],
                sex=d["sex"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Dependant added."))
            return redirect("people:member_household", uuid=member.uuid)
    if member.household_id and join_form.is_bound and join_form.is_valid():
        other = selectors.member_by_reference(request.user, join_form.cleaned_data["reference"])
        if other is None:
            join_form.add_error("reference", _("No member with this reference in your records."))
        else:
            try:
                services.household_add_member(
                    household=member.household, member=other, actor=request.user
                )
            except ValidationError as exc:
                apply_service_errors(join_form, exc)
            else:
                messages.success(request, _("Added to the household."))
                return redirect("people:member_household", uuid=member.uuid)
    dependants, others = [], []
    if member.household_id:
        dependants = list(member.household.dependants.all())
        others = selectors.household_members_of(request.user, member)
    return render(
        request,
        "people/household.html",
        {
            "form": form,
            "join_form": join_form,
            "member": member,
            "dependants": dependants,
            "others": others,
        },
    )


@login_required
def document_add(request, uuid):
    member = access.access_member(request.user, uuid, Cap.EDIT_DOCUMENTS)
    return _document_form(request, member, None)


@login_required
def document_edit(request, doc_uuid):
    doc = access.access_document(request.user, doc_uuid, Cap.EDIT_DOCUMENTS)
    return _document_form(request, doc.member, doc)


def _document_form(request, member, doc):
    initial = {}
    if doc is not None:
        initial = {f: getattr(doc, f) for f in services.DOCUMENT_FIELDS}
    form = DocumentForm(request.POST or None, request.FILES or None, initial=initial)

    def save(d):
        data = {k: v for k, v in d.items() if k != "scan"}
        return services.document_save(
            member=member, data=data, document=doc, upload=d.get("scan"), actor=request.user
        )

    return form_view(
        request,
        form,
        save,
        template="people/document_form.html",
        success=_("Document saved."),
        redirect_to=lambda _doc: reverse("people:member_detail", kwargs={"uuid": member.uuid}),
        context={"member": member, "document": doc},
    )


@login_required
def document_scan(request, doc_uuid):
    doc = access.access_document(request.user, doc_uuid, Cap.VIEW_DOCUMENTS)
    name = download_name(f"document-{doc.uuid}", doc.scan_content_type)
    return private_file_response(
        request, doc, "scan_file", filename=name, content_type=doc.scan_content_type
    )


@login_required
def member_consent(request, uuid):
    member = access.access_member(request.user, uuid, Cap.RECORD_CONSENT)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            consent.consent_record(
                member=member,
                purpose=d["purpose"],
                method=d["method"],
                language=d["language"],
                witness_name=d["witness_name"],
                partner_organisation=d["partner_organisation"],
                guardian_name=d["guardian_name"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("people:member_detail", uuid=member.uuid)
    consents = Consent.objects.filter(member=member).select_related("recorded_by")
    return render(
        request,
        "people/consent.html",
        {
            "form": form,
            "member": member,
            "consents": consents,
            "withdraw_form": WithdrawConsentForm(),
        },
    )


@login_required
@require_POST
def consent_withdraw(request, uuid, consent_uuid):
    member = access.access_member(request.user, uuid, Cap.RECORD_CONSENT)
    record = get_object_or_404(Consent, member=member, uuid=consent_uuid)
    form = WithdrawConsentForm(request.POST)
    if form.is_valid():
        try:
            consent.consent_withdraw(
                consent=record, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Consent withdrawn. The record of it is kept."))
    return redirect("people:member_consent", uuid=member.uuid)


@login_required
def member_access_log(request, uuid):
    member = access.access_member(request.user, uuid)
    if not policy.has_cap_for(request.user, Cap.VIEW_AUDIT, member.organisation_id):
        raise PermissionDenied
    events = selectors.member_access_log(member)
    return render(request, "people/member_access_log.html", {"member": member, "events": events})


@login_required
def collective_list(request):
    from .models import Collective

    collectives = (
        Collective.objects.visible_to(request.user).select_related("organisation").order_by("name")
    )
    orgs = access.organisations_visible(request.user)
    return render(
        request,
        "people/collective_list.html",
        {
            "collectives": collectives,
            "organisations": orgs,
            "may_manage": policy.has_cap(request.user, Cap.MANAGE_REGISTRY),
        },
    )


@login_required
def collective_create(request):
    return _collective_form(request, None, OrganisationPicker(request.user, Cap.MANAGE_REGISTRY))


@login_required
def collective_edit(request, uuid):
    collective = access.access_collective(request.user, uuid, Cap.MANAGE_REGISTRY)
    return _collective_form(request, collective)


def _collective_form(request, collective, picker=None):
    initial = {}
    org = collective.organisation if collective else None
    if collective is not None:
        initial = {f: getattr(collective, f) for f in services.COLLECTIVE_FIELDS}
        initial["districts"] = ", ".join(collective.districts)
    form = CollectiveForm(request.POST or None, initial=initial)
    if picker:
        picker.add_to(form)
        org = None if picker.several else picker.organisations[0]

    def save(data):
        return services.collective_save(
            organisation=picker.take(form) if picker else org,
            data=data,
            collective=collective,
            actor=request.user,
        )

    return form_view(
        request,
        form,
        save,
        template="people/collective_form.html",
        success=_("Collective saved."),
        redirect_to="people:collective_list",
        context={"collective": collective, "organisation": org},
    )


@login_required
def organisation_edit(request, uuid):
    org = access.access_organisation(request.user, uuid, Cap.MANAGE_REGISTRY)
    initial = {f: getattr(org, f) for f in services.ORGANISATION_FIELDS}
    initial["districts"] = ", ".join(org.districts)
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(organisation=org, data=form.cleaned_data, actor=request.user)
        messages.success(request, _("Organisation saved."))
        return redirect("people:collective_list")
    return render(request, "people/organisation_form.html", {"form": form, "organisation": org})
