"""retention_sweep: notice within the notice period, erasure after it, legal hold kept."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from saathi.people.models import Member
from saathi.rights.models import Erasure, RetentionRule


def test_sweep_gives_notice_then_erases_except_under_legal_hold(
    world, django_capture_on_commit_callbacks
):
    from saathi.legal.tests.factories import matter

    matter(world)  # a1 has an open legal matter
    org = world.orgs["a"]
    RetentionRule.objects.create(
        organisation=org, kind="archived_member", keep_days=365, notice_days=30
    )
    a1, a2 = world.members["a1"], world.members["a2"]
    now = timezone.now()
    Member.objects.filter(pk=a2.pk).update(archived_at=now - timedelta(days=400))
    Member.objects.filter(pk=a1.pk).update(archived_at=now - timedelta(days=350))
    out = io.StringIO()
    call_command("retention_sweep", "--dry-run", stdout=out)
    assert "due within the notice period: 1; would erase: 1" in out.getvalue()
    assert not Erasure.objects.exists()

    Member.objects.filter(pk=a1.pk).update(archived_at=now - timedelta(days=500))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retention_sweep", stdout=out)
    assert "erased: 1; kept under a legal hold: 1" in out.getvalue()
    assert Erasure.objects.get().member_id == a2.pk
    assert Member.objects.get(pk=a1.pk).display_name == "Lakshmi Das"
    assert Member.objects.get(pk=a2.pk).display_name.startswith("ER-")
