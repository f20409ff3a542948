"""Duplicate detection for beneficiary lists: Splink 5 (DuckDB) with Indian-name comparisons.

    from saathi.linkage.matching import COLUMNS, match, MatchResult, Pair
    result = match(records, against=registry, threshold=0.9, review_floor=0.5)
    result.clusters  # record_id -> cluster_id, for every input record
    result.pairs     # scored pairs with probability >= review_floor, with per-field verdicts

``backend="spark"`` (or ``"postgres"``) scores the candidate pairs on Splink's Spark (or
PostgreSQL) backend instead of DuckDB, with the model trained on DuckDB: the same clusters
(docs/adr/0041-linkage-backends.md).

The model is described in docs/adr/0011-record-linkage-model.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .prepare import COLUMNS

__all__ = ["COLUMNS", "match", "MatchResult", "Pair"]


@dataclass(frozen=True)
class Pair:
    left_id: str
    right_id: str
    probability: float
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class MatchResult:
    clusters: dict[str, str]
    pairs: list[Pair]
    trained: bool = False  # False: too few records for EM, the ADR's priors were used
    stats: dict = field(default_factory=dict)
    # the unsupervised m and u of this run (learn.from_linker), before any learnt overlay
    unsupervised: dict = field(default_factory=dict)
    # the Splink model that scored the pairs (its settings with the m, u and lambda it
    # used): a registry index links later lists with it (matching.incremental)
    model: dict | None = None


def match(
    records: list[dict],
    *,
    against: list[dict] | None = None,
    threshold: float = 0.9,
    review_floor: float = 0.5,
    progress: Callable[[int, int], None] | None = None,
    params: dict | None = None,
    backend: str = "duckdb",
) -> MatchResult:
    """Cluster ``records`` (and link them to ``against``); see the module docstring.
    ``params``: m (and u) learnt from an organisation's review decisions (learn.py),
    laid over the trained model before predicting. ``backend``: where the pairs are
    blocked and scored, "duckdb", "spark" or "postgres" (ADR 0041; "postgres" works in
    ``SAATHI_LINKAGE_PG_URL``, else in Django's database when that is PostgreSQL)."""
    from .backends import BACKENDS, postgres_url
    from .engine import run

    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    if backend == "postgres":
        postgres_url()  # no PostgreSQL database: refused before any work
    return run(
        records,
        against=against,
        threshold=threshold,
        review_floor=review_floor,
        progress=progress,
        params=params,
        backend=backend,
    )
