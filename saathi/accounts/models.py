import hashlib
import secrets
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saathi.core.policy import Role


class User(AbstractUser):
    """A person who uses Saathi. Never a member record: members don't log in."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    # Set when an admin resets her password or deactivates her: every session signed in
    # before it ends (it is part of the session's check hash), even after re-activation.
    sessions_ended_at = models.DateTimeField(null=True, blank=True, editable=False)

    def display(self) -> str:
        return self.get_full_name() or self.username

    def get_session_auth_hash(self):
        base = super().get_session_auth_hash()
        if self.sessions_ended_at is None:
            return base
        import hashlib

        return hashlib.sha256(f"{base}|{self.sessions_ended_at.isoformat()}".encode()).hexdigest()


class RoleGrant(models.Model):
    """A role for a user, on a whole organisation or on one collective of it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        "people.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    collective = models.ForeignKey(
        "people.Collective",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Leave empty to grant the role on the whole organisation."),
    )
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "revoked_at"], name="grant_user_active")]

    def clean(self):
        if self.collective_id and self.collective.organisation_id != self.organisation_id:
            raise ValidationError(
                {"collective": _("This collective belongs to another organisation.")}
            )

    def scope_label(self) -> str:
        return str(self.collective) if self.collective_id else str(self.organisation)


class ApiToken(models.Model):
    """A bearer token for an API client. Only its SHA-256 is stored."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return "sa_" + secrets.token_urlsafe(32)
