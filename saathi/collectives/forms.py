from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DutyBearer


class DutyBearerForm(forms.ModelForm):
    archived = forms.BooleanField(
        label=_("No longer in use (kept for the claims and letters that name it)"),
        required=False,
    )

    class Meta:
        model = DutyBearer
        fields = [
            "title",
            "official_name",
            "office",
            "department",
            "level",
            "state",
            "district",
            "address",
            "phone",
            "email",
            "notes",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["archived"]
        elif self.instance.pk:
            self.fields["archived"].initial = self.instance.archived_at is not None
        # the service validates and reports at the fields; the form only collects
        for name in ("title", "office", "level", "state"):
            self.fields[name].required = True

    def _post_clean(self):
        # the service is the one place that validates and saves (no model validation here)
        pass
