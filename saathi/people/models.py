import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from saathi.core.fields import EncryptedTextField
from saathi.core.indexes import PostgresOnlyIndex, SearchTextIndex
from saathi.core.vault import PrivateFileField

from . import choices
from .querysets import (
    CollectiveQuerySet,
    DocumentQuerySet,
    HouseholdQuerySet,
    MemberQuerySet,
    MembershipQuerySet,
    OrganisationQuerySet,
)


class Organisation(models.Model):
    """A mentoring organisation or network: the data controller of its members' records."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    is_network = models.BooleanField(_("is a network of organisations"), default=False)
    states = models.JSONField(_("states"), default=list, blank=True)
    districts = models.JSONField(_("districts"), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Collective(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("mentoring organisation"),
        on_delete=models.PROTECT,
        related_name="collectives",
    )
    name = models.CharField(_("name (Latin letters)"), max_length=200)
    name_native = models.CharField(_("name in native script"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=2, choices=choices.State.choices)
    districts = models.JSONField(_("districts"), default=list, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    networks = models.CharField(_("networks it belongs to"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CollectiveQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Household(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    head = models.ForeignKey(
        "Member",
        verbose_name=_("head of household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = HouseholdQuerySet.as_manager()

    def __str__(self):
        return self.reference


class Dependant(models.Model):
    """A child, an elderly parent or another dependant who is not herself a member."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="dependants")
    name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(
        _("relationship"), max_length=16, choices=choices.Relationship.choices
    )
    sex = models.CharField(_("sex"), max_length=16, choices=choices.Sex.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    in_school = models.BooleanField(_("in school"), null=True, blank=True)
    history = HistoricalRecords()

    @property
    def age(self) -> int:
        return timezone.localdate().year - self.birth_year


class Member(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="members")
    display_name = models.CharField(_("name"), max_length=200)
    native_name = models.CharField(_("name in native script"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=16, choices=choices.Sex.choices)
    gender = models.CharField(
        _("gender"), max_length=16, choices=choices.Gender.choices, default="not_stated"
    )
    # Personal: the exact date is encrypted; the year (exact or estimated) stays plain
    # for ages, eligibility and reports.
    birth_date = EncryptedTextField(_("date of birth"))
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    birth_year_estimated = models.BooleanField(_("age is approximate"), default=False)
    state = models.CharField(_("state"), max_length=2, choices=choices.State.choices)
    district = models.CharField(_("district"), max_length=100)
    block = models.CharField(_("block or municipality"), max_length=100, blank=True)
    village = models.CharField(_("village or ward"), max_length=100, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=choices.Language.choices
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    primary_collective = models.ForeignKey(
        Collective, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Confidential: encrypted, shown only to roles with view_confidential, reads audited.
    trafficking_history = EncryptedTextField(_("trafficking history"), confidential=True)
    occupation = EncryptedTextField(_("occupation"), confidential=True)
    health_status = EncryptedTextField(_("health status"), confidential=True)
    hiv_status = EncryptedTextField(_("HIV status"), confidential=True)
    # Search: phonetic keys and transliterations of every name (see core.names).
    search_text = models.TextField(default="", editable=False)
    has_missing_document = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_reason = models.CharField(_("reason for archiving"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "id"]
        # The member list pages through visible_to(user) + filters ordered by name, and
        # counts the matches: each index below lets one of its shapes be answered from
        # the index alone (bench/pages.py measures them with 100,000 members).
        # archived_at comes after the order columns: PostgreSQL does not take
        # "archived_at IS NULL" for an equality, so an index with it in front cannot
        # give the list its order.
        indexes = [
            models.Index(
                fields=["organisation", "display_name", "id", "archived_at"], name="member_org"
            ),
            # For users whose grants are on collectives (scoped through memberships):
            # lets PostgreSQL count and sort their members from this index instead of
            # reading the whole table. archived_at first on purpose: the index must not
            # look like a way to read the list in name order, which tempted the planner
            # into walking it behind a selective search. SQLite does better starting
            # from the memberships and would pick this index wrongly, so it gets none.
            PostgresOnlyIndex(fields=["archived_at", "display_name", "id"], name="member_name"),
            models.Index(
                fields=[
                    "organisation",
                    "has_missing_document",
                    "display_name",
                    "id",
                    "archived_at",
                ],
                name="member_org_missing",
            ),
            models.Index(
                "organisation",
                Upper("district"),
                "display_name",
                "id",
                "archived_at",
                name="member_org_district",
            ),
            models.Index(fields=["district"], name="member_district"),
            SearchTextIndex(
                fields=["organisation", "display_name", "id", "archived_at", "search_text"],
                name="member_search",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def age(self) -> int:
        return timezone.localdate().year - self.birth_year

    @property
    def is_minor(self) -> bool:
        return self.age < 18

    def collective_ids(self) -> list[int]:
        cached = getattr(self, "_collective_ids", None)
        if cached is None:
            cached = list(
                self.memberships.filter(left_on__isnull=True).values_list(
                    "collective_id", flat=True
                )
            )
            self._collective_ids = cached
        return cached

    def scope_reach(self) -> tuple[int, list[int]]:
        """Her organisation and current collectives: where a capability on her is held."""
        return self.organisation_id, self.collective_ids()


class MemberName(models.Model):
    """One of a member's names, with its script, its kind and where it came from."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="names")
    text = models.CharField(_("name"), max_length=200)
    script = models.CharField(_("script"), max_length=16, choices=choices.Script.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=choices.NameKind.choices)
    source_document = models.ForeignKey(
        "IdentityDocument",
        verbose_name=_("from document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    latin = models.CharField(max_length=200, editable=False)
    key = models.CharField(max_length=200, editable=False, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]


class MemberPhone(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="phones")
    number = EncryptedTextField(_("phone number"))
    number_hash = models.CharField(max_length=40, db_index=True)
    last_digits = models.CharField(max_length=2)
    shared = models.BooleanField(_("shared with the household"), default=False)
    history = HistoricalRecords()


class Membership(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    collective = models.ForeignKey(
        Collective,
        verbose_name=_("collective"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=16, choices=choices.MembershipRole.choices, default="member"
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # Copies of her name and archived state, kept by services.refresh_membership_copies, so
    # that a collective's member list is one index (membership_list): counted and paged
    # in name order without reading a member row per member (ADR 0026).
    member_name = models.CharField(max_length=200, default="", editable=False)
    member_archived = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["member_name", "member_archived"])

    objects = MembershipQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["collective", "left_on", "member"], name="membership_coll"),
            # The member list of a user whose grants are on a collective: its current
            # memberships in the list's order (selectors._collective_keys). Current
            # memberships only, as the index's condition: PostgreSQL does not take
            # "left_on IS NULL" for an equality, so left_on in front would cost the
            # index its order. member_archived and left_on come last so that SQLite
            # counts and pages from the index alone (it reads a condition's column from
            # the index even when the condition implies it).
            models.Index(
                fields=["collective", "member_name", "member", "member_archived", "left_on"],
                name="membership_list",
                condition=models.Q(left_on__isnull=True),
            ),
        ]

    def save(self, *args, **kwargs):
        if self._state.adding and not self.member_name:
            self.member_name = self.member.display_name
            self.member_archived = self.member.archived_at is not None
        super().save(*args, **kwargs)


class IdentityDocument(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=32, choices=choices.DocumentKind.choices)
    other_kind = models.CharField(_("name of the document"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=choices.DocumentStatus.choices)
    # Aadhaar: never stored whole - last four digits and a keyed hash only.
    # Other documents: the number encrypted, with a keyed hash for look-up.
    number = EncryptedTextField(_("number"))
    number_hash = models.CharField(max_length=40, blank=True, db_index=True)
    number_last4 = models.CharField(max_length=4, blank=True)
    name_as_printed = models.CharField(_("name as printed"), max_length=200, blank=True)
    ration_category = models.CharField(
        _("ration card category"),
        max_length=8,
        choices=choices.RationCategory.choices,
        blank=True,
    )
    bank_account_type = models.CharField(
        _("account type"), max_length=16, choices=choices.BankAccountType.choices, blank=True
    )
    identification_route = models.CharField(
        _("identification route"),
        max_length=16,
        choices=choices.IdentificationRoute.choices,
        default="documentary",
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    scan_file = PrivateFileField(aad_prefix="", max_length=100)
    scan_content_type = models.CharField(max_length=50, blank=True, editable=False)
    scan_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "id"]
        indexes = [models.Index(fields=["member", "kind"], name="document_member_kind")]

    def __str__(self):
        return self.get_kind_display()

    @property
    def organisation_id(self):
        return self.member.organisation_id


class Counter(models.Model):
    """Human reference numbers: MEM-2026-000123."""

    name = models.CharField(max_length=20, primary_key=True)
    value = models.BigIntegerField(default=0)
