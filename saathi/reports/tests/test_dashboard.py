import pytest
from django.urls import reverse

from saathi.core.policy import Role
from saathi.core.testing import register
from saathi.reports.selectors import registry_aggregates, suppress


def test_suppress_small_counts():
    assert suppress(0) == "0"
    assert [suppress(n) for n in (1, 2, 3, 4)] == ["*"] * 4
    assert suppress(5) == "5"
    assert suppress(2300000) == "23,00,000"


@pytest.mark.django_db
def test_viewer_sees_counts_never_names(client, world):
    viewer = world.user("a", Role.VIEWER)
    client.force_login(viewer)
    r = client.get(reverse("home"))
    body = r.content.decode()
    assert r.status_code == 200
    assert "<td>*</td>" in body  # two members in org A: suppressed
    assert "Lakshmi" not in body and "লক্ষ্মী" not in body
    assert reverse("people:member_list") not in body


@pytest.mark.django_db
def test_aggregates_are_scoped_and_exact_above_threshold(world):
    for i in range(6):
        register(world, "a", "a1", f"Member {i}")
    agg = registry_aggregates(world.user("a", Role.VIEWER))
    assert agg["total"] == "8"
    by = {r["name"]: r["n"] for r in agg["by_collective"]}
    # 1 in A Two is hidden, and 7 with it: 8 - 7 would give the 1 away (issue 11.9)
    assert by == {"A One": "*", "A Two": "*"}
    agg_b = registry_aggregates(world.user("b", Role.VIEWER))
    assert agg_b["total"] == "*"
    docs = {r["kind"]: r for r in agg["documents"]}
    assert docs["Aadhaar"]["held"] == "8"
    assert docs["Ration card"]["missing"] == "8"
