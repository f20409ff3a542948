"""Helpers for the entitlements tests."""

from saathi.core.policy import Role
from saathi.entitlements.models import Scheme


def ensure_catalogue() -> None:
    """Set-up loads the catalogue in a migration; a transactional test before this one may
    have emptied the tables, so load it again when it is gone."""
    if not Scheme.objects.filter(organisation__isnull=True).exists():
        from saathi.entitlements.services import load_shipped_catalogue

        load_shipped_catalogue()


def scheme(code: str, org=None) -> Scheme:
    ensure_catalogue()
    return Scheme.objects.catalogue_for([org.pk] if org else []).get(code=code)


def facilitator(world, org="a"):
    return world.user(org, Role.FACILITATOR)
