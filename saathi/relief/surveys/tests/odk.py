"""Helpers for the OpenRosa tests: a form with a photo and a repeat, a device credential,
and a submission's XML made from the form's own XForm instance, as ODK Collect makes it."""

import base64
import copy
import uuid
from xml.etree import ElementTree as ET

from django.core.files.uploadedfile import SimpleUploadedFile

from saathi.relief.surveys import services

from .xlsforms import xlsx

XF = "{http://www.w3.org/2002/xforms}"


def roster_form(form_id="household_roster") -> bytes:
    """A household with a photo, a roster (repeat) and a constraint."""
    return xlsx(
        [
            ["type", "name", "label", "constraint", "required", "calculation"],
            ["integer", "hh_size", "People in the household", ". > 0 and . <= 20", "yes", ""],
            ["image", "photo", "Photo of the acknowledgement", "", "", ""],
            ["begin repeat", "person", "Person", "", "", ""],
            ["text", "pname", "Name", "", "", ""],
            ["integer", "age", "Age", ". >= 0 and . < 120", "", ""],
            ["end repeat", "", "", "", "", ""],
            ["calculate", "double", "", "", "", "${hh_size} * 2"],
        ],
        settings={"form_id": form_id, "form_title": "Household roster"},
    )


def credential(user, collective, label="test phone"):
    cred, secret = services.device_credential_create(actor=user, collective=collective, label=label)
    return cred, secret


def auth(cred, secret) -> dict:
    token = base64.b64encode(f"{cred.username}:{secret}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def submission_xml(
    version, values: dict, *, instance_id=None, deprecated_id=None, rows=()
) -> bytes:
    """Fill the XForm's primary instance: leaves by name, repeat ``rows`` (list of dicts)
    for the first repeat found, meta/instanceID (and deprecatedID)."""
    html = ET.fromstring(version.xform.encode())
    instance = next(html.iter(f"{XF}instance"))
    data = copy.deepcopy(list(instance)[0])
    repeat_templates = [
        el for el in data.iter() if el.get("{http://openrosa.org/javarosa}template") is not None
    ]
    for el in data.iter():
        name = el.tag.rpartition("}")[2]
        if name in values and not len(el):
            el.text = str(values[name])
    for tmpl in repeat_templates:
        parent = next(p for p in data.iter() if tmpl in list(p))
        index = list(parent).index(tmpl)
        parent.remove(tmpl)
        for offset, row in enumerate(rows):
            inst = copy.deepcopy(tmpl)
            inst.attrib.pop("{http://openrosa.org/javarosa}template", None)
            for el in inst.iter():
                n = el.tag.rpartition("}")[2]
                if n in row:
                    el.text = str(row[n])
            parent.insert(index + offset, inst)
        for el in list(parent):  # the blank instance pyxform adds after the template
            if el.tag == tmpl.tag and not any((c.text or "").strip() for c in el.iter()):
                parent.remove(el)
    meta = next(el for el in data.iter() if el.tag.endswith("}meta") or el.tag == "meta")
    iid = next(el for el in meta if el.tag.endswith("instanceID"))
    iid.text = instance_id or f"uuid:{uuid.uuid4()}"
    if deprecated_id:
        dep = ET.SubElement(meta, iid.tag.replace("instanceID", "deprecatedID"))
        dep.text = deprecated_id
    return ET.tostring(data, encoding="utf-8", xml_declaration=True)


def xml_file(xml: bytes):
    return SimpleUploadedFile("submission.xml", xml, content_type="text/xml")
