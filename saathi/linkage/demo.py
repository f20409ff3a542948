"""Demo data of the linkage module (``manage.py seed_demo``): a relief list that overlaps
the registry, matched against it, so a newcomer sees automatic matches, pairs put to a
person with their reason ("villages differ") and a hit on a member's alias."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from saathi.people.models import Member

from . import services
from .imports import COLUMNS, read_list
from .models import LinkageRun


def seed_linkage(*, organisation, actor) -> LinkageRun | None:
    members = list(
        Member.objects.filter(organisation=organisation, archived_at__isnull=True)
        .exclude(village="")
        .prefetch_related("names", "memberships")
        .order_by("id")[:40]
    )
    if len(members) < 6:
        return None
    year = timezone.localdate().year
    rows, n = [], 0

    def row(m, given, village, age_shift=0):
        nonlocal n
        n += 1
        age = year - m.birth_year + age_shift
        return [
            f"R{n:03d}",
            "ration",
            given,
            "",
            "",
            m.sex,
            str(age),
            "",
            "",
            village,
            m.district,
            m.state,
        ]

    with_alias = [m for m in members if any(x.kind == "alias" for x in m.names.all())]
    others = [m for m in members if m not in with_alias]
    for m in others[:8]:  # the same women, as the ration list writes them
        rows.append(row(m, m.display_name.upper(), m.village))
    for m in others[8:11]:  # a namesake of another village: put to a person, not merged
        far = next((x.village for x in others if x.village != m.village), "Gosaba")
        rows.append(row(m, m.display_name, far, age_shift=3))
    for m in with_alias[:2]:  # written by her alias: the card says which name matched
        alias = next(x.text for x in m.names.all() if x.kind == "alias")
        rows.append(row(m, f"{alias} {m.display_name.split()[-1]}", m.village))
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(COLUMNS)
    w.writerows(rows)
    lst = services.list_import(
        organisation=organisation,
        collective=None,
        name="Ration drive list (demo)",
        read=read_list(out.getvalue().encode()),
        file_name="ration-drive.csv",
        actor=actor,
    )
    run = services.run_create(
        actor=actor, organisation=organisation, lists=[lst], against_registry=True
    )
    services.run_execute(run, actor=actor)
    return run
