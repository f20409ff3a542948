"""core.bulk.FastRows, and the rule that a service never imports a management command."""

import ast
from pathlib import Path

import pytest
from django.utils import timezone

from saathi.core.bulk import FastRows
from saathi.people.models import Organisation

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_fast_rows_fill_defaults_and_write():
    before = Organisation.objects.count()
    now = timezone.now()
    rows = FastRows(Organisation, ["name", "states", "districts"], now=now)
    rows.add("Bulk One", '["WB"]', "[]")
    rows.add("Bulk Two", '["AP"]', "[]")
    rows.write()
    assert rows.rows == []
    made = Organisation.objects.filter(name__startswith="Bulk ").order_by("name")
    assert Organisation.objects.count() == before + 2
    assert [o.states for o in made] == [["WB"], ["AP"]]
    assert all(o.created_at == now for o in made)  # the default timezone.now is ``now``
    assert made[0].uuid != made[1].uuid  # uuid4 per row
    with pytest.raises(ValueError):
        FastRows(Organisation, ["no_such_column"], now=now)


def test_no_service_selector_or_view_imports_a_management_command():
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if "management" in rel.parts or "tests" in rel.parts or "migrations" in rel.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and ".management.commands" in (node.module or ""):
                offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []
