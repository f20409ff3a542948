"""The only way a linkage view gets one object: scoped, 404 for "missing" and "not yours"."""

from saathi.core.access import get_or_404

from .models import Beneficiary, BeneficiaryList, CandidatePair, LinkageRun


def access_list(user, uuid) -> BeneficiaryList:
    return get_or_404(
        BeneficiaryList.objects.visible_to(user).select_related("organisation", "collective"),
        user,
        object_type="linkage.beneficiarylist",
        uuid=uuid,
    )


def access_run(user, uuid) -> LinkageRun:
    return get_or_404(
        LinkageRun.objects.visible_to(user).select_related("organisation", "job"),
        user,
        object_type="linkage.linkagerun",
        uuid=uuid,
    )


def access_pair(user, uuid) -> CandidatePair:
    return get_or_404(
        CandidatePair.objects.visible_to(user).select_related(
            "run",
            "left__beneficiary_list",
            "left__beneficiary",
            "right__beneficiary_list",
            "right__beneficiary",
            "right_member",
        ),
        user,
        object_type="linkage.candidatepair",
        uuid=uuid,
    )


def access_beneficiary(user, uuid) -> Beneficiary:
    return get_or_404(
        Beneficiary.objects.visible_to(user).select_related("member", "merged_into"),
        user,
        object_type="linkage.beneficiary",
        uuid=uuid,
    )
