"""Learning from review: F1 of an organisation's next run after 0, 50, 200, 500 answers.

    uv run python bench/linkage_learning.py                     # 10,000 records, seeds 7 / 8
    uv run python bench/linkage_learning.py --records 5000 --answers 50,200

1. The organisation's first list (``--seed``, generated with its truth by
   ``bench/indian_lists.generate``) runs through the unsupervised matcher.
2. A reviewer answers the pairs of its review band (``services.review_reasons``: the
   pairs the run page puts to a person), in the order the review queue shows them
   (highest probability first), and always correctly (from the truth).
3. After each count of answers, ``learn.learn`` fits the parameters from those answers,
   starting from the first run's unsupervised model (``MatchResult.unsupervised``), each answer
   with the probability the run gave the pair.
4. The organisation's next list, a FRESH one (``--eval-seed``: other people, other
   spellings), runs without and with each set of learnt parameters; pairwise precision,
   recall and F1 of its clusters against its truth are printed (``bench/linkage.pairwise``),
   with the time learning took, the link time of the run and the part of it EM took
   (which the run spends with learnt parameters too: its m is the next prior).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7, help="the list that is reviewed")
    parser.add_argument("--eval-seed", type=int, default=8, help="the next run's list")
    parser.add_argument("--answers", default="50,200,500", help="also: all (the whole band)")
    parser.add_argument("--threshold", type=float, default=0.9)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import pandas  # noqa: F401 - imported before any clock, as bench/linkage.py does
    import splink  # noqa: F401
    from indian_lists import generate
    from linkage import pairwise

    from saathi.linkage.matching import learn, match
    from saathi.linkage.services import review_reasons

    rows, truth = generate(args.records, args.seed)
    t = time.perf_counter()
    first = match(rows, threshold=args.threshold)
    first_s = time.perf_counter() - t
    by_id = {r["record_id"]: r for r in rows}
    queue = [p for p in first.pairs if review_reasons(p, first.clusters, args.threshold)]
    queue.sort(key=lambda p: (-p.probability, p.left_id, p.right_id))
    answered = [(p, truth[p.left_id] == truth[p.right_id]) for p in queue]
    counts = [len(queue) if x == "all" else int(x) for x in args.answers.split(",")]
    same = sum(1 for _p, y in answered[: max(counts)] if y)
    print(
        f"first list: {len(rows)} records (seed {args.seed}), F1 "
        f"{pairwise(first.clusters, truth)['f1']:.4f}, {first_s:.1f} s; review band "
        f"{len(queue)} pairs, the first {min(max(counts), len(queue))} answered: "
        f"{same} same person"
    )
    rows2, truth2 = generate(args.records, args.eval_seed)
    header = (
        f"{'answers':>8}{'same':>6}{'precision':>10}{'recall':>8}{'F1':>8}"
        f"{'learn s':>9}{'link s':>8}{'EM s':>6}"
    )
    print(f"next list: {len(rows2)} records (seed {args.eval_seed})")
    print(header)
    print("-" * len(header))
    for k in [0, *counts]:
        params = None
        learn_s = 0.0
        n_same = 0
        if k:
            labelled = [
                (by_id[p.left_id], by_id[p.right_id], y, p.probability) for p, y in answered[:k]
            ]
            n_same = sum(1 for _a, _b, y, _p in labelled if y)
            t = time.perf_counter()
            params = learn.learn(labelled, first.unsupervised)
            learn_s = time.perf_counter() - t
        t = time.perf_counter()
        result = match(rows2, threshold=args.threshold, params=params)
        link_s = time.perf_counter() - t
        s = pairwise(result.clusters, truth2)
        # EM runs with learnt params too (its m is the next learning's prior): the time
        # skipping it would save
        em_s = result.stats.get("train_s", 0) - result.stats.get("u_s", 0)
        print(
            f"{k:>8}{n_same:>6}{s['precision']:>10.4f}{s['recall']:>8.4f}{s['f1']:>8.4f}"
            f"{learn_s:>9.2f}{link_s:>8.1f}{em_s:>6.1f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
