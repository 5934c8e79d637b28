"""The files an input directory holds: walked recursively, in a stable order, by the extensions claimledger reads
(``Settings.extensions``); hidden files and folders skipped. Used by :mod:`claimledger.read.files` (what is read)
and :mod:`claimledger.read.metadata` (which files a metadata row may name)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from claimledger.settings import Settings


def known_extension(path: Path, settings: Settings) -> bool:
    name = path.name.lower()
    return any(name.endswith(ext) for ext in settings.extension_set)


def walk(path: Path, settings: Settings) -> Iterator[Path]:
    """Files under a directory with a known extension, in a stable (sorted) order; hidden ones skipped."""
    for child in sorted(path.rglob("*")):
        if any(part.startswith(".") for part in child.relative_to(path).parts):
            continue
        if child.is_file() and known_extension(child, settings):
            yield child
