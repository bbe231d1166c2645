"""Quotes that travel: exact quotes (``quote_id``) joined into clusters of near-identical
wording.

* A *variant* is one ``quote_id`` (same speaker, same normalized content); the
  ``quotes`` index holds one document per variant (``_id = quote_id``) with its
  ``cluster_id`` and the MinHash LSH bands of its word pairs (datasketch ``MinHash``,
  :data:`NUM_PERM` permutations in :data:`BANDS` bands, fixed seed: the same text always
  gives the same bands).
* A new variant is compared with the variants of the same speaker that share a band
  (one search per batch) and with the other new variants of the batch. Similarity is
  the share of the shorter text's word pairs found in the other (a shortened quote is
  contained in the long one); at least ``QW_QUOTE_SIMILARITY`` (0.7) joins.
* Clusters are the connected components of that relation. Every pair is compared when
  the later of the two arrives, so the components do not depend on arrival order:
  replays and rebuilds converge. A cluster's id, as ``GET /v1/quotes`` gives it, is the
  smallest ``quote_id`` in it (:func:`cluster_key`, computed when it is read).
* The stored ``cluster_id`` is a label naming the component, one of its members'
  ``quote_id``: a new variant joining a stored cluster takes its label, so no stored
  document is written again (a replaced document costs the in-memory search server in
  proportion to the index's size, a new one does not). Only when a new variant bridges
  stored clusters are the members of all but one relabelled (the smallest label
  stays). Which member names a component can depend on arrival order; the components,
  and the ids read, do not.

Occurrences, outlets and first seen are not stored here: ``GET /v1/quotes`` aggregates
them from the statements (:mod:`quotewire_index.quotes`), so they never go stale.
"""

import functools
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

from datasketch import MinHash

from quotewire_index.names import normalize_quote

NUM_PERM = 48
BANDS = 16
ROWS = NUM_PERM // BANDS
SEED = 10
#: The stored band format, recorded in the quotes index's ``_meta.quotewire.lsh`` (the
#: template file says it): bands of another scheme never match these, so the derived
#: worker writes no variant into an index of another scheme (``quotewire reindex``).
#: 16 bands of 3 rows: half the keywords of the 32 before (each keyword is most of a
#: variant document's indexing cost) for the same recall on the benchmark's newsroom.
LSH_SCHEME = f"minhash-{NUM_PERM}x{BANDS}-seed{SEED}"
#: What an index made before the scheme was recorded holds.
FIRST_LSH_SCHEME = "minhash-96x32-seed10"
MIN_PAIRS = 4  # shorter texts only join by exact quote_id
MAX_CANDIDATES = 2_000
#: The permutations of the seeded MinHash, drawn once (drawing them per text was most
#: of the cost of a signature); the same seed gives the same bands as before.
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED)


def shingles(normalized: str) -> set[str]:
    """Word pairs of a normalized text (single words for a one-word text)."""
    words = normalized.split()
    if len(words) < 2:
        return set(words)
    return {f"{a} {b}" for a, b in pairwise(words)}


@functools.lru_cache(maxsize=65_536)
def quote_pairs(content: str | None) -> frozenset[str]:
    """:func:`shingles` of a quote's normalized content (cached: the stored candidates
    of a busy speaker come back batch after batch)."""
    return frozenset(shingles(normalize_quote(content)))


def lsh_bands(pairs: frozenset[str] | set[str]) -> list[str]:
    """The LSH band keys of a shingle set (empty for texts too short to cluster)."""
    if len(pairs) < MIN_PAIRS:
        return []
    mh = MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        permutations=_PERMUTATIONS.permutations,
        scheme=_PERMUTATIONS.scheme,
    )
    mh.update_batch([p.encode() for p in sorted(pairs)])
    out = []
    for band in range(BANDS):
        rows = mh.hashvalues[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(rows.tobytes(), digest_size=8).hexdigest()
        out.append(f"{band:02d}{digest}")
    return out


def stored_lsh_scheme(mapping: dict[str, Any]) -> str:
    """The band scheme of a quotes index, from its mapping's ``_meta.quotewire``."""
    meta = (mapping.get("_meta") or {}).get("quotewire") or {}
    return str(meta.get("lsh") or FIRST_LSH_SCHEME)


def similarity(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Share of the smaller set found in the larger (overlap coefficient), 0..1."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@dataclass
class Variant:
    quote_id: str
    speaker_id: str
    speaker_canonical: str
    content: str
    cluster_id: str
    pairs: frozenset[str]
    bands: list[str]
    stored: bool  # already in the quotes index

    @classmethod
    def new(cls, quote_id: str, speaker_id: str, speaker_canonical: str, content: str):
        pairs = quote_pairs(content)
        return cls(
            quote_id,
            speaker_id,
            speaker_canonical,
            content,
            quote_id,
            pairs,
            lsh_bands(pairs),
            False,
        )

    @classmethod
    def from_doc(cls, doc: dict[str, Any]):
        pairs = quote_pairs(doc.get("content"))
        return cls(
            doc["quote_id"],
            doc["speaker_id"],
            doc.get("speaker_canonical") or "",
            doc.get("content") or "",
            doc["cluster_id"],
            pairs,
            list(doc.get("lsh") or []),
            True,
        )


def candidate_query(new: Sequence[Variant]) -> dict[str, Any] | None:
    """Stored variants of the same speakers sharing a band with a new variant."""
    bands = sorted({b for v in new for b in v.bands})
    if not bands:
        return None
    return {
        "bool": {
            "filter": [
                {"terms": {"speaker_id": sorted({v.speaker_id for v in new})}},
                {"terms": {"lsh": bands}},
            ]
        }
    }


class _Labels:
    """Union-find keeping a stored label at the root of each component when it has one
    (the smallest stored one), else the smallest label."""

    def __init__(self, stored: Iterable[str] = ()) -> None:
        self.parent: dict[str, str] = {}
        self.stored = set(stored)

    def _rank(self, label: str) -> tuple[bool, str]:
        return (label not in self.stored, label)

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb), key=self._rank)
            self.parent[hi] = lo


def cluster_key(quote_ids: Iterable[str]) -> str:
    """A cluster's id as read: the smallest ``quote_id`` of its variants."""
    return min(quote_ids)


@dataclass
class ClusterPlan:
    new: list[Variant]  # to write (cluster_id set)
    relabel: dict[str, str]  # old cluster_id -> new cluster_id (stored members move)


def plan_clusters(
    new: Sequence[Variant], stored: Iterable[Variant], threshold: float
) -> ClusterPlan:
    """Cluster ids of the new variants and the relabelling of stored clusters they
    bridge. Labels are cluster ids; a new variant starts as its own cluster."""
    stored = list(stored)
    labels = _Labels(v.cluster_id for v in stored)
    for v in stored:
        labels.find(v.cluster_id)
    for v in new:
        labels.find(v.cluster_id)
    new = list(new)
    for i, v in enumerate(new):
        if not v.bands:
            continue
        vb = set(v.bands)
        for other in stored + new[:i]:  # each pair once
            if other.speaker_id != v.speaker_id or not vb.intersection(other.bands):
                continue
            if similarity(v.pairs, other.pairs) >= threshold:
                labels.union(v.cluster_id, other.cluster_id)
    for v in new:
        v.cluster_id = labels.find(v.cluster_id)
    relabel = {}
    for v in stored:
        root = labels.find(v.cluster_id)
        if root != v.cluster_id:
            relabel[v.cluster_id] = root
    return ClusterPlan(new, relabel)


def variant_doc(v: Variant, now: datetime) -> dict[str, Any]:
    return {
        "quote_id": v.quote_id,
        "cluster_id": v.cluster_id,
        "speaker_id": v.speaker_id,
        "speaker_canonical": v.speaker_canonical,
        "content": v.content,
        "lsh": v.bands,
        "created_at": now.isoformat(),
    }
