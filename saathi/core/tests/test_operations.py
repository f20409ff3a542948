"""Start-up key checks, the external audit anchor, rebuilding search keys, unreadable scans."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from saathi.core import audit
from saathi.core.checks import check_keys
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.core.tests.samples import png_bytes
from saathi.people.models import Member, MemberName
from saathi.people.services import document_save


def test_keys_checked_at_start_up(settings):
    assert check_keys(None) == []
    settings.SAATHI_HASH_KEY = "short"
    assert [e.id for e in check_keys(None)] == ["saathi.E002"]
    settings.SAATHI_ENCRYPTION_KEYS = "k1:bm90MzJieXRlcw=="
    assert {e.id for e in check_keys(None)} == {"saathi.E001", "saathi.E002"}


@pytest.mark.django_db
def test_anchor_catches_rows_removed_at_the_end_with_the_head_reset(tmp_path):
    anchor = tmp_path / "anchor.txt"
    for i in range(5):
        audit.record(audit.Action.LOGIN, detail={"i": i})
    call_command("audit_verify", anchor=anchor)
    assert anchor.read_text().split()[0] == "5"
    # an attacker with database access removes the last two rows and resets the head
    with connection.cursor() as c:
        c.execute("DELETE FROM core_auditevent WHERE seq > 3")
        row = AuditEvent.objects.get(seq=3)
        c.execute("UPDATE core_auditchainhead SET seq = 3, hash = %s", [row.hash])
    assert audit.verify().ok  # the chain alone cannot tell
    with pytest.raises(CommandError):
        call_command("audit_verify", anchor=anchor)


@pytest.mark.django_db
def test_rebuild_search_restores_stale_keys(world):
    member = world.members["a1"]
    Member.objects.filter(pk=member.pk).update(search_text="")
    MemberName.objects.filter(member=member).update(key="", latin="")
    call_command("rebuild_search")
    member.refresh_from_db()
    assert " laxmi" in member.search_text
    assert MemberName.objects.filter(member=member, key="laxmi das").exists()


@pytest.mark.django_db
def test_an_unreadable_scan_answers_404_not_500(client, world, settings):
    member = world.members["a1"]
    actor = world.user("a", Role.FACILITATOR)

    class Upload:
        def __init__(self, data):
            self.data, self.size = data, len(data)

        def read(self):
            return self.data

    doc = document_save(
        member=member,
        data={"kind": "voter_id", "status": "held"},
        upload=Upload(png_bytes()),
        actor=actor,
    )
    path = settings.SAATHI_PRIVATE_FILES / doc.scan_file[:2] / doc.scan_file
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 1
    path.write_bytes(bytes(blob))
    client.force_login(actor)
    url = reverse("people:document_scan", kwargs={"doc_uuid": doc.uuid})
    assert client.get(url).status_code == 404
    path.unlink()
    assert client.get(url).status_code == 404
