"""Fundraising pages: campaigns, donations, expenditures, reversals, receipts, ledger export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saathi.core import policy, texts
from saathi.core.files import download_name
from saathi.core.forms import OrganisationPicker, apply_service_errors
from saathi.core.jobs import export_start
from saathi.core.policy import Cap
from saathi.core.templatetags.saathi import inr
from saathi.core.views import private_file_response
from saathi.relief import selectors as relief_selectors
from saathi.relief.forms import ExportForm, ReverseForm
from saathi.relief.jobs import TITLE_LEDGER

from . import access, selectors, services
from .forms import CampaignForm, DonationForm, ExpenditureForm


def _campaign_form(request, campaign, picker=None):
    initial = {}
    if campaign is not None:
        initial = {f: getattr(campaign, f) for f in services.CAMPAIGN_FIELDS}
    form = CampaignForm(request.POST or None, initial=initial)
    if picker:
        picker.add_to(form)
    if request.method == "POST" and form.is_valid():
        org = picker.take(form) if picker else campaign.organisation
        try:
            campaign = services.campaign_save(
                organisation=org, data=form.cleaned_data, campaign=campaign, actor=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("funds:campaign_detail", uuid=campaign.uuid)
    return render(
        request,
        "relief/simple_form.html",
        {
            "form": form,
            "title": _("Campaign") if campaign else _("New fundraising campaign"),
            "subtitle": campaign.name if campaign else "",
            "back": reverse("funds:campaign_detail", args=[campaign.uuid])
            if campaign
            else reverse("relief:index"),
        },
    )


@login_required
def campaign_create(request):
    return _campaign_form(request, None, OrganisationPicker(request.user, Cap.MANAGE_FUNDS))


@login_required
def campaign_edit(request, uuid):
    campaign = access.access_campaign(request.user, uuid, Cap.MANAGE_FUNDS)
    return _campaign_form(request, campaign)


@login_required
def campaign_detail(request, uuid):
    campaign = access.access_campaign(request.user, uuid)
    donations = selectors.recent_donations(campaign)
    expenditures = selectors.recent_expenditures(campaign)
    may_manage = policy.has_cap_for(request.user, Cap.MANAGE_FUNDS, campaign.organisation_id)
    donors = services.donor_names(donations, request.user) if may_manage else {}
    return render(
        request,
        "funds/campaign_detail.html",
        {
            "campaign": campaign,
            "ledger": selectors.campaign_ledger(campaign),
            "donations": [(d, donors.get(d.pk, "")) for d in donations],
            "expenditures": expenditures,
            "programmes": list(campaign.programmes.all()),
            "may_manage": may_manage,
        },
    )


@login_required
def donation_add(request, uuid):
    campaign = access.access_campaign(request.user, uuid, Cap.MANAGE_FUNDS)
    form = DonationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.donation_record(
                campaign=campaign,
                data=services.DonationInput(
                    amount=d["amount"],
                    received_on=d["received_on"],
                    channel=d["channel"],
                    donor_name=d["donor_name"],
                    anonymous=d["anonymous"],
                    in_kind_description=d["in_kind_description"],
                    transaction_ref=d["transaction_ref"],
                ),
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Donation recorded."))
            return redirect("funds:campaign_detail", uuid=campaign.uuid)
    return render(
        request,
        "relief/simple_form.html",
        {
            "form": form,
            "title": _("Record a donation"),
            "subtitle": campaign.name,
            "back": reverse("funds:campaign_detail", args=[campaign.uuid]),
        },
    )


@login_required
def expenditure_add(request, uuid):
    campaign = access.access_campaign(request.user, uuid, Cap.MANAGE_FUNDS)
    programmes = relief_selectors.programmes_for(request.user).filter(
        organisation_id=campaign.organisation_id
    )
    form = ExpenditureForm(request.POST or None, request.FILES or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.expenditure_record(
                campaign=campaign,
                amount=d["amount"],
                spent_on=d["spent_on"],
                description=d["description"],
                programme=d["programme"],
                paid_to=d["paid_to"],
                receipt=d["receipt"],
                beyond_balance=d["beyond_balance"],
                beyond_balance_reason=d["beyond_balance_reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Expenditure recorded."))
            return redirect("funds:campaign_detail", uuid=campaign.uuid)
    return render(
        request,
        "relief/simple_form.html",
        {
            "form": form,
            "title": _("Record an expenditure"),
            "subtitle": campaign.name,
            "back": reverse("funds:campaign_detail", args=[campaign.uuid]),
            "multipart": True,
        },
    )


def _reverse_view(request, entry, reverse_fn, arg):
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reverse_fn(**{arg: entry}, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Reversal recorded. The original entry is kept."))
            return redirect("funds:campaign_detail", uuid=entry.campaign.uuid)
    return render(
        request,
        "relief/simple_form.html",
        {
            "form": form,
            "title": _("Reverse an entry"),
            "subtitle": f"{entry.campaign.name} · {inr(entry.amount)}",
            "back": reverse("funds:campaign_detail", args=[entry.campaign.uuid]),
            "submit": _("Record the reversal"),
        },
    )


@login_required
def donation_reverse(request, uuid):
    donation = access.access_donation(request.user, uuid, Cap.MANAGE_FUNDS)
    return _reverse_view(request, donation, services.donation_reverse, "donation")


@login_required
def expenditure_reverse(request, uuid):
    expenditure = access.access_expenditure(request.user, uuid, Cap.MANAGE_FUNDS)
    return _reverse_view(request, expenditure, services.expenditure_reverse, "expenditure")


@login_required
def expenditure_receipt(request, uuid):
    expenditure = access.access_expenditure(request.user, uuid, Cap.VIEW_RELIEF)
    mime = expenditure.receipt_content_type
    name = download_name(f"receipt-{expenditure.uuid}", mime)
    return private_file_response(
        request, expenditure, "receipt_file", filename=name, content_type=mime
    )


@login_required
@require_POST
def ledger_export(request, uuid):
    campaign = access.access_campaign(request.user, uuid, Cap.MANAGE_FUNDS)
    form = ExportForm(request.POST)
    if not form.is_valid() or form.cleaned_data["format"] == "pdf":
        messages.error(request, _("Choose CSV or XLSX."))
        return redirect("funds:campaign_detail", uuid=campaign.uuid)
    fmt = form.cleaned_data["format"]
    job = export_start(
        kind="funds.export_ledger",
        actor=request.user,
        obj=campaign,
        organisation=campaign.organisation,
        title=texts.Text(TITLE_LEDGER, {"c": campaign.name}),
        fmt=fmt,
        params={"hxl": form.cleaned_data["hxl"]},
        return_url=reverse("funds:campaign_detail", args=[campaign.uuid]),
    )
    return redirect(job.get_absolute_url())
