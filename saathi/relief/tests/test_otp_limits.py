"""Sending a relief confirmation code is limited per member and per user (issue 10 §6)."""

import re

import pytest
from django.core.exceptions import ValidationError

from saathi.core import limits
from saathi.core.policy import Role
from saathi.relief import services
from saathi.relief.models import OtpChallenge

from .helpers import dist_input, make_programme

pytestmark = pytest.mark.django_db


def test_codes_to_one_member_are_limited(world):
    p = make_programme(world)
    fac = world.user("a", Role.FACILITATOR)
    m = world.members["a1"]
    for _ in range(limits.OTP_PER_MEMBER.count):
        services.otp_send(data=dist_input(p, m), actor=fac)
    with pytest.raises(ValidationError) as exc:
        services.otp_send(data=dist_input(p, m), actor=fac)
    message = exc.value.message_dict["ack_method"][0]
    # the wait left is counted from the first code: on a slow machine it is "1 minute"
    assert "Several codes were sent to her phone just now" in message
    assert re.search(r"Wait \d+ minutes?,", message)
    assert OtpChallenge.objects.count() == limits.OTP_PER_MEMBER.count
    # another user cannot send her more either: the limit is hers
    with pytest.raises(ValidationError):
        services.otp_send(data=dist_input(p, m), actor=world.user("a", Role.ORG_ADMIN))


def test_codes_sent_by_one_user_are_limited(world, monkeypatch):
    monkeypatch.setattr(limits, "OTP_PER_USER", limits.Limit("otp.user", count=2, seconds=3600))
    monkeypatch.setattr(limits, "OTP_PER_MEMBER", limits.Limit("otp.member", count=99, seconds=900))
    p = make_programme(world)
    fac = world.user("a", Role.FACILITATOR)
    m = world.members["a1"]
    services.otp_send(data=dist_input(p, m), actor=fac)
    services.otp_send(data=dist_input(p, m), actor=fac)
    with pytest.raises(ValidationError) as exc:
        services.otp_send(data=dist_input(p, m), actor=fac)
    assert "You have sent many codes in the last hour" in exc.value.message_dict["ack_method"][0]
    # a colleague still can
    services.otp_send(data=dist_input(p, m), actor=world.user("a", Role.ORG_ADMIN))


def test_limits_are_counted_in_the_shared_cache(settings):
    """Two server processes share the count: the cache is the database (or Redis), never
    a per-process memory cache."""
    from django.core.cache import cache

    assert "LocMem" not in type(cache).__name__
    lim = limits.Limit("tests.shared", count=2, seconds=60)
    now = 600_000.0  # the start of a window
    assert limits.take(lim, "k", now=now) is None
    assert limits.take(lim, "k", now=now) is None
    assert limits.take(lim, "k", now=now + 10) == 50  # seconds to the window's end
    assert limits.check(lim, "k", now=now) == 60
    assert limits.take(lim, "k", now=now + 60) is None  # the next window
