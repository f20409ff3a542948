from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Decision
from .services import CONFLICT_FIELDS, REVIEW_REASONS


def automatic_rule_text() -> str:
    """The rule of services.review_reasons, in words, from the same lists."""
    conflicts = "; ".join(str(REVIEW_REASONS[f]) for f in CONFLICT_FIELDS)
    return _(
        "A pair at or above this probability is matched automatically, unless: %(conflicts)s; "
        "or %(apart)s. Those pairs, and pairs below it (down to 0.5), are put to a person, "
        "with the reason. Automatic matches can be checked too."
    ) % {"conflicts": conflicts, "apart": REVIEW_REASONS["kept_apart"]}


class ListImportForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the list"),
        max_length=200,
        required=False,
        help_text=_("For example: Relief list, Nadia, May 2026. Leave empty to use the file name."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=None, to_field_name="uuid"
    )
    collective = forms.ModelChoiceField(
        label=_("Collective"),
        queryset=None,
        required=False,
        to_field_name="uuid",
        empty_label=_("The whole organisation"),
        help_text=_("Who may see the list: the collective's staff, or the whole organisation."),
    )
    file = forms.FileField(
        label=_("File (CSV or Excel .xlsx)"),
        help_text=_(
            "Columns: record_id, source, given_name, family_name, relative_name, sex, age, "
            "phone, id_last4, village, district, state. Any value may be empty except "
            "record_id. Names in any script."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, organisations, collectives, collective_required=False, **kw):
        super().__init__(*args, **kw)
        self.fields["organisation"].queryset = organisations
        self.fields["collective"].queryset = collectives
        if collective_required:
            self.fields["collective"].required = True
            self.fields["collective"].empty_label = None
        self._only = organisations.first() if organisations.count() == 1 else None
        if self._only is not None:
            self.fields["organisation"].initial = self._only.uuid
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].required = False

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self._only

    def clean(self):
        data = super().clean()
        org, coll = data.get("organisation"), data.get("collective")
        if org and coll and coll.organisation_id != org.pk:
            self.add_error("collective", _("This collective belongs to another organisation."))
        return data


class RunForm(forms.Form):
    lists = forms.ModelMultipleChoiceField(
        label=_("Lists to compare"),
        queryset=None,
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every list that may hold the same people."),
    )
    against_registry = forms.BooleanField(
        label=_("Also compare with the member registry"),
        required=False,
        help_text=_("Finds which people on the lists are already registered members."),
    )
    threshold = forms.DecimalField(
        label=_("Match automatically from this probability"),
        min_value=0.51,
        max_value=1,
        decimal_places=2,
        initial=0.9,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )

    def __init__(self, *args, lists, **kw):
        super().__init__(*args, **kw)
        self.fields["threshold"].help_text = automatic_rule_text()
        self.fields["lists"].queryset = lists
        self.fields["lists"].label_from_instance = lambda lst: (
            f"{lst.name} · {lst.reference} · {lst.row_count}"
        )

    def clean_lists(self):
        lists = list(self.cleaned_data["lists"])
        if len({lst.organisation_id for lst in lists}) > 1:
            raise forms.ValidationError(_("Every list must belong to the same organisation."))
        return lists


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)
