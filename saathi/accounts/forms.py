from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from saathi.core.policy import Role


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    collective = forms.ModelChoiceField(
        label=_("Only for this collective"),
        queryset=None,
        required=False,
        to_field_name="uuid",
        empty_label=_("The whole organisation"),
        help_text=_("Leave empty to grant the role on the whole organisation."),
    )

    def __init__(self, *args, collectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collective"].queryset = collectives


class UserCreateForm(GrantForm):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use letters, digits and . @ + - _ only.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput(render_value=True),
        help_text=_("At least 10 characters. Tell it to the person privately."),
    )

    field_order = ["username", "first_name", "last_name", "language", "password", "role"]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name of the client"), max_length=100)


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. Tell it to the person privately."),
    )
