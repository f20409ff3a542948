"""The registry index (matching/incremental.py): the same answers as the full path, an
index grown by additions equal to one built anew, and one organisation's index never
read for another (ADR 0043)."""

from __future__ import annotations

import hashlib
import importlib.util
import random
from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pytest

from saathi.core.policy import Role
from saathi.linkage import registry_index, services
from saathi.linkage.imports import read_list
from saathi.linkage.matching import match
from saathi.linkage.matching.incremental import RegistryIndex, fingerprint
from saathi.linkage.models import LinkageRun

from .factories import REGISTER, RELIEF, csv_bytes

_BENCH = Path(__file__).resolve().parents[3] / "bench" / "indian_lists.py"


def _generate(n: int, seed: int):
    spec = importlib.util.spec_from_file_location("indian_lists", _BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(n, seed=seed)


def _lists(n: int, new: int, seed: int):
    """A registry (one record per person) and a new list: further records of registry
    people and people held out of it."""
    rows, truth = _generate(n, seed)
    people = defaultdict(list)
    for r in rows:
        people[truth[r["record_id"]]].append(r)
    pids = sorted(people)
    random.Random(seed).shuffle(pids)
    held = set(pids[: new // 4])
    fresh = [r for pid in held for r in people[pid]][: new // 2]
    registry, again = [], []
    for pid in pids:
        if pid not in held:
            registry.append(people[pid][0])
            again += people[pid][1:]
    new_list = fresh + again[: new - len(fresh)]
    for r in new_list:
        r["record_id"] = "N" + r["record_id"]
    return registry, new_list


def _same(full, inc) -> None:
    """The index's answer is the full path's: pairs, probabilities, verdicts, clusters."""
    fp = {(p.left_id, p.right_id): p for p in full.pairs}
    ip = {(p.left_id, p.right_id): p for p in inc.pairs}
    assert fp, "the list must give pairs to compare"
    assert set(fp) == set(ip)
    for key, pair in fp.items():
        assert abs(pair.probability - ip[key].probability) < 1e-6
        assert pair.fields == ip[key].fields
    for record_id, cluster in full.clusters.items():
        assert inc.clusters.get(record_id, record_id) == cluster
    assert inc.trained == full.trained


@pytest.fixture(scope="module")
def trained_case():
    registry, new_list = _lists(2000, 120, seed=5)
    full = match(new_list, against=registry)
    assert full.trained and full.model is not None
    return registry, new_list, full


def test_link_equals_match_trained(trained_case):
    registry, new_list, full = trained_case
    index = RegistryIndex.build(registry)
    inc = index.link(new_list, full.model)
    _same(full, inc)
    # pairs of the new list with the registry and within the new list, never two members
    registry_ids = {r["record_id"] for r in registry}
    assert all(not (p.left_id in registry_ids and p.right_id in registry_ids) for p in inc.pairs)
    assert any(p.left_id in registry_ids or p.right_id in registry_ids for p in inc.pairs)
    assert any(p.left_id.startswith("N") and p.right_id.startswith("N") for p in inc.pairs)
    assert inc.stats["candidates"] < len(registry)


def test_link_equals_match_with_the_priors():
    registry, new_list = _lists(500, 60, seed=9)
    full = match(new_list, against=registry)
    assert not full.trained
    inc = RegistryIndex.build(registry).link(new_list)  # no model: the priors
    _same(full, inc)


def test_link_after_additions_equals_match(trained_case):
    registry, new_list, full = trained_case
    index = RegistryIndex.build(registry[:500])
    index.add(registry[500:800])
    index.add(registry[800:])
    _same(full, index.link(new_list, full.model))


def test_adding_equals_building_anew():
    registry, _new = _lists(1500, 10, seed=3)
    grown = RegistryIndex.build(registry[:600], fp_key=b"k")
    grown.add(registry[600:1100])
    grown.add(registry[1100:])
    fresh = RegistryIndex.build(registry, fp_key=b"k")
    a, b = grown.tables(), fresh.tables()
    assert set(a) == set(b)
    for name in a:
        assert a[name].num_rows > 0
        assert a[name].equals(b[name]), name
    # some additions re-keyed rows already there (their rarest words changed), which a
    # straight append would have missed
    assert len(grown) == len(registry)


def test_diff_finds_joined_and_changed_records():
    registry, _new = _lists(300, 10, seed=4)
    index = RegistryIndex.build(registry[:200], fp_key=b"k")
    joined, stale = index.diff(registry)
    assert [r["record_id"] for r in joined] == [r["record_id"] for r in registry[200:]]
    assert stale == set()
    changed = [dict(r) for r in registry]
    changed[3]["phone"] = "9000000001"
    _joined, stale = index.diff(changed)
    assert stale == {changed[3]["record_id"]}
    _joined, stale = index.diff(registry[1:])
    assert stale == {registry[0]["record_id"]}
    assert fingerprint(registry[0], b"k") != fingerprint(registry[0], b"other")
    # the digest stored indexes hold (a change would make every member look changed)
    from saathi.linkage.matching.incremental import COLUMNS

    text = "\x1f".join("" if registry[0].get(c) is None else str(registry[0][c]) for c in COLUMNS)
    digest = hashlib.blake2b(text.encode(), key=b"k", digest_size=16).hexdigest()
    assert fingerprint(registry[0], b"k") == digest


def test_stored_and_loaded_index_links_the_same(trained_case):
    registry, new_list, full = trained_case
    index = RegistryIndex.build(registry, model=full.model)
    again = RegistryIndex.from_bytes(index.to_bytes())
    assert again.model == full.model
    for name, table in index.tables().items():
        assert isinstance(table, pa.Table)
        assert again.tables()[name].equals(table)
    _same(full, again.link(new_list))


def test_lookups_that_collide_still_link_the_same(trained_case, monkeypatch):
    """The lookups only narrow the rows a link reads: with a hash of four values (nearly
    every row found for every key) the SQL on those rows still gives the same answer."""
    from saathi.linkage.matching import incremental

    real = incremental._hash_sql
    monkeypatch.setattr(incremental, "_hash_sql", lambda exprs: f"({real(exprs)} % 4)")
    registry, new_list, full = trained_case
    index = RegistryIndex.build(registry)
    _same(full, index.link(new_list, full.model))
    lookup = index.lookups()[("reg", ("unique_id",))]
    assert len(set(lookup.hashes.tolist())) <= 4


def test_lookups_stored_for_another_duckdb_are_computed_again(trained_case, monkeypatch):
    import duckdb

    registry, new_list, full = trained_case
    blob = RegistryIndex.build(registry, model=full.model).to_bytes()
    assert RegistryIndex.from_bytes(blob)._lookups is not None  # stored, read back
    monkeypatch.setattr(duckdb, "__version__", "0.0.0")
    again = RegistryIndex.from_bytes(blob)
    assert again._lookups is None  # another DuckDB may hash otherwise
    _same(full, again.link(new_list))


def test_a_record_id_of_the_registry_is_refused():
    registry, _new = _lists(200, 10, seed=6)
    index = RegistryIndex.build(registry)
    with pytest.raises(ValueError, match="unique"):
        index.link([dict(registry[0])])


# ----------------------------------------------------------------------------- the application
def _import(world, org, rows, name):
    return services.list_import(
        organisation=world.orgs[org],
        collective=None,
        name=name,
        read=read_list(csv_bytes(rows)),
        file_name=f"{name}.csv",
        actor=world.user(org, Role.ORG_ADMIN),
    )


def _run(world, org, lists):
    actor = world.user(org, Role.ORG_ADMIN)
    run = services.run_create(
        actor=actor, organisation=world.orgs[org], lists=lists, against_registry=True
    )
    return services.run_execute(run, actor=actor)


@pytest.mark.django_db
def test_runs_use_their_own_organisations_index(world, monkeypatch):
    linked = []
    real_link = RegistryIndex.link

    def spy(self, records, *args, **kwargs):
        linked.append({r["record_id"] for r in records})
        return real_link(self, records, *args, **kwargs)

    monkeypatch.setattr(RegistryIndex, "link", spy)
    a, b = world.orgs["a"].pk, world.orgs["b"].pk
    first = _run(world, "a", [_import(world, "a", REGISTER, "register")])
    assert first.status == LinkageRun.Status.DONE
    assert registry_index.path_for(a).exists()
    assert not registry_index.path_for(b).exists()
    assert linked == []  # no index yet: the full path, then the index is built
    assert registry_index.path_for(a).stat().st_mode & 0o777 == 0o600
    # the file is ciphertext: not even the names of its tables show
    blob = registry_index.path_for(a).read_bytes()
    assert b"reg_words" not in blob and b"9876543210" not in blob

    # the next run of A links through A's index
    second = _run(world, "a", [_import(world, "a", RELIEF, "relief")])
    assert second.status == LinkageRun.Status.DONE
    assert len(linked) == 1
    assert second.pair_count > 0

    # B has no index of its own: its run never reads A's, even when A's file is copied
    # under B's name (the organisation is bound into the encryption)
    registry_index.path_for(b).write_bytes(registry_index.path_for(a).read_bytes())
    assert registry_index.load(b) is None
    assert registry_index.load(a) is not None
    _run(world, "b", [_import(world, "b", REGISTER, "register b")])
    assert len(linked) == 1  # B took the full path
    index_b = registry_index.load(b)
    member_variants_b = {
        r["record_id"]
        for r in services.records.member_dicts(
            services._registry_members(LinkageRun(organisation_id=b))
        )
    }
    assert {row["unique_id"] for row in index_b.tables()["reg"].to_pylist()} == member_variants_b


@pytest.mark.django_db
def test_a_changed_member_rebuilds_the_index(world, monkeypatch):
    linked = []
    real_link = RegistryIndex.link
    monkeypatch.setattr(
        RegistryIndex,
        "link",
        lambda self, r, *a, **k: linked.append(1) or real_link(self, r, *a, **k),
    )
    _run(world, "a", [_import(world, "a", REGISTER, "register")])
    member = world.members["a1"]
    member.village = "Somewhere else"
    member.save(update_fields=["village"])
    run = _run(world, "a", [_import(world, "a", RELIEF, "relief")])
    assert run.status == LinkageRun.Status.DONE
    assert linked == []  # stale: the full path, and a new index
    index = registry_index.load(world.orgs["a"].pk)
    _joined, stale = index.diff(services.records.member_dicts(services._registry_members(run)))
    assert stale == set()


@pytest.mark.django_db
def test_erasing_a_member_discards_her_organisations_index(
    world, django_capture_on_commit_callbacks
):
    from saathi.rights.erasure import erase_members

    a, b = world.orgs["a"].pk, world.orgs["b"].pk
    registry, _new = _lists(100, 10, seed=2)
    for org in (a, b):
        registry_index.build(org, registry, None).close()
    member = world.members["a1"]
    with django_capture_on_commit_callbacks(execute=True):
        erase_members([member], pseudonyms={member.pk: "ERASED-1"})
    assert not registry_index.path_for(a).exists()
    assert registry_index.path_for(b).exists()
