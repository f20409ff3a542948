"""Likely duplicates of a member being registered, found BEFORE she is saved.

Indexed look-ups only - the phonetic key of each name she was given (``MemberName.key``,
in either word order) and the keyed hash of her phone (``MemberPhone.number_hash``) -
then the few candidates are scored in Python on name, phone, age and village. Names in
any script meet: লক্ষ্মী দাস, LAXMI DASS and Lakshmi Das share one key (core.names).

Only members the registering user may see are shown (reference, names, village, age:
nothing personal or confidential), and only they are counted: a count of matches she may
not see would tell a collective leader whether a person is registered elsewhere in the
organisation (issue 10 §6). Such duplicates are found later by the organisation's linkage
runs and clerical review. The live check is rate-limited per user (``core.limits``) and
audited: each member it shows is a view of her record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saathi.core import crypto, names
from saathi.people.models import Member, MemberName, MemberPhone

MAX_CANDIDATES = 30
SHOWN = 5

REASONS = {
    "name": _("same name"),
    "similar_name": _("similar name"),
    "phone": _("same phone"),
    "age": _("similar age"),
    "village": _("same village"),
}


@dataclass
class Candidate:
    uuid: str
    reference: str
    display_name: str
    native_name: str
    village: str
    district: str
    age: int
    archived: bool
    score: float
    reasons: list[str] = field(default_factory=list)
    matched_name: str = ""  # her name that matched, when it is not one shown (an alias)

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASONS[r]) for r in self.reasons]


@dataclass
class DuplicateCheck:
    candidates: list[Candidate] = field(default_factory=list)
    confirmed: bool = False  # "this is a different person" was ticked
    wait_minutes: int = 0  # the live check was refused by its rate limit

    @property
    def found(self) -> bool:
        return bool(self.candidates)


def _keys(texts) -> set[str]:
    keys: set[str] = set()
    for text in texts:
        key = names.phonetic_key(text or "")
        if not key:
            continue
        keys.add(key[:200])
        words = key.split()
        if len(words) > 1:
            keys.add(" ".join(reversed(words))[:200])
    return keys


def _word_keys(texts) -> set[str]:
    return {w for t in texts for w in names.phonetic_key(t or "").split()}


def find_duplicates(
    user,
    *,
    organisation_id: int,
    names_given: list[str],
    phone: str = "",
    age: int | None = None,
    village: str = "",
    exclude_member_id: int | None = None,
) -> DuplicateCheck:
    keys = _keys(names_given)
    ids: dict[int, set[str]] = {}
    if keys:
        for member_id in (
            MemberName.objects.filter(key__in=keys, member__organisation_id=organisation_id)
            .order_by()  # no ORDER BY id: the key index answers it
            .values_list("member_id", flat=True)
            .distinct()[:MAX_CANDIDATES]
        ):
            ids.setdefault(member_id, set()).add("name")
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) == 10:
        for member_id in (
            MemberPhone.objects.filter(
                number_hash=crypto.blind_index(digits, "phone"),
                member__organisation_id=organisation_id,
            )
            .order_by()
            .values_list("member_id", flat=True)
            .distinct()[:MAX_CANDIDATES]
        ):
            ids.setdefault(member_id, set()).add("phone")
    ids.pop(exclude_member_id, None)
    if not ids:
        return DuplicateCheck()
    visible = list(
        Member.objects.visible_to(user)
        .filter(pk__in=list(ids))
        .prefetch_related("names")
        .only(
            "uuid",
            "reference",
            "display_name",
            "native_name",
            "village",
            "district",
            "birth_year",
            "archived_at",
        )
    )
    typed_words = _word_keys(names_given)
    village_key = names.phonetic_key(village) if village else ""
    year = timezone.localdate().year
    out: list[Candidate] = []
    for m in visible:
        reasons = ids[m.pk]
        score = 0.0
        if "name" in reasons:
            score += 0.6
        else:
            theirs = _word_keys(n.text for n in m.names.all())
            overlap = len(typed_words & theirs) / max(len(typed_words | theirs), 1)
            if overlap >= 0.5:
                reasons.add("similar_name")
                score += 0.4 * overlap
        if "phone" in reasons:
            score += 0.3
        m_age = year - m.birth_year
        if age is not None and abs(m_age - age) <= 3:
            reasons.add("age")
            score += 0.1
        elif age is not None and abs(m_age - age) > 10:
            score -= 0.2
        if village_key and m.village and names.phonetic_key(m.village) == village_key:
            reasons.add("village")
            score += 0.1
        order = ["name", "similar_name", "phone", "age", "village"]
        matched = _matched_name(m, keys, typed_words)
        out.append(
            Candidate(
                uuid=str(m.uuid),
                reference=m.reference,
                display_name=m.display_name,
                native_name=m.native_name,
                village=m.village,
                district=m.district,
                age=m_age,
                archived=m.archived_at is not None,
                score=round(score, 2),
                reasons=[r for r in order if r in reasons],
                matched_name=matched,
            )
        )
    out.sort(key=lambda c: (-c.score, c.reference))
    return DuplicateCheck(candidates=out[:SHOWN])


def _matched_name(m: Member, keys: set[str], typed_words: set[str]) -> str:
    """The name of hers that the typed names met, if it is not one shown on the card."""
    best, best_overlap = "", 0.0
    for n in m.names.all():
        key = n.key or ""
        if key and key in keys:
            best = n.text
            break
        words = set(key.split())
        overlap = len(typed_words & words) / max(len(typed_words | words), 1)
        if overlap > best_overlap:
            best, best_overlap = n.text, overlap
    shown = {(m.display_name or "").casefold(), (m.native_name or "").casefold()}
    return "" if not best or best.casefold() in shown else best


def _int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _age_from(data) -> int | None:
    age = _int(data.get("age"))
    if age is not None:
        return age
    bd = data.get("birth_date")
    if hasattr(bd, "year"):
        return timezone.localdate().year - bd.year
    if isinstance(bd, str) and len(bd) >= 4 and bd[-4:].isdigit():
        return timezone.localdate().year - int(bd[-4:])
    return None


def _organisation_id(user, data) -> int | None:
    from saathi.people import access

    orgs = access.registration_choices(user)["organisations"]
    org = data.get("organisation")
    if hasattr(org, "pk"):
        return org.pk
    if org:
        try:
            return orgs.filter(uuid=org).values_list("pk", flat=True).first()
        except Exception:  # noqa: BLE001 - a malformed uuid in a live check: no warning
            return None
    return orgs.values_list("pk", flat=True).first()


def check_data(user, data) -> DuplicateCheck:
    """A check from form data (cleaned or raw): names, phone, age, village, organisation."""
    org_id = _organisation_id(user, data)
    if org_id is None:
        return DuplicateCheck()
    texts = [str(data.get(k) or "") for k in ("primary_name", "native_name", "alias")]
    from saathi.people.services import normalise_phone

    check = find_duplicates(
        user,
        organisation_id=org_id,
        names_given=[t for t in texts if t.strip()],
        phone=normalise_phone(str(data.get("phone") or "")),
        age=_age_from(data),
        village=str(data.get("village") or ""),
    )
    return check


def check_post(user, post) -> DuplicateCheck:
    check = check_data(user, post)
    check.confirmed = post.get("different_person") in ("1", "on", "true")
    return check


def live_check(user, post) -> DuplicateCheck:
    """The live warning while she types: limited per user in the shared cache, and each
    member shown is audited as a view of her record (no names or phone in the audit)."""
    from saathi.core import limits

    wait = limits.take(limits.DUPLICATE_CHECK_PER_USER, user.pk)
    if wait:
        return DuplicateCheck(wait_minutes=limits.DUPLICATE_CHECK_PER_USER.minutes(wait))
    check = check_post(user, post)
    _audit_shown(user, check)
    return check


def _audit_shown(user, check: DuplicateCheck) -> None:
    from saathi.core import audit

    shown = [c.uuid for c in check.candidates]
    if not shown:
        return
    for member in Member.objects.filter(uuid__in=shown).only("pk", "uuid", "organisation_id"):
        audit.record(audit.Action.VIEW_PERSONAL, actor=user, obj=member, fields=["duplicate_check"])


def duplicates_to_confirm(user, form, post) -> DuplicateCheck | None:
    """For the registration view: the check to show when the user must confirm first,
    or None when she may register (no likely duplicate, or she said it is someone else)."""
    check = check_data(user, form.cleaned_data)
    check.confirmed = post.get("different_person") in ("1", "on", "true")
    if check.found and not check.confirmed:
        # refused: said at the top of the page (the error summary links to the warning)
        form.add_error(
            None,
            _(
                "She may already be registered. Open her record below, or tick "
                "“This is a different person” and register again."
            ),
        )
        form.error_anchor = "dup-warning"
        _audit_shown(user, check)
        return check
    return None
