"""A matcher with known answers, to test what the module does with pairs and decisions.

Two records pair when their names share a phonetic key (core.names): probability 0.97
with the same phone, 0.7 without. The real engine is tested in test_matching*.py and
end to end in test_end_to_end.py.
"""

from dataclasses import dataclass, field

from saathi.core.names import phonetic_key


@dataclass
class Pair:
    left_id: str
    right_id: str
    probability: float
    fields: dict = field(default_factory=dict)


@dataclass
class MatchResult:
    clusters: dict
    pairs: list


def fake_match(
    records, *, against=None, threshold=0.9, review_floor=0.5, progress=None, params=None
):
    allrecs = list(records) + list(against or [])
    pairs = []
    for i, a in enumerate(allrecs):
        for b in allrecs[i + 1 :]:
            ka = phonetic_key(f"{a['given_name']} {a['family_name']}")
            kb = phonetic_key(f"{b['given_name']} {b['family_name']}")
            if not ka or ka != kb:
                continue
            same_phone = a["phone"] and a["phone"] == b["phone"]
            p = 0.97 if same_phone else 0.7
            fields = {
                "given_name": "agree",
                "family_name": "agree",
                "phone": "agree" if same_phone else "missing",
                "age": "close",
            }
            pairs.append(Pair(a["record_id"], b["record_id"], p, fields))
        if progress:
            progress(i + 1, len(allrecs))
    parent = {r["record_id"]: r["record_id"] for r in allrecs}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for p in pairs:
        if p.probability >= threshold:
            parent[find(p.right_id)] = find(p.left_id)
    clusters = {rid: find(rid) for rid in parent}
    return MatchResult(clusters, [p for p in pairs if p.probability >= review_floor])
