"""Diagnose the cluster gold's origins: for each statement whose main claim's independent origins are wrong,
print the gold count and reason, and for every claim its mentions fell into, each member's source, resolved
origin and ``why`` (issue 14).

    PYTHONPATH=src python scripts/origins_diagnose.py [--ledger /tmp/clusters.db] [--all]

With ``--ledger`` naming a file that does not exist, the gold's articles are ingested into it (the real ingest
path, as ``eval clusters``); naming one that exists, it is read again (origins are resolved at read time, so a
change to ``ledger/origins.py`` or ``provenance.py`` shows without ingesting again).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimledger.evaluation.clusters import load_gold, score_ledger
from claimledger.evaluation.corpus import ingested, stored_articles
from claimledger.ledger.provenance import claim_report
from claimledger.ledger.store import Ledger


def show(gold, ledger, by_stem, everything: bool) -> None:
    report = score_ledger(gold, ledger, by_stem)
    print(
        f"origins exact {report.origins_exact:.3f} ({report.exact} of {report.statements}); "
        f"pairwise F1 {report.pairwise_f1:.3f}; bcubed F1 {report.bcubed_f1:.3f}"
    )
    statements = {s.id: s for s in gold.statements}
    for row in report.per_statement:
        if row["origins_exact"] and not everything:
            continue
        s = statements[row["id"]]
        o = row["origins"]
        print("=" * 100)
        print(
            f"{row['id']}: gold {o['gold']} ledger {o['ledger']}  main claim {row['main_claim']}  "
            f"claims {[(c['claim'], c['mentions']) for c in row['claims']]}  unattributed {row['unattributed']} "
            f"not clustered {row['not_clustered']}"
        )
        print(f"  statement: {s.statement}")
        print(f"  gold reason: {s.origins_reason}")
        for m, p in zip(s.mentions, row["placements"], strict=True):
            print(
                f"  mention {m.article} [{m.speaker}] -> attribution {p['attribution']} claim {p['claim']}: "
                f"{m.text[:90]!r}"
            )
        for c in row["claims"]:
            r = claim_report(ledger, c["claim"])
            if r is None:
                continue
            print(
                f"  -- claim {c['claim']} ({len(r.origins)} origins: {[x.name for x in r.origins]}): {r.text[:100]!r}"
            )
            for mem in r.members:
                print(
                    f"     #{mem.attribution_id} art {mem.article_id} {mem.publisher} kind={mem.kind} "
                    f"counted={mem.counted} src={mem.source!r} actor={mem.actor!r} ({mem.actor_type}) "
                    f"chain={mem.chain}"
                )
                print(f"        origin={mem.origin!r} why={mem.why!r}")
                print(f"        content={mem.content[:140]!r}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", type=Path, default=Path("tests/data/clusters_gold.jsonl"))
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    parser.add_argument("--ledger", type=Path, default=None)
    parser.add_argument("--all", action="store_true", help="show the exact statements too")
    args = parser.parse_args()
    gold = load_gold(args.gold)
    if args.ledger is not None and args.ledger.exists():
        ledger = Ledger.open(args.ledger)
        try:
            by_stem, _ = stored_articles(ledger)
            show(gold, ledger, by_stem, args.all)
        finally:
            ledger.close()
        return 0
    with ingested(gold.articles(), args.data, what="cluster gold", ledger_path=args.ledger) as held:
        show(gold, held.ledger, held.by_stem, args.all)
    return 0


if __name__ == "__main__":
    sys.exit(main())
