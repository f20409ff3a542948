"""``visible_to(user, cap)``: the only way pages, API and aggregates reach surveys."""

from django.db import models

from saathi.core.policy import Cap
from saathi.core.querysets import OrganisationScopedQuerySet


class SurveyQuerySet(OrganisationScopedQuerySet):
    """Surveys of organisations where ``user`` holds ``cap`` (any grant when None); a
    grant on a collective reaches its organisation's surveys (not their responses)."""

    default_cap = None
    collective_field = None
    collective_reaches_organisation = "all"


class ResponseQuerySet(OrganisationScopedQuerySet):
    default_cap = Cap.VIEW_RELIEF


class DeviceCredentialQuerySet(models.QuerySet):
    """A device credential is its user's alone: she sees, uses and revokes her own."""

    def visible_to(self, user, cap: str | None = None):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)
