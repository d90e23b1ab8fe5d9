"""What the grouping compares: words, shingles, MinHash signatures and LSH band keys (pure functions).

Two texts are near-identical when the sets of their three-word shingles overlap enough
(Jaccard similarity, estimated from 128-value MinHash signatures made by ``datasketch``).
Two-word shingles survive a changed name, a typo or reordered sentences except at the
few shingles touching the change. Passages quoted from the consultation's own text (runs
of eight or more words of its summary, body or questions) are left out first: two people
quoting the same paragraph of the consultation paper have not sent the same letter, and a
campaign that quotes it is still found by the rest of its text.
"""

import hashlib
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 3
# A run of this many words found in the consultation's own text is a quotation.
QUOTE_WORDS = 8
# Fewer words than this is shorter than a sentence worth grouping ("Keep it open").
MIN_WORDS = 8
# Fewer shingles of its own than this, once the consultation's text is left out: not grouped.
MIN_SHINGLES = 5
NUM_PERM = 128
# 32 bands of 4 values: a pair at similarity 0.5 meets in a band with probability 0.88, at
# 0.6 with 0.99, at 0.2 with 0.05 (then the signature comparison drops it).
BANDS, ROWS = 32, 4
# Responses are the same letter from this estimated similarity up.
THRESHOLD = 0.5
# A response at least this similar to one already indexed adds nothing to the index.
NOVELTY = 0.7
# At most this many candidates are compared, those sharing the most bands first (then the
# earliest): a copy of a big campaign meets hundreds of its indexed copies, and the best
# of them are enough.
MAX_CANDIDATES = 200
SEED = 1

WORD = re.compile(r"[^\W_]+")
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED).permutations


def _hash32(shingle: bytes) -> int:
    # CRC-32 is ample before MinHash's own random permutations, and ten times quicker than SHA-1.
    return zlib.crc32(shingle)


def words(text: str) -> list[str]:
    """The words of a text, lower case, without punctuation or spacing."""
    return WORD.findall(text.casefold())


def shingles(ws: list[str]) -> set[str]:
    return {" ".join(ws[i : i + SHINGLE_WORDS]) for i in range(len(ws) - SHINGLE_WORDS + 1)}


def _windows(ws: list[str], size: int) -> list[str]:
    return [" ".join(ws[i : i + size]) for i in range(len(ws) - size + 1)]


@dataclass(frozen=True)
class Quoted:
    """The consultation's own text: every run of QUOTE_WORDS words, and every shingle."""

    passages: frozenset[str] = frozenset()
    shingles: frozenset[str] = frozenset()


def reference_passages(texts: Iterable[str]) -> Quoted:
    passages: set[str] = set()
    found: set[str] = set()
    for text in texts:
        ws = words(text or "")
        passages.update(_windows(ws, QUOTE_WORDS))
        found |= shingles(ws)
    return Quoted(frozenset(passages), frozenset(found))


def own_shingles(ws: list[str], quoted: Quoted) -> set[str]:
    """The shingles of a text outside the passages it quotes from the consultation."""
    every = shingles(ws)
    # A quotation of QUOTE_WORDS words shares at least this many shingles with the paper.
    if len(every & quoted.shingles) < QUOTE_WORDS - SHINGLE_WORDS + 1:
        return every
    covered = [False] * len(ws)
    for i, window in enumerate(_windows(ws, QUOTE_WORDS)):
        if window in quoted.passages:
            covered[i : i + QUOTE_WORDS] = [True] * QUOTE_WORDS
    return {
        " ".join(ws[i : i + SHINGLE_WORDS])
        for i in range(len(ws) - SHINGLE_WORDS + 1)
        if not all(covered[i : i + SHINGLE_WORDS])
    }


def _int64(digest: bytes) -> int:
    return int.from_bytes(digest, "big", signed=True)


def text_hash(ws: list[str]) -> int:
    """Equal for texts that differ only in case, spacing and punctuation."""
    return _int64(hashlib.blake2b(" ".join(ws).encode(), digest_size=8).digest())


def signature(own: set[str]) -> np.ndarray:
    """The MinHash signature of a set of shingles, as 128 unsigned 32-bit values."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_hash32, permutations=_PERMUTATIONS)
    minhash.update_batch([s.encode() for s in own])
    return minhash.hashvalues.astype(np.uint32)


def minhash_of(values: np.ndarray) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM, seed=SEED, hashfunc=_hash32, hashvalues=values.astype(np.uint64), permutations=_PERMUTATIONS
    )


def new_index() -> MinHashLSH:
    """datasketch's in-memory LSH index with the bands the database keeps (``band_keys``)."""
    return MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))


# Odd 64-bit multipliers mixing a band's four values (and its number) into one key.
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], np.uint64)
_BAND_SALT = np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0xFF51AFD7ED558CCD)


def band_keys(values: np.ndarray) -> list[int]:
    """One 64-bit key per LSH band (the index's hash ranges), for the database's index."""
    bands = values[: BANDS * ROWS].reshape(BANDS, ROWS).astype(np.uint64)
    with np.errstate(over="ignore"):
        mixed = np.bitwise_xor.reduce(bands * _MIX, axis=1) ^ _BAND_SALT
        mixed ^= mixed >> np.uint64(29)
    return mixed.view(np.int64).tolist()


def fingerprint(text: str, quoted: Quoted = Quoted()) -> tuple[int, np.ndarray] | None:
    """(text hash, signature) of a response's free text, or None when it is too short to group."""
    ws = words(text)
    if len(ws) < MIN_WORDS:
        return None
    own = own_shingles(ws, quoted)
    if len(own) < MIN_SHINGLES:
        return None
    return text_hash(ws), signature(own)


def similarities(candidates: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The estimated Jaccard similarity of ``values`` with each row of ``candidates``."""
    return (candidates == values).mean(axis=1)


def shortlist(candidates: list[int], signatures: np.ndarray, values: np.ndarray) -> tuple[list[int], np.ndarray]:
    """The MAX_CANDIDATES candidates sharing the most bands with ``values`` (the database's order)."""
    if len(candidates) <= MAX_CANDIDATES:
        return candidates, signatures
    shared = signatures[:, : BANDS * ROWS].reshape(-1, BANDS, ROWS) == values[: BANDS * ROWS].reshape(BANDS, ROWS)
    counts = shared.all(axis=2).sum(axis=1)
    keep = sorted(range(len(candidates)), key=lambda i: (-counts[i], candidates[i]))[:MAX_CANDIDATES]
    return [candidates[i] for i in keep], signatures[keep]
