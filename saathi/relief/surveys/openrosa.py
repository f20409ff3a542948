"""OpenRosa: what ODK Collect, KoboCollect and Enketo speak (ADR 0033). Pure functions:
reading a submission's XML, writing the form list, manifest and response documents.

The XML a phone sends is parsed with expat, refusing any DOCTYPE (no entities, so no
"billion laughs"), and bounded in size and depth before anything walks it.
"""

from __future__ import annotations

import copy
import hashlib
import uuid
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET
from xml.parsers import expat

from django.utils.translation import gettext as _

OPENROSA_VERSION = "1.0"
SUBMISSION_MAX_BYTES = 10 * 1024 * 1024  # one POST: the XML and the attachments it carries
XML_MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 30
RESPONSE_NS = "http://openrosa.org/http/response"
FORMLIST_NS = "http://openrosa.org/xforms/xformsList"
MANIFEST_NS = "http://openrosa.org/xforms/xformsManifest"


class SubmissionError(ValueError):
    """A submission that cannot be read; ``status`` is the HTTP status to answer."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Submission:
    form_id: str
    version: str
    instance_id: str
    deprecated_id: str
    root: ET.Element
    raw: dict = field(default_factory=dict)  # leaf name -> text; repeat name -> [rows]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def parse_xml(data: bytes) -> ET.Element:
    if len(data) > XML_MAX_BYTES:
        raise SubmissionError(_("The submission is too large."), 413)
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")
    depth = {"n": 0}

    def no_doctype(*_args):
        raise SubmissionError(_("The submission is not a form's XML."))

    def start(tag, attrs):
        depth["n"] += 1
        if depth["n"] > MAX_DEPTH:
            raise SubmissionError(_("The submission is nested too deeply."))
        builder.start(_local(tag), {_local(k): v for k, v in attrs.items()})

    def end(tag):
        depth["n"] -= 1
        builder.end(_local(tag))

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
        return builder.close()
    except (expat.ExpatError, AssertionError):
        raise SubmissionError(_("The submission is not a form's XML.")) from None


def read_submission(data: bytes, repeats: dict | set[str] | None = None) -> Submission:
    """``repeats``: the form's repeats (``engine.repeat_tree``: each with the repeats
    inside it; a set of names: repeats with none inside)."""
    root = parse_xml(data)
    form_id = root.get("id", "")
    if not form_id:
        raise SubmissionError(_("The submission does not say which form it is for."))
    meta = next((c for c in root if c.tag == "meta"), None)
    instance_id = deprecated = ""
    if meta is not None:
        for c in meta:
            if c.tag == "instanceID":
                instance_id = (c.text or "").strip()
            elif c.tag == "deprecatedID":
                deprecated = (c.text or "").strip()
    if not instance_id:
        raise SubmissionError(_("The submission has no instanceID."))
    sub = Submission(form_id, root.get("version", ""), instance_id[:100], deprecated[:100], root)
    sub.raw = answers_of(root, repeats or {})
    return sub


def answers_of(root: ET.Element, repeats: dict | set[str]) -> dict:
    """Leaves by name, groups walked through; each repeat's instances as a list of rows,
    and a repeat inside a repeat (a member's children) as a list in its row."""
    out: dict = {}
    tree = repeats if isinstance(repeats, dict) else {name: {} for name in repeats}

    def walk(node, into: dict, inside: dict):
        for child in node:
            if child.tag == "meta" and node is root:
                continue
            if child.tag in inside:
                row: dict = {}
                walk(child, row, inside[child.tag])
                into.setdefault(child.tag, []).append(row)
            elif len(child):
                walk(child, into, inside)
            else:
                into.setdefault(child.tag, (child.text or "").strip())

    walk(root, out, tree)
    return out


def md5_hash(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode()
    return "md5:" + hashlib.md5(data, usedforsecurity=False).hexdigest()


def response_xml(message: str, nature: str = "submit_success") -> bytes:
    root = ET.Element("OpenRosaResponse", xmlns=RESPONSE_NS)
    ET.SubElement(root, "message", nature=nature).text = message
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def form_list_xml(forms: list[dict]) -> bytes:
    """forms: dicts of formID, name, version, hash, downloadUrl, manifestUrl (optional)."""
    root = ET.Element("xforms", xmlns=FORMLIST_NS)
    for f in forms:
        x = ET.SubElement(root, "xform")
        for key in ("formID", "name", "version", "hash", "downloadUrl", "manifestUrl"):
            if f.get(key):
                ET.SubElement(x, key).text = str(f[key])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def manifest_xml(files: list[dict]) -> bytes:
    root = ET.Element("manifest", xmlns=MANIFEST_NS)
    for f in files:
        m = ET.SubElement(root, "mediaFile")
        for key in ("filename", "hash", "downloadUrl"):
            ET.SubElement(m, key).text = str(f[key])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


XF = "{http://www.w3.org/2002/xforms}"


JR_TEMPLATE = "{http://openrosa.org/javarosa}template"


def submission_xml(
    version, values: dict, *, instance_id=None, deprecated_id=None, rows=()
) -> bytes:
    """Fill the XForm's primary instance as ODK Collect does: leaves by name, each repeat
    with the rows ``values[repeat name]`` (a list of dicts, in which a repeat inside it
    is again a list under its name), else ``rows``; meta/instanceID (and deprecatedID)."""
    html = ET.fromstring(version.xform.encode())  # noqa: S314 - pyxform output, ours
    instance = next(html.iter(f"{XF}instance"))
    data = copy.deepcopy(list(instance)[0])
    _fill(data, values, list(rows))
    meta = next(el for el in data.iter() if el.tag.endswith("}meta") or el.tag == "meta")
    iid = next(el for el in meta if el.tag.endswith("instanceID"))
    iid.text = instance_id or f"uuid:{uuid.uuid4()}"
    if deprecated_id:
        dep = ET.SubElement(meta, iid.tag.replace("instanceID", "deprecatedID"))
        dep.text = deprecated_id
    return ET.tostring(data, encoding="utf-8", xml_declaration=True)


def _fill(node: ET.Element, values: dict, default_rows: list) -> None:
    """The leaves of ``node`` from ``values``; each repeat template directly in it (not
    inside another repeat) replaced by one filled instance per row."""
    filled: set[int] = set()

    def templates(el):
        for c in el:
            if c.get(JR_TEMPLATE) is not None:
                yield el, c
            else:
                yield from templates(c)

    for parent, tmpl in list(templates(node)):
        for el in list(parent):  # the blank instance pyxform adds after the template
            if (
                el is not tmpl
                and el.tag == tmpl.tag
                and el.get(JR_TEMPLATE) is None
                and not any((c.text or "").strip() for c in el.iter())
            ):
                parent.remove(el)
        index = list(parent).index(tmpl)
        parent.remove(tmpl)
        given = values.get(_local(tmpl.tag))
        for offset, row in enumerate(given if isinstance(given, list) else default_rows):
            inst = copy.deepcopy(tmpl)
            inst.attrib.pop(JR_TEMPLATE, None)
            _fill(inst, row, [])
            filled.add(id(inst))
            parent.insert(index + offset, inst)

    def leaves(el):
        for c in el:
            if id(c) in filled:
                continue
            if len(c):
                yield from leaves(c)
            else:
                yield c

    for el in list(leaves(node)):
        name = _local(el.tag)
        value = values.get(name)
        if isinstance(value, list):  # a select_multiple's choices (a repeat has a template)
            if all(not isinstance(v, dict) for v in value):
                el.text = " ".join(str(v) for v in value)
        elif name in values:
            el.text = str(value)
