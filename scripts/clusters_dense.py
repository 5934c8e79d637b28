"""The cluster gold scored in a denser ledger: every PolNeAR dev article ingested (84, in file order), not only the
gold's 33, so that claims meet the other reports on their stories as they would in a newsroom's ledger (issue 14).

    PYTHONPATH=src python scripts/clusters_dense.py [--data ../shared/data/polnear]

Prints the same figures as ``claimledger eval clusters`` and the sizes of the ledger's largest claims: topic
buckets, which the gold's own 33 articles are too few to form, show here as lower origins exact and precision.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import sqlalchemy as sa

from claimledger.evaluation.clusters import check_offsets, load_gold, score_ledger
from claimledger.evaluation.corpus import ingested
from claimledger.ledger.schema import claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=Path("tests/data/clusters_gold.jsonl"))
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    args = parser.parse_args()
    gold = load_gold(args.gold)
    names = sorted(p.stem for p in (args.data / "dev" / "text").glob("*.txt"))
    with ingested(names, args.data, None, what="PolNeAR dev") as held:
        check_offsets(gold, held.texts)
        r = score_ledger(gold, held.ledger, held.by_stem)
        with held.ledger.connect() as conn:
            top = conn.execute(sa.select(claims.c.members).order_by(claims.c.members.desc()).limit(8))
            sizes = [int(m) for (m,) in top]
    print(
        f"{len(names)} articles: coverage {r.coverage:.3f} · pairwise P {r.pairwise_precision:.3f} / "
        f"R {r.pairwise_recall:.3f} / F1 {r.pairwise_f1:.3f} · B-cubed F1 {r.bcubed_f1:.3f} · negatives kept out "
        f"{r.negatives_clean:.3f} · origins exact {r.origins_exact:.3f} · largest claims {sizes}"
    )


if __name__ == "__main__":
    main()
