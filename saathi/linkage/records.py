"""Records in the matcher's format: a list's source records, and registry members.

The clear phone and ID digits exist here in memory only, for the duration of a run.
Record ids given to the matcher are ``r<pk>`` for a source record and ``m<pk>.<n>`` for
the n-th name variant of a registry member (a member with names in several scripts is
offered to the matcher once per distinct name, whole as written - the matcher splits and
compares its words; the variants are joined again after).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from saathi.core import names
from saathi.people.models import IdentityDocument, Member

from .models import SourceRecord

STATE_NAMES = {
    "WB": "West Bengal",
    "AP": "Andhra Pradesh",
    "TG": "Telangana",
    "BR": "Bihar",
    "JH": "Jharkhand",
    "OD": "Odisha",
    "AS": "Assam",
    "MH": "Maharashtra",
    "KA": "Karnataka",
    "TN": "Tamil Nadu",
    "DL": "Delhi",
    "UP": "Uttar Pradesh",
}


def record_key(record: SourceRecord, list_uuid) -> str:
    return f"{list_uuid}:{record.record_id}"


def member_key(member_uuid) -> str:
    return f"member:{member_uuid}"


def source_record_dict(r: SourceRecord) -> dict:
    return {
        "record_id": f"r{r.pk}",
        "source": r.source,
        "given_name": r.given_name,
        "family_name": r.family_name,
        "relative_name": r.relative_name,
        "sex": r.sex,
        "age": "" if r.age is None else str(r.age),
        "phone": r.phone.unseal_for_system() if r.phone else "",
        "id_last4": r.id_last4.unseal_for_system() if r.id_last4 else "",
        "village": r.village,
        "district": r.district,
        "state": STATE_NAMES.get(r.state.upper(), r.state),
    }


def member_dicts(members) -> list[dict]:
    """Registry members as records: one per distinct reading of each of her names."""
    year = timezone.localdate().year
    out: list[dict] = []
    for m in members:
        phones = list(m.phones.all())
        phone = ""
        if phones:
            own = [p for p in phones if not p.shared] or phones
            phone = own[0].number.unseal_for_system()
        aadhaar = next((d.number_last4 for d in m.documents.all() if d.number_last4), "")
        texts = [n.text for n in m.names.all()] + [m.display_name, m.native_name]
        seen: set[str] = set()
        n = 0
        for text in texts:
            key = names.phonetic_key(text or "")
            if not key or key in seen:
                continue
            seen.add(key)
            # the whole name as written: the matcher splits it and compares its words
            out.append(
                {
                    "record_id": f"m{m.pk}.{n}",
                    "source": "registry",
                    "given_name": text,
                    "family_name": "",
                    "relative_name": "",
                    "sex": m.sex if m.sex in ("female", "male") else "",
                    "age": str(year - m.birth_year),
                    "phone": phone,
                    "id_last4": aadhaar,
                    "village": m.village,
                    "district": m.district,
                    "state": STATE_NAMES.get(m.state, m.state),
                }
            )
            n += 1
    return out


def members_for_matching(queryset):
    return queryset.filter(archived_at__isnull=True).prefetch_related(
        "names",
        "phones",
        Prefetch(
            "documents",
            queryset=IdentityDocument.objects.filter(kind="aadhaar").only(
                "member_id", "number_last4"
            ),
        ),
    )


def member_pk(record_id: str) -> int | None:
    if record_id.startswith("m"):
        return int(record_id[1:].split(".", 1)[0])
    return None


def record_pk(record_id: str) -> int | None:
    if record_id.startswith("r"):
        return int(record_id[1:])
    return None


__all__ = ["Member", "member_dicts", "members_for_matching", "source_record_dict"]
