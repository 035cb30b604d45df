"""Reprints and near-duplicates: the same story carried by another outlet, linked as syndicated copies.

The same text under another source is a reprint: stored and linked, never
dropped (only the same text from the same source is a duplicate).

Each article's body key is cut into word shingles; datasketch makes a MinHash
signature of them, and the signature's LSH bands are stored (ArticleBand) so
that a later import finds candidates with an indexed lookup instead of
comparing against every article. datasketch's own MinHashLSH keeps its index
in memory (or Redis/Cassandra), which would mean loading every signature at
the start of each import; the band table is the same banding, in our database.
A candidate becomes a copy only when the exact Jaccard similarity of the two
shingle sets reaches THRESHOLD, so LSH only decides what is compared.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable
from functools import cache, lru_cache

import numpy as np
from datasketch import MinHash

from archive.ingest import rows
from archive.models import Article, ArticleBand

SHINGLE_WORDS = 3
NUM_PERM = 64
BANDS, ROWS = 16, 4  # S-curve threshold ≈ (1/16)^(1/4) = 0.5: a copy at J ≥ 0.6 is found with p > 0.89
THRESHOLD = 0.5
# Below this many words a text is too short for shingles to tell a reprint from a shared phrase.
MIN_WORDS = 25
# Candidates verified per article, those sharing the most bands first.
MAX_CANDIDATES = 12


# Odd 64-bit multipliers that mix three word hashes into one shingle hash (arithmetic mod 2**64).
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode())


def shingles(body_key: str) -> frozenset[int]:
    """Hashes of the SHINGLE_WORDS-word runs of a search key (empty for short texts).

    Each word is hashed once (news vocabulary repeats, so mostly from cache)
    and the runs are combined with numpy: a set of 64-bit shingle hashes,
    which is all MinHash and the Jaccard check need.
    """
    words = body_key.split()
    if len(words) < MIN_WORDS:
        return frozenset()
    hashes = np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))
    runs = hashes[:-2] * _MIX[0] + hashes[1:-1] * _MIX[1] + hashes[2:] * _MIX[2]
    return frozenset(runs.tolist())


@cache
def _template() -> MinHash:
    # datasketch derives the permutations from the seed; made once, shared by every signature.
    return MinHash(num_perm=NUM_PERM, seed=1, scheme="affine64")  # shingle hashes are 64-bit


def _identity(value: int) -> int:
    return value


def band_keys(shingle_set: frozenset[int]) -> list[int]:
    """The LSH band keys of a shingle set: signed 64-bit integers, one per band."""
    if not shingle_set:
        return []
    template = _template()
    # The shingles are hashes already; datasketch mixes (fmix) and permutes them.
    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=1,
        hashfunc=_identity,
        permutations=template.permutations,
        scheme=template.scheme,
    )
    minhash.update_batch(list(shingle_set))
    values = np.asarray(minhash.hashvalues, dtype=np.uint64)
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(
            values[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8, person=bytes([band])
        )
        keys.append(int.from_bytes(digest.digest(), "big", signed=True))
    return keys


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def stored_candidates(keys: Iterable[int]) -> dict[int, list[int]]:
    """Stored article ids by band key, for the given keys."""
    found: dict[int, list[int]] = {}
    for key, article_id in rows.values_in(ArticleBand, "key", keys, select=("key", "article_id")):
        found.setdefault(key, []).append(article_id)
    return found


def is_copy(a: frozenset[int], a_text: str, b: frozenset[int], b_text: str) -> bool:
    """Copies of one story: the same text (fingerprint), or shingles at least THRESHOLD alike."""
    return a_text == b_text or jaccard(a, b) >= THRESHOLD


def stored_texts(fingerprints: Iterable[str]) -> set[tuple[str, int | None]]:
    """(fingerprint, source id) of stored articles with these fingerprints: what one outlet already has."""
    return set(rows.values_in(Article, "fingerprint", fingerprints, select=("fingerprint", "source_id")))


def stored_copies(fingerprints: Iterable[str]) -> dict[str, list[int]]:
    """Stored article ids by fingerprint: the same text under any outlet, a reprint to link."""
    found: dict[str, list[int]] = {}
    for fingerprint, article_id in rows.values_in(
        Article, "fingerprint", fingerprints, select=("fingerprint", "id")
    ):
        found.setdefault(fingerprint, []).append(article_id)
    return found


def stored_articles(ids: Iterable[int]) -> dict[int, tuple[frozenset[int], int | None, str]]:
    """Shingles, story and fingerprint of stored articles, to verify candidates exactly."""
    found = rows.values_in(Article, "id", ids, select=("id", "body_key", "story_id", "fingerprint"))
    return {pk: (shingles(body_key), story_id, fingerprint) for pk, body_key, story_id, fingerprint in found}
