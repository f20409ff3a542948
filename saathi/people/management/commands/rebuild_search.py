"""Recompute the transliterations and phonetic keys of every name (after names.py changes)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from saathi.core import names
from saathi.people.models import Member, MemberName
from saathi.people.services import search_text_for


class Command(BaseCommand):
    help = "Rebuild MemberName.latin/key and Member.search_text from the stored names."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, batch: int, **options):
        last = 0
        done = 0
        while True:
            members = list(
                Member.objects.filter(pk__gt=last)
                .order_by("pk")
                .only("pk", "reference", "display_name", "native_name")[:batch]
            )
            if not members:
                break
            last = members[-1].pk
            rows = list(
                MemberName.objects.filter(member__in=members).only("pk", "member_id", "text")
            )
            by_member: dict[int, list[str]] = {}
            for row in rows:
                row.latin = names.to_latin(row.text)[:200]
                row.key = names.phonetic_key(row.text)[:200]
                by_member.setdefault(row.member_id, []).append(row.text)
            for m in members:
                texts = by_member.get(m.pk, []) + [m.display_name, m.native_name]
                m.search_text = search_text_for(m.reference, texts)
            with transaction.atomic():
                MemberName.objects.bulk_update(rows, ["latin", "key"])
                Member.objects.bulk_update(members, ["search_text"])
            done += len(members)
        self.stdout.write(self.style.SUCCESS(f"Search keys rebuilt for {done} members."))
