"""The only way a view gets one entitlements record: scoped, 404 for "missing" and "not yours"."""

from django.core.exceptions import PermissionDenied

from saathi.core import policy
from saathi.core.access import get_or_404
from saathi.core.policy import Cap
from saathi.people.models import Member

from .models import Application, Correspondence, Drive, Scheme


def _check(user, cap, organisation_id, collective_ids=()):
    if not policy.has_cap_for(user, cap, organisation_id, collective_ids):
        raise PermissionDenied


def access_member(user, uuid, cap: str = Cap.VIEW_APPLICATIONS) -> Member:
    """A member whose applications ``user`` may see (and, with ``cap``, write)."""
    member = get_or_404(
        Member.objects.visible_to(user, Cap.VIEW_APPLICATIONS).select_related(
            "organisation", "household"
        ),
        user,
        object_type="people.member",
        uuid=uuid,
    )
    if cap != Cap.VIEW_APPLICATIONS:
        _check(user, cap, member.organisation_id, member.collective_ids())
    return member


def access_application(user, uuid, cap: str = Cap.VIEW_APPLICATIONS) -> Application:
    app = get_or_404(
        Application.objects.visible_to(user).select_related(
            "member", "scheme", "organisation", "drive"
        ),
        user,
        object_type="entitlements.application",
        uuid=uuid,
    )
    if cap != Cap.VIEW_APPLICATIONS:
        _check(user, cap, app.organisation_id, app.member.collective_ids())
    return app


def access_correspondence(user, uuid) -> Correspondence:
    return get_or_404(
        Correspondence.objects.visible_to(user).select_related("member"),
        user,
        object_type="entitlements.correspondence",
        uuid=uuid,
    )


def access_scheme(user, uuid) -> Scheme:
    return get_or_404(
        Scheme.objects.visible_to(user), user, object_type="entitlements.scheme", uuid=uuid
    )


def access_drive(user, uuid, cap: str = Cap.VIEW_APPLICATIONS) -> Drive:
    drive = get_or_404(
        Drive.objects.visible_to(user).select_related("scheme", "collective", "organisation"),
        user,
        object_type="entitlements.drive",
        uuid=uuid,
    )
    if cap != Cap.VIEW_APPLICATIONS:
        colls = [drive.collective_id] if drive.collective_id else []
        _check(user, cap, drive.organisation_id, colls)
    return drive


def may(user, cap: str, member: Member) -> bool:
    return policy.has_cap_for(user, cap, member.organisation_id, member.collective_ids())


def organisations_with(user, cap: str):
    """Organisations where ``user`` holds ``cap`` on the whole organisation."""
    from saathi.people.models import Organisation

    return Organisation.objects.filter(pk__in=policy.scope_for(user, cap).organisations)
