"""Helpers for the entitlements tests."""

from saathi.core.policy import Role
from saathi.entitlements.models import Scheme


def scheme(code: str, org=None) -> Scheme:
    return Scheme.objects.catalogue_for([org.pk] if org else []).get(code=code)


def facilitator(world, org="a"):
    return world.user(org, Role.FACILITATOR)
