"""Distributions: validation, the double-distribution rule, acknowledgements, OTP, import."""

import io
import logging
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from saathi.core.files import private_path
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.funds import selectors as funds_selectors
from saathi.funds.models import Expenditure
from saathi.people.services import household_add_member, household_create
from saathi.relief import services
from saathi.relief.models import Distribution, OtpChallenge

from .helpers import PNG, days_ago, dist_input, make_campaign, make_programme

pytestmark = pytest.mark.django_db


def test_in_kind_distribution_is_valued_and_audited(world):
    p = make_programme(world)
    d = services.distribution_record(
        data=dist_input(p, world.members["a1"], quantity=Decimal(2)),
        actor=world.user("a", Role.FACILITATOR),
    )
    assert d.amount == Decimal("1700.00") and d.quantity == 2
    assert d.recipient_key == f"m{world.members['a1'].pk}"
    event = AuditEvent.objects.filter(object_id=str(d.uuid)).get()
    assert event.action == "create" and event.member_id == world.members["a1"].pk


def test_second_distribution_within_interval_needs_a_reason(world):
    p = make_programme(world, interval_days=30)
    fac = world.user("a", Role.FACILITATOR)
    m = world.members["a1"]
    services.distribution_record(data=dist_input(p, m, on=days_ago(20)), actor=fac)
    with pytest.raises(ValidationError) as exc:
        services.distribution_record(data=dist_input(p, m, on=days_ago(1)), actor=fac)
    assert "repeat_reason" in exc.value.message_dict
    assert "within 30 days" in exc.value.message_dict["repeat_reason"][0]
    # a date before the first one is also within the interval
    with pytest.raises(ValidationError):
        services.distribution_record(data=dist_input(p, m, on=days_ago(40)), actor=fac)
    # another item is another matter; so is a date past the interval
    services.distribution_record(data=dist_input(p, m, "Cash support", on=days_ago(1)), actor=fac)
    services.distribution_record(data=dist_input(p, m, on=days_ago(51)), actor=fac)
    # with a written reason the repeat is recorded, and the reason kept
    d = services.distribution_record(
        data=dist_input(p, m, on=days_ago(1), repeat_reason="Kit was stolen on the way home"),
        actor=fac,
    )
    assert d.repeat_reason == "Kit was stolen on the way home"
    assert Distribution.objects.filter(item__name="Ration kit", member=m).count() == 3


def test_rule_is_per_household_not_per_member(world):
    p = make_programme(world)
    admin = world.user("a", Role.ORG_ADMIN)
    a1 = world.members["a1"]
    from saathi.core.testing import register

    sister = register(world, "a", "a1", "Mina Das", "মিনা দাস")
    hh = household_create(member=a1, actor=admin)
    household_add_member(household=hh, member=sister, actor=admin)
    a1.refresh_from_db()
    sister.refresh_from_db()
    fac = world.user("a", Role.FACILITATOR)
    services.distribution_record(data=dist_input(p, a1), actor=fac)
    with pytest.raises(ValidationError) as exc:
        services.distribution_record(data=dist_input(p, sister), actor=fac)
    assert "repeat_reason" in exc.value.message_dict


def test_bad_input_is_named_by_field(world):
    p = make_programme(world)
    fac = world.user("a", Role.FACILITATOR)
    data = dist_input(p, world.members["a1"], mode="upi", handed_over_by=" ")
    data.distributed_on = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.distribution_record(data=data, actor=fac)
    assert set(exc.value.message_dict) == {"mode", "handed_over_by", "distributed_on"}
    cash = dist_input(p, world.members["a1"], "Cash support", amount=Decimal("-5"))
    with pytest.raises(ValidationError) as exc:
        services.distribution_record(data=cash, actor=fac)
    assert "amount" in exc.value.message_dict
    # another organisation's member
    with pytest.raises(PermissionDenied):
        services.distribution_record(data=dist_input(p, world.members["b1"]), actor=fac)


def test_roles_that_may_not_record(world):
    p = make_programme(world)
    for role in (Role.LEGAL_ADVOCATE, Role.VIEWER):
        with pytest.raises(PermissionDenied):
            services.distribution_record(
                data=dist_input(p, world.members["a1"]), actor=world.user("a", role)
            )
    # a leader records for the members of her collective only
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    services.distribution_record(data=dist_input(p, world.members["a1"]), actor=leader)
    with pytest.raises(PermissionDenied):
        services.distribution_record(data=dist_input(p, world.members["a2"]), actor=leader)


def test_cash_from_a_campaign_is_spent_from_it(world):
    campaign = make_campaign(world)
    p = make_programme(world, campaign=campaign)
    d = services.distribution_record(
        data=dist_input(p, world.members["a1"], "Cash support", mode="upi"),
        actor=world.user("a", Role.FACILITATOR),
    )
    exp = Expenditure.objects.get(distribution=d)
    assert (exp.campaign, exp.programme, exp.amount) == (campaign, p, Decimal("1500.00"))
    # goods are spent when bought, not when handed out
    services.distribution_record(
        data=dist_input(p, world.members["a1"]), actor=world.user("a", Role.FACILITATOR)
    )
    assert Expenditure.objects.count() == 1


def test_signature_photo_is_checked_and_stored_encrypted(world, client):
    p = make_programme(world)
    fac = world.user("a", Role.FACILITATOR)
    data = dist_input(p, world.members["a1"], ack_method="signature")
    with pytest.raises(ValidationError) as exc:
        services.distribution_record(data=data, actor=fac)
    assert "ack_file" in exc.value.message_dict
    bad = SimpleUploadedFile("sig.png", b"<html>not a picture</html>", "image/png")
    with pytest.raises(ValidationError) as exc:
        services.distribution_record(data=data, actor=fac, ack_upload=bad)
    assert "JPEG or PNG" in exc.value.message_dict["ack_file"][0]
    good = SimpleUploadedFile("sig.png", PNG, "image/png")
    d = services.distribution_record(data=data, actor=fac, ack_upload=good)
    assert d.ack_content_type == "image/png"
    assert PNG not in private_path(d.ack_file).read_bytes()
    client.force_login(fac)
    response = client.get(reverse("relief:distribution_ack", args=[d.uuid]))
    assert response["Content-Type"] == "image/png"
    # stored re-encoded: the same pixels
    assert Image.open(io.BytesIO(response.content)).tobytes() == (
        Image.open(io.BytesIO(PNG)).tobytes()
    )
    assert AuditEvent.objects.filter(action="view_document", object_id=str(d.uuid)).exists()


def test_otp_acknowledgement(world, caplog, django_capture_on_commit_callbacks):
    p = make_programme(world)
    fac = world.user("a", Role.FACILITATOR)
    m = world.members["a1"]  # phone 9876543210
    with (
        caplog.at_level(logging.WARNING, logger="saathi.sms"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ch = services.otp_send(data=dist_input(p, m, "Cash support"), actor=fac)
    log = caplog.text
    assert "9876543210" not in log and "10" in log  # masked phone: last two digits
    code = log.split("is ")[-1][:6]
    assert code.isdigit() and code not in ch.code_hash
    assert abs((ch.expires_at - ch.created_at) - timedelta(minutes=10)) < timedelta(seconds=1)
    assert not Distribution.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.otp_verify(
            challenge=ch, code="000000" if code != "000000" else "111111", actor=fac
        )
    assert "4 tries left" in exc.value.message_dict["code"][0]
    d = services.otp_verify(challenge=ch, code=code, actor=fac)
    assert d.ack_method == "otp" and d.member == m
    ch.refresh_from_db()
    assert ch.used_at and ch.distribution == d
    with pytest.raises(ValidationError):
        services.otp_verify(challenge=ch, code=code, actor=fac)


def test_otp_attempts_and_expiry(world, django_capture_on_commit_callbacks):
    p = make_programme(world)
    fac = world.user("a", Role.FACILITATOR)
    ch = services.otp_send(data=dist_input(p, world.members["a1"]), actor=fac)
    for _ in range(5):
        with pytest.raises(ValidationError):
            services.otp_verify(challenge=ch, code="abc", actor=fac)
    with pytest.raises(ValidationError) as exc:
        services.otp_verify(challenge=ch, code="123456", actor=fac)
    assert "Too many" in exc.value.message_dict["code"][0]
    ch2 = services.otp_send(data=dist_input(p, world.members["a1"]), actor=fac)
    OtpChallenge.objects.filter(pk=ch2.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    ch2.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.otp_verify(challenge=ch2, code="123456", actor=fac)
    assert "expired" in exc.value.message_dict["code"][0]
    # no phone in her record: another way must be chosen
    with pytest.raises(ValidationError) as exc:
        services.otp_send(data=dist_input(p, world.members["a2"]), actor=fac)
    assert "ack_method" in exc.value.message_dict


def test_import_applies_the_rule_and_reports_bad_lines(world):
    campaign = make_campaign(world)
    p = make_programme(world, campaign=campaign)
    fac = world.user("a", Role.FACILITATOR)
    a1, a2, b1 = world.members["a1"], world.members["a2"], world.members["b1"]
    services.distribution_record(data=dist_input(p, a2, on=days_ago(5)), actor=fac)
    d = days_ago(3).strftime("%d/%m/%Y")
    rows = [
        {"member_reference": a1.reference, "item": "Ration kit", "quantity": "1", "date": d},
        {"member_reference": a1.reference, "item": "ration kit", "date": d},  # repeat in file
        {"member_reference": a2.reference, "item": "Ration kit", "date": d},  # repeat in db
        {
            "member_reference": a2.reference,
            "item": "Ration kit",
            "date": d,
            "repeat_reason": "Flood",
        },
        {
            "member_reference": a1.reference,
            "item": "Cash support",
            "amount": "2000",
            "mode": "upi",
            "date": d,
        },
        {"member_reference": b1.reference, "item": "Ration kit", "date": d},  # other org
        {"member_reference": a1.reference, "item": "Bicycle", "date": d},
        {"member_reference": a1.reference, "item": "Cash support", "amount": "lots", "date": d},
        {"member_reference": a1.reference, "item": "Cash support", "date": "31/02/2026"},
        {"member_reference": "", "item": "Cash support", "date": d},
    ]
    errors = []
    result = services.distributions_import(
        programme=p,
        rows=enumerate(rows, 2),
        actor=fac,
        add_error=lambda line, reason: errors.append((line, reason)),
        batch_size=3,
    )
    assert result.imported == 3 and result.refused == 7 and result.repeats_allowed == 1
    assert [line for line, _ in errors] == [3, 4, 7, 8, 9, 10, 11]
    reasons = dict(errors)
    assert "within 30 days" in reasons[3] and "within 30 days" in reasons[4]
    assert "No member" in reasons[7] and "no item" in reasons[8]
    assert Distribution.objects.filter(programme=p).count() == 4
    spent = Expenditure.objects.get(programme=p, distribution__isnull=True)
    assert spent.amount == Decimal("2000.00") and spent.distribution_count == 1


class RecordingBackend:
    sent: list = []

    def send(self, phone, message):
        RecordingBackend.sent.append((phone, message))


class BrokenBackend:
    def send(self, phone, message):
        raise ConnectionError("gateway down")


def test_sms_backend_comes_from_the_setting(
    world, settings, caplog, django_capture_on_commit_callbacks
):
    p = make_programme(world)
    fac = world.user("a", Role.FACILITATOR)
    settings.SAATHI_SMS_BACKEND = f"{__name__}.RecordingBackend"
    RecordingBackend.sent = []
    with django_capture_on_commit_callbacks(execute=True):
        services.otp_send(data=dist_input(p, world.members["a1"]), actor=fac)
    assert RecordingBackend.sent[0][0] == "9876543210"  # the gateway gets the real number
    assert "code to confirm" in RecordingBackend.sent[0][1]
    settings.SAATHI_SMS_BACKEND = f"{__name__}.BrokenBackend"
    with (
        caplog.at_level(logging.ERROR, logger="saathi.sms"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ch = services.otp_send(data=dist_input(p, world.members["a1"]), actor=fac)
    assert ch.pk and "ConnectionError" in caplog.text and "9876543210" not in caplog.text


def test_a_cancelled_distribution_no_longer_counts(world, client):
    from django.urls import reverse

    from saathi.relief import selectors

    campaign = make_campaign(world)
    p = make_programme(world, campaign=campaign)
    fac = world.user("a", Role.FACILITATOR)
    m = world.members["a1"]
    d = services.distribution_record(data=dist_input(p, m, "Cash support", mode="upi"), actor=fac)
    assert funds_selectors.campaign_ledger(campaign).spent == Decimal("1500.00")
    with pytest.raises(PermissionDenied):
        services.distribution_cancel(
            distribution=d, reason="wrong member", actor=world.user("a", Role.VOLUNTEER)
        )
    client.force_login(fac)
    url = reverse("relief:distribution_cancel", args=[d.uuid])
    r = client.post(url, {"reason": ""})
    assert r.status_code == 200 and "This field is required." in r.content.decode()
    r = client.post(url, {"reason": "Recorded against the wrong member"})
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.cancelled_at and d.cancelled_by == fac
    # the money is back in the ledger, by a reversal; the rule and totals ignore it
    ledger = funds_selectors.campaign_ledger(campaign)
    assert ledger.spent == 0 and ledger.reversals == 1
    assert selectors.programme_progress(p).households == 0
    services.distribution_record(data=dist_input(p, m, "Cash support", mode="upi"), actor=fac)
    with pytest.raises(ValidationError):
        services.distribution_cancel(distribution=d, reason="again", actor=fac)
    page = client.get(reverse("relief:distribution_list", args=[p.uuid])).content.decode()
    assert "Cancelled" in page and "Recorded against the wrong member" in page
