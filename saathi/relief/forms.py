from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saathi.people.choices import DocumentKind

from .models import BeneficiaryList, Distribution, Item

CHOOSE = _("Choose…")
DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
MONEY_WIDGET = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
DATE_HELP = _("dd/mm/yyyy")


def date_field(label, required=True, **kw):
    return forms.DateField(
        label=label, required=required, widget=DATE_WIDGET, help_text=DATE_HELP, **kw
    )


class MoneyField(forms.DecimalField):
    """Rupees; accepts 1,00,000 and ₹ as typed."""

    def __init__(self, **kw):
        kw.setdefault("widget", MONEY_WIDGET)
        super().__init__(max_digits=14, decimal_places=2, min_value=0, **kw)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace("₹", "").strip()
        return super().to_python(value)


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    funder = forms.CharField(label=_("Funder"), max_length=200, required=False)
    collective = forms.ModelChoiceField(
        label=_("Collective"),
        queryset=None,
        required=False,
        to_field_name="uuid",
        empty_label=_("The whole organisation"),
    )
    campaign = forms.ModelChoiceField(
        label=_("Paid from campaign"),
        queryset=None,
        required=False,
        to_field_name="uuid",
        empty_label=_("No campaign"),
        help_text=_("Cash handed out in this programme is then spent from this campaign."),
    )
    starts_on = date_field(_("Starts on"))
    ends_on = date_field(_("Ends on"), required=False)
    budget = MoneyField(label=_("Budget (₹)"), required=False)
    target_households = forms.IntegerField(
        label=_("Households to reach"), min_value=0, required=False
    )
    interval_days = forms.IntegerField(
        label=_("Days before the same item may be given again to a household"),
        min_value=1,
        max_value=3650,
        initial=30,
    )
    eligibility_notes = forms.CharField(
        label=_("Who is eligible"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    criteria_collective = forms.ModelChoiceField(
        label=_("Lists: only members of this collective"),
        queryset=None,
        required=False,
        to_field_name="uuid",
        empty_label=_("Any collective"),
    )
    criteria_district = forms.CharField(
        label=_("Lists: only this district"), max_length=100, required=False
    )
    criteria_missing_document = forms.ChoiceField(
        label=_("Lists: only members missing this document"),
        choices=[("", _("Any")), *DocumentKind.choices],
        required=False,
    )
    criteria_min_age = forms.IntegerField(
        label=_("Lists: minimum age"), min_value=0, max_value=120, required=False
    )
    criteria_max_age = forms.IntegerField(
        label=_("Lists: maximum age"), min_value=0, max_value=120, required=False
    )
    criteria_one_per_household = forms.BooleanField(
        label=_("Lists: one person per household"), required=False, initial=True
    )

    def __init__(self, *args, collectives, campaigns, **kw):
        super().__init__(*args, **kw)
        self.fields["collective"].queryset = collectives
        self.fields["criteria_collective"].queryset = collectives
        self.fields["campaign"].queryset = campaigns

    def data_for_service(self):
        d = dict(self.cleaned_data)
        d["budget"] = d["budget"] or 0
        d["target_households"] = d["target_households"] or 0
        return d


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", CHOOSE), *Item.Kind.choices])
    name = forms.CharField(label=_("Name"), max_length=200)
    contents = forms.CharField(
        label=_("Contents"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("For a kit: what is in it (rice 10 kg, dal 2 kg…)."),
    )
    unit = forms.CharField(
        label=_("Unit"), max_length=40, required=False, help_text=_("kit, kg, bottle…")
    )
    unit_value = MoneyField(
        label=_("Amount or cost per unit (₹)"),
        required=False,
        help_text=_("Cash: the amount per household. In kind: what one unit costs."),
    )
    planned_quantity = forms.IntegerField(label=_("Planned quantity"), min_value=0, required=False)


class DistributionForm(forms.Form):
    member = forms.UUIDField(widget=forms.HiddenInput)
    item = forms.ModelChoiceField(
        label=_("Item"), queryset=None, to_field_name="uuid", empty_label=CHOOSE
    )
    quantity = forms.DecimalField(
        label=_("Quantity (goods)"),
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    amount = MoneyField(
        label=_("Amount (₹, cash)"),
        required=False,
        help_text=_("Leave empty for the programme's amount."),
    )
    mode = forms.ChoiceField(
        label=_("How it was given"), choices=[("", CHOOSE), *Distribution.Mode.choices]
    )
    distributed_on = date_field(_("Date"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    handed_over_by = forms.CharField(label=_("Handed over by"), max_length=200)
    ack_method = forms.ChoiceField(
        label=_("How did she acknowledge it?"),
        choices=[("", CHOOSE), *Distribution.Ack.choices],
    )
    ack_file = forms.FileField(
        label=_("Photo of her signature or thumbprint"),
        required=False,
        help_text=_("Only for a signature or thumbprint. JPEG or PNG."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png", "capture": "environment"}
        ),
    )
    repeat_reason = forms.CharField(
        label=_("Reason, if her household already got this item recently"),
        max_length=500,
        required=False,
    )

    def __init__(self, *args, items, **kw):
        super().__init__(*args, **kw)
        self.fields["item"].queryset = items
        self.fields["distributed_on"].initial = timezone.localdate()


class OtpForm(forms.Form):
    code = forms.CharField(
        label=_("Code she received by SMS"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Distribution list (CSV or Excel .xlsx)"),
        help_text=_(
            "Columns: member_reference, item, quantity, amount, mode, date, place, "
            "handed_over_by, repeat_reason. One row per distribution."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class ListForm(forms.Form):
    authority = forms.CharField(
        label=_("Authority the list is for"),
        max_length=200,
        help_text=_(
            "Only members who consented to sharing with this office (their consent page, "
            "“sharing with a named partner”) are put on the list."
        ),
    )


class SubmitForm(forms.Form):
    submitted_on = date_field(_("Submitted on"))
    submitted_to = forms.CharField(label=_("Handed to"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, processors=(), **kwargs):
        super().__init__(*args, **kwargs)
        # rights (issue 13): the processor of the register it went to (partner, host...)
        if processors:
            self.fields["processor"] = forms.ChoiceField(
                label=_("Processor it went to"),
                choices=[("", CHOOSE), *((str(p.uuid), p.name) for p in processors)],
                required=False,
                help_text=_("From the processor register, when the list went through one."),
            )


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Answer"), choices=[("", CHOOSE), *BeneficiaryList.Response.choices]
    )
    response_on = date_field(_("Answered on"))
    response_accepted = forms.IntegerField(label=_("People accepted"), min_value=0, required=False)
    note = forms.CharField(label=_("What the authority said"), max_length=500, required=False)


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX"), ("pdf", "PDF")])
    hxl = forms.BooleanField(required=False)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Why is this entry reversed?"), max_length=300)
