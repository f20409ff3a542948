"""``visible_to(user)``: the only way pages reach members' requests."""

from saathi.core.policy import Cap
from saathi.core.querysets import MemberScopedQuerySet


class RightsRequestQuerySet(MemberScopedQuerySet):
    default_cap = Cap.VIEW_RIGHTS

    def open(self):
        return self.filter(status="received")
