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
