from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Kind, ProcessorKind, RefusalCode, Status, Verification


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What she asks"), choices=Kind.choices)
    verification = forms.ChoiceField(
        label=_("How her identity was verified"), choices=Verification.choices
    )
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.ChoiceField(label=_("Answer her in"), choices=settings.LANGUAGES)
    details = forms.CharField(
        label=_("What she asks, in her words"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    nominee = forms.CharField(
        label=_("Nominee's name and relation (for a nomination)"), required=False, max_length=300
    )


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[(Status.ANSWERED, _("Answered")), (Status.REFUSED, _("Refused"))],
        widget=forms.RadioSelect,
    )
    refusal_code = forms.ChoiceField(
        label=_("Reason for refusing"),
        choices=[("", "---------"), *RefusalCode.choices],
        required=False,
    )
    answer = forms.CharField(
        label=_("The answer, or the reason for refusing, as she is told it"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _text(label, max_length: int, rows: int = 3, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class BreachForm(forms.Form):
    """Every field of the breach register; the affected members by their references."""

    detected_at = forms.DateTimeField(
        label=_("Detected at"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("The report to the Data Protection Board is due 72 hours after this."),
    )
    occurred = forms.CharField(label=_("When and where it happened"), max_length=300)
    nature = _text(_("What happened, and which data"), 4000, 4)
    consequences = _text(_("Likely consequences for the members"), 4000)
    mitigation = _text(_("What was done to contain it"), 4000)
    member_steps = _text(
        _("What members can do"),
        4000,
        help_text=_("For example: tell us about any unknown call; change a shared PIN."),
    )
    contact = forms.CharField(
        label=_("Contact for the members"),
        max_length=300,
        help_text=_("Sent to each member by SMS: a phone number, never anything about her."),
    )
    member_references = _text(
        _("References of the affected members"),
        400000,
        6,
        help_text=_("One a line, or separated by commas, as in MEM-2026-000123."),
    )
    member_references.required = False


class NoticeForm(forms.Form):
    """A new version of the notice: the contact and the text in every language."""

    contact = forms.CharField(
        label=_("Contact for requests and grievances"),
        max_length=300,
        help_text=_("Who members ask, and how: a name, a phone number, an address."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("The notice in %(language)s") % {"language": name},
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 8, "lang": code}),
                error_messages={"required": _("Write the notice in this language too.")},
            )

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"text_{code}"] for code, _n in settings.LANGUAGES}


class ProcessorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "---------"), *ProcessorKind.choices])
    contract_on = forms.DateField(
        label=_("Contract signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    data_shared = forms.CharField(
        label=_("Kinds of data shared"),
        max_length=300,
        help_text=_("For example: names and phone numbers; the members' list for a scheme."),
    )
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)
