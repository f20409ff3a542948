"""Forms of the legal pages. Labels come from the models (one wording, translated once);
writes and cross-field checks are the services'."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from saathi.entitlements.forms import LANGUAGE_LABELS

from .models import (
    Compensation,
    CompensationPayment,
    Complaint,
    DisclosureConsent,
    Hearing,
    LegalMatter,
    MatterDocument,
    MatterIdentifier,
    MatterPerson,
    ProtectionApplication,
    Status,
    Threat,
)

DOCUMENT_CHOICES = [
    ("form_i", _("Application form")),
    ("fir", _("FIR copy")),
    ("medical", _("Medical report")),
    ("judgment", _("Judgment or court recommendation")),
    ("death_certificate", _("Death certificate")),
    ("identity", _("Identity document")),
    ("bank", _("Bank account details")),
]


def _field(f: models.Field, **kwargs):
    if isinstance(f, models.DateField):
        kwargs["widget"] = forms.DateInput(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        )
    if isinstance(f, models.DecimalField):
        kwargs["widget"] = forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"})
    return f.formfield(**kwargs)


class _Form(forms.ModelForm):
    """A model form that never saves (services do) and shows dates as dd/mm/yyyy."""

    def save(self, commit=True):  # pragma: no cover - services write
        raise NotImplementedError("Services write; call the service with cleaned_data.")


def _secret(label):
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Encrypted; only legal advocates see it. Leave empty to keep what is saved."),
    )


class MatterForm(_Form):
    accused = _secret(LegalMatter._meta.get_field("accused").verbose_name)
    statements = _secret(LegalMatter._meta.get_field("statements").verbose_name)
    notes = _secret(LegalMatter._meta.get_field("notes").verbose_name)

    class Meta:
        model = LegalMatter
        fields = [
            "matter_type",
            "member_role",
            "sexual_offence",
            "stage",
            "forum",
            "court_establishment",
            "court_number",
            "judge",
            "offence_on",
            "fir_on",
            "progress_informed_on",
            "police_report_on",
            "arrested_on",
            "trial_ended_on",
            "next_date",
            "next_purpose",
            "responsible",
        ]
        formfield_callback = _field

    def __init__(self, *args, member, **kwargs):
        """``member``: whose matter it is; the responsible advocate is one of the legal
        advocates of her organisation who reach her (the service checks it again)."""
        from saathi.accounts.models import User

        from .services import advocates_reaching

        super().__init__(*args, **kwargs)
        advocates = advocates_reaching(member)
        field = self.fields["responsible"]
        field.queryset = User.objects.filter(pk__in=[u.pk for u in advocates])  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: u.display()  # type: ignore[attr-defined]
        field.empty_label = _("No one yet")  # type: ignore[attr-defined]


class IdentifierForm(_Form):
    class Meta:
        model = MatterIdentifier
        fields = ["kind", "number", "police_station", "district", "year", "on"]
        formfield_callback = _field


class PersonForm(_Form):
    contact = forms.CharField(
        label=MatterPerson._meta.get_field("contact").verbose_name, required=False, max_length=300
    )

    class Meta:
        model = MatterPerson
        fields = ["role", "name"]
        formfield_callback = _field


class HearingForm(_Form):
    class Meta:
        model = Hearing
        fields = [
            "on",
            "court",
            "court_number",
            "stage",
            "purpose",
            "attended",
            "outcome",
            "adjournment_reason",
            "next_date",
            "next_purpose",
        ]
        formfield_callback = _field


class CompensationForm(_Form):
    documents = forms.MultipleChoiceField(
        label=Compensation._meta.get_field("documents").verbose_name,
        choices=DOCUMENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Compensation
        fields = [
            "applied_on",
            "scheme",
            "authority",
            "interim_amount",
            "interim_ordered_on",
            "award_amount",
            "award_on",
            "award_order_number",
            "enhancement_appeal_on",
            "writ_on",
        ]
        formfield_callback = _field


class PaymentForm(_Form):
    account = forms.CharField(
        label=CompensationPayment._meta.get_field("account").verbose_name,
        required=False,
        max_length=100,
        help_text=_("For example the bank and the last four digits. Encrypted."),
    )

    class Meta:
        model = CompensationPayment
        fields = ["kind", "amount", "paid_on"]
        formfield_callback = _field


class ThreatForm(_Form):
    details = _secret(Threat._meta.get_field("details").verbose_name)

    class Meta:
        model = Threat
        fields = ["on", "category", "source", "channel", "reported_to", "response"]
        formfield_callback = _field


class ProtectionForm(_Form):
    class Meta:
        model = ProtectionApplication
        fields = [
            "applied_on",
            "competent_authority",
            "report_received_on",
            "measures",
            "ordered_on",
            "review_on",
        ]
        formfield_callback = _field


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(
        label=_("On"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        help_text=_("Do not write the names of the accused here."),
    )

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, Status(s).label) for s in allowed]


class DisclosureConsentForm(_Form):
    class Meta:
        model = DisclosureConsent
        fields = ["given_on", "method", "witness_name"]
        formfield_callback = _field


class LetterKind(models.TextChoices):
    DLSA_COMPENSATION = "dlsa_compensation", _("Compensation application to the DLSA")
    SP_COMPLAINT = "sp_complaint", _("Complaint to the SP (BNSS s.173(4))")
    PROGRESS = "progress_request", _("Request for progress (BNSS s.193(3))")
    WITNESS_PROTECTION = "witness_protection", _("Witness-protection application")


class LetterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Letter"), choices=LetterKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=list(LANGUAGE_LABELS.items()))


def _file(label, required=False):
    return forms.FileField(
        label=label,
        required=required,
        help_text=_("A photo (JPEG or PNG) or a PDF. Stored encrypted."),
    )


class DocumentForm(_Form):
    upload = _file(_("File"), required=True)

    class Meta:
        model = MatterDocument
        fields = ["kind", "on"]
        formfield_callback = _field


class ComplaintForm(_Form):
    details = _secret(Complaint._meta.get_field("details").verbose_name)
    complaint = _file(_("The written complaint"))
    receipt = _file(_("Postal receipt"))
    affidavit = _file(_("Her affidavit"))

    class Meta:
        model = Complaint
        fields = ["duty_bearer", "about", "ground", "level", "sent_on"]
        formfield_callback = _field

    def __init__(self, *args, organisation_id=None, levels=None, **kwargs):
        from saathi.collectives.models import DutyBearer

        super().__init__(*args, **kwargs)
        self.fields["duty_bearer"].queryset = DutyBearer.objects.filter(
            organisation_id=organisation_id, archived_at__isnull=True
        )
        if levels is not None:
            self.fields["level"].choices = [
                (k, v) for k, v in self.fields["level"].choices if k in levels
            ]

    def uploads(self) -> dict:
        return {n: self.cleaned_data.get(n) for n in ("complaint", "receipt", "affidavit")}


class ComplaintAnswerForm(_Form):
    receipt = _file(_("Postal receipt"))

    class Meta:
        model = Complaint
        fields = ["response_on", "response"]
        formfield_callback = _field
        widgets = {"response": forms.Textarea(attrs={"rows": 3})}

    def uploads(self) -> dict:
        return {"receipt": self.cleaned_data.get("receipt")}
