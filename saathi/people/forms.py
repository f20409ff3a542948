from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saathi.core import names
from saathi.core.forms import apply_service_errors
from saathi.core.models import Consent

from . import choices, identifiers, services
from .services import validate_phone

CHOOSE = _("Choose…")


def _blank(choices_list, label=CHOOSE):
    return [("", label), *choices_list]


class MemberFormBase(forms.Form):
    primary_name = forms.CharField(
        label=_("Name (as in her main document, Latin letters)"),
        max_length=200,
        help_text=_("Write it as it is printed. Do not guess a surname."),
    )
    native_name = forms.CharField(
        label=_("Name in her own script"),
        max_length=200,
        required=False,
        help_text=_("In Bengali, Telugu or Hindi script, as she writes it."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=_blank(choices.Sex.choices))
    gender = forms.ChoiceField(
        label=_("Gender"), choices=choices.Gender.choices, initial=choices.Gender.NOT_STATED
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        help_text=_("dd/mm/yyyy. Leave empty if she does not know it, and give her age."),
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    age = forms.IntegerField(
        label=_("Age in years (if the date is not known)"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    state = forms.ChoiceField(label=_("State"), choices=_blank(choices.State.choices))
    district = forms.CharField(label=_("District"), max_length=100)
    block = forms.CharField(label=_("Block or municipality"), max_length=100, required=False)
    village = forms.CharField(label=_("Village or ward"), max_length=100, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=_blank(choices.Language.choices)
    )

    def clean_primary_name(self):
        text = self.cleaned_data.get("primary_name", "")
        if names.non_latin_letters(text):
            raise ValidationError(
                _(
                    "Write this name in Latin letters (A to Z), as printed on her document. "
                    "A name in Bengali, Telugu or Hindi script goes in “Name in her own "
                    "script”."
                )
            )
        return text

    def clean_native_name(self):
        text = self.cleaned_data.get("native_name", "")
        if names.latin_letters(text):
            raise ValidationError(
                _(
                    "Write this name in Bengali, Telugu or Hindi script, or leave it empty. "
                    "The name in Latin letters goes in the first name field."
                )
            )
        return text

    def clean_birth_date(self):
        bd = self.cleaned_data.get("birth_date")
        if bd and bd > timezone.localdate():
            raise ValidationError(_("The date of birth cannot be in the future."))
        if bd and bd.year < timezone.localdate().year - 120:
            raise ValidationError(_("Check the year: this would make her older than 120."))
        return bd

    def clean(self):
        data = super().clean()
        if (
            not data.get("birth_date")
            and data.get("age") is None
            and "age" not in self.errors
            and "birth_date" not in self.errors  # a wrong date has its own message
        ):
            self.add_error("age", _("Give her date of birth or her approximate age."))
        bd, age = data.get("birth_date"), data.get("age")
        if bd and age is not None:
            today = timezone.localdate()
            years = today.year - bd.year - ((today.month, today.day) < (bd.month, bd.day))
            if abs(years - age) > 1:
                self.add_error(
                    "age",
                    _(
                        "This date of birth makes her %(years)s years old, not %(age)s. "
                        "Correct one of them, or leave the age empty."
                    )
                    % {"years": years, "age": age},
                )
                self.add_error(
                    "birth_date",
                    _("This date does not agree with the age given."),
                )
        return data

    def birth_year(self) -> tuple[int, bool]:
        bd = self.cleaned_data.get("birth_date")
        if bd:
            return bd.year, False
        return timezone.localdate().year - self.cleaned_data["age"], True


class MemberRegisterForm(MemberFormBase):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=None, to_field_name="uuid"
    )
    alias = forms.CharField(
        label=_("Other name she is known by"),
        max_length=200,
        required=False,
        help_text=_("Optional. Kept confidential to the registry."),
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    phone_shared = forms.BooleanField(label=_("This phone is shared by the family"), required=False)
    collective = forms.ModelChoiceField(
        label=_("Collective"),
        queryset=None,
        required=False,
        to_field_name="uuid",
        empty_label=_("Not in a collective yet"),
    )
    collective_role = forms.ChoiceField(
        label=_("Role in the collective"),
        choices=choices.MembershipRole.choices,
        initial=choices.MembershipRole.MEMBER,
    )
    consent_method = forms.ChoiceField(
        label=_("How did she give consent to be registered?"),
        choices=_blank(Consent.Method.choices),
        help_text=_(
            "Read the notice to her in her language first. She consents to registration "
            "and to receiving services."
        ),
    )
    consent_language = forms.ChoiceField(
        label=_("Language the notice was given in"), choices=_blank(choices.Language.choices)
    )
    witness_name = forms.CharField(
        label=_("Witness"),
        max_length=200,
        required=False,
        help_text=_("Needed when the notice is read aloud or she gives a thumbprint."),
    )
    guardian_name = forms.CharField(
        label=_("Parent or guardian who consented"),
        max_length=200,
        required=False,
        help_text=_("Only for a member under 18."),
    )

    def __init__(self, *args, organisations, collectives, collective_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["collective"].queryset = collectives
        if collective_required:  # her grant is on collectives only: she registers into one
            self.fields["collective"].required = True
            self.fields["collective"].empty_label = CHOOSE
        self._only_organisation = organisations.first() if organisations.count() == 1 else None
        if self._only_organisation is not None:
            self.fields["organisation"].initial = self._only_organisation.uuid
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].required = False

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self._only_organisation

    def clean_phone(self):
        raw = self.cleaned_data.get("phone", "").strip()
        return validate_phone(raw) if raw else ""

    def clean(self):
        data = super().clean()
        coll = data.get("collective")
        org = data.get("organisation")
        if coll and org and coll.organisation_id != org.pk:
            self.add_error("collective", _("This collective belongs to another organisation."))
        if ("age" not in self.errors and "birth_date" not in self.errors) and (
            data.get("birth_date") or data.get("age") is not None
        ):
            year, _estimated = self.birth_year()
            if timezone.localdate().year - year < 18 and not data.get("guardian_name", "").strip():
                self.add_error(
                    "guardian_name",
                    _("She is under 18: a parent or guardian must consent. Write their name."),
                )
        method = data.get("consent_method")
        if method in ("read_aloud", "thumbprint") and not data.get("witness_name", "").strip():
            self.add_error(
                "witness_name",
                _(
                    "A witness is required when the notice is read aloud or consent is given by thumbprint."
                ),
            )
        return data


class ConfidentialForm(forms.Form):
    trafficking_history = forms.CharField(
        label=_("Trafficking history"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    occupation = forms.CharField(label=_("Occupation"), max_length=200, required=False)
    health_status = forms.CharField(
        label=_("Health status"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    hiv_status = forms.CharField(label=_("HIV status"), max_length=100, required=False)


class MemberEditForm(MemberFormBase):
    pass


class ArchiveForm(forms.Form):
    reason = forms.CharField(label=_("Why is this record archived?"), max_length=300)


class NameForm(forms.Form):
    text = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of name"), choices=choices.NameKind.choices)


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    shared = forms.BooleanField(label=_("This phone is shared by the family"), required=False)

    def clean_phone(self):
        return validate_phone(self.cleaned_data["phone"])


class MembershipForm(forms.Form):
    collective = forms.ModelChoiceField(
        label=_("Collective"), queryset=None, to_field_name="uuid", empty_label=CHOOSE
    )
    role = forms.ChoiceField(label=_("Role"), choices=choices.MembershipRole.choices)

    def __init__(self, *args, collectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collective"].queryset = collectives


class DependantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    relationship = forms.ChoiceField(
        label=_("Relationship"), choices=_blank(choices.Relationship.choices)
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=_blank(choices.Sex.choices), required=False)
    age = forms.IntegerField(
        label=_("Age in years"),
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class HouseholdMemberForm(forms.Form):
    reference = forms.RegexField(
        label=_("Reference number of the member"),
        regex=r"^\s*[Mm][Ee][Mm]-\d{4}-\d{6}\s*$",
        error_messages={
            "invalid": _("Write the reference as on her record, e.g. MEM-2026-000123.")
        },
        widget=forms.TextInput(attrs={"placeholder": "MEM-2026-000123", "autocomplete": "off"}),
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=_blank(choices.DocumentKind.choices))
    other_kind = forms.CharField(label=_("Name of the document"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=_blank(choices.DocumentStatus.choices))
    number = forms.CharField(
        label=_("Number"),
        max_length=40,
        required=False,
        help_text=_("For Aadhaar only the last four digits and a secure fingerprint are kept."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    name_as_printed = forms.CharField(label=_("Name as printed"), max_length=200, required=False)
    ration_category = forms.ChoiceField(
        label=_("Ration card category"), choices=choices.RationCategory.choices, required=False
    )
    bank_account_type = forms.ChoiceField(
        label=_("Account type"), choices=choices.BankAccountType.choices, required=False
    )
    identification_route = forms.ChoiceField(
        label=_("Identification route"),
        choices=choices.IdentificationRoute.choices,
        initial=choices.IdentificationRoute.DOCUMENTARY,
    )
    issued_on = forms.DateField(
        label=_("Issued on"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)
    scan = forms.FileField(
        label=_("Scanned copy (photo or PDF, at most 5 MB)"),
        required=False,
    )
    # shown only with the warning that the number is on another member's record
    same_number_checked = forms.BooleanField(
        label=_("I have checked: this number is on her card, save it anyway"),
        required=False,
        widget=forms.HiddenInput,
    )

    def add_error(self, field, error):
        codes = {getattr(e, "code", None) for e in getattr(error, "error_list", [error])}
        if "aadhaar_shared" in codes:
            self.fields["same_number_checked"].widget = forms.CheckboxInput()
        super().add_error(field, error)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        number = "".join(ch for ch in data.get("number", "") if ch.isalnum())
        if kind == "other" and not data.get("other_kind", "").strip():
            self.add_error("other_kind", _("Name the document."))
        if kind == "aadhaar" and number and (len(number) != 12 or not number.isdigit()):
            self.add_error("number", _("An Aadhaar number has 12 digits."))
        elif kind == "aadhaar" and number and not identifiers.aadhaar_valid(number):
            self.add_error(
                "number",
                _(
                    "This is not a valid Aadhaar number: a digit is wrong or two digits are "
                    "swapped. Copy it again from the card."
                ),
            )
        if kind == "pan" and number and len(number) != 10:
            self.add_error("number", _("A PAN has 10 letters and digits."))
        if (
            kind == "ration_card"
            and data.get("status") == "held"
            and not data.get("ration_category")
        ):
            self.add_error("ration_category", _("Choose the category printed on the card."))
        if data.get("issued_on") and data["issued_on"] > timezone.localdate():
            self.add_error("issued_on", _("The date of issue cannot be in the future."))
        return data


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=_blank(Consent.Purpose.choices))
    partner_organisation = forms.CharField(
        label=_("Partner organisation"), max_length=200, required=False
    )
    method = forms.ChoiceField(
        label=_("How was consent given?"), choices=_blank(Consent.Method.choices)
    )
    language = forms.ChoiceField(
        label=_("Language of the notice"), choices=_blank(choices.Language.choices)
    )
    witness_name = forms.CharField(label=_("Witness"), max_length=200, required=False)
    guardian_name = forms.CharField(
        label=_("Parent or guardian who consented"),
        max_length=200,
        required=False,
        help_text=_("Only for a member under 18."),
    )


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)


class CollectiveForm(forms.Form):
    name = forms.CharField(label=_("Name (Latin letters)"), max_length=200)
    name_native = forms.CharField(label=_("Name in native script"), max_length=200, required=False)
    state = forms.ChoiceField(label=_("State"), choices=_blank(choices.State.choices))
    districts = forms.CharField(
        label=_("Districts"),
        max_length=500,
        help_text=_("Separate districts with commas."),
    )
    founded_on = forms.DateField(
        label=_("Founded on"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    networks = forms.CharField(label=_("Networks it belongs to"), max_length=300, required=False)

    def clean_districts(self):
        items = [d.strip() for d in self.cleaned_data["districts"].split(",") if d.strip()]
        if not items:
            raise ValidationError(_("Name at least one district."))
        return items

    def clean_founded_on(self):
        d = self.cleaned_data.get("founded_on")
        if d and d > timezone.localdate():
            raise ValidationError(_("The founding date cannot be in the future."))
        return d


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=40, required=False)
    is_network = forms.BooleanField(label=_("This is a network of organisations"), required=False)
    states = forms.MultipleChoiceField(
        label=_("States it works in"),
        choices=choices.State.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    districts = forms.CharField(
        label=_("Districts it works in"),
        max_length=1000,
        required=False,
        help_text=_("Separate districts with commas."),
    )

    def clean_districts(self):
        return [d.strip() for d in self.cleaned_data["districts"].split(",") if d.strip()]


def register_from_form(form, conf_form, actor):
    """Register from a valid registration form (page or API); service errors go on the form."""
    d = form.cleaned_data
    year, estimated = form.birth_year()
    data = services.MemberInput(
        organisation_id=d["organisation"].pk,
        primary_name=d["primary_name"],
        native_name=d["native_name"],
        sex=d["sex"],
        gender=d["gender"],
        birth_date=d["birth_date"],
        birth_year=year,
        birth_year_estimated=estimated,
        state=d["state"],
        district=d["district"],
        block=d["block"],
        village=d["village"],
        preferred_language=d["preferred_language"],
        phone=d["phone"],
        phone_shared=d["phone_shared"],
        collective_id=d["collective"].pk if d["collective"] else None,
        collective_role=d["collective_role"],
        other_names=[services.NameInput(d["alias"], "alias")] if d["alias"] else [],
        confidential=dict(conf_form.cleaned_data) if conf_form is not None else {},
    )
    try:
        return services.member_register(
            data=data,
            consent_method=d["consent_method"],
            consent_language=d["consent_language"],
            witness_name=d["witness_name"],
            guardian_name=d.get("guardian_name", ""),
            actor=actor,
        )
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None
