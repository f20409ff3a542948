"""``manage.py seed_demo [--members N]``: demo organisations, collectives, users and members."""

from __future__ import annotations

import random
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from saathi.accounts.models import RoleGrant, User
from saathi.core import audit, crypto, names
from saathi.core.models import Consent
from saathi.core.policy import Role
from saathi.people import demo
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
        year = timezone.localdate().year
        refs = next_reference("MEM", count)
        hh_refs = next_reference("HH", count)
        doc_kinds = [
            ("aadhaar", [("held", 0.7), ("applied", 0.1), ("missing", 0.15), ("lost", 0.05)]),
            ("ration_card", [("held", 0.5), ("applied", 0.15), ("missing", 0.3), ("lost", 0.05)]),
            ("voter_id", [("held", 0.6), ("applied", 0.1), ("missing", 0.3)]),
            ("bank_account", [("held", 0.55), ("applied", 0.15), ("missing", 0.3)]),
        ]
        now = timezone.now()
        hh_index = 0
        for start in range(0, count, BATCH):
            n = min(BATCH, count - start)
            members, plans = [], []
            for i in range(n):
                coll = collectives[rng.choices([0, 1, 2, 3], weights=[4, 3, 3, 2])[0]]
                district = coll.districts[0]
                p = demo.person(rng, coll.state)
                age = rng.randint(18, 62)
                exact = rng.random() < 0.35
                birth_date = (
                    date(year - age, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
                    if exact
                    else ""
                )
                texts = [p.primary, p.native] + ([p.alias] if p.alias else [])
                ref = refs[start + i]
                members.append(
                    Member(
                        reference=ref,
                        organisation_id=coll.organisation_id,
                        display_name=p.primary,
                        native_name=p.native,
                        sex=p.sex,
                        gender=p.gender,
                        birth_date=birth_date,
                        birth_year=year - age,
                        birth_year_estimated=not exact,
                        state=coll.state,
                        district=district,
                        village=rng.choice(demo.VILLAGES.get(district, ["Ward 1"])),
                        preferred_language=p.language,
                        primary_collective=coll,
                        search_text=names.search_keys(*texts) + ref.lower() + " ",
                        created_at=now,
                        created_by=admin,
                        occupation="" if rng.random() < 0.5 else "home-based work",
                    )
                )
                plans.append((p, coll))
            Member.objects.bulk_create(members, batch_size=1000)
            names_rows, phones, memberships, docs, consents = [], [], [], [], []
            households, dependants_plan = [], []
            for m, (p, coll) in zip(members, plans, strict=True):
                for text, kind in [(p.primary, "document"), (p.native, "native")] + (
                    [(p.alias, "alias")] if p.alias else []
                ):
                    names_rows.append(
                        MemberName(
                            member=m,
                            text=text,
                            kind=kind,
                            script=names.detect_script(text),
                            latin=names.to_latin(text),
                            key=names.phonetic_key(text),
                        )
                    )
                if rng.random() < 0.8:
                    digits = str(rng.choice([6, 7, 8, 9])) + "".join(
                        str(rng.randint(0, 9)) for _ in range(9)
                    )
                    phones.append(
                        MemberPhone(
                            member=m,
                            number=digits,
                            number_hash=phone_hash(digits),
                            last_digits=digits[-2:],
                            shared=rng.random() < 0.3,
                        )
                    )
                memberships.append(
                    Membership(
                        member=m,
                        collective=coll,
                        role="leader" if rng.random() < 0.03 else "member",
                        joined_on=date(rng.randint(2016, year), rng.randint(1, 12), 1),
                    )
                )
                missing = False
                for kind, dist in doc_kinds:
                    status = rng.choices([s for s, _ in dist], weights=[w for _, w in dist])[0]
                    missing = missing or status in ("missing", "lost")
                    doc = IdentityDocument(member=m, kind=kind, status=status)
                    if status == "held":
                        number = "".join(str(rng.randint(0, 9)) for _ in range(12))
                        doc.number_last4 = number[-4:]
                        doc.number_hash = crypto.blind_index(number, kind)
                        if kind != "aadhaar":
                            doc.number = number
                        if kind == "ration_card":
                            doc.ration_category = rng.choice(["aay", "phh", "state"])
                        if kind == "bank_account":
                            doc.bank_account_type = rng.choice(["jan_dhan", "other"])
                    if kind in ("ration_card", "aadhaar") and status == "applied":
                        doc.identification_route = rng.choice(
                            ["documentary", "naco_sacs", "dlsa_list"]
                        )
                    docs.append(doc)
                m.has_missing_document = missing
                consents.append(
                    Consent(
                        member=m,
                        purpose="registration",
                        notice_version="2026-01",
                        language=p.language,
                        method=rng.choice(["signature", "thumbprint", "read_aloud"]),
                        witness_name="Mitali Ghosh",
                        recorded_by=admin,
                        given_at=now,
                    )
                )
                if rng.random() < 0.6:
                    households.append(
                        Household(
                            reference=hh_refs[hh_index],
                            organisation_id=m.organisation_id,
                            head=m,
                        )
                    )
                    hh_index += 1
                    dependants_plan.append(m)
            MemberName.objects.bulk_create(names_rows, batch_size=2000)
            MemberPhone.objects.bulk_create(phones, batch_size=2000)
            Membership.objects.bulk_create(memberships, batch_size=2000)
            IdentityDocument.objects.bulk_create(docs, batch_size=2000)
            Consent.objects.bulk_create(consents, batch_size=2000)
            Household.objects.bulk_create(households, batch_size=2000)
            deps = []
            for hh, m in zip(households, dependants_plan, strict=True):
                m.household = hh
                for _ in range(rng.randint(0, 3)):
                    kind = rng.choice(["child", "child", "parent"])
                    age = rng.randint(1, 16) if kind == "child" else rng.randint(60, 85)
                    deps.append(
                        Dependant(
                            household=hh,
                            name=rng.choice(demo.CHILD_NAMES),
                            relationship=kind,
                            birth_year=year - age,
                            sex=rng.choice(["female", "male"]),
                            in_school=(age >= 5) if kind == "child" else None,
                        )
                    )
            Dependant.objects.bulk_create(deps, batch_size=2000)
            Member.objects.bulk_update(
                members, ["household", "has_missing_document"], batch_size=1000
            )
            self.stdout.write(f"  {start + n} members")
