from django import forms
from django.utils.translation import gettext_lazy as _

from saathi.people.choices import DocumentKind, IdentificationRoute, State

from .eligibility import OFFICER_CRITERIA
from .models import (
    LANGS,
    Category,
    CorrespondenceKind,
    LetterKind,
    Level,
    RejectionReason,
    Status,
    Verified,
)

CHOOSE = _("Choose…")
LANGUAGE_LABELS = {"en": _("English"), "hi": _("Hindi"), "bn": _("Bengali"), "te": _("Telugu")}


def _blank(choices_list):
    return [("", CHOOSE), *choices_list]


def _date(label, required=False, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )


class ApplicationStartForm(forms.Form):
    scheme = forms.ChoiceField(label=_("Scheme"))
    identification_route = forms.ChoiceField(
        label=_("Identification route"),
        choices=IdentificationRoute.choices,
        initial=IdentificationRoute.DOCUMENTARY,
        help_text=_("How she proves who she is for this application."),
    )
    office = forms.CharField(label=_("Office"), max_length=200, required=False)
    deadline = _date(_("Deadline"))
    next_follow_up = _date(_("Next follow-up"))

    def __init__(self, *args, schemes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = _blank([(str(s.uuid), s.name) for s in schemes])


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    reason = forms.ChoiceField(
        label=_("Reason for rejection"),
        choices=_blank(RejectionReason.choices),
        required=False,
        help_text=_("Only when the office rejected it."),
    )
    on = _date(_("Date"), help_text=_("dd/mm/yyyy. Empty means today."))
    authority_reference = forms.CharField(
        label=_("Reference number given by the office"), max_length=100, required=False
    )
    next_follow_up = _date(_("Next follow-up"))
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = _blank([(s, Status(s).label) for s in allowed])


class ApplicationEditForm(forms.Form):
    office = forms.CharField(label=_("Office"), max_length=200, required=False)
    authority_reference = forms.CharField(
        label=_("Reference number given by the office"), max_length=100, required=False
    )
    submitted_on = _date(_("Submitted on"))
    deadline = _date(_("Deadline"))
    next_follow_up = _date(_("Next follow-up"))
    identification_route = forms.ChoiceField(
        label=_("Identification route"), choices=IdentificationRoute.choices
    )


class CorrespondenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=_blank(CorrespondenceKind.choices))
    authority = forms.CharField(label=_("Authority or office"), max_length=200)
    on = _date(_("Date"), required=True)
    summary = forms.CharField(
        label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachment = forms.FileField(label=_("Attachment (photo or PDF, at most 5 MB)"), required=False)


class LetterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Letter"), choices=LetterKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=list(LANGUAGE_LABELS.items()))


class LetterTemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 18}))


class DriveForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example: ration cards for every member of the collective"),
    )
    scheme = forms.ChoiceField(label=_("Scheme"))
    collective = forms.ChoiceField(label=_("Collective"), required=False)
    target_date = _date(_("Target date"), required=True)

    def __init__(self, *args, schemes=(), collectives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = _blank([(str(s.uuid), s.name) for s in schemes])
        self.fields["collective"].choices = [("", _("Whole organisation"))] + [
            (str(c.uuid), c.name) for c in collectives
        ]


class SchemeForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=50, required=False, help_text=_("Short, in Latin letters.")
    )
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    name_hi = forms.CharField(label=_("Name in Hindi"), max_length=200, required=False)
    name_bn = forms.CharField(label=_("Name in Bengali"), max_length=200, required=False)
    name_te = forms.CharField(label=_("Name in Telugu"), max_length=200, required=False)
    summary_en = forms.CharField(label=_("Summary in English"), max_length=400, required=False)
    summary_hi = forms.CharField(label=_("Summary in Hindi"), max_length=400, required=False)
    summary_bn = forms.CharField(label=_("Summary in Bengali"), max_length=400, required=False)
    summary_te = forms.CharField(label=_("Summary in Telugu"), max_length=400, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=_blank(Level.choices))
    category = forms.ChoiceField(label=_("Category"), choices=_blank(Category.choices))
    states = forms.MultipleChoiceField(
        label=_("States where it applies (none: every state)"),
        choices=State.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    excluded_states = forms.MultipleChoiceField(
        label=_("States where it does not apply"),
        choices=State.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eligibility = forms.CharField(
        label=_("Eligibility"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    min_age = forms.IntegerField(label=_("Minimum age"), required=False, min_value=0, max_value=120)
    max_age = forms.IntegerField(label=_("Maximum age"), required=False, min_value=0, max_value=120)
    women_only = forms.BooleanField(label=_("For women only"), required=False)
    lacks_document = forms.ChoiceField(
        label=_("Only for members who do not hold"),
        choices=[("", "—"), *DocumentKind.choices],
        required=False,
    )
    officer_criteria = forms.MultipleChoiceField(
        label=_("Conditions the officer decides"),
        choices=[(k, v) for k, v in OFFICER_CRITERIA.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    required_documents = forms.MultipleChoiceField(
        label=_("Required documents"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other_documents = forms.CharField(
        label=_("Other papers to bring"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    provides_document = forms.ChoiceField(
        label=_("Gives the document"), choices=[("", "—"), *DocumentKind.choices], required=False
    )
    alternative_routes = forms.BooleanField(
        label=_("Supreme Court alternative identification applies"), required=False
    )
    authority = forms.CharField(label=_("Authority"), max_length=300)
    channel = forms.CharField(label=_("Where to apply"), max_length=300, required=False)
    typical_timeline = forms.CharField(label=_("Typical timeline"), max_length=300, required=False)
    typical_days = forms.IntegerField(
        label=_("Typical days to a decision"),
        required=False,
        min_value=1,
        max_value=3650,
        help_text=_("An application waiting longer is shown as stalled."),
    )
    grievance = forms.CharField(label=_("Grievance route"), max_length=300, required=False)
    benefit = forms.CharField(label=_("Benefit"), max_length=400, required=False)
    source = forms.CharField(label=_("Source"), max_length=400, required=False)
    verified = forms.ChoiceField(label=_("Verified"), choices=_blank(Verified.choices))
    last_verified = _date(_("Last verified on"))
    valid_from = _date(_("Valid from"))
    valid_to = _date(_("Valid to"))

    def __init__(self, *args, groups=(), creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        options = [(k, v) for k, v in DocumentKind.choices]
        options += [
            ("|".join(g), " / ".join(str(DocumentKind(k).label) for k in g)) for g in groups
        ]
        self.fields["required_documents"].choices = options
        if not creating:
            del self.fields["code"]

    @staticmethod
    def initial_for(scheme) -> dict:
        initial = {f"name_{lang}": scheme.names.get(lang, "") for lang in LANGS} | {
            f"summary_{lang}": scheme.summaries.get(lang, "") for lang in LANGS
        }
        for k in (
            "level", "category", "states", "excluded_states", "eligibility", "other_documents",
            "provides_document", "alternative_routes", "authority", "channel",
            "typical_timeline", "typical_days", "grievance", "benefit", "source", "verified",
            "last_verified", "valid_from", "valid_to",
        ):  # fmt: skip
            initial[k] = getattr(scheme, k)
        initial["required_documents"] = [
            d if isinstance(d, str) else "|".join(d) for d in scheme.required_documents
        ]
        officer = []
        for r in scheme.rules:
            if r["t"] == "age":
                initial["min_age"], initial["max_age"] = r.get("min"), r.get("max")
            elif r["t"] == "woman" and r.get("else") != "officer":
                initial["women_only"] = True
            elif r["t"] == "lacks":
                initial["lacks_document"] = r["doc"]
            elif r["t"] == "officer":
                officer.append(r["code"])
        initial["officer_criteria"] = officer
        return initial

    def to_data(self, previous_rules=()) -> dict:
        d = self.cleaned_data
        rules = []
        if d.get("min_age") is not None or d.get("max_age") is not None:
            rule = {"t": "age"}
            if d.get("min_age") is not None:
                rule["min"] = d["min_age"]
            if d.get("max_age") is not None:
                rule["max"] = d["max_age"]
            rules.append(rule)
        if d.get("women_only"):
            rules.append({"t": "woman"})
        if d.get("lacks_document"):
            rules.append({"t": "lacks", "doc": d["lacks_document"]})
        # rules the form does not edit are kept as they were
        rules += [
            r
            for r in previous_rules
            if r["t"] in ("household", "listed") or (r["t"] == "woman" and r.get("else"))
        ]
        rules += [{"t": "officer", "code": c} for c in d.get("officer_criteria") or []]
        docs = [v.split("|") if "|" in v else v for v in d.get("required_documents") or []]
        data = {
            "code": d.get("code", ""),
            "names": {lang: d.get(f"name_{lang}", "") for lang in LANGS},
            "summaries": {lang: d.get(f"summary_{lang}", "") for lang in LANGS},
            "rules": rules,
            "required_documents": docs,
        }
        for k in (
            "level", "category", "states", "excluded_states", "eligibility", "other_documents",
            "provides_document", "alternative_routes", "authority", "channel",
            "typical_timeline", "typical_days", "grievance", "benefit", "source", "verified",
            "last_verified", "valid_from", "valid_to",
        ):  # fmt: skip
            data[k] = d.get(k)
        return data

    def clean(self):
        d = super().clean()
        lo, hi = d.get("min_age"), d.get("max_age")
        if lo is not None and hi is not None and hi < lo:
            self.add_error("max_age", _("The maximum age is below the minimum."))
        return d
