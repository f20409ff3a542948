"""Helpers for the OpenRosa tests: a form with a photo and a repeat, a device credential,
and a submission's XML made from the form's own XForm instance, as ODK Collect makes it."""

import base64

from django.core.files.uploadedfile import SimpleUploadedFile

from saathi.relief.surveys import services
from saathi.relief.surveys.demo import household_roster_xlsx
from saathi.relief.surveys.openrosa import submission_xml  # noqa: F401 - used by the tests


def roster_form(form_id="household_roster") -> bytes:
    return household_roster_xlsx(form_id)


def credential(user, collective, label="test phone"):
    cred, secret = services.device_credential_create(actor=user, collective=collective, label=label)
    return cred, secret


def auth(cred, secret) -> dict:
    token = base64.b64encode(f"{cred.username}:{secret}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def xml_file(xml: bytes):
    return SimpleUploadedFile("submission.xml", xml, content_type="text/xml")
