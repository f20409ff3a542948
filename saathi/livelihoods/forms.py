"""Forms of the livelihoods pages: plain Django forms; services do the real checks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from saathi.funds.models import Campaign
from saathi.people.models import Collective

from .models import (
    Activity,
    Condition,
    DeviceKind,
    DeviceStatus,
    DriveKind,
    IncomeBand,
    LenderKind,
    RatePeriod,
    Step,
    SupportKind,
)

DATE = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class CampaignChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.reference})"


class SupportForm(forms.Form):
    activity = forms.ChoiceField(label=_("What she does for a living"), choices=Activity.choices)
    activity_other = forms.CharField(label=_("Other activity"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Support given"), choices=SupportKind.choices)
    amount = forms.DecimalField(
        label=_("Amount (₹)"), max_digits=12, decimal_places=2, required=False, min_value=0
    )
    given_on = forms.DateField(label=_("Given on"), widget=DATE)
    campaign = CampaignChoice(
        label=_("Paid by the campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        help_text=_("The campaign's ledger records it as spending."),
    )
    paid_by = forms.CharField(
        label=_("Or paid by (programme or funder)"), max_length=200, required=False
    )
    instalments = forms.IntegerField(
        label=_("Loan: monthly instalments"), min_value=0, max_value=60, required=False
    )
    first_due_on = forms.DateField(
        label=_("Loan: first instalment due on"), widget=DATE, required=False
    )
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)
    beyond_balance = forms.BooleanField(
        label=_("Spend more than the campaign's balance"), required=False
    )
    beyond_balance_reason = forms.CharField(
        label=_("Why more than the balance"), max_length=300, required=False
    )

    def __init__(self, *args, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaigns is None:
            del self.fields["campaign"]
            del self.fields["beyond_balance"]
            del self.fields["beyond_balance_reason"]
        else:
            self.fields["campaign"].queryset = campaigns


class RepaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount repaid (₹)"), max_digits=12, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)


class FollowUpForm(forms.Form):
    done_on = forms.DateField(label=_("Date of the visit"), widget=DATE)
    still_running = forms.TypedChoiceField(
        label=_("Is the activity still running?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    income_band = forms.ChoiceField(
        label=_("Her monthly income from it"),
        choices=[("", "---------"), *IncomeBand.choices],
        required=False,
    )
    problems = forms.CharField(
        label=_("Problems"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SettingsForm(forms.Form):
    loan_interest_yearly = forms.DecimalField(
        label=_("Yearly interest on new loans (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        help_text=_("Zero unless the organisation decides otherwise."),
    )


class DebtForm(forms.Form):
    lender_kind = forms.ChoiceField(label=_("Who lent the money"), choices=LenderKind.choices)
    amount = forms.DecimalField(label=_("Amount owed (₹)"), max_digits=12, decimal_places=2)
    rate = forms.DecimalField(
        label=_("Interest, as she tells it (%)"), max_digits=7, decimal_places=2, min_value=0
    )
    rate_period = forms.ChoiceField(
        label=_("The interest is"), choices=RatePeriod.choices, widget=forms.RadioSelect
    )
    since = forms.DateField(label=_("Owed since"), widget=DATE, required=False)
    pressed = forms.BooleanField(label=_("The lender is pressing her to pay"), required=False)
    details = forms.CharField(
        label=_("Who the lender is, what was said (confidential)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(forms.Form):
    cleared_on = forms.DateField(label=_("Paid off on (if it is)"), widget=DATE, required=False)


class DeviceForm(forms.Form):
    kind = forms.ChoiceField(label=_("What was given"), choices=DeviceKind.choices)
    model_name = forms.CharField(label=_("Make and model"), max_length=200, required=False)
    serial = forms.CharField(
        label=_("IMEI or serial number"),
        max_length=60,
        required=False,
        help_text=_("Kept encrypted; used to find it if it is stolen. On a phone, dial *#06#."),
    )
    member_reference = forms.CharField(
        label=_("Given to the member (her reference, e.g. MEM-2026-000123)"),
        max_length=20,
        required=False,
    )
    collective = forms.ModelChoiceField(
        label=_("Or to the collective"), queryset=Collective.objects.none(), required=False
    )
    given_on = forms.DateField(label=_("Given on"), widget=DATE)
    campaign = CampaignChoice(
        label=_("Paid by the campaign"), queryset=Campaign.objects.none(), required=False
    )
    cost = forms.DecimalField(
        label=_("Cost (₹)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    funds_source = forms.CharField(label=_("Or source of funds"), max_length=200, required=False)
    condition = forms.ChoiceField(label=_("Condition"), choices=Condition.choices)
    sim_provider = forms.CharField(label=_("SIM: operator"), max_length=60, required=False)
    plan_renews_on = forms.DateField(
        label=_("SIM or data plan renews on"), widget=DATE, required=False
    )
    beyond_balance = forms.BooleanField(
        label=_("Spend more than the campaign's balance"), required=False
    )
    beyond_balance_reason = forms.CharField(
        label=_("Why more than the balance"), max_length=300, required=False
    )

    def __init__(self, *args, collectives=None, campaigns=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if collectives is not None:
            self.fields["collective"].queryset = collectives
        if campaigns is None or editing:
            for name in ("campaign", "cost", "beyond_balance", "beyond_balance_reason"):
                del self.fields[name]
        else:
            self.fields["campaign"].queryset = campaigns
        if editing:
            self.fields["serial"].help_text = _("Leave empty to keep the number recorded.")


class DeviceStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("What happened to it"), choices=DeviceStatus.choices)
    status_on = forms.DateField(label=_("On"), widget=DATE, required=False)


class FindDeviceForm(forms.Form):
    serial = forms.CharField(label=_("IMEI or serial number"), max_length=60)


class DriveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of drive"), choices=DriveKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    collective = forms.ModelChoiceField(
        label=_("Collective (empty: the whole organisation)"),
        queryset=Collective.objects.none(),
        required=False,
    )
    goal_step = forms.ChoiceField(
        label=_("A member counts as reached at"),
        choices=[("", _("The usual step (second dose, screened, enrolled)")), *Step.choices],
        required=False,
    )
    target = forms.IntegerField(label=_("Members to reach"), min_value=1, max_value=1_000_000)
    target_date = forms.DateField(label=_("Target date"), widget=DATE)

    def __init__(self, *args, collectives=None, **kwargs):
        super().__init__(*args, **kwargs)
        if collectives is not None:
            self.fields["collective"].queryset = collectives


class MarkForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    centre = forms.CharField(label=_("Centre or camp"), max_length=200, required=False)
