"""``visible_to(user, cap)``: the only way pages, API and the agenda reach legal records.

The default capability is the summary one (``view_legal_matters``): that a matter exists,
its stage and its next date. Everything more is asked for with ``manage_legal_matters``
(legal advocates) or ``reveal_legal_matters`` (organisation admins, audited).
"""

from django.db import models

from saathi.core.policy import Cap
from saathi.core.querysets import MemberScopedQuerySet


class MatterQuerySet(MemberScopedQuerySet):
    default_cap = Cap.VIEW_LEGAL
    membership_shape = "exists"

    def open(self):
        from .models import OPEN_STATUSES

        return self.filter(status__in=OPEN_STATUSES)


class MatterPartQuerySet(models.QuerySet):
    """Hearings, identifiers, people, compensation, threats: those of the matters the
    user reaches with ``cap`` (by default the full view)."""

    def visible_to(self, user, cap: str = Cap.MANAGE_LEGAL):
        from .models import LegalMatter

        return self.filter(matter__in=LegalMatter.objects.visible_to(user, cap).values("pk"))
