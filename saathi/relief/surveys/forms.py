from django import forms
from django.utils.translation import gettext_lazy as _


class XLSFormUploadForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        to_field_name="uuid",
        empty_label=None,
        required=False,
    )
    file = forms.FileField(
        label=_("XLSForm (.xlsx or .xls)"),
        help_text=_(
            "A workbook with a “survey” sheet (and “choices”, “settings”). Uploading a form "
            "with the same form id again makes a new version."
        ),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations.first().uuid
        self.organisations = organisations

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self.organisations.first()


class ResponseMetaForm(forms.Form):
    """Where the answers come from: collective, district and (optionally) the member."""

    collective = forms.ModelChoiceField(
        label=_("Collective"), queryset=None, to_field_name="uuid", empty_label=None
    )
    district = forms.CharField(label=_("District"), max_length=100)
    member = forms.CharField(
        label=_("Member reference (optional)"),
        max_length=20,
        required=False,
        help_text=_(
            "For example MEM-2026-000123. Leave empty for a household that is not registered."
        ),
    )

    def __init__(self, *args, collectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collective"].queryset = collectives
        first = collectives.first()
        if first is not None and not self.is_bound:
            self.fields["collective"].initial = first.uuid
            self.fields["district"].initial = (first.districts or [""])[0]


class ResponsesImportForm(forms.Form):
    file = forms.FileField(
        label=_("Kobo or ODK export (.csv or .xlsx)"),
        help_text=_(
            "Export with question names as headers. Rows already imported (same instance id) "
            "are skipped; refused rows are listed with their line."
        ),
    )
    collective = forms.ModelChoiceField(
        label=_("Collective"), queryset=None, to_field_name="uuid", empty_label=None
    )
    district = forms.CharField(
        label=_("District"),
        max_length=100,
        required=False,
        help_text=_("Used when the form has no “district” question. Empty: the collective's."),
    )

    def __init__(self, *args, collectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collective"].queryset = collectives


class DeviceCredentialForm(forms.Form):
    label = forms.CharField(
        label=_("Name of the phone"),
        max_length=80,
        help_text=_("So you recognise it later, e.g. “Padma's phone”."),
    )
    collective = forms.ModelChoiceField(label=_("Collective"), queryset=None)

    def __init__(self, *args, collectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collective"].queryset = collectives
        if collectives.count() == 1:
            self.fields["collective"].initial = collectives.first()


class MediaUploadForm(forms.Form):
    name = forms.ChoiceField(label=_("File the form names"))
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, names, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].choices = [(n, n) for n in names]


class HeldApplyForm(forms.Form):
    """What a reviewer fixes before applying a kept submission (ADR 0040): the answers
    that break the form's rules, and what the rule it broke asks for."""

    def __init__(self, *args, held, spec, raw: dict, **kwargs):
        super().__init__(*args, **kwargs)
        from .platform import Rule

        self.answer_names = []
        for name in held.errors:
            q = spec.by_name.get(name)
            if q is None or q.get("kind", "question") != "question":
                continue
            self.fields[f"answer_{name}"] = forms.CharField(
                label=spec.text(q["label"]) or name,
                required=False,
                max_length=2000,
                initial=raw.get(name, ""),
            )
            self.answer_names.append(name)
        if held.rule == Rule.ALREADY_DISTRIBUTED:
            self.fields["repeat_reason"] = forms.CharField(
                label=_("Why it is given again"),
                max_length=500,
                help_text=_("Without a reason, reject it: the rule stays."),
            )
        if held.rule == Rule.SESSION_CLOSED:
            self.fields["confirm_overwrite"] = forms.BooleanField(
                label=_(
                    "The phone's list is the right one: save it over the attendance saved meanwhile"
                ),
            )
        if held.rule == Rule.MEMBER_LEFT:
            self.fields["leave_out_left"] = forms.BooleanField(
                label=_("Save it without those who left the collective"),
            )

    def fix(self):
        from .platform import Fix

        data = self.cleaned_data
        return Fix(
            repeat_reason=data.get("repeat_reason", ""),
            confirm_overwrite=bool(data.get("confirm_overwrite")),
            leave_out_left=bool(data.get("leave_out_left")),
            answers={n: data.get(f"answer_{n}", "") for n in self.answer_names},
        )


class HeldRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it rejected?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("It stays on record with this reason; nothing is applied."),
    )
