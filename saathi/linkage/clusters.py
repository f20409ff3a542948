"""People from pairs: connected components of automatic matches and accepted pairs,
cut where a person said two records are different people.

Pure functions over hashable node ids, so they are tested without a database.
"""

from __future__ import annotations

from collections import defaultdict


class _UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _components(nodes, edges) -> list[set]:
    uf = _UnionFind()
    for n in nodes:
        uf.find(n)
    for a, b in edges:
        uf.union(a, b)
    groups: dict = defaultdict(set)
    for n in nodes:
        groups[uf.find(n)].add(n)
    return list(groups.values())


def _separated(nodes, edges, apart) -> bool:
    uf = _UnionFind()
    for a, b in edges:
        uf.union(a, b)
    return all(uf.find(a) != uf.find(b) for a, b in apart)


def people(nodes, auto: list[tuple], same: list[tuple], different: list[tuple]) -> list[set]:
    """Groups of nodes that are one person.

    ``auto``: (a, b, probability) pairs the matcher linked by itself; ``same`` and
    ``different``: (a, b) pairs a person decided. A "different" decision removes the
    automatic links with the lowest probabilities until the two records fall apart
    (links a person accepted are never removed); links that do not join them again are
    then put back, strongest first.
    """
    nodes = set(nodes)
    apart = {frozenset(p) for p in different}
    same_edges = [(a, b) for a, b in same if a in nodes and b in nodes]
    auto = [(a, b, p) for a, b, p in auto if a in nodes and b in nodes]
    auto = [e for e in auto if frozenset(e[:2]) not in apart]
    groups = _components(nodes, same_edges + [(a, b) for a, b, _ in auto])
    result: list[set] = []
    for group in groups:
        inside = [tuple(p) for p in apart if len(p) == 2 and set(p) <= group]
        if not inside:
            result.append(group)
            continue
        g_same = [(a, b) for a, b in same_edges if a in group]
        g_auto = sorted((e for e in auto if e[0] in group), key=lambda e: e[2])
        kept = list(g_auto)
        removed = []
        while kept and not _separated(group, g_same + [(a, b) for a, b, _ in kept], inside):
            removed.append(kept.pop(0))
        for e in sorted(removed, key=lambda e: -e[2]):
            trial = g_same + [(a, b) for a, b, _ in kept] + [e[:2]]
            if _separated(group, trial, inside):
                kept.append(e)
        result.extend(_components(group, g_same + [(a, b) for a, b, _ in kept]))
    return result
