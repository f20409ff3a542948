"""Forms of the wellbeing pages. Plain forms: writes and cross-field checks are the
services'. The screening form's item texts are the instruments' English originals."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .instruments import SPECS
from .models import (
    Concern,
    CounsellingSession,
    HealthSupport,
    HealthSupportKind,
    IncidentKind,
    Mode,
    Perpetrator,
    Place,
    ReportedTo,
    Service,
    SupportGiven,
)

DATE = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}


def _date(label, required=True, help_text=""):
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=forms.DateInput(attrs=DATE)
    )


def _secret(label, help_text=None):
    return forms.CharField(
        label=label,
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text or _("Encrypted; only social workers read it."),
    )


class SessionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("individual or group"),
        choices=CounsellingSession.Kind.choices,
        initial=CounsellingSession.Kind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    mode = forms.ChoiceField(
        label=_("how"), choices=Mode.choices, initial=Mode.IN_PERSON, widget=forms.RadioSelect
    )
    held_on = _date(_("date"))
    duration_minutes = forms.IntegerField(
        label=_("duration (minutes)"),
        min_value=5,
        max_value=480,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    concerns = forms.MultipleChoiceField(
        label=_("presenting concerns"),
        choices=Concern.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    concerns_text = _secret(_("concerns in her words"))
    notes = _secret(_("session notes"))
    next_steps = _secret(_("agreed next steps"))
    next_session_on = _date(_("next session on"), required=False)
    next_session_at = forms.TimeField(
        label=_("at"),
        required=False,
        widget=forms.TimeInput(attrs={"placeholder": "hh:mm", "inputmode": "numeric"}),
    )
    next_session_place = forms.CharField(
        label=_("where"),
        required=False,
        max_length=120,
        help_text=_("A neutral place name: it is written in her reminder."),
    )


class GroupSessionForm(forms.Form):
    series = forms.CharField(
        label=_("series"),
        required=False,
        max_length=120,
        help_text=_("If the session is one of a series, its name (the same for each)."),
    )
    mode = forms.ChoiceField(
        label=_("how"), choices=Mode.choices, initial=Mode.IN_PERSON, widget=forms.RadioSelect
    )
    held_on = _date(_("date"))
    duration_minutes = forms.IntegerField(
        label=_("duration (minutes)"),
        min_value=5,
        max_value=480,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    concerns = forms.MultipleChoiceField(
        label=_("presenting concerns"),
        choices=Concern.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = _secret(
        _("session notes"),
        _(
            "Encrypted; only social workers read it. Written in the record of each member who attended."
        ),
    )
    attendees = forms.MultipleChoiceField(
        label=_("who attended"), choices=(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.uuid): m for m in members}
        self.fields["attendees"].choices = [  # type: ignore[attr-defined]
            (u, f"{m.display_name} · {m.reference}") for u, m in self.members.items()
        ]

    def clean_attendees(self):
        return [self.members[u] for u in self.cleaned_data["attendees"]]


class ScreeningForm(forms.Form):
    """One instrument: an answer for each of its items (radio buttons, no default)."""

    taken_on = _date(_("date"))
    next_screening_on = _date(_("next screening on"), required=False)

    def __init__(self, *args, instrument: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = SPECS[instrument]
        for i, text in enumerate(self.spec.items, start=1):
            self.fields[f"item_{i}"] = forms.TypedChoiceField(
                label=f"{i}. {text}",
                choices=[(v, f"{label} ({v})") for v, label in self.spec.options],
                coerce=int,
                widget=forms.RadioSelect,
            )
        # the dates after the items, as on the paper form
        self.order_fields([f"item_{i}" for i in range(1, len(self.spec.items) + 1)])

    def item_fields(self):
        return [self[f"item_{i}"] for i in range(1, len(self.spec.items) + 1)]


class SafetyPlanForm(forms.Form):
    plan = forms.CharField(
        label=_("safety plan"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Who she can call, where she can go, what she agreed to do if the thoughts "
            "come back. Encrypted; only social workers read it."
        ),
    )
    follow_up_due = forms.DateTimeField(
        label=_("follow up by"),
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(
            attrs={"placeholder": "dd/mm/yyyy hh:mm"}, format="%d/%m/%Y %H:%M"
        ),
        help_text=_("Within 48 hours of the screening."),
    )


class FollowUpForm(forms.Form):
    follow_up_note = forms.CharField(
        label=_("what the follow-up found"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Encrypted; only social workers read it."),
    )


class ReferralForm(forms.Form):
    service = forms.ChoiceField(label=_("service"), choices=[("", "---------"), *Service.choices])
    provider = forms.CharField(label=_("name of the service"), max_length=200)
    appointment_on = _date(_("appointment on"), required=False)
    shares_data = forms.BooleanField(
        label=_("her data goes to another organisation"), required=False
    )
    partner_organisation = forms.CharField(
        label=_("organisation that receives her data"),
        max_length=200,
        required=False,
        help_text=_("Her consent to share with this organisation is checked before it is sent."),
    )
    reason = _secret(_("why she is referred"))
    legal_matter = forms.ModelChoiceField(
        label=_("legal matter"), queryset=None, required=False, to_field_name="uuid"
    )

    def __init__(self, *args, matters=None, **kwargs):
        super().__init__(*args, **kwargs)
        from saathi.legal.models import LegalMatter

        field = self.fields["legal_matter"]
        field.queryset = matters if matters is not None else LegalMatter.objects.none()  # type: ignore[attr-defined]
        if matters is None:
            del self.fields["legal_matter"]


class ReferralMoveForm(forms.Form):
    to_status = forms.ChoiceField(label=_("new status"), choices=())
    note = _secret(_("note"))

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import ReferralStatus

        labels = dict(ReferralStatus.choices)
        self.fields["to_status"].choices = [(s, labels[s]) for s in referral.allowed_next()]  # type: ignore[attr-defined]


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("what happened"), choices=[("", "---------"), *IncidentKind.choices]
    )
    occurred_on = _date(
        _("when"), help_text=_("The day, or the first of the month if she does not remember.")
    )
    place = forms.ChoiceField(label=_("where"), choices=[("", "---------"), *Place.choices])
    perpetrator = forms.ChoiceField(
        label=_("by whom"), choices=[("", "---------"), *Perpetrator.choices]
    )
    reported_to = forms.ChoiceField(
        label=_("did she report it, to whom"), choices=ReportedTo.choices, required=False
    )
    support = forms.MultipleChoiceField(
        label=_("support given"),
        choices=SupportGiven.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    details = _secret(_("what happened, in words"))
    legal_matter = forms.ModelChoiceField(
        label=_("legal matter"), queryset=None, required=False, to_field_name="uuid"
    )
    referral = forms.ModelChoiceField(
        label=_("referral"), queryset=None, required=False, to_field_name="uuid"
    )

    def __init__(self, *args, social_worker: bool, matters=None, referrals=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not social_worker:  # the facts only: the details stay with social workers
            for f in ("details", "legal_matter", "referral"):
                del self.fields[f]
            return
        self.fields["legal_matter"].queryset = matters  # type: ignore[attr-defined]
        self.fields["referral"].queryset = referrals  # type: ignore[attr-defined]
        if matters is None:
            del self.fields["legal_matter"]


class HealthSupportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("support"), choices=HealthSupportKind.choices, widget=forms.RadioSelect
    )
    given_on = _date(_("date"))
    what = forms.CharField(
        label=_("what was given or done"),
        max_length=200,
        help_text=_("e.g. 5 kg rice, 1 kg dal; a visit to the ART centre; a peer group meeting"),
    )
    adherence = forms.ChoiceField(
        label=_("ART adherence"), choices=HealthSupport.Adherence.choices, required=False
    )
    notes = _secret(_("notes"))
