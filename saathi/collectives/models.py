"""Facilitation: the directory of duty bearers (and, later in this module, group sessions,
decisions, trainings and collective claims)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from saathi.core.models import OwnedRecord
from saathi.people.choices import State

from .querysets import DutyBearerQuerySet


class Level(models.TextChoices):
    """Where an office sits, from the village up."""

    PANCHAYAT = "panchayat", _("Gram panchayat")
    BLOCK = "block", _("Block")
    MUNICIPALITY = "municipality", _("Municipality or corporation")
    SUBDIVISION = "subdivision", _("Sub-division")
    DISTRICT = "district", _("District")
    STATE = "state", _("State")
    NATIONAL = "national", _("National")


# levels below the state: the office sits in a district, which the directory must name
DISTRICT_LEVELS = frozenset(
    {Level.PANCHAYAT, Level.BLOCK, Level.MUNICIPALITY, Level.SUBDIVISION, Level.DISTRICT}
)


class DutyBearer(OwnedRecord):
    """An office and (when known) its official, to whom claims, petitions, complaints and
    letters are addressed. One directory per organisation, shared by every module that
    writes to an authority (collective claims, advocacy, legal)."""

    reference_prefix = "DTY"

    title = models.CharField(
        _("title or post"), max_length=200, help_text=_("For example: District Collector")
    )
    official_name = models.CharField(
        _("name of the official"),
        max_length=200,
        blank=True,
        help_text=_("Officials change: leave empty to write to the post."),
    )
    office = models.CharField(
        _("office"),
        max_length=200,
        help_text=_("For example: Office of the District Magistrate, North 24 Parganas"),
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    state = models.CharField(_("state"), max_length=2, choices=State.choices)
    district = models.CharField(_("district"), max_length=100, blank=True)
    address = models.CharField(_("postal address"), max_length=500, blank=True)
    phone = models.CharField(_("office phone"), max_length=40, blank=True)
    email = models.EmailField(_("office email"), max_length=200, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = DutyBearerQuerySet.as_manager()

    class Meta:
        ordering = ["title", "office", "id"]
        indexes = [
            models.Index(fields=["organisation", "title", "office", "id"], name="dutybearer_org"),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.office}"

    @property
    def active(self) -> bool:
        return self.archived_at is None

    def address_lines(self) -> list[str]:
        """The addressee block of a letter or petition: post, office, department, address."""
        lines = [self.title]
        if self.official_name:
            lines.insert(0, self.official_name)
        lines.append(self.office)
        if self.department:
            lines.append(self.department)
        if self.address:
            lines.extend(p.strip() for p in self.address.splitlines() if p.strip())
        return lines
