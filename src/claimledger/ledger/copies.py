"""Stage 8a — link: republished copies and syndication, found with MinHash LSH (datasketch).

A copy must never count as corroboration. Each article's *body* (its text less boilerplate and less its
title, so a changed headline or swapped site furniture does not hide a copy) is cut into word shingles
and summarised by a MinHash signature. Candidates come from locality-sensitive hashing bands stored in
the ledger (so a new article is checked against a ledger of any size in constant time, without loading
it); each candidate is then scored by its estimated *containment* — the share of the smaller text's
shingles found in the larger — so a copy that dropped its last paragraphs still scores high.

>>> a = signature("The river rose by two metres overnight and the old bridge was closed to traffic.")
>>> b = signature("The river rose by two metres overnight and the old bridge was closed to all traffic.")
>>> round(similarity(a, b), 1) >= 0.5
True
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimledger.records import Article

if TYPE_CHECKING:
    from datasketch import LeanMinHash

# numpy and datasketch (which imports scipy: over a second) are imported where a signature is made or read,
# not with the ledger: listing articles and claims needs neither

NUM_PERM = 128
SCHEME = "affine32"  # datasketch 2 default: hash values fit in 32 bits, stored as such
SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Signature:
    """A MinHash of an article body and the number of distinct shingles it summarises."""

    minhash: LeanMinHash
    size: int
    content_hash: str  # SHA-256 of the normalised body: equal bodies are exact duplicates

    def to_bytes(self) -> bytes:
        import numpy as np

        return self.minhash.hashvalues.astype(np.uint32).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int, content_hash: str, seed: int = 1) -> Signature:
        import numpy as np
        from datasketch import LeanMinHash

        values = np.frombuffer(data, dtype=np.uint32).astype(np.uint64)
        return cls(LeanMinHash(seed=seed, hashvalues=values, scheme=SCHEME), size, content_hash)


def body(article: Article) -> str:
    """The article's text less boilerplate and its title line(s): what a copy shares with its original."""
    text = article.text
    pieces, cursor = [], 0
    for region in sorted(article.boilerplate, key=lambda b: b.start):
        pieces.append(text[cursor : region.start])
        cursor = max(cursor, region.end)
    pieces.append(text[cursor:])
    kept = "".join(pieces)
    title = (article.metadata.title or "").strip()
    if title:
        kept = kept.replace(title, " ", 1)
    return kept


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


def signature(text: str, num_perm: int = NUM_PERM) -> Signature:
    """The MinHash signature of a text's word shingles."""
    from datasketch import LeanMinHash, MinHash

    grams = shingles(text)
    minhash = MinHash(num_perm=num_perm)
    minhash.update_batch(list(grams))
    normalised = " ".join(w.casefold() for w in _WORD.findall(text))
    return Signature(LeanMinHash(minhash), len(grams), hashlib.sha256(normalised.encode()).hexdigest())


def article_signature(article: Article) -> Signature:
    return signature(body(article))


def similarity(a: Signature, b: Signature) -> float:
    """Estimated containment of the smaller shingle set in the larger (1.0 = one text contains the other)."""
    if a.content_hash == b.content_hash:
        return 1.0
    if not a.size or not b.size:
        return 0.0
    jaccard = float(a.minhash.jaccard(b.minhash))
    intersection = jaccard * (a.size + b.size) / (1.0 + jaccard)
    return min(1.0, intersection / min(a.size, b.size))


@functools.cache
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) that minimise false positives and negatives around ``threshold`` (datasketch)."""
    from datasketch.lsh import _optimal_param

    b, r = _optimal_param(threshold, num_perm, 0.5, 0.5)
    return int(b), int(r)


def bands(sig: Signature, threshold: float) -> list[tuple[int, int]]:
    """(band number, bucket key) pairs: texts sharing any pair are candidates for a copy."""
    import numpy as np

    b, r = lsh_params(threshold, len(sig.minhash.hashvalues))
    values = sig.minhash.hashvalues.astype(np.uint32)
    keys = []
    for i in range(b):
        digest = hashlib.blake2b(values[i * r : (i + 1) * r].tobytes(), digest_size=8).digest()
        keys.append((i, struct.unpack("<q", digest)[0]))
    return keys
