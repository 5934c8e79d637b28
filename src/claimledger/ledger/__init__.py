"""Stages 7–8 — the ledger: what is stored, and how articles link across it.

Modules, in the order they build on each other: ``schema`` (tables and migrations), ``copies`` (MinHash
signatures of article bodies), ``store`` (:class:`~claimledger.ledger.store.Ledger`: the database, its
transactions and queries), ``claims`` (claims across articles), ``provenance`` (who stands behind a claim,
independent origins), ``writer`` (:class:`~claimledger.ledger.writer.LedgerWriter`, the one way in).
"""
