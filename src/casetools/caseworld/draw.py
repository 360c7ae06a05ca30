"""Stable random draws, one independent stream per variant field.

Every field of a variant reads its own stream, keyed by seed and field name,
so adding a field to the casebook never shifts the draws of existing fields.
Streams are built on SHA-256 in counter mode rather than on :mod:`random`:
the bytes are fixed by the algorithm, not by a Python version, so a code
gives the same household on every machine for as long as the course exists.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

_NAMESPACE = b"casetools/variant/v1"


class Stream:
    """A deterministic source of integers for one (seed, field) pair."""

    __slots__ = ("_buffer", "_counter", "_key")

    def __init__(self, seed: int, field: str) -> None:
        """Key the stream by seed and field; nothing global is touched."""
        self._key = hashlib.sha256(_NAMESPACE + f"/{seed}/{field}".encode()).digest()
        self._counter = 0
        self._buffer: list[int] = []

    def _word(self) -> int:
        if not self._buffer:
            block = hashlib.sha256(self._key + self._counter.to_bytes(8, "big")).digest()
            self._counter += 1
            self._buffer = [int.from_bytes(block[i : i + 8], "big") for i in range(24, -1, -8)]
        return self._buffer.pop()

    def below(self, n: int) -> int:
        """Return a uniform integer in ``[0, n)`` (rejection sampling, no modulo bias)."""
        if n <= 0:
            msg = f"below() needs a positive bound, not {n}"
            raise ValueError(msg)
        limit = (1 << 64) - (1 << 64) % n
        while True:
            word = self._word()
            if word < limit:
                return word % n

    def between(self, low: int, high: int) -> int:
        """Return a uniform integer in ``[low, high]``, both ends included."""
        return low + self.below(high - low + 1)

    def chance(self, per_mille: int) -> bool:
        """Return True with probability ``per_mille / 1000``."""
        return self.below(1000) < per_mille

    def choice(self, items: Sequence[T]) -> T:
        """Pick one item uniformly."""
        return items[self.below(len(items))]

    def weighted(self, items: Sequence[T], weights: Sequence[int]) -> T:
        """Pick one item with integer weights."""
        point = self.below(sum(weights))
        for item, weight in zip(items, weights, strict=True):
            if point < weight:
                return item
            point -= weight
        raise AssertionError("unreachable: point is below the total weight")

    def sample(self, items: Sequence[T], k: int) -> list[T]:
        """Pick ``k`` distinct items in draw order (a partial Fisher-Yates shuffle)."""
        pool = list(items)
        for i in range(k):
            j = i + self.below(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]

    def shuffled(self, items: Sequence[T]) -> list[T]:
        """Return the items in a random order."""
        return self.sample(items, len(items))
