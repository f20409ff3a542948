"""Headless duplicate detection: one CSV/XLSX in, ``record_id,cluster_id`` out.

    python manage.py dedupe INPUT.csv --out OUT.csv [--threshold 0.9]
        [--against-registry --organisation ID|UUID|NAME]

Every row that could be read gets one output row; rows with the same ``cluster_id`` are
the same person (the cluster id is the smallest record_id of the cluster). Two rows share
a cluster when the engine links them at or above the threshold and their age, relative's
name, ID digits and sex do not contradict each other (the pairs the review page would put
to a person stay apart). With
``--against-registry`` the registry members of the organisation are compared too, and a
third column ``member_reference`` names the member(s) (MEM-...) in the row's cluster,
separated by ";" when the registry itself holds duplicates.

Refused rows are printed on stderr as ``line N: reason`` and left out of the output. The
exit status is 0 when at least one row was read, 1 otherwise. Nothing is stored in the
database; reading the registry's phones and ID digits is audited.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from saathi.core import audit
from saathi.linkage import records
from saathi.linkage.imports import read_list
from saathi.linkage.services import automatic, matcher
from saathi.people.models import Member, Organisation


def _organisation(value: str) -> Organisation:
    qs = Organisation.objects.all()
    org = None
    if value.isdigit():
        org = qs.filter(pk=int(value)).first()
    if org is None:
        try:
            org = qs.filter(uuid=value).first()
        except ValidationError:
            org = None
    if org is None:
        found = list(qs.filter(short_name__iexact=value)) or list(qs.filter(name__iexact=value))
        if len(found) > 1:
            raise CommandError("Several organisations have this name: give its id.")
        org = found[0] if found else None
    if org is None:
        raise CommandError("No such organisation.")
    return org


class _Union:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class Command(BaseCommand):
    help = "Find the same people in a beneficiary list (CSV or XLSX); write record_id,cluster_id."

    def add_arguments(self, parser):
        parser.add_argument("input", help="CSV or XLSX with the beneficiary-list columns")
        parser.add_argument("--out", required=True, help="CSV to write")
        parser.add_argument("--threshold", type=float, default=0.9)
        parser.add_argument("--against-registry", action="store_true")
        parser.add_argument("--organisation", help="id, uuid or name (with --against-registry)")

    def handle(self, *args, **opts):
        if not 0.5 < opts["threshold"] <= 1:
            raise CommandError("--threshold is a probability above 0.5 and at most 1.")
        if opts["against_registry"] and not opts["organisation"]:
            raise CommandError("--against-registry needs --organisation.")
        path = Path(opts["input"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            read = read_list(data, path.name)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for line, reason in sorted(read.errors + read.warnings):
            self.stderr.write(f"line {line}: {reason}")
        if not read.rows:
            raise CommandError("No row could be read.")
        rows = [r.as_record() for r in read.rows]
        for r in rows:
            r["state"] = records.STATE_NAMES.get(r["state"].upper(), r["state"])
        against = None
        members: dict[int, Member] = {}
        if opts["against_registry"]:
            org = _organisation(opts["organisation"])
            qs = records.members_for_matching(Member.objects.filter(organisation=org))
            member_list = list(qs)
            members = {m.pk: m for m in member_list}
            against = records.member_dicts(member_list)
            audit.record(
                audit.Action.VIEW_PERSONAL,
                username="manage.py dedupe",
                object_type="people.organisation",
                object_id=str(org.uuid),
                organisation_id=org.pk,
                fields=["phones", "aadhaar_last4"],
                detail={"members": len(member_list), "purpose": "linkage"},
            )
        result = matcher()(rows, against=against, threshold=opts["threshold"])
        del against
        uf = _Union()
        # the engine's clusters, split where a link disagrees on age, relative, ID or sex
        # (services.automatic): what the review page would put to a person stays apart
        for rid in result.clusters:
            uf.find(f"x:{rid}")
        for p in result.pairs:
            if automatic(p, result.clusters, opts["threshold"]):
                uf.union(f"x:{p.left_id}", f"x:{p.right_id}")
        for rid in result.clusters:  # a member's name variants are one person
            pk = records.member_pk(rid)
            if pk is not None:
                uf.union(f"x:{rid}", f"m:{pk}")
        input_ids = [r.record_id for r in read.rows]
        label: dict[str, str] = {}
        for rid in sorted(input_ids):
            label.setdefault(uf.find(f"x:{rid}"), rid)
        member_refs: dict[str, set[str]] = {}
        for pk, m in members.items():
            member_refs.setdefault(uf.find(f"m:{pk}"), set()).add(m.reference)
        out_path = Path(opts["out"])
        with out_path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            header = ["record_id", "cluster_id"]
            if opts["against_registry"]:
                header.append("member_reference")
            writer.writerow(header)
            for rid in input_ids:
                root = uf.find(f"x:{rid}")
                row = [rid, label[root]]
                if opts["against_registry"]:
                    row.append(";".join(sorted(member_refs.get(root, ()))))
                writer.writerow(row)
        people = len({uf.find(f"x:{rid}") for rid in input_ids})
        self.stderr.write(
            f"{len(input_ids)} rows read, {len(read.errors)} refused, "
            f"{len({line for line, _r in read.warnings})} kept with a warning, {people} people."
        )


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run through manage.py")
