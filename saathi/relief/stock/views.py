"""Relief stock pages. Thin: access -> form -> service -> render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import policy
from saathi.core.access import require_cap
from saathi.core.forms import OrganisationPicker, form_view
from saathi.core.policy import Cap
from saathi.funds.models import Campaign
from saathi.people.models import Member

from . import access, selectors, services
from .forms import CountForm, GiveForm, ItemForm, MoveForm, PlaceForm, ReceiptForm, SourceForm


@login_required
def index(request):
    require_cap(request.user, Cap.VIEW_RELIEF)
    return render(
        request,
        "stock/index.html",
        {
            "levels": selectors.levels(request.user),
            "places": list(selectors.places(request.user)[:200]),
            "page": selectors.movements(request.user, after=request.GET.get("after", "")[:36]),
            "may_manage": policy.has_cap(request.user, Cap.MANAGE_STOCK),
            "may_give": policy.has_cap(request.user, Cap.RECORD_DISTRIBUTIONS),
        },
    )


@login_required
def place_detail(request, uuid):
    place = access.access_place(request.user, uuid)
    return render(
        request,
        "stock/place.html",
        {
            "place": place,
            "levels": selectors.levels(request.user, place),
            "page": selectors.movements(request.user, place, request.GET.get("after", "")[:36]),
        },
    )


def _simple(request, form_class, save, title):
    picker = OrganisationPicker(request.user, Cap.MANAGE_STOCK)
    form = picker.add_to(form_class(request.POST or None))
    return form_view(
        request,
        form,
        lambda data: save(picker.take(form), data),
        template="stock/form.html",
        redirect_to="stock:index",
        success=_("Saved."),
        context={"title": title, "cancel": reverse("stock:index")},
    )


@login_required
def place_create(request):
    return _simple(
        request,
        PlaceForm,
        lambda org, data: services.place_create(organisation=org, actor=request.user, **data),
        _("Add a place where supplies are kept"),
    )


@login_required
def item_create(request):
    return _simple(
        request,
        ItemForm,
        lambda org, data: services.item_create(organisation=org, actor=request.user, **data),
        _("Add a kind of supply"),
    )


def _stock_form(request, form_class, cap: str, **extra):
    """A stock form on the first organisation where she holds ``cap`` (items and places
    of that organisation only; a second organisation is chosen on the form)."""
    picker = OrganisationPicker(request.user, cap, through_collectives=True)
    org = picker.organisations[0]
    places = selectors.places(request.user).filter(organisation_id=org.pk)
    items = selectors.items(request.user, [org.pk])
    form = form_class(
        request.POST or None,
        items=items,
        places=places,
        initial={"on": timezone.localdate()},
        **extra,
    )
    if "to_place" in form.fields:
        form.fields["to_place"].queryset = places
    return picker.add_to(form), picker


@login_required
def receive(request):
    require_cap(request.user, Cap.MANAGE_STOCK)
    campaigns = None
    orgs = OrganisationPicker(request.user, Cap.MANAGE_STOCK).organisations
    if policy.has_cap_for(request.user, Cap.MANAGE_FUNDS, orgs[0].pk):
        campaigns = Campaign.objects.visible_to(request.user).filter(organisation_id=orgs[0].pk)
    form, picker = _stock_form(request, ReceiptForm, Cap.MANAGE_STOCK, campaigns=campaigns)

    def save(data):
        picker.take(form)
        return services.receipt_record(actor=request.user, **data)

    return form_view(
        request,
        form,
        save,
        template="stock/form.html",
        redirect_to="stock:index",
        success=_("Receipt recorded."),
        context={"title": _("Record supplies received"), "cancel": reverse("stock:index")},
    )


@login_required
def give(request):
    require_cap(request.user, Cap.RECORD_DISTRIBUTIONS)
    form, picker = _stock_form(request, GiveForm, Cap.RECORD_DISTRIBUTIONS)

    def save(data):
        organisation = picker.take(form)
        ref = (data.pop("member_reference", "") or "").strip().upper()
        member = None
        if ref:
            member = (
                Member.objects.visible_to(request.user)
                .filter(reference=ref, organisation_id=organisation.pk)
                .first()
            )
            if member is None:
                raise ValidationError(
                    {"member_reference": _("No member of yours has this reference.")}
                )
        return services.distribute(actor=request.user, member=member, **data)

    return form_view(
        request,
        form,
        save,
        template="stock/form.html",
        redirect_to="stock:index",
        success=_("Recorded: given out."),
        context={"title": _("Give out supplies"), "cancel": reverse("stock:index")},
    )


@login_required
def move(request):
    require_cap(request.user, Cap.MANAGE_STOCK)
    form, picker = _stock_form(request, MoveForm, Cap.MANAGE_STOCK)

    def save(data):
        picker.take(form)
        return services.move(
            actor=request.user,
            item=data["item"],
            from_place=data["place"],
            to_place=data["to_place"],
            quantity=data["quantity"],
            on=data["on"],
            note=data.get("note", ""),
        )

    return form_view(
        request,
        form,
        save,
        template="stock/form.html",
        redirect_to="stock:index",
        success=_("Move recorded."),
        context={"title": _("Move supplies to another place"), "cancel": reverse("stock:index")},
    )


@login_required
def count(request):
    require_cap(request.user, Cap.MANAGE_STOCK)
    form, picker = _stock_form(request, CountForm, Cap.MANAGE_STOCK)

    def save(data):
        picker.take(form)
        return services.count_record(actor=request.user, **data)

    return form_view(
        request,
        form,
        save,
        template="stock/form.html",
        redirect_to="stock:index",
        success=_("Count recorded."),
        context={"title": _("Count the stock"), "cancel": reverse("stock:index")},
    )


@login_required
def source_edit(request, uuid):
    """Give a relief programme's item from stock: its distributions then take from the
    place chosen (``services.take_for_distribution``), and a cancelled one gives back."""
    from saathi.relief.access import access_item

    relief_item = access_item(request.user, uuid, Cap.MANAGE_STOCK)
    org_id = relief_item.programme.organisation_id
    current = selectors.source_of(relief_item)
    form = SourceForm(
        request.POST or None,
        items=selectors.items(request.user, [org_id]),
        places=selectors.places(request.user).filter(organisation_id=org_id),
        initial={"item": current.item_id, "place": current.place_id} if current else None,
    )
    back = reverse("relief:programme_detail", args=[relief_item.programme.uuid])
    return form_view(
        request,
        form,
        lambda d: services.source_set(
            relief_item=relief_item, item=d["item"], place=d["place"], actor=request.user
        ),
        template="stock/form.html",
        redirect_to=lambda _s: back,
        success=_("Saved."),
        context={
            "title": _("Where %(item)s is given from") % {"item": relief_item.name},
            "cancel": back,
        },
    )
