"""Schemes, applications followed to the end, correspondence, letters, drives, feeds.

A scheme row is one *version* of a scheme: editing a scheme writes a new row and closes
the old one (``replaced_at``), so an application keeps pointing at the version it was
made under. Shipped schemes have no organisation; an organisation that edits one gets
its own copy (``organisation`` set, same ``code``) that shadows the shipped row for it.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from saathi.core.cases import CaseStep
from saathi.core.vault import PrivateFileField
from saathi.people.choices import IdentificationRoute

from .querysets import ApplicationQuerySet, CorrespondenceQuerySet, DriveQuerySet, SchemeQuerySet

LANGS = ("en", "hi", "bn", "te")


class Level(models.TextChoices):
    CENTRAL = "central", _("Central")
    STATE = "state", _("State")
    COURT_ORDER = "court_order", _("Court order")


class Category(models.TextChoices):
    FOOD = "food", _("Food")
    FINANCIAL_INCLUSION = "financial_inclusion", _("Bank account")
    IDENTITY_DOCUMENT = "identity_document", _("Identity document")
    HOUSING = "housing", _("Housing")
    SHELTER = "shelter_rehabilitation", _("Shelter and rehabilitation")
    LEGAL = "legal", _("Legal")
    PENSION = "pension", _("Pension")
    CASH_TRANSFER = "cash_transfer", _("Cash support")
    HEALTH = "health", _("Health")
    LIVELIHOOD = "livelihood", _("Livelihood")
    CERTIFICATE = "certificate", _("Certificate")


class Verified(models.TextChoices):
    YES = "yes", _("Verified")
    PARTIAL = "partial", _("Partly verified")


class Scheme(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=60)
    organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    replaced_at = models.DateTimeField(null=True, blank=True)
    # names and summaries in every language, in the data: {"en": ..., "hi": ..., ...}
    names = models.JSONField(default=dict)
    summaries = models.JSONField(default=dict)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    states = models.JSONField(_("states where it applies"), default=list, blank=True)
    excluded_states = models.JSONField(_("states where it does not apply"), default=list)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    eligibility = models.TextField(_("eligibility"), blank=True)
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    other_documents = models.TextField(_("other papers to bring"), blank=True)
    provides_document = models.CharField(_("gives the document"), max_length=32, blank=True)
    rules = models.JSONField(default=list, blank=True)
    alternative_routes = models.BooleanField(
        _("Supreme Court alternative identification applies"), default=False
    )
    authority = models.CharField(_("authority"), max_length=300)
    channel = models.CharField(_("where to apply"), max_length=300, blank=True)
    typical_timeline = models.CharField(_("typical timeline"), max_length=300, blank=True)
    typical_days = models.PositiveIntegerField(
        _("typical days to a decision"), null=True, blank=True
    )
    grievance = models.CharField(_("grievance route"), max_length=300, blank=True)
    benefit = models.CharField(_("benefit"), max_length=400, blank=True)
    source = models.CharField(_("source"), max_length=400, blank=True)
    verified = models.CharField(_("verified"), max_length=8, choices=Verified.choices)
    last_verified = models.DateField(_("last verified on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["category", "code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "organisation", "version"], name="scheme_code_org_version"
            )
        ]
        indexes = [models.Index(fields=["code", "replaced_at"], name="scheme_code_current")]

    def __str__(self):
        return self.name

    def _in(self, data: dict, lang: str | None = None) -> str:
        lang = (lang or get_language() or "en")[:2]
        return data.get(lang) or data.get("en") or ""

    @property
    def name(self) -> str:
        return self._in(self.names) or self.code

    @property
    def summary(self) -> str:
        return self._in(self.summaries)

    def name_in(self, lang: str) -> str:
        return self._in(self.names, lang) or self.code

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None

    def applies_in(self, state: str) -> bool:
        if state in (self.excluded_states or []):
            return False
        return not self.states or state in self.states

    def required_document_labels(self):
        from saathi.people.choices import DocumentKind

        labels = []
        for item in self.required_documents or []:
            kinds = [item] if isinstance(item, str) else list(item)
            names = [str(DocumentKind(k).label) for k in kinds if k in DocumentKind.values]
            if names:
                labels.append(" / ".join(names))
        return labels


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DOCUMENTS_PENDING = "documents_pending", _("Documents pending")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_VERIFICATION = "under_verification", _("Under verification")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due")
    APPROVED = "approved", _("Approved")
    BENEFIT_RECEIVED = "benefit_received", _("Benefit received")
    NOT_RECEIVED = "not_received", _("Approved but never received")
    REJECTED = "rejected", _("Rejected")
    ESCALATED = "escalated", _("Appealed or escalated")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed without outcome")


S = Status
# Which status may follow which. Services refuse anything else; a test walks it.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.DOCUMENTS_PENDING, S.SUBMITTED, S.WITHDRAWN}),
    S.DOCUMENTS_PENDING: frozenset({S.DRAFT, S.SUBMITTED, S.WITHDRAWN, S.CLOSED}),
    S.SUBMITTED: frozenset(
        {S.UNDER_VERIFICATION, S.FOLLOW_UP_DUE, S.APPROVED, S.REJECTED, S.ESCALATED}
        | {S.DOCUMENTS_PENDING, S.WITHDRAWN, S.CLOSED}
    ),
    S.UNDER_VERIFICATION: frozenset(
        {S.FOLLOW_UP_DUE, S.APPROVED, S.REJECTED, S.DOCUMENTS_PENDING, S.ESCALATED}
        | {S.WITHDRAWN, S.CLOSED}
    ),
    S.FOLLOW_UP_DUE: frozenset(
        {S.UNDER_VERIFICATION, S.APPROVED, S.REJECTED, S.ESCALATED, S.DOCUMENTS_PENDING}
        | {S.WITHDRAWN, S.CLOSED}
    ),
    S.APPROVED: frozenset({S.BENEFIT_RECEIVED, S.NOT_RECEIVED, S.ESCALATED}),
    S.NOT_RECEIVED: frozenset({S.ESCALATED, S.BENEFIT_RECEIVED, S.CLOSED}),
    S.REJECTED: frozenset({S.ESCALATED, S.CLOSED}),
    S.ESCALATED: frozenset(
        {S.UNDER_VERIFICATION, S.FOLLOW_UP_DUE, S.APPROVED, S.REJECTED, S.BENEFIT_RECEIVED}
        | {S.WITHDRAWN, S.CLOSED}
    ),
    S.BENEFIT_RECEIVED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.CLOSED: frozenset(),
}
OPEN_STATUSES = frozenset(s for s, nxt in TRANSITIONS.items() if nxt) - {S.NOT_RECEIVED}
# "waiting on the office": a stall past the scheme's typical timeline suggests escalation
WAITING_STATUSES = frozenset({S.SUBMITTED, S.UNDER_VERIFICATION, S.FOLLOW_UP_DUE})
SUBMITTED_OR_LATER = frozenset(Status.values) - {S.DRAFT, S.DOCUMENTS_PENDING, S.WITHDRAWN}
APPROVED_OR_LATER = frozenset({S.APPROVED, S.BENEFIT_RECEIVED, S.NOT_RECEIVED})


class RejectionReason(models.TextChoices):
    MISSING_DOCUMENT = "missing_document", _("A document was missing")
    NAME_MISMATCH = "name_mismatch", _("Names do not match across documents")
    NOT_ELIGIBLE = "not_eligible", _("Found not eligible")
    RESIDENCE = "residence", _("Residence not accepted")
    AGE_PROOF = "age_proof", _("Age proof not accepted")
    INCOME = "income", _("Income above the limit")
    DUPLICATE = "duplicate", _("Already has the benefit or a duplicate application")
    NO_REASON = "no_reason", _("No reason given")
    OTHER = "other", _("Other reason")


class Drive(models.Model):
    """A campaign: applications to one scheme for many members, with a target date."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey("people.Organisation", on_delete=models.PROTECT)
    collective = models.ForeignKey(
        "people.Collective", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    target_date = models.DateField(_("target date"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DriveQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name


class Application(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    organisation = models.ForeignKey("people.Organisation", on_delete=models.PROTECT)
    member = models.ForeignKey(
        "people.Member", on_delete=models.PROTECT, related_name="applications"
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="applications")
    drive = models.ForeignKey(
        Drive, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.DRAFT
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    rejection_reason = models.CharField(
        _("reason for rejection"), max_length=24, choices=RejectionReason.choices, blank=True
    )
    identification_route = models.CharField(
        _("identification route"),
        max_length=16,
        choices=IdentificationRoute.choices,
        default=IdentificationRoute.DOCUMENTARY,
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    office = models.CharField(_("office"), max_length=200, blank=True)
    authority_reference = models.CharField(
        _("reference number given by the office"), max_length=100, blank=True
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    # the earlier of deadline and next follow-up while the application is open: the agenda
    due_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "due_on", "id"], name="application_org_due"),
            models.Index(fields=["due_on", "member"], name="application_due_member"),
            models.Index(fields=["organisation", "-created_at", "-id"], name="application_org"),
            models.Index(
                fields=["organisation", "status", "-created_at", "-id"], name="application_status"
            ),
            # "waiting on the office longest first"
            models.Index(
                fields=["organisation", "submitted_on", "id"], name="application_org_submitted"
            ),
            models.Index(fields=["member", "scheme"], name="application_member"),
            models.Index(fields=["drive", "status"], name="application_drive"),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def allowed_next(self) -> list[str]:
        return [s for s in Status.values if s in TRANSITIONS[self.status]]


class Transition(CaseStep):
    """One status change of an application: its timeline (a ``core.cases.CaseStep``)."""

    case_field = "application"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=40, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=40, choices=Status.choices)
    reason = models.CharField(max_length=24, choices=RejectionReason.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    on = models.DateField(_("date"), default=timezone.localdate)

    class Meta:
        ordering = ["at", "id"]


class CorrespondenceKind(models.TextChoices):
    LETTER_OUT = "letter_out", _("Letter sent")
    LETTER_IN = "letter_in", _("Letter received")
    VISIT = "visit", _("Visit to the office")
    CALL = "call", _("Phone call")
    RTI_REQUEST = "rti_request", _("RTI request")
    RTI_REPLY = "rti_reply", _("RTI reply")
    GRIEVANCE = "grievance", _("Grievance or appeal filed")


class Correspondence(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey("people.Organisation", on_delete=models.PROTECT)
    member = models.ForeignKey(
        "people.Member", on_delete=models.PROTECT, related_name="correspondence"
    )
    application = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correspondence",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CorrespondenceKind.choices)
    authority = models.CharField(_("authority or office"), max_length=200)
    on = models.DateField(_("date"))
    summary = models.TextField(_("summary"), max_length=2000)
    attachment_file = PrivateFileField(aad_prefix="", max_length=100)
    attachment_content_type = models.CharField(max_length=50, blank=True, editable=False)
    attachment_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CorrespondenceQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["member", "-on"], name="correspondence_member")]


class LetterKind(models.TextChoices):
    COVER = "cover", _("Cover letter for an application")
    FOLLOW_UP = "follow_up", _("Follow-up letter")
    RTI = "rti", _("RTI request (Right to Information Act, s.6)")


class LetterTemplate(models.Model):
    """Editable text of a letter, per organisation and language; shipped rows have none."""

    organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("letter"), max_length=16, choices=LetterKind.choices)
    language = models.CharField(_("language"), max_length=2)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "language"], name="letter_template_unique"
            )
        ]


class LetterPrint(models.Model):
    """A letter generated as PDF: who printed what, when (the audit row has the same)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=16, choices=LetterKind.choices)
    language = models.CharField(max_length=2)
    printed_at = models.DateTimeField(default=timezone.now)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-printed_at"]


class CalendarFeed(models.Model):
    """A user's secret iCalendar link. Only the SHA-256 of the secret is stored."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "cal_" + secrets.token_urlsafe(32)
