"""Reads for the registry's pages: scoped, paginated, a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F, Value, Window
from django.db.models.functions import Upper

from saathi.core import crypto, names, policy
from saathi.core.confidential import Reason, can_reveal, mask, reason_label, reveal
from saathi.core.models import Consent

from .models import Collective, IdentityDocument, Member, MemberPhone, Membership


@dataclass
class MemberFilters:
    q: str = ""
    collective: str = ""  # collective uuid
    district: str = ""
    missing_document: bool = False
    archived: bool = False


def search_members(qs, q: str):
    q = (q or "").strip()
    if not q:
        return qs
    compact = q.replace(" ", "").replace("-", "").removeprefix("+")
    if compact.isdecimal() and len(compact) >= 10:
        from .services import normalise_phone

        digits = normalise_phone(q)
        return qs.filter(
            pk__in=MemberPhone.objects.filter(
                number_hash=crypto.blind_index(digits, "phone")
            ).values("member_id")
        )
    if q.upper().startswith("MEM-"):
        return qs.filter(reference__iexact=q.strip())
    for word in q.split()[:6]:
        key = names.phonetic_key(word)
        latin = names.to_latin(word)
        if not key and not latin:
            continue
        # every word must start a word of one of her names, by key or by transliteration
        from django.db.models import Q

        cond = Q()
        if key:
            cond |= Q(search_text__contains=" " + key)
        if latin and latin != key:
            cond |= Q(search_text__contains=" " + latin.split()[0])
        qs = qs.filter(cond)
    return qs


class _PageByIds:
    """What the member list's Paginator slices: the page's ids first, then those rows.

    ``count`` is the scoped, filtered query that is counted, ``keys`` the same members in
    list order and ``key`` the member's id in it: a member's ``pk``, or ``member_id`` when
    the keys are a collective's memberships (:func:`_collective_keys`). Count and ids
    come from an index without reading the members' rows (a deep page skips index
    entries, not rows); only the page's 50 members and their collective are then loaded,
    by id, in the same statement.
    """

    def __init__(self, count, keys, rows, key: str = "pk"):
        self._count = count
        self.keys = keys
        self.rows = rows
        self.key = key

    def count(self) -> int:
        return self._count.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, k):
        if not isinstance(k, slice):
            raise TypeError("the member list is only sliced by pages")
        return list(self.rows.filter(pk__in=self.keys.values(self.key)[k]))


def _one_collective(user) -> bool:
    """Are her members those of one collective? (one current membership per visible
    member only with one collective in scope)"""
    scope = policy.scope_for(user, policy.Cap.VIEW_MEMBERS)
    return not scope.organisations and len(scope.collectives) == 1


class _PageWithCount(_PageByIds):
    """A page whose count comes with its ids: one statement, ``COUNT(*) OVER ()`` beside
    the page's ids, then the page's rows by id.

    For a search by a user who sees one collective: the members' query reads every member
    of the collective by id to test the search, and a count then the page's ids would
    read them twice (about 40 ms each at 33,000 members). A page past the last one finds
    no ids, and then counts apart (a first page without ids is a search without a match).
    """

    def __init__(self, keys, rows, number, per_page: int):
        super().__init__(keys, keys, rows)
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        self.per_page = per_page
        self.offset = (max(number, 1) - 1) * per_page
        self._total: int | None = None
        self._ids: list[int] = []

    def _fetch(self, offset: int, limit: int) -> list[tuple[int, int]]:
        counted = self.keys.annotate(_total=Window(Count("pk"))).values_list("pk", "_total")
        return list(counted[offset : offset + limit])

    def count(self) -> int:
        if self._total is None:
            found = self._fetch(self.offset, self.per_page)
            if found:
                self._total = found[0][1]
                self._ids = [pk for pk, _ in found]
            elif self.offset == 0:
                self._total = 0  # no match at all
            else:
                self._total = self.keys.count()
        return self._total

    def __getitem__(self, k):
        if not isinstance(k, slice):
            raise TypeError("the member list is only sliced by pages")
        if k.stop <= k.start:
            return []
        if k.start == self.offset and self._ids:
            ids = self._ids[: k.stop - k.start]
        else:  # another page than the one asked for (the last, for a page past it)
            ids = [pk for pk, _ in self._fetch(k.start, k.stop - k.start)]
        return list(self.rows.filter(pk__in=ids))


def _collective_keys(user, filters: MemberFilters):
    """For a user whose grants are on one collective, the list's members as that
    collective's current memberships in name order; ``None`` for any other scope and
    for a search.

    They are read from ``membership_list`` (collective, name, member, archived, left_on;
    current memberships only), the list's scope and order in one index: a page skips
    index entries and stops when it has 50 members, where the members' query reads
    every member of the collective by id and sorts them (33,000 rows for the demo's
    leader, bench/pages.py). Filters on the member's own fields probe her row for each
    entry walked, which is cheap for the filters that most of a collective passes
    (missing document, district) and would walk a long way for a search, whose matches
    cluster in the order (all the "Yerra…" sort late): a search sorts its matches instead.
    """
    if filters.q.strip() or not _one_collective(user):
        return None
    keys = Membership.objects.visible_to(user).filter(
        left_on__isnull=True, member_archived=filters.archived
    )
    if filters.collective:
        keys = keys.filter(
            member_id__in=Membership.objects.filter(
                collective__uuid=filters.collective, left_on__isnull=True
            ).values("member_id")
        )
    if filters.district:
        keys = keys.alias(district_upper=Upper("member__district")).filter(
            district_upper=Upper(Value(filters.district.strip()))
        )
    if filters.missing_document:
        keys = keys.filter(member__has_missing_document=True)
    return keys.order_by("member_name", "member_id")


def members_matching(user, filters: MemberFilters):
    """The members ``user`` may see that match ``filters``, in list order.

    One query shape for the member list page and the API, kept within the budgets with
    100,000 members by the member_* indexes (bench/pages.py).
    """
    qs = Member.objects.visible_to(user)
    qs = qs.filter(archived_at__isnull=not filters.archived)
    qs = search_members(qs, filters.q)
    if filters.collective:
        # a subquery, not a join: one row per member, so the count needs no DISTINCT
        qs = qs.filter(
            pk__in=Membership.objects.filter(
                collective__uuid=filters.collective, left_on__isnull=True
            ).values("member_id")
        )
    if filters.district:
        # what iexact means on PostgreSQL; on SQLite iexact is a LIKE that no index
        # answers, this uses member_org_district on both
        qs = qs.alias(district_upper=Upper("district")).filter(
            district_upper=Upper(Value(filters.district.strip()))
        )
    if filters.missing_document:
        qs = qs.filter(has_missing_document=True)
    if filters.q.strip():
        # Same order (display_name is never NULL), but no index gives "NULLS FIRST" on
        # PostgreSQL, so it sorts the matches found through the trigram index instead
        # of walking the name index until 50 match: matches cluster by name ("Yerra…"
        # all sort late), and that walk read 80,000 rows for one page.
        return qs.order_by(F("display_name").asc(nulls_first=True), "id")
    return qs.order_by("display_name", "id")


def member_list(user, filters: MemberFilters, page: int = 1):
    rows = (
        Member.objects.select_related("primary_collective")
        .only(
            "uuid",
            "reference",
            "display_name",
            "native_name",
            "district",
            "village",
            "birth_year",
            "archived_at",
            "has_missing_document",
            "primary_collective__name",
            "primary_collective__name_native",
        )
        .order_by("display_name", "id")
    )
    members = members_matching(user, filters)
    in_collective = _collective_keys(user, filters)
    by_ids: _PageByIds
    if in_collective is None and filters.q.strip() and _one_collective(user):
        by_ids = _PageWithCount(members, rows, page, settings.SAATHI_PAGE_SIZE)
    elif in_collective is None:
        by_ids = _PageByIds(members, members, rows)
    elif filters.district or filters.missing_document:
        # counting probes every member of the collective: in id order (the members'
        # query) that reads her table in order, about twice as fast as in name order
        by_ids = _PageByIds(members, in_collective, rows, key="member_id")
    else:
        by_ids = _PageByIds(in_collective, in_collective, rows, key="member_id")
    paginator: Paginator = Paginator(by_ids, settings.SAATHI_PAGE_SIZE)  # type: ignore[arg-type]
    return paginator.get_page(page)


def filter_choices(user):
    collectives = list(Collective.objects.visible_to(user).only("uuid", "name", "name_native"))
    return {"collectives": collectives}


@dataclass
class PhoneView:
    shown: str
    shared: bool


def _iso_date(text: str):
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def member_profile(user, member: Member, reveal_reason: Reason | None = None) -> dict:
    """Everything the profile page shows, with personal data masked or revealed (audited).

    Confidential details are revealed only with ``reveal_reason`` (the reveal form's POST).
    """
    caps = policy.capabilities_of(user)
    member_names = list(member.names.select_related("source_document"))
    memberships = list(
        Membership.objects.filter(member=member).select_related("collective").order_by("-joined_on")
    )
    member._collective_ids = [m.collective_id for m in memberships if m.left_on is None]
    phones = list(member.phones.all())
    show_personal = can_reveal(user, member, confidential=False)
    personal: dict[str, str] = {}
    phone_views: list[PhoneView] = []
    if show_personal:
        # one audit row for the birth date and the phones shown together
        personal = reveal(user, member, ["birth_date"], also_read=["phones"] if phones else ())
        phone_views = [PhoneView(p.number.unseal_for_system(), p.shared) for p in phones]
    else:
        phone_views = [PhoneView(mask("0" * 8 + p.last_digits), p.shared) for p in phones]
    confidential = None
    may_see_confidential = can_reveal(user, member, confidential=True)
    if reveal_reason is not None and may_see_confidential:
        confidential = reveal(
            user,
            member,
            ["trafficking_history", "occupation", "health_status", "hiv_status"],
            reason=reveal_reason,
        )
    documents = []
    if policy.Cap.VIEW_DOCUMENTS in caps:
        documents = list(IdentityDocument.objects.visible_to(user).filter(member=member))
    household = None
    dependants = []
    household_members = []
    household = member.household  # access_member loads it with its head: no second query
    if household is not None:
        dependants = list(household.dependants.all())
        household_members = household_members_of(user, member)
    consents = list(Consent.objects.filter(member=member).select_related("recorded_by"))
    return {
        "member": member,
        "names": member_names,
        "memberships": memberships,
        "phones": phone_views,
        "show_personal": show_personal,
        # stored as ISO text; a date, so that the page writes it dd/mm/yyyy
        "birth_date": _iso_date(personal.get("birth_date", "")),
        "may_see_confidential": may_see_confidential,
        "confidential": confidential,
        "documents": documents,
        "household": household,
        "dependants": dependants,
        "household_members": household_members,
        "consents": consents,
        "caps": caps,
    }


def household_members_of(user, member: Member) -> list[Member]:
    """The other members (not dependants) of her household that ``user`` may see."""
    # Start from the household's members (the household index, a handful of rows):
    # with "household_id = x" beside "organisation_id IN (...)" SQLite, without
    # statistics, may walk the organisation's index instead (80,000 rows).
    if member.household_id is None:
        return []
    housemates = Member.objects.filter(household_id=member.household_id).values("pk")
    return list(
        Member.objects.filter(pk__in=housemates)
        .visible_to(user)
        .exclude(pk=member.pk)
        .only("uuid", "display_name", "reference")
    )


def member_by_reference(user, reference: str) -> Member | None:
    return (
        Member.objects.visible_to(user)
        .select_related("household")
        .filter(reference__iexact=reference.strip())
        .first()
    )


def document_display_number(user, doc: IdentityDocument) -> str:
    if doc.kind == "aadhaar":
        return ("XXXX XXXX " + doc.number_last4) if doc.number_last4 else ""
    return mask(doc.number_last4 and "0000" + doc.number_last4, keep=4)


def member_access_log(member: Member, limit: int = 200):
    from saathi.core.models import AuditEvent

    events = list(AuditEvent.objects.filter(member_id=member.pk).order_by("-seq")[:limit])
    for e in events:
        e.reason_label = reason_label(e.detail)
    return events
