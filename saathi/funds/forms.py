from django import forms
from django.utils.translation import gettext_lazy as _

from saathi.relief.forms import CHOOSE, MoneyField, date_field

from .models import Donation


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    platform = forms.CharField(label=_("Platform"), max_length=100, required=False)
    partners = forms.CharField(label=_("Partners"), max_length=300, required=False)
    target = MoneyField(label=_("Target (₹)"))
    starts_on = date_field(_("Starts on"))
    ends_on = date_field(_("Ends on"), required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DonationForm(forms.Form):
    amount = MoneyField(label=_("Amount (₹)"), help_text=_("In kind: the estimated value."))
    received_on = date_field(_("Received on"))
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", CHOOSE), *Donation.Channel.choices]
    )
    in_kind_description = forms.CharField(label=_("Goods given"), max_length=300, required=False)
    anonymous = forms.BooleanField(label=_("Anonymous donation"), required=False)
    donor_name = forms.CharField(
        label=_("Donor"),
        max_length=200,
        required=False,
        help_text=_("Optional. Kept encrypted; only those who manage funds see it."),
    )
    transaction_ref = forms.CharField(
        label=_("Transaction or receipt number"), max_length=100, required=False
    )


class ExpenditureForm(forms.Form):
    amount = MoneyField(label=_("Amount (₹)"))
    spent_on = date_field(_("Date"))
    description = forms.CharField(label=_("What it paid for"), max_length=300)
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=None,
        required=False,
        to_field_name="uuid",
        empty_label=_("No programme"),
    )
    paid_to = forms.CharField(label=_("Paid to"), max_length=200, required=False)
    receipt = forms.FileField(
        label=_("Receipt"),
        required=False,
        help_text=_("A photo (JPEG or PNG) or a PDF."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
    beyond_balance = forms.BooleanField(
        label=_("Spend more than the campaign's balance"),
        required=False,
        help_text=_("Only when the money really was spent: the balance then shows a deficit."),
    )
    beyond_balance_reason = forms.CharField(
        label=_("Why more than the balance?"), max_length=300, required=False
    )

    def __init__(self, *args, programmes, **kw):
        super().__init__(*args, **kw)
        self.fields["programme"].queryset = programmes
