"""``visible_to(user, cap)``: the only way pages, API and aggregates reach surveys."""

from django.db import models
from django.db.models import Q

from saathi.core import policy
from saathi.core.policy import Cap


class SurveyQuerySet(models.QuerySet):
    def visible_to(self, user, cap: str | None = None):
        """Surveys of organisations where ``user`` holds ``cap`` (any grant when None);
        a grant on a collective reaches its organisation's surveys (not their responses)."""
        if cap is None:
            ids = {g.organisation_id for g in policy.grants_of(user)}
            return self.filter(organisation_id__in=ids)
        scope = policy.scope_for(user, cap)
        grants = [g for g in policy.grants_of(user) if g.collective_id in scope.collectives]
        ids = set(scope.organisations) | {g.collective.organisation_id for g in grants}
        return self.filter(organisation_id__in=ids)


class ResponseQuerySet(models.QuerySet):
    def visible_to(self, user, cap: str = Cap.VIEW_RELIEF):
        scope = policy.scope_for(user, cap)
        if scope.empty:
            return self.none()
        return self.filter(
            Q(organisation_id__in=scope.organisations) | Q(collective_id__in=scope.collectives)
        )
