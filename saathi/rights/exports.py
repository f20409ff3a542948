"""Access: "everything we hold about you" (DPDP s.11), as a background job (core.jobs).

Every record of hers in every module is found the way erasure finds it (the vault
registry and ``core.subjects``), so a new module's records are in it without being
listed. Confidential fields are in it only when a social worker or legal advocate released
them when starting the export; search keys, blind-index hashes and file names never are.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from saathi.core import subjects, vault
from saathi.core.fields import EncryptedTextField, Sealed
from saathi.core.models import AuditEvent
from saathi.entitlements.letters import FONTS  # Noto faces that shape each script

SKIP = {"search_text", "member_name", "member_archived", "latin", "key"}


@dataclass
class Table:
    label: str  # "people.MemberPhone"
    title: str  # verbose name, in her language
    columns: list[str]
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)

    @property
    def pairs(self) -> list[list[tuple[str, str]]]:
        return [list(zip(self.headers, r, strict=True)) for r in self.rows]


def _value(f, v) -> str:
    if v is None:
        return ""
    if isinstance(v, Sealed):
        return v.unseal_for_system()
    if f.choices:
        return str(dict(f.flatchoices).get(v, v))
    if isinstance(v, bool):
        return _("yes") if v else _("no")
    if isinstance(v, datetime):
        return timezone.localtime(v).strftime("%Y-%m-%d %H:%M")
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def _columns(model, release: bool) -> list:
    cols = []
    for f in model._meta.concrete_fields:
        if f.name in SKIP or f.name.endswith("_hash") or isinstance(f, vault.PrivateFileField):
            continue
        if isinstance(f, models.UUIDField) or (not f.editable and f.name != "reference"):
            continue  # internal identifiers and derived flags
        if f.primary_key or (
            f.is_relation and f.related_model._meta.label_lower == "people.member"
        ):
            continue
        if f.is_relation:
            continue  # ids of other records say nothing to her
        if isinstance(f, EncryptedTextField) and f.confidential and not release:
            continue
        cols.append(f)
    return cols


def collect(member, *, release: bool) -> list[Table]:
    tables = []
    for model in apps.get_models():
        if model._meta.abstract or model._meta.proxy or vault.is_history(model):
            continue
        where = subjects.member_filter(model, [member.pk])
        if where is None or model._meta.label in ("rights.Erasure",):
            continue
        cols = _columns(model, release)
        qs = model._base_manager.filter(**where).order_by("pk")
        table = Table(
            label=model._meta.label,
            title=str(model._meta.verbose_name_plural),
            columns=[f.name for f in cols],
            headers=[str(f.verbose_name) for f in cols],
        )
        for obj in qs:
            table.rows.append([_value(f, getattr(obj, f.attname)) for f in cols])
        if table.rows:
            tables.append(table)
    return tables


def who_looked(member, *, show_names: bool) -> Table:
    """From the audit chain: who opened or changed her record, with role and organisation."""
    from saathi.accounts.models import RoleGrant

    events = list(AuditEvent.objects.filter(member_id=member.pk).order_by("seq")[:5000])
    actor_ids = {e.actor_id for e in events if e.actor_id}
    roles: dict[int, list[str]] = {}
    for g in RoleGrant.objects.filter(user_id__in=actor_ids).select_related("organisation"):
        roles.setdefault(g.user_id, []).append(f"{g.get_role_display()}, {g.organisation.name}")
    table = Table(
        label="audit",
        title=_("Who opened or changed her record"),
        columns=["at", "action", "who", "fields"],
        headers=[_("When"), _("What"), _("Who"), _("Which data")],
    )
    labels = dict(AuditEvent.Action.choices)
    for e in events:
        who = "; ".join(roles.get(e.actor_id or 0, [])) or _("The system")
        if show_names and e.actor_username:
            who = f"{e.actor_username} ({who})"
        at = timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M")
        table.rows.append([at, str(labels.get(e.action, e.action)), who, e.fields])
    return table


def build(member, *, language: str, release: bool, show_names: bool) -> tuple[bytes, int]:
    """The zip: a PDF in her language, JSON of everything, a CSV per kind of record."""
    with translation.override(language):
        tables = collect(member, release=release)
        looked = who_looked(member, show_names=show_names)
        generated = timezone.localtime()
        html = render_to_string(
            "rights/access_export.html",
            {
                "member": member,
                "tables": tables,
                "looked": looked,
                "generated": generated,
                "released": release,
                "lang": language,
                "font": FONTS.get(language, "Noto Sans"),
            },
        )
    from weasyprint import HTML

    pdf = HTML(string=html).write_pdf()
    buf = io.BytesIO()
    everything = {
        "member": member.reference,
        "generated": generated.isoformat(),
        "confidential_released": release,
        "records": {
            t.label: [dict(zip(t.columns, r, strict=True)) for r in t.rows] for t in tables
        },
        "who_looked": [dict(zip(looked.columns, r, strict=True)) for r in looked.rows],
    }
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("everything.pdf", pdf)
        z.writestr("everything.json", json.dumps(everything, ensure_ascii=False, indent=1))
        for t in [*tables, looked]:
            out = io.StringIO()
            w = csv.writer(out)
            w.writerow(t.columns)
            w.writerows([[_guard(c) for c in r] for r in t.rows])
            z.writestr(f"{t.label.replace('.', '-')}.csv", out.getvalue())
    return buf.getvalue(), sum(len(t.rows) for t in tables) + len(looked.rows)


def _guard(cell: str) -> str:
    """No cell runs as a formula in a spreadsheet (ADR 0021)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
