"""``manage.py seed_demo [--members N]``: demo organisations, collectives, users and members."""

from __future__ import annotations

import random
import time
import uuid
from datetime import date
from functools import cache
from itertools import accumulate

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from saathi.accounts.models import RoleGrant, User
from saathi.core import audit, crypto, keystore, names
from saathi.core.bulk import FastRows
from saathi.core.models import Consent
from saathi.core.policy import Role
from saathi.people import demo
from saathi.people.identifiers import aadhaar_for
from saathi.people.models import (
    Collective,
    Dependant,
    Household,
    IdentityDocument,
    Member,
    MemberName,
    MemberPhone,
    Membership,
    Organisation,
)
from saathi.people.services import next_reference, phone_hash

DEMO_PASSWORD = "saathi-demo-2026"
BATCH = 5000

USERS = [
    ("admin", "Anita", "Sen", Role.ORG_ADMIN, None, "en"),
    ("facilitator", "Mitali", "Ghosh", Role.FACILITATOR, None, "bn"),
    ("socialworker", "Ruma", "Dey", Role.SOCIAL_WORKER, None, "bn"),
    ("advocate", "Kalpana", "Rao", Role.LEGAL_ADVOCATE, None, "en"),
    ("leader", "Lakshmi", "Naskar", Role.COLLECTIVE_LEADER, 0, "bn"),
    ("volunteer", "Sohini", "Paul", Role.VOLUNTEER, None, "bn"),
    ("viewer", "Funder", "Viewer", Role.VIEWER, None, "en"),
]


class Command(BaseCommand):
    help = "Load demo data: two organisations, four collectives, users for every role, members."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=400)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when an organisation exists."
        )

    def handle(self, *args, members: int, seed: int, if_empty: bool, **options):
        if Organisation.objects.exists():
            if if_empty:
                self.stdout.write("Database already has data; demo data not loaded.")
                self.print_logins()
                return
            raise CommandError("The database already has organisations. Use a fresh database.")
        started = time.monotonic()
        rng = random.Random(seed)
        with transaction.atomic():
            orgs, collectives = self.make_registry()
            self.make_users(orgs, collectives)
        admin = User.objects.get(username="admin")
        self.make_members(rng, members, orgs, collectives, admin)
        self.attach_scans(orgs[0], admin)
        # each module adds its own demo records (applications, relief, ...)
        from saathi.entitlements.demo import seed as seed_entitlements
        from saathi.linkage.demo import seed_linkage
        from saathi.relief.demo import seed_relief
        from saathi.relief.surveys.demo import load_demo as seed_surveys

        seed_entitlements(rng=rng, stdout=self.stdout)
        seed_relief(orgs[0])
        seed_surveys(organisation=orgs[0], collectives=collectives[:3], actor=admin)
        seed_linkage(organisation=orgs[0], actor=admin)
        # legal aid
        from saathi.legal.demo import seed as seed_legal

        seed_legal(rng=rng, stdout=self.stdout)
        # collectives (issue 14): duty bearers, sessions, claims
        from saathi.collectives.demo import seed as seed_collectives

        seed_collectives(organisation=orgs[0], stdout=self.stdout)
        # end collectives
        from saathi.wellbeing.demo import seed as seed_wellbeing  # wellbeing

        seed_wellbeing(stdout=self.stdout)  # wellbeing
        # advocacy (issue 17): media contacts, campaigns, engagements, actions, outcomes
        from saathi.advocacy.demo import seed as seed_advocacy

        seed_advocacy(organisation=orgs[0], stdout=self.stdout)
        # end advocacy
        # livelihoods (issue 18): supports, loans, debts, devices, health drives, stock
        from saathi.livelihoods.demo import seed as seed_livelihoods

        seed_livelihoods(organisation=orgs[0], stdout=self.stdout)
        # end livelihoods
        # rights (issue 13): notice, requests, processors, a breach
        from saathi.rights.demo import seed as seed_rights

        seed_rights(organisation=orgs[0], stdout=self.stdout)
        # agenda: reminder choices of the demo users (saathi/core/agenda/demo.py)
        from saathi.core.agenda.demo import seed as seed_agenda

        seed_agenda()
        audit.record(
            audit.Action.CREATE,
            username="seed_demo",
            object_type="demo",
            detail={"members": members},
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {members} members in {time.monotonic() - started:.1f} s"
            )
        )
        self.print_logins()

    def attach_scans(self, organisation, admin, count: int = 6) -> None:
        """Photos of a few identity documents (drawn demo cards), stored as a phone's
        would be: checked, re-encoded, encrypted (the member page shows "scan")."""
        from saathi.core.demo_files import demo_upload
        from saathi.people import services as people_services
        from saathi.people.models import IdentityDocument

        documents = IdentityDocument.objects.filter(
            member__organisation=organisation, scan_file=""
        ).select_related("member")
        for n, doc in enumerate(documents.order_by("pk")[:count]):
            people_services.document_save(
                member=doc.member,
                data={},
                document=doc,
                upload=demo_upload(doc.get_kind_display(), seed=n),
                actor=admin,
            )

    def print_logins(self):
        self.stdout.write("Demo logins (password for all: %s):" % DEMO_PASSWORD)
        for username, *_rest in USERS:
            self.stdout.write(f"  {username}")
        self.stdout.write("  facilitator2 (second organisation)")

    def make_registry(self):
        org1 = Organisation.objects.create(
            name="Saathi Demo Network",
            short_name="SDN",
            is_network=True,
            states=["WB", "AP"],
            districts=["South 24 Parganas", "North 24 Parganas", "Guntur"],
        )
        org2 = Organisation.objects.create(
            name="Second Demo Organisation",
            short_name="SDO",
            states=["AP"],
            districts=["East Godavari"],
        )
        collectives = [
            Collective.objects.create(
                organisation=org1,
                name="Utthan Collective",
                name_native="উত্থান সমষ্টি",
                state="WB",
                districts=["South 24 Parganas"],
                founded_on=date(2012, 3, 8),
                networks="Survivors' Network of West Bengal",
            ),
            Collective.objects.create(
                organisation=org1,
                name="Bandhan Mukti Sangha",
                name_native="বন্ধনমুক্তি সংঘ",
                state="WB",
                districts=["North 24 Parganas"],
                founded_on=date(2015, 11, 20),
                networks="Survivors' Network of West Bengal",
            ),
            Collective.objects.create(
                organisation=org1,
                name="Nava Jeevana Sangham",
                name_native="నవ జీవన సంఘం",
                state="AP",
                districts=["Guntur"],
                founded_on=date(2014, 6, 1),
                networks="Andhra Pradesh Survivors' Forum",
            ),
            Collective.objects.create(
                organisation=org2,
                name="Swecha Mahila Sangham",
                name_native="స్వేచ్ఛ మహిళా సంఘం",
                state="AP",
                districts=["East Godavari"],
                founded_on=date(2017, 1, 26),
                networks="Andhra Pradesh Survivors' Forum",
            ),
        ]
        return [org1, org2], collectives

    def make_users(self, orgs, collectives):
        from django.contrib.auth.hashers import make_password

        password = make_password(DEMO_PASSWORD)
        for username, first, last, role, coll_index, lang in USERS:
            user = User.objects.create(
                username=username,
                first_name=first,
                last_name=last,
                password=password,
                organisation=orgs[0],
                language=lang,
            )
            RoleGrant.objects.create(
                user=user,
                role=role,
                organisation=orgs[0],
                collective=collectives[coll_index] if coll_index is not None else None,
            )
        user = User.objects.create(
            username="facilitator2",
            first_name="Sarala",
            last_name="Kotha",
            password=password,
            organisation=orgs[1],
            language="te",
        )
        RoleGrant.objects.create(user=user, role=Role.FACILITATOR, organisation=orgs[1])

    def make_members(self, rng, count, orgs, collectives, admin):
        """Members with names, phones, memberships, documents, consent and households.

        Rows go in as plain tuples (see :class:`FastRows`), one transaction per batch of
        members: a member's household, documents and flags are known before she is
        written, so nothing is updated afterwards.
        """
        year = timezone.localdate().year
        now = timezone.now()
        refs = next_reference("MEM", count)
        hh_refs = next_reference("HH", count)
        doc_kinds = [
            (kind, [s for s, _ in dist], list(accumulate(w for _, w in dist)))
            for kind, dist in DOC_STATUS
        ]
        coll_cum = list(accumulate([4, 3, 3, 2]))
        villages = {
            c.districts[0]: demo.VILLAGES.get(c.districts[0], ["Ward 1"]) for c in collectives
        }
        detect_script = cache(names.detect_script)
        search_keys = cache(names.search_keys)
        encrypt = crypto.encrypt_text
        blind_index = crypto.blind_index
        randint, rand, choice, choices = rng.randint, rng.random, rng.choice, rng.choices
        member_id = _next_id(Member)
        household_id = _next_id(Household)
        hh_index = 0
        for start in range(0, count, BATCH):
            n = min(BATCH, count - start)
            # rights: each member's values sealed under her own data key (ADR 0034)
            member_uuids = [uuid.uuid4() for _ in range(n)]
            keystore.ensure_many(member_uuids)
            members = FastRows(
                Member,
                ["id", "uuid", "reference", "organisation_id", "display_name", "native_name", "sex",
                 "gender", "birth_date", "birth_year", "birth_year_estimated", "state",
                 "district", "village", "preferred_language", "household_id",
                 "primary_collective_id", "search_text", "has_missing_document",
                 "created_by_id", "occupation"],
                now=now,
            )  # fmt: skip
            member_names = FastRows(
                MemberName, ["member_id", "text", "kind", "script", "latin", "key"], now=now
            )
            phones = FastRows(
                MemberPhone,
                ["member_id", "number", "number_hash", "last_digits", "shared"],
                now=now,
            )
            memberships = FastRows(
                Membership,
                ["member_id", "collective_id", "role", "joined_on", "member_name"],
                now=now,
            )
            docs = FastRows(
                IdentityDocument,
                ["member_id", "kind", "status", "number", "number_hash", "number_last4",
                 "ration_category", "bank_account_type", "identification_route"],
                now=now,
            )  # fmt: skip
            consents = FastRows(
                Consent,
                ["member_id", "purpose", "notice_version", "language", "method",
                 "witness_name", "recorded_by_id"],
                now=now,
            )  # fmt: skip
            households = FastRows(
                Household, ["id", "reference", "organisation_id", "head_id"], now=now
            )
            dependants = FastRows(
                Dependant,
                ["household_id", "name", "relationship", "birth_year", "sex", "in_school"],
                now=now,
            )
            for i in range(n):
                coll = collectives[choices(range(4), cum_weights=coll_cum)[0]]
                district = coll.districts[0]
                p = demo.person(rng, coll.state)
                age = randint(18, 62)
                exact = rand() < 0.35
                birth_date = (
                    date(year - age, randint(1, 12), randint(1, 28)).isoformat() if exact else ""
                )
                ref = refs[start + i]
                mu = member_uuids[i]
                mid = member_id
                member_id += 1
                texts = [(p.primary, "document"), (p.native, "native")]
                if p.alias:
                    texts.append((p.alias, "alias"))
                for text, kind in texts:
                    member_names.add(
                        mid,
                        text,
                        kind,
                        detect_script(text),
                        names.to_latin(text),
                        names.phonetic_key(text),
                    )
                if rand() < 0.8:
                    digits = "%d%09d" % (randint(6, 9), rng.randrange(10**9))
                    phones.add(
                        mid, encrypt(digits, mu), phone_hash(digits), digits[-2:], rand() < 0.3
                    )
                memberships.add(
                    mid,
                    coll.pk,
                    "leader" if rand() < 0.03 else "member",
                    date(randint(2016, year), randint(1, 12), 1),
                    p.primary,
                )
                missing = False
                for kind, statuses, cum in doc_kinds:
                    status = choices(statuses, cum_weights=cum)[0]
                    missing = missing or status in ("missing", "lost")
                    number = number_hash = last4 = ration = bank = ""
                    route = "documentary"
                    if status == "held":
                        digits = "%012d" % rng.randrange(10**12)
                        if kind == "aadhaar":  # a valid one: 2-9 first, Verhoeff check digit
                            digits = aadhaar_for(str(2 + int(digits[0]) % 8) + digits[1:11])
                        last4 = digits[-4:]
                        number_hash = blind_index(digits, kind)
                        if kind != "aadhaar":  # Aadhaar: last four and a keyed hash only
                            number = encrypt(digits, mu)
                        if kind == "ration_card":
                            ration = choice(["aay", "phh", "state"])
                        if kind == "bank_account":
                            bank = choice(["jan_dhan", "other"])
                    if kind in ("ration_card", "aadhaar") and status == "applied":
                        route = choice(["documentary", "naco_sacs", "dlsa_list"])
                    docs.add(mid, kind, status, number, number_hash, last4, ration, bank, route)
                consents.add(
                    mid,
                    "registration",
                    "2026-01",
                    p.language,
                    choice(["signature", "thumbprint", "read_aloud"]),
                    "Mitali Ghosh",
                    admin.pk,
                )
                hid = None
                if rand() < 0.6:
                    hid = household_id
                    household_id += 1
                    households.add(hid, hh_refs[hh_index], coll.organisation_id, mid)
                    hh_index += 1
                    for _ in range(randint(0, 3)):
                        kind = choice(["child", "child", "parent"])
                        dep_age = randint(1, 16) if kind == "child" else randint(60, 85)
                        dependants.add(
                            hid,
                            choice(demo.CHILD_NAMES),
                            kind,
                            year - dep_age,
                            choice(["female", "male"]),
                            (dep_age >= 5) if kind == "child" else None,
                        )
                members.add(
                    mid,
                    mu,
                    ref,
                    coll.organisation_id,
                    p.primary,
                    p.native,
                    p.sex,
                    p.gender,
                    encrypt(birth_date, mu) if birth_date else "",
                    year - age,
                    not exact,
                    coll.state,
                    district,
                    choice(villages[district]),
                    p.language,
                    hid,
                    coll.pk,
                    search_keys(p.primary, p.native, p.alias) + ref.lower() + " ",
                    missing,
                    admin.pk,
                    "" if rand() < 0.5 else encrypt("home-based work", mu),
                )
            # Foreign keys are deferred to the commit, so the order within it is free.
            with transaction.atomic():
                for rows in (
                    members,
                    households,
                    member_names,
                    phones,
                    memberships,
                    docs,
                    consents,
                    dependants,
                ):
                    rows.write()
            self.stdout.write(f"  {start + n} members")
        _reset_sequences([Member, Household])


DOC_STATUS = [
    ("aadhaar", [("held", 0.7), ("applied", 0.1), ("missing", 0.15), ("lost", 0.05)]),
    ("ration_card", [("held", 0.5), ("applied", 0.15), ("missing", 0.3), ("lost", 0.05)]),
    ("voter_id", [("held", 0.6), ("applied", 0.1), ("missing", 0.3)]),
    ("bank_account", [("held", 0.55), ("applied", 0.15), ("missing", 0.3)]),
]


def _next_id(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _reset_sequences(models) -> None:
    """After explicit ids: move PostgreSQL's sequences past them (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
