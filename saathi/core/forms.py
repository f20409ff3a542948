from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from .confidential import Reason, RevealReason


def apply_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (else on the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class RevealForm(forms.Form):
    """Why confidential details are opened: a POST with a reason (saathi.core.confidential)."""

    prefix = "reveal"
    reason = forms.ChoiceField(
        label=_("Why do you need to open them?"),
        choices=(),
        widget=forms.RadioSelect,
    )
    reason_text = forms.CharField(
        label=_("Reason, in a few words"),
        max_length=200,
        required=False,
        help_text=_("Needed when the reason is “Other”. Do not write her details here."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = RevealReason.choices

    def clean(self):
        data = super().clean()
        if data.get("reason") == RevealReason.OTHER and not data.get("reason_text", "").strip():
            self.add_error("reason_text", _("Write the reason."))
        return data

    def chosen_reason(self):
        d = self.cleaned_data
        return Reason(d["reason"], d.get("reason_text", "").strip())


class OrganisationPicker:
    """Which organisation a new record goes to, for a user who may create it in several.

    With one organisation where ``user`` holds ``cap``, that one is used and the form is
    unchanged. With more, the form gets a required ``organisation`` field (first), whose
    choices are those organisations only: a choice outside her scope is a field error,
    never another organisation's record. None at all answers 403.
    """

    field_name = "organisation"

    def __init__(self, user, cap: str, *, through_collectives: bool = False):
        from django.core.exceptions import PermissionDenied

        from .scope import organisations_with

        self.organisations = list(
            organisations_with(user, cap, through_collectives=through_collectives)
        )
        if not self.organisations:
            raise PermissionDenied

    @property
    def several(self) -> bool:
        return len(self.organisations) > 1

    @property
    def ids(self) -> list[int]:
        return [o.pk for o in self.organisations]

    def add_to(self, form):
        """Put the choice on ``form`` (first) when there is one to make; returns the form."""
        if self.several:
            from django import forms
            from django.utils.translation import gettext_lazy as _

            field = forms.ChoiceField(
                label=_("Organisation"),
                choices=[("", "---------")] + [(str(o.uuid), o.name) for o in self.organisations],
                help_text=_("You work for more than one organisation: which one is this for?"),
            )
            form.fields = {self.field_name: field, **form.fields}
        return form

    def take(self, form):
        """The organisation chosen on a valid form (the only one, without a choice); the
        choice is taken out of ``cleaned_data``, so services get their own fields only."""
        if not self.several:
            return self.organisations[0]
        picked = form.cleaned_data.pop(self.field_name)
        return next(o for o in self.organisations if str(o.uuid) == picked)


def form_view(
    request,
    form,
    save: Callable[[dict], Any],
    *,
    template: str,
    redirect_to: Callable[[Any], Any] | str,
    success: str | Callable[[Any], str] = "",
    context: dict | None = None,
) -> HttpResponse:
    """The form → service → message → redirect shape of a page, once.

    On a POST whose form is valid, ``save(form.cleaned_data)`` calls the service. A
    ``ValidationError`` it raises is put on the fields it names (the rest on the form) and
    the page is shown again with everything typed kept; otherwise ``success`` (a text, or
    a function of the result) is flashed and the browser is sent to ``redirect_to`` (a URL
    name or path, or a function of the result returning anything ``redirect`` takes).
    Anything else (GET, invalid form) renders ``template`` with ``form`` and ``context``.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            text = success(result) if callable(success) else success
            if text:
                messages.success(request, text)
            target = redirect_to(result) if callable(redirect_to) else redirect_to
            return target if isinstance(target, HttpResponse) else redirect(target)
    # a refused form: the base template's error summary (components/error_summary.html)
    return render(request, template, {"form": form, "error_forms": [form], **(context or {})})
