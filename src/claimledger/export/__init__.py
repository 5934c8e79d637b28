"""Exports: the ledger's records for other tools (they read the ledger; the ledger never imports them).

- :mod:`~claimledger.export.tables` — JSON Lines and CSV of articles, attributions, actors or claims;
- :mod:`~claimledger.export.graph` — schema.org ClaimReview JSON-LD and the provenance graph as GraphML.

Reading an articles export back into a ledger is :func:`claimledger.importer.import_jsonl`.
"""

from claimledger.export.graph import export_claimreview, export_graphml
from claimledger.export.tables import RECORDS, export_csv, export_jsonl, records

__all__ = ["RECORDS", "export_claimreview", "export_csv", "export_graphml", "export_jsonl", "records"]
