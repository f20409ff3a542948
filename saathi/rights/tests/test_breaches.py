"""The breach register: members told in their language, the Board report as PDF."""

from datetime import timedelta

from django.utils import timezone

from saathi.core.policy import Role
from saathi.rights import breaches

SENT: list[tuple[str, str]] = []


class RecordingBackend:
    def send(self, phone: str, message: str) -> None:
        SENT.append((phone, message))


def test_breach_notifies_members_and_reports_to_the_board(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SAATHI_SMS_BACKEND = f"{__name__}.RecordingBackend"
    SENT.clear()
    admin = world.user("a", Role.ORG_ADMIN)
    detected = timezone.now() - timedelta(hours=5)
    breach = breaches.breach_record(
        organisation=world.orgs["a"],
        detected_at=detected,
        members=[world.members["a1"], world.members["a2"], world.members["b1"]],
        actor=admin,
        occurred="Field office laptop, Basirhat",
        nature="A laptop with an exported list was stolen",
        consequences="Names and phone numbers may be known",
        mitigation="Passwords changed; the export's key rotated",
        member_steps="Tell us about any unknown call",
        contact="98300 00000",
    )
    assert breach.members.count() == 2  # another organisation's member is not added
    assert breach.board_due == detected + timedelta(hours=72)
    with django_capture_on_commit_callbacks(execute=True):
        assert breaches.breach_notify(breach=breach, actor=admin) == 1  # only a1 has a phone
    phone, text = SENT[0]
    assert phone == "9876543210"
    assert "সাথী" in text or "Saathi" in text  # in her language (Bengali)
    assert "laptop" not in text and "stolen" not in text  # nothing sensitive in the SMS
    pdf = breaches.board_report_pdf(breach, actor=admin)
    assert pdf.startswith(b"%PDF")
