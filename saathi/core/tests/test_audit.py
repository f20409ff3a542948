"""The append-only, hash-chained audit log: tamper detection and what gets audited."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse

from saathi.core import audit
from saathi.core.models import AuditChainHead, AuditEvent
from saathi.core.policy import Role
from saathi.core.testing import PASSWORD, aadhaar_ending_1234
from saathi.people import services

from .samples import png_bytes, upload

Action = AuditEvent.Action
pytestmark = pytest.mark.django_db


def sql(statement: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def make_events(n: int = 30):
    for i in range(n):
        audit.record(
            Action.EXPORT if i % 2 else Action.PRINT,
            object_type="test.thing",
            object_id=str(i),
            organisation_id=1,
            fields=["b", "a"],
            detail={"n": i, "nested": {"k": [1, 2]}},
        )


def assert_broken(fragment: str):
    result = audit.verify()
    assert not result.ok
    assert any(fragment in p for p in result.problems), result.problems
    with pytest.raises(CommandError, match="BROKEN"):
        call_command("audit_verify", stdout=_Null(), stderr=_Null())


class _Null:
    def write(self, *_):
        pass

    def flush(self):
        pass


def test_empty_log_verifies():
    result = audit.verify()
    assert result.ok and result.checked == 0


def test_chain_verifies_after_many_events(capsys):
    make_events(120)
    result = audit.verify(batch=7)
    assert result.ok, result.problems
    assert result.checked == 120
    seqs = list(AuditEvent.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, 121))
    events = list(AuditEvent.objects.all())
    assert events[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    head = AuditChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (120, events[-1].hash)
    call_command("audit_verify")
    assert "Audit chain intact: 120 rows." in capsys.readouterr().out


def test_record_sorts_fields_and_fills_object_details(world):
    member = world.members["a1"]
    event = audit.record(
        Action.CHANGE, actor=world.user("a", Role.FACILITATOR), obj=member, fields=["z", "a"]
    )
    assert event.fields == "a,z"
    assert event.object_type == "people.member"
    assert event.object_id == str(member.uuid)
    assert event.member_id == member.pk
    assert event.organisation_id == member.organisation_id
    assert event.actor_username == "a_facilitator"


@pytest.mark.parametrize(
    "column,value",
    [
        ("action", "login"),
        ("object_id", "999"),
        ("fields", "a"),
        ("detail", json.dumps({"n": 999})),
        ("actor_username", "someone_else"),
        ("organisation_id", 2),
    ],
)
def test_altered_row_is_detected(column, value):
    make_events(10)
    sql(f"UPDATE core_auditevent SET {column} = %s WHERE seq = 5", [value])
    assert_broken("seq=5: content does not match its hash (altered)")


def test_altered_timestamp_is_detected():
    make_events(5)
    sql("UPDATE core_auditevent SET at = %s WHERE seq = 3", ["2020-01-01 00:00:00"])
    assert_broken("seq=3")


def test_altered_row_with_recomputed_plain_hash_is_still_detected():
    """Without the HMAC key a forger cannot make a matching hash (plain SHA-256 won't do)."""
    import hashlib

    make_events(5)
    forged = hashlib.sha256(b"forged").hexdigest()
    sql("UPDATE core_auditevent SET action = 'login', hash = %s WHERE seq = 5", [forged])
    AuditChainHead.objects.filter(pk=1).update(hash=forged)
    assert_broken("seq=5: content does not match")


def test_deleted_middle_row_is_detected():
    make_events(10)
    sql("DELETE FROM core_auditevent WHERE seq = 4")
    assert_broken("expected seq=4 (rows removed or inserted)")
    assert any("link to the previous row is broken" in p for p in audit.verify().problems)


def test_deleted_last_rows_are_detected_by_the_head():
    make_events(10)
    sql("DELETE FROM core_auditevent WHERE seq >= 8")
    result = audit.verify()
    assert result.checked == 7
    assert_broken("chain head says seq=10 but the last row is seq=7")


def test_deleting_every_row_is_detected():
    make_events(3)
    sql("DELETE FROM core_auditevent")
    assert_broken("chain head says seq=3 but the last row is seq=0")


def test_truncation_together_with_the_head_row_is_detected():
    make_events(10)
    sql("DELETE FROM core_auditevent WHERE seq >= 8")
    sql("DELETE FROM core_auditchainhead")
    assert_broken("chain head is missing")


def verify_command():
    out, err = StringIO(), StringIO()
    call_command("audit_verify", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_an_emptied_log_with_its_head_is_detected_by_the_checkpoint():
    """'intact: 0 rows' was reported for a log whose rows and head were all deleted."""
    make_events(5)
    verify_command()  # writes the signed checkpoint outside the database
    sql("DELETE FROM core_auditevent")
    sql("DELETE FROM core_auditchainhead")
    assert audit.verify().ok  # the table alone cannot tell
    with pytest.raises(CommandError, match="BROKEN"):
        call_command("audit_verify", stdout=_Null(), stderr=StringIO())


def test_rows_cut_with_the_head_reset_are_detected_by_the_checkpoint():
    make_events(10)
    verify_command()
    sql("DELETE FROM core_auditevent WHERE seq >= 8")
    last = AuditEvent.objects.get(seq=7)
    sql("UPDATE core_auditchainhead SET seq = 7, hash = %s", [last.hash])
    assert audit.verify().ok
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verify", stdout=_Null(), stderr=err)
    assert "checkpoint row seq=10 is gone" in err.getvalue()


def test_a_forged_checkpoint_is_refused(settings):
    make_events(3)
    verify_command()
    data = json.loads(settings.SAATHI_AUDIT_CHECKPOINT.read_text())
    data["seq"] = 1
    settings.SAATHI_AUDIT_CHECKPOINT.write_text(json.dumps(data))
    with pytest.raises(CommandError):
        call_command("audit_verify", stdout=_Null(), stderr=_Null())


def test_the_checkpoint_follows_the_chain_and_warns_without_an_anchor(settings, tmp_path):
    make_events(3)
    out, err = verify_command()
    assert "intact: 3 rows" in out
    assert "no anchor was ever given" in err
    make_events(2)
    verify_command()
    assert json.loads(settings.SAATHI_AUDIT_CHECKPOINT.read_text())["seq"] == 5
    call_command("audit_verify", anchor=tmp_path / "anchor", stdout=_Null(), stderr=_Null())
    assert "no anchor was ever given" not in verify_command()[1]


def test_inserted_forged_row_at_the_end_is_detected():
    make_events(5)
    last = AuditEvent.objects.order_by("-seq").first()
    sql(
        "INSERT INTO core_auditevent (seq, at, actor_username, action, object_type, object_id,"
        " fields, detail, prev_hash, hash) VALUES (6, %s, 'x', 'login', '', '', '', '{}', %s, %s)",
        [last.at, last.hash, "f" * 64],
    )
    assert_broken("seq=6: content does not match its hash")
    assert any("chain head says seq=5" in p for p in audit.verify().problems)


def test_inserted_forged_row_in_a_gap_is_detected():
    make_events(5)
    sql("UPDATE core_auditevent SET seq = seq + 100 WHERE seq >= 3")
    first = AuditEvent.objects.get(seq=2)
    sql(
        "INSERT INTO core_auditevent (seq, at, actor_username, action, object_type, object_id,"
        " fields, detail, prev_hash, hash) VALUES (3, %s, 'x', 'login', '', '', '', '{}', %s, %s)",
        [first.at, first.hash, "e" * 64],
    )
    assert not audit.verify().ok


def test_model_refuses_changes_and_deletes():
    make_events(3)
    event = AuditEvent.objects.get(seq=2)
    event.action = Action.LOGIN
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(seq=2).update(action=Action.LOGIN)
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(seq=1).delete()
    with pytest.raises(PermissionError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["action"])
    assert AuditEvent.objects.count() == 3
    assert AuditEvent.objects.get(seq=2).action == Action.EXPORT
    assert audit.verify().ok


# ------------------------------------------------------------------ what is audited
@pytest.fixture
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def last(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters).order_by("-seq").first()


def test_login_is_audited(client, world, clear_rate_limits):
    user = world.user("a", Role.FACILITATOR)
    r = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert r.status_code == 302
    event = last(Action.LOGIN)
    assert event is not None
    assert event.actor_id == user.pk
    assert event.organisation_id == world.orgs["a"].pk


def test_failed_login_is_audited_without_the_attempted_username(client, world, clear_rate_limits):
    user = world.user("a", Role.FACILITATOR)
    r = client.post("/accounts/login/", {"login": user.username, "password": "wrong-password"})
    assert r.status_code == 200
    assert "_auth_user_id" not in client.session
    event = last(Action.LOGIN_FAILED)
    assert event is not None
    assert event.actor_id is None
    assert "wrong-password" not in json.dumps(event.detail)
    assert not AuditEvent.objects.filter(action=Action.LOGIN).exists()


def test_logout_is_audited(client, world, clear_rate_limits):
    user = world.user("a", Role.VOLUNTEER)
    client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    client.post("/accounts/logout/")
    assert last(Action.LOGOUT, actor_id=user.pk) is not None


def test_confidential_reveal_is_audited(client, world):
    member = world.members["a1"]
    sw = world.user("a", Role.SOCIAL_WORKER)
    client.force_login(sw)
    url = reverse("people:member_detail", args=[member.uuid])
    client.get(url)
    assert last(Action.VIEW_CONFIDENTIAL) is None  # not revealed unless asked
    r = client.post(url, {"reveal-reason": "counselling", "_action": "reveal"})
    assert r.status_code == 200
    assert "SECRET-OCCUPATION" in r.content.decode()
    event = last(Action.VIEW_CONFIDENTIAL)
    assert event.actor_id == sw.pk
    assert event.member_id == member.pk
    assert event.fields == "hiv_status,occupation"  # only the non-empty fields that were read


def test_personal_data_reads_are_audited(client, world):
    member = world.members["a1"]
    client.force_login(world.user("a", Role.FACILITATOR))
    client.get(reverse("people:member_detail", args=[member.uuid]))
    fields = set(
        AuditEvent.objects.filter(action=Action.VIEW_PERSONAL, member_id=member.pk).values_list(
            "fields", flat=True
        )
    )
    assert fields == {"birth_date,phones"}  # one row for what the page showed together


def test_denied_access_to_another_orgs_member_is_audited(client, world):
    member = world.members["a1"]
    intruder = world.user("b", Role.FACILITATOR)
    client.force_login(intruder)
    r = client.get(reverse("people:member_detail", args=[member.uuid]))
    assert r.status_code == 404
    event = last(Action.DENIED)
    assert event.actor_id == intruder.pk
    assert event.object_type == "people.member"
    assert event.object_id == str(member.uuid)
    assert event.organisation_id == world.orgs["b"].pk
    assert not AuditEvent.objects.filter(
        action__in=[Action.VIEW_PERSONAL, Action.VIEW_CONFIDENTIAL], actor_id=intruder.pk
    ).exists()


def test_document_scan_view_is_audited(client, world):
    member = world.members["a1"]
    fac = world.user("a", Role.FACILITATOR)
    doc = services.document_save(
        member=member,
        data={"kind": "voter_id", "status": "held"},
        upload=upload("v.png", png_bytes()),
        actor=fac,
    )
    client.force_login(fac)
    r = client.get(reverse("people:document_scan", args=[doc.uuid]))
    assert r.status_code == 200
    event = last(Action.VIEW_DOCUMENT)
    assert (event.actor_id, event.member_id, event.object_id) == (fac.pk, member.pk, str(doc.uuid))


def test_create_change_archive_restore_are_audited(world):
    member = world.members["a2"]
    fac = world.user("a", Role.FACILITATOR)
    create = last(Action.CREATE, member_id=member.pk, object_type="people.member")
    assert create is not None
    services.member_update(member=member, changes={"village": "Bally"}, actor=fac)
    change = last(Action.CHANGE, member_id=member.pk)
    assert change.fields == "village"
    assert change.actor_id == fac.pk
    services.member_archive(member=member, reason="moved away", actor=fac)
    assert last(Action.ARCHIVE, member_id=member.pk).actor_id == fac.pk
    services.member_restore(member=member, actor=fac)
    assert last(Action.RESTORE, member_id=member.pk).actor_id == fac.pk
    assert audit.verify().ok


def test_consent_given_and_withdrawn_are_audited(world):
    from saathi.core import consent

    member = world.members["a1"]
    fac = world.user("a", Role.FACILITATOR)
    c = consent.consent_record(
        member=member, purpose="media", method="signature", language="bn", actor=fac
    )
    assert last(Action.CONSENT_GIVEN, member_id=member.pk).detail["purpose"] == "media"
    consent.consent_withdraw(consent=c, reason="changed her mind", actor=fac)
    assert last(Action.CONSENT_WITHDRAWN, member_id=member.pk).detail == {"purpose": "media"}


def test_audit_rows_never_hold_names_phones_or_secrets(client, world, clear_rate_limits):
    member = world.members["a1"]
    sw = world.user("a", Role.SOCIAL_WORKER)
    services.member_add_name(member=member, text="Laxmi Bibi", kind="alias", actor=sw)
    services.member_add_phone(member=member, raw="9123456780", shared=False, actor=sw)
    services.member_update(
        member=member, changes={"display_name": "Lakshmi Rani Das", "occupation": "X"}, actor=sw
    )
    client.post("/accounts/login/", {"login": sw.username, "password": PASSWORD})
    client.post("/accounts/login/", {"login": "Lakshmi", "password": "9876543210"})
    client.force_login(sw)
    client.post(
        reverse("people:member_detail", args=[member.uuid]),
        {"reveal-reason": "counselling", "_action": "reveal"},
    )
    client.get(reverse("people:member_list") + "?q=lakshmi")
    client.get(reverse("people:member_list") + "?q=9876543210")
    client.get("/api/members?q=Lakshmi")
    client.get(f"/api/members/{member.uuid}")
    client.force_login(world.user("b", Role.FACILITATOR))
    client.get(reverse("people:member_detail", args=[member.uuid]))
    assert AuditEvent.objects.count() > 20
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_auditevent")
        dump = "\n".join(repr(row) for row in cursor.fetchall())
    for secret in [
        "Lakshmi",
        "lakshmi",
        "Laxmi",
        "Lokkhi",
        "লক্ষ্মী",
        "Das",
        "9876543210",
        "9123456780",
        "43210",
        aadhaar_ending_1234(member.pk),
        "SECRET-OCCUPATION",
        "SECRET-HIV",
        "1990-05-17",
    ]:
        assert secret not in dump, secret
    assert audit.verify().ok


def test_reveal_refuses_a_plain_field_even_under_python_O(world):
    """The guard was an ``assert``, which ``python -O`` removes."""
    from saathi.core.confidential import reveal

    sw = world.user("a", Role.SOCIAL_WORKER)
    with pytest.raises(TypeError, match="encrypted fields only"):
        reveal(sw, world.members["a1"], ["village"])


@pytest.mark.django_db
def test_a_writer_that_loses_the_race_for_a_seq_retries_on_the_new_head(monkeypatch):
    """Two writers that read one head (an in-memory SQLite shared by a live server's
    threads) collide on the unique seq: the loser appends after the winner, no 500."""
    from django.db import IntegrityError

    from saathi.core import audit as audit_mod

    real = audit_mod._append
    calls = []

    def collide_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            real(*args, **kwargs)  # the winner's row, written first
            raise IntegrityError("UNIQUE constraint failed: core_auditevent.seq")
        return real(*args, **kwargs)

    monkeypatch.setattr(audit_mod, "_append", collide_once)
    event = audit_mod.record(audit_mod.Action.LOGIN, username="x")
    assert len(calls) == 2 and event.seq == 2
    assert audit_mod.verify().ok
