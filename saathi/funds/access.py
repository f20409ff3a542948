"""The only way a fundraising view gets one record: ``access_<entity>(user, uuid, cap=None)``,
one call of ``core.access.fetch`` each (404 for missing and not yours, 403 for a missing
capability, both audited)."""

from saathi.core.access import fetch

from .models import Campaign, Donation, Expenditure


def access_campaign(user, uuid, cap: str | None = None) -> Campaign:
    return fetch(Campaign.objects.visible_to(user), user, uuid, cap=cap)


def access_donation(user, uuid, cap: str | None = None) -> Donation:
    return fetch(Donation.objects.visible_to(user).select_related("campaign"), user, uuid, cap=cap)


def access_expenditure(user, uuid, cap: str | None = None) -> Expenditure:
    return fetch(
        Expenditure.objects.visible_to(user).select_related("campaign", "programme"),
        user,
        uuid,
        cap=cap,
    )
