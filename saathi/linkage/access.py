"""The only way a linkage view gets one object: scoped, 404 for "missing" and "not yours".

Every function is ``access_<entity>(user, uuid, cap=None)``, one call of ``core.access.fetch``.
"""

from saathi.core.access import fetch

from .models import Beneficiary, BeneficiaryList, CandidatePair, LinkageRun


def access_list(user, uuid, cap: str | None = None) -> BeneficiaryList:
    return fetch(
        BeneficiaryList.objects.visible_to(user).select_related("organisation", "collective"),
        user,
        uuid,
        cap=cap,
    )


def access_run(user, uuid, cap: str | None = None) -> LinkageRun:
    return fetch(
        LinkageRun.objects.visible_to(user).select_related("organisation", "job"),
        user,
        uuid,
        cap=cap,
    )


def access_pair(user, uuid, cap: str | None = None) -> CandidatePair:
    return fetch(
        CandidatePair.objects.visible_to(user).select_related(
            "run",
            "left__beneficiary_list",
            "left__beneficiary",
            "right__beneficiary_list",
            "right__beneficiary",
            "right_member",
        ),
        user,
        uuid,
        cap=cap,
        reach=lambda pair: (pair.run.organisation_id, ()),
    )


def access_beneficiary(user, uuid, cap: str | None = None) -> Beneficiary:
    return fetch(
        Beneficiary.objects.visible_to(user).select_related("member", "merged_into"),
        user,
        uuid,
        cap=cap,
        reach=lambda b: (b.organisation_id, ()),
    )
