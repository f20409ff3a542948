"""Recompute the transliterations and phonetic keys of every name (after names.py changes)."""

from django.core.management.base import BaseCommand

from saathi.people.services import search_keys_rebuild


class Command(BaseCommand):
    help = "Rebuild MemberName.latin/key and Member.search_text from the stored names."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, batch: int, **options):
        done = search_keys_rebuild(batch=batch)
        self.stdout.write(self.style.SUCCESS(f"Search keys rebuilt for {done} members."))
