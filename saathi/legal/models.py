"""Legal aid: matters, identifiers, people on a matter, hearings, compensation, threats.

A matter belongs to one member and her organisation. What a facilitator may see of it is
its existence, its stage and its next date (``LegalMatter.SUMMARY_FIELDS``); everything
else is for legal advocates, and the dangerous parts (accused, statements, case notes,
threat details) are encrypted, read only through ``core.confidential.reveal`` (audited).
Money is ``Decimal`` with two places. An award and the money actually paid are kept apart:
payments are rows of their own, several per award (part payments).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saathi.core.cases import CaseStep
from saathi.core.fields import EncryptedTextField
from saathi.core.models import OwnedRecord
from saathi.core.vault import PrivateFileField

from .querysets import MatterPartQuerySet, MatterQuerySet

ZERO = Decimal("0.00")


class MatterType(models.TextChoices):
    COMPENSATION = "victim_compensation_claim", _("Victim compensation claim")
    PROSECUTION = "criminal_prosecution", _("Prosecution (member is victim or complainant)")
    DEFENCE = "criminal_defence", _("Defence (member is accused)")
    FIR_REFUSAL = "fir_refusal_or_police_negligence", _("Refusal of FIR or police negligence")
    CUSTODY = "protective_custody_release", _("Protective custody and release")
    WITNESS_PROTECTION = "witness_protection", _("Witness protection")
    THREAT = "threat_intimidation_incident", _("Threat or intimidation")
    ENTITLEMENT = "entitlement_grievance", _("Entitlement grievance")
    OTHER = "other", _("Other")


class MemberRole(models.TextChoices):
    VICTIM = "victim", _("Victim")
    COMPLAINANT = "complainant", _("Complainant or informant")
    ACCUSED = "accused", _("Accused")
    WITNESS = "witness", _("Witness")
    DEPENDANT = "dependant", _("Dependant")
    NEXT_FRIEND = "next_friend", _("Next friend")


class Forum(models.TextChoices):
    POLICE_STATION = "police_station", _("Police station")
    SP_OFFICE = "sp_office", _("Office of the Superintendent of Police")
    MAGISTRATE = "magistrate", _("Magistrate's court")
    SESSIONS = "sessions", _("Sessions court")
    HIGH_COURT = "high_court", _("High Court")
    LSA = "legal_services", _("DLSA or SLSA")
    COMPETENT_AUTHORITY = "competent_authority", _("Competent Authority (witness protection)")
    GRIEVANCE = "grievance_officer", _("Grievance officer or State Food Commission")


class Stage(models.TextChoices):
    """The stage of a criminal case under BNSS (domain 3.3); other matters use the first."""

    NOT_CRIMINAL = "", _("Not a criminal case")
    INFORMATION = "information", _("Information / FIR (s.173)")
    REFUSED = "fir_refused", _("FIR refused (s.173(4), s.175(3))")
    PRIVATE_COMPLAINT = "private_complaint", _("Private complaint (s.223)")
    INVESTIGATION = "investigation", _("Investigation (ss.175–193)")
    POLICE_REPORT = "police_report", _("Charge-sheet or closure report (s.193)")
    COGNIZANCE = "cognizance", _("Cognizance (s.210)")
    COMMITTAL = "committal", _("Supply of documents, committal (s.230, s.232)")
    CHARGE = "charge", _("Discharge or framing of charge (s.250, s.251)")
    EVIDENCE = "evidence", _("Evidence")
    ARGUMENTS = "arguments", _("Statement of accused and arguments")
    JUDGMENT = "judgment", _("Judgment")
    APPEAL = "appeal", _("Victim's appeal (s.413)")


class Status(models.TextChoices):
    """Where the matter stands as a piece of work (the case's status)."""

    INTAKE = "intake", _("Intake")
    FILED = "filed", _("Filed")
    PENDING = "pending", _("Pending before the authority or court")
    DECIDED = "decided", _("Decided")
    APPEAL = "appeal", _("In appeal or writ")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = Status
# Which status may follow which; ``case_move`` refuses anything else.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.INTAKE: frozenset({S.FILED, S.WITHDRAWN, S.CLOSED}),
    S.FILED: frozenset({S.PENDING, S.DECIDED, S.WITHDRAWN, S.CLOSED}),
    S.PENDING: frozenset({S.DECIDED, S.WITHDRAWN, S.CLOSED}),
    S.DECIDED: frozenset({S.APPEAL, S.CLOSED}),
    S.APPEAL: frozenset({S.DECIDED, S.CLOSED}),
    S.CLOSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
OPEN_STATUSES = frozenset(s for s, nxt in TRANSITIONS.items() if nxt)


class LegalMatter(OwnedRecord):
    reference_prefix = "LGL"
    # what a role with the summary capability only may see
    SUMMARY_FIELDS = ("reference", "stage", "next_date")

    member = models.ForeignKey(
        "people.Member", on_delete=models.PROTECT, related_name="legal_matters"
    )
    matter_type = models.CharField(_("type of matter"), max_length=40, choices=MatterType.choices)
    member_role = models.CharField(_("her role"), max_length=16, choices=MemberRole.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.INTAKE
    )
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices, blank=True)
    forum = models.CharField(_("forum"), max_length=24, choices=Forum.choices, blank=True)
    court_establishment = models.CharField(_("court establishment"), max_length=200, blank=True)
    court_number = models.CharField(_("court number"), max_length=40, blank=True)
    judge = models.CharField(_("judge"), max_length=200, blank=True)
    sexual_offence = models.BooleanField(
        _("sexual offence (BNS ss.64–71) or POCSO"),
        default=False,
        help_text=_(
            "Two-month investigation clock; her name stays out of every letter "
            "unless she authorised it in writing (BNS s.72)."
        ),
    )
    # dates the clocks are computed from (clocks.py)
    offence_on = models.DateField(_("date of the offence"), null=True, blank=True)
    fir_on = models.DateField(_("date of the FIR or information"), null=True, blank=True)
    progress_informed_on = models.DateField(
        _("police told her of progress on"), null=True, blank=True
    )
    police_report_on = models.DateField(
        _("charge-sheet or closure report on"), null=True, blank=True
    )
    arrested_on = models.DateField(_("date of arrest (defence)"), null=True, blank=True)
    trial_ended_on = models.DateField(_("trial ended on"), null=True, blank=True)
    # the next date (from the last hearing, or set by hand): lists and the agenda
    next_date = models.DateField(_("next date"), null=True, blank=True)
    next_purpose = models.CharField(_("purpose of the next date"), max_length=200, blank=True)
    last_hearing_on = models.DateField(null=True, blank=True, editable=False)
    # the last hearing left no next date (kept by save(): the "no next date" list's index)
    awaiting_next_date = models.BooleanField(default=False, editable=False)
    # 30 days after the earliest award not yet paid in full (services keep it): "awarded,
    # not paid after 30 days" is ``award_due_on < today``
    award_due_on = models.DateField(null=True, blank=True, editable=False)
    # confidential: advocates only, every read audited
    accused = EncryptedTextField(_("accused (names, description)"), confidential=True)
    statements = EncryptedTextField(_("statements (s.180, s.183)"), confidential=True)
    notes = EncryptedTextField(_("case notes"), confidential=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # the organisation's legal advocate who answers for the matter (services check the
    # role); a category A threat alerts her first, and "my matters" lists hers
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible legal advocate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # the index below leads with it, in the list's order
    )
    # her active written authorisation to be named (BNS s.72); the history is the table's
    disclosure_consent = models.ForeignKey(
        "DisclosureConsent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = MatterQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-created_at", "-id"], name="legal_matter_org"),
            models.Index(fields=["organisation", "next_date", "id"], name="legal_matter_org_next"),
            models.Index(fields=["next_date", "member"], name="legal_matter_next_member"),
            # the agenda's order (date, then the entry's key)
            models.Index(
                fields=["organisation", "next_date", "uuid"], name="legal_matter_org_agenda"
            ),
            models.Index(fields=["member", "-created_at"], name="legal_matter_member"),
            # "my matters": the list's order among the matters she answers for
            models.Index(
                fields=["responsible", "organisation", "-created_at", "-id"],
                name="legal_matter_responsible",
            ),
            models.Index(
                fields=["organisation", "-created_at", "-id"],
                condition=models.Q(awaiting_next_date=True),
                name="legal_matter_awaiting",
            ),
            models.Index(
                fields=["organisation", "-created_at", "-id"],
                condition=models.Q(award_due_on__isnull=False),
                name="legal_matter_award_due",
            ),
        ]

    def save(self, *args, **kwargs):
        self.awaiting_next_date = self.last_hearing_on is not None and (
            self.next_date is None or self.next_date < self.last_hearing_on
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "awaiting_next_date" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "awaiting_next_date"]
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def allowed_next(self) -> list[str]:
        return [s for s in Status.values if s in TRANSITIONS[self.status]]

    @property
    def unpaid(self) -> bool:
        """An award not paid in full 30 days after it was made."""
        return self.award_due_on is not None and self.award_due_on < timezone.localdate()

    @property
    def needs_next_date(self) -> bool:
        """A past hearing and no next date: the matter may have stalled unnoticed."""
        today = timezone.localdate()
        return (
            self.is_open
            and self.last_hearing_on is not None
            and self.last_hearing_on <= today
            and (self.next_date is None or self.next_date < self.last_hearing_on)
        )  # the same as awaiting_next_date, computed from the fields as they are now


class IdentifierKind(models.TextChoices):
    GD = "gd_entry", _("GD/DD entry")
    ZERO_FIR = "zero_fir", _("Zero FIR")
    FIR = "fir", _("FIR")
    CHARGE_SHEET = "charge_sheet", _("Charge-sheet")
    COURT_CASE = "court_case", _("Court case number")
    CNR = "cnr", _("CNR (eCourts)")
    DLSA = "dlsa_application", _("DLSA legal-aid application")
    COMPENSATION = "compensation_application", _("Compensation application")
    AWARD = "award_order", _("Award order")
    WPS = "wps_application", _("Witness-protection application")
    RTI = "rti", _("RTI request")
    DGRO = "dgro_complaint", _("DGRO complaint")


class MatterIdentifier(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(_("kind"), max_length=32, choices=IdentifierKind.choices)
    number = models.CharField(_("number"), max_length=60)
    police_station = models.CharField(_("police station"), max_length=200, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    on = models.DateField(_("date"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = MatterPartQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "id"]


class PersonRole(models.TextChoices):
    PANEL_LAWYER = "panel_lawyer", _("DLSA panel lawyer")
    PROSECUTOR = "public_prosecutor", _("Public prosecutor")
    IO = "investigating_officer", _("Investigating officer")
    PLV = "paralegal_volunteer", _("Paralegal volunteer")
    MENTOR = "ngo_mentor", _("NGO mentor")


class MatterPerson(models.Model):
    """Someone working on the matter; the contact is personal data (masked, revealed audited)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role"), max_length=32, choices=PersonRole.choices)
    name = models.CharField(_("name"), max_length=200)
    contact = EncryptedTextField(_("phone or address"))
    created_at = models.DateTimeField(default=timezone.now)

    objects = MatterPartQuerySet.as_manager()

    class Meta:
        ordering = ["role", "id"]

    @property
    def member(self):
        return self.matter.member


class Hearing(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="hearings")
    on = models.DateField(_("date"))
    court = models.CharField(_("court"), max_length=200, blank=True)
    court_number = models.CharField(_("court number"), max_length=40, blank=True)
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    attended = models.CharField(_("who attended"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=500, blank=True)
    adjournment_reason = models.CharField(_("reason for adjournment"), max_length=300, blank=True)
    next_date = models.DateField(_("next date"), null=True, blank=True)
    next_purpose = models.CharField(_("purpose of the next date"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = MatterPartQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["matter", "-on", "-id"], name="legal_hearing_matter")]


class CompensationScheme(models.TextChoices):
    BNSS_396 = "bnss_396", _("BNSS s.396 (formerly CrPC s.357A), state victim compensation scheme")
    NALSA_2018 = "nalsa_2018", _("NALSA scheme for women victims/survivors, 2018")
    COURT_395 = "bnss_395", _("Compensation ordered by the court (BNSS s.395)")
    OTHER = "other", _("Other")


class Compensation(models.Model):
    """A compensation claim on a matter: application, interim relief, award, appeals.

    The money paid is not here: ``CompensationPayment`` rows, interim or final, several."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="compensations")
    applied_on = models.DateField(_("applied on"))
    scheme = models.CharField(
        _("under which scheme"), max_length=16, choices=CompensationScheme.choices
    )
    authority = models.CharField(_("to which authority"), max_length=200)
    documents = models.JSONField(_("documents attached"), default=list, blank=True)
    interim_amount = models.DecimalField(
        _("interim relief ordered (₹)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    interim_ordered_on = models.DateField(_("interim relief ordered on"), null=True, blank=True)
    award_amount = models.DecimalField(
        _("final award (₹)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    award_on = models.DateField(_("award order date"), null=True, blank=True)
    award_order_number = models.CharField(_("award order number"), max_length=60, blank=True)
    enhancement_appeal_on = models.DateField(
        _("enhancement appeal to the SLSA filed on"), null=True, blank=True
    )
    writ_on = models.DateField(_("writ for non-payment filed on"), null=True, blank=True)
    # kept up to date by the services from the payments: lists and reports filter on them
    interim_paid = models.DecimalField(max_digits=12, decimal_places=2, default=ZERO)
    award_paid = models.DecimalField(max_digits=12, decimal_places=2, default=ZERO)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = MatterPartQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["award_on"], name="legal_comp_award")]

    @property
    def award_outstanding(self) -> Decimal:
        if self.award_amount is None:
            return ZERO
        return max(self.award_amount - self.award_paid, ZERO)


class PaymentKind(models.TextChoices):
    INTERIM = "interim", _("Interim relief")
    FINAL = "final", _("Final award")


class CompensationPayment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    compensation = models.ForeignKey(
        Compensation, on_delete=models.CASCADE, related_name="payments"
    )
    kind = models.CharField(_("paid against"), max_length=8, choices=PaymentKind.choices)
    amount = models.DecimalField(_("amount paid (₹)"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    # "into which account": a bank account is personal data
    account = EncryptedTextField(_("into which account"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["paid_on", "id"]

    @property
    def member(self):
        return self.compensation.matter.member


class ThreatCategory(models.TextChoices):
    """Witness Protection Scheme 2018 categories (domain 3.5)."""

    A = "A", _("A: threat to life")
    B = "B", _("B: safety, reputation or property")
    C = "C", _("C: harassment or intimidation")


class ThreatSource(models.TextChoices):
    ACCUSED = "accused", _("The accused")
    ASSOCIATES = "associates", _("Associates of the accused")
    POLICE = "police", _("The police")
    OTHER = "other", _("Others")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone call")
    MESSAGE = "message", _("Message or social media")
    THROUGH_FAMILY = "family", _("Through family or neighbours")
    OTHER = "other", _("Other")


class Threat(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="threats")
    on = models.DateField(_("date"))
    category = models.CharField(_("category"), max_length=1, choices=ThreatCategory.choices)
    source = models.CharField(_("from whom"), max_length=16, choices=ThreatSource.choices)
    channel = models.CharField(_("how"), max_length=16, choices=Channel.choices)
    reported_to = models.CharField(_("reported to"), max_length=200, blank=True)
    response = models.CharField(_("response"), max_length=500, blank=True)
    details = EncryptedTextField(_("what happened"), confidential=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = MatterPartQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]

    @property
    def member(self):
        return self.matter.member


class ProtectionApplication(models.Model):
    """A witness-protection application (WPS 2018) and what it led to."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(
        LegalMatter, on_delete=models.CASCADE, related_name="protection_applications"
    )
    applied_on = models.DateField(_("applied on"))
    competent_authority = models.CharField(_("Competent Authority"), max_length=200)
    report_received_on = models.DateField(
        _("threat analysis report received on"), null=True, blank=True
    )
    measures = models.CharField(_("measures ordered"), max_length=500, blank=True)
    ordered_on = models.DateField(_("measures ordered on"), null=True, blank=True)
    review_on = models.DateField(_("next review"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = MatterPartQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_on", "-id"]


class Alert(models.Model):
    """An urgent notice to one user (a category A threat): shown on her home page until
    she opens the matter. It names the matter's reference only."""

    class Kind(models.TextChoices):
        THREAT_A = "threat_a", _("A threat to life was recorded")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "seen_at"], name="legal_alert_user")]


class DisclosureConsent(models.Model):
    """Her written authorisation (BNS s.72) for letters, exports and reports of this matter
    to name her. Without an active one, a sexual-offence matter's letters leave her name
    blank. Withdrawal is recorded, never deleted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(
        LegalMatter, on_delete=models.CASCADE, related_name="disclosure_consents"
    )
    given_on = models.DateField(_("authorised on"))
    method = models.CharField(
        _("how she authorised it"),
        max_length=16,
        choices=[("signature", _("Signature")), ("thumbprint", _("Thumbprint"))],
    )
    witness_name = models.CharField(_("witness"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_on", "-id"]

    @property
    def member(self):
        return self.matter.member


class MatterStep(CaseStep):
    """One status move of a matter (``core.cases.case_move``): its timeline."""

    case_field = "matter"

    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="steps")
    on = models.DateField(_("on"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    @property
    def to_label(self) -> str:
        return Status(self.to_status).label if self.to_status in Status.values else ""


class MatterClock(models.Model):
    """A clock of a matter that is still running (``clocks.matter_clocks``, not done),
    kept by the services whenever a date it is computed from changes: the agenda, the
    reminders and the lists read these rows instead of computing every matter's clocks."""

    # a row keeps its uuid while its clock is unchanged: the reminder key of the agenda
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="clock_rows")
    kind = models.CharField(max_length=24)
    due_on = models.DateField()
    step = models.CharField(max_length=32)
    soft = models.BooleanField(default=False)
    ref = models.CharField(max_length=40, blank=True)

    objects = MatterPartQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["due_on", "matter"], name="legal_clock_due"),
            # the agenda's order (date, then the entry's key)
            models.Index(fields=["due_on", "uuid"], name="legal_clock_agenda"),
        ]

    @property
    def label(self):
        from .clocks import KIND_LABELS

        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def step_label(self):
        from .clocks import STEP_LABELS

        return STEP_LABELS.get(self.step, self.step)


class DocumentKind(models.TextChoices):
    FIR = "fir_copy", _("FIR copy")
    MEDICAL = "medical_report", _("Medical report")
    STATEMENT = "statement", _("Statement")
    CHARGE_SHEET = "charge_sheet", _("Charge-sheet")
    ORDER = "order", _("Order")
    JUDGMENT = "judgment", _("Judgment")
    AWARD = "award", _("Award")
    RECEIPT = "receipt", _("Receipt")
    COMPLAINT = "complaint", _("Complaint")
    AFFIDAVIT = "affidavit", _("Affidavit")
    OTHER = "other", _("Other")


class MatterDocument(models.Model):
    """A scan or PDF on a matter, encrypted (``core.vault``), served only through the
    audited file view to those with the full view of the matter."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind of document"), max_length=24, choices=DocumentKind.choices)
    on = models.DateField(_("date of the document"), null=True, blank=True)
    content_file = PrivateFileField(aad_prefix="legal-document")
    content_type = models.CharField(max_length=50, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = MatterPartQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def member(self):
        return self.matter.member

    @property
    def organisation_id(self):
        return self.matter.organisation_id

    @property
    def member_id(self):
        return self.matter.member_id


class ComplaintAbout(models.TextChoices):
    POLICE = "police", _("Police")
    PROSECUTOR = "prosecutor", _("Public prosecutor")


class ComplaintGround(models.TextChoices):
    FIR_REFUSED = "fir_refused", _("Refusal to register the FIR")
    HARASSMENT = "harassment", _("Harassment")
    DELAY = "delay", _("Delay")
    IDENTITY_LEAK = "identity_leak", _("Leak of her identity")
    OTHER = "other", _("Other")


class ComplaintLevel(models.TextChoices):
    """Where a complaint goes, in the order it is escalated (domain 3.3, 3.6)."""

    SP = "sp", _("Superintendent of Police (BNSS s.173(4))")
    MAGISTRATE = "magistrate", _("Magistrate, with an affidavit (BNSS s.175(3))")
    SHRC = "shrc", _("State Human Rights Commission")
    PCA = "pca", _("Police Complaints Authority")


# which level a complaint answered badly (or not at all) goes to next
ESCALATION: dict[str, frozenset[str]] = {
    ComplaintLevel.SP: frozenset({ComplaintLevel.MAGISTRATE}),
    ComplaintLevel.MAGISTRATE: frozenset({ComplaintLevel.SHRC, ComplaintLevel.PCA}),
    ComplaintLevel.SHRC: frozenset(),
    ComplaintLevel.PCA: frozenset(),
}


class Complaint(models.Model):
    """A complaint about the police or a prosecutor, addressed to an office of the
    organisation's directory of duty bearers, with the written complaint and its postal
    receipt (private files), the response, and what it was escalated to."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="complaints")
    duty_bearer = models.ForeignKey(
        "collectives.DutyBearer",
        verbose_name=_("to whom"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    about = models.CharField(_("about"), max_length=16, choices=ComplaintAbout.choices)
    ground = models.CharField(_("what"), max_length=16, choices=ComplaintGround.choices)
    level = models.CharField(_("level"), max_length=16, choices=ComplaintLevel.choices)
    sent_on = models.DateField(_("sent on"))
    # what happened, in her words: confidential like the statements
    details = EncryptedTextField(_("what happened"), confidential=True)
    complaint_file = PrivateFileField(aad_prefix="legal-complaint")
    complaint_content_type = models.CharField(max_length=50, blank=True, editable=False)
    receipt_file = PrivateFileField(aad_prefix="legal-complaint-receipt")
    receipt_content_type = models.CharField(max_length=50, blank=True, editable=False)
    affidavit_file = PrivateFileField(aad_prefix="legal-complaint-affidavit")
    affidavit_content_type = models.CharField(max_length=50, blank=True, editable=False)
    response_on = models.DateField(_("answered on"), null=True, blank=True)
    response = models.CharField(_("the response"), max_length=1000, blank=True)
    escalated_from = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalated_to",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = MatterPartQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-id"]

    @property
    def member(self):
        return self.matter.member

    @property
    def organisation_id(self):
        return self.matter.organisation_id

    @property
    def member_id(self):
        return self.matter.member_id

    def next_levels(self) -> list[str]:
        return [lv for lv in ComplaintLevel.values if lv in ESCALATION[self.level]]
