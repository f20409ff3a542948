"""URL-sweep expectations for the relief routes; read by saathi/core/tests/test_url_sweep.py.

EXPECTED: route name -> {"obj": kind or None, "get": "...", "post": "..."} with statuses
in the sweep's ROLES order (admin, facilitator, social worker, legal advocate, leader,
volunteer, viewer). objects(world, org, role) returns {kind: url kwargs} for fresh
records of organisation ``org``. API_EXPECTED and api_objects(world) do the same for the
API: path -> ("ok", kind) or {"obj": kind, "get": "...", "post": "..."}, and
{kind: path params}.

Viewers (funders) hold only view_aggregates: every relief record answers them 404 and
the figures page shows counts with small ones suppressed. Collective leaders see
organisation-wide programmes but not beneficiary lists (organisation
grants only).
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from saathi.core.policy import Role
from saathi.funds import services as funds_services

ALL_405 = "405 405 405 405 405 405 405"
MANAGE = "200 200 403 403 403 403 404"  # programme or campaign managers only

EXPECTED: dict[str, dict] = {
    "relief:index": {"obj": None, "get": "200 200 200 200 200 200 403"},
    "relief:figures": {"obj": None, "get": "200 200 200 200 200 403 200"},
    "relief:programme_create": {
        "obj": None,
        "get": "200 200 403 403 403 403 403",
        "post": "200 200 403 403 403 403 403",
    },
    "relief:programme_detail": {"obj": "programme", "get": "200 200 200 200 200 200 404"},
    "relief:programme_edit": {"obj": "programme", "get": MANAGE, "post": MANAGE},
    "relief:item_add": {"obj": "programme", "get": MANAGE, "post": MANAGE},
    "relief:programme_report": {
        "obj": "programme",
        "get": ALL_405,
        "post": "302 302 302 302 302 302 404",  # an empty form: back to the programme
    },
    "relief:distribution_record": {
        "obj": "programme",
        "get": "200 200 200 403 200 200 404",
        "post": "200 200 200 403 200 200 404",
    },
    "relief:distribution_list": {"obj": "programme", "get": "200 200 200 200 200 200 404"},
    "relief:distribution_import": {
        "obj": "programme",
        "get": "200 200 200 403 403 200 404",
        "post": "200 200 200 403 403 200 404",
    },
    "relief:list_create": {"obj": "programme", "get": MANAGE, "post": MANAGE},
    "relief:otp_verify": {
        "obj": "challenge",
        "get": "200 200 200 404 200 200 404",
        "post": "200 200 200 404 200 200 404",
    },
    "relief:distribution_ack": {"obj": "distribution", "get": "200 200 200 200 200 200 404"},
    "relief:distribution_cancel": {"obj": "distribution", "get": MANAGE, "post": MANAGE},
    "relief:list_detail": {
        "obj": "relief_list",
        "get": "200 200 200 200 404 200 404",
        "post": "200 200 403 403 404 403 404",
    },
    "relief:list_export": {
        "obj": "relief_list",
        "get": ALL_405,
        "post": "302 302 403 403 404 403 404",
    },
}
API_EXPECTED: dict[str, object] = {
    # GET lists and reads; POST with an empty body is refused (422)
    "/api/relief/programmes": ("ok", None),
    "/api/relief/programmes/{uuid}": ("ok", "programme"),
    "/api/relief/distributions": ("ok", None),
}


def _records(world, org: str, role: str):
    """Relief records of ``org``, made once per test (no empty POST changes them), and an
    OTP challenge sent by ``role``'s user (a code is checked only by whoever sent it)."""
    from saathi.relief import services
    from saathi.relief.models import OtpChallenge
    from saathi.relief.tests.helpers import PNG, dist_input, make_campaign, make_programme

    cache = world.__dict__.setdefault("_relief_records", {})
    if org not in cache:
        admin = world.user(org, Role.ORG_ADMIN)
        campaign = make_campaign(world, org)
        programme = make_programme(world, org, campaign=campaign)
        member = world.members[f"{org}1"]
        dist = services.distribution_record(
            data=dist_input(programme, member, ack_method="signature"),
            actor=admin,
            ack_upload=SimpleUploadedFile("s.png", PNG, "image/png"),
        )
        blist = services.list_build(programme=programme, authority="DM office", actor=admin)
        donation = funds_services.donation_record(
            campaign=campaign,
            data=funds_services.DonationInput(
                amount="25000", received_on=timezone.localdate(), channel="upi", donor_name="D"
            ),
            actor=admin,
        )
        expenditure = funds_services.expenditure_record(
            campaign=campaign,
            amount="8500",
            spent_on=timezone.localdate(),
            description="Ten ration kits",
            programme=programme,
            receipt=SimpleUploadedFile("r.png", PNG, "image/png"),
            actor=admin,
        )
        cache[org] = (programme, campaign, dist, blist, donation, expenditure)
    programme, campaign, dist, blist, donation, expenditure = cache[org]
    member = world.members[f"{org}1"]
    challenge = OtpChallenge.objects.create(
        organisation=world.orgs[org],
        programme=programme,
        member=member,
        payload=services.DistributionInput(
            programme=programme,
            item=programme.items.first(),
            member=member,
            distributed_on=timezone.localdate(),
            mode="cash",
            handed_over_by="x",
            ack_method="otp",
        ).to_payload(),
        code_hash="0" * 64,
        phone_last_digits="10",
        expires_at=timezone.now() + timedelta(minutes=10),
        created_by=world.user(org, role),
    )
    return programme, campaign, dist, blist, donation, expenditure, challenge


def objects(world, org: str, role: str) -> dict:
    programme, _campaign, dist, blist, _donation, _expenditure, challenge = _records(
        world, org, role
    )
    return {
        "programme": {"uuid": programme.uuid},
        "distribution": {"uuid": dist.uuid},
        "relief_list": {"uuid": blist.uuid},
        "challenge": {"uuid": challenge.uuid},
    }


def api_objects(world) -> dict:
    programme, *_rest = _records(world, "a", Role.FACILITATOR)
    return {"programme": {"uuid": programme.uuid}}
