from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Kind, RefusalCode, Status, Verification


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
