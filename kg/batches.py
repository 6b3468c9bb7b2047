"""Batches of new articles for the store: what ``kg ingest`` writes, and how big.

New articles wait in a buffer until it holds a quad budget, then go into the store as
one journaled batch (``OxigraphStore.add_new_articles``). The budget starts at
``FIRST_BATCH_QUADS`` and doubles up to ``BATCH_QUADS``, so the first articles of an
ingest are stored (and reported) quickly and a long ingest writes big batches. If a
batch fails, nothing of it is kept and its articles are written one by one, so one bad
article is reported on its own and does not sink the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pyoxigraph import NamedNode, Quad

from kg.store import OxigraphStore

# Bulk writes of 50k quads ran at ~0.8x bulk_load, 20k at ~1.0x, 10k at ~1.4x (bench/,
# 100k quads of synthetic news, ~700 quads per article); 50k quads of Quad objects are
# some tens of MB, the buffer's memory bound.
BATCH_QUADS = 50_000
FIRST_BATCH_QUADS = 1_000

T = TypeVar("T")


@dataclass
class Written(Generic[T]):
    """One article's outcome: its quad count, or the exception its write raised."""

    item: T
    quads: int = 0
    error: Exception | None = None


@dataclass
class NewArticleBatches(Generic[T]):
    """A bounded buffer of new articles (``item`` is the caller's, handed back when written)."""

    store: OxigraphStore
    batch_quads: int = BATCH_QUADS
    _pending: list[tuple[T, NamedNode, Sequence[Quad]]] = field(default_factory=list)
    _graphs: set[str] = field(default_factory=set)
    _quads: int = 0
    _budget: int = 0

    def __post_init__(self) -> None:
        self._budget = min(FIRST_BATCH_QUADS, self.batch_quads)

    def __contains__(self, graph: NamedNode) -> bool:
        return graph.value in self._graphs

    def add(self, item: T, graph: NamedNode, quads: Sequence[Quad]) -> list[Written[T]]:
        """Buffer a new article; return what got written (nothing until the budget is full)."""
        self._pending.append((item, graph, quads))
        self._graphs.add(graph.value)
        self._quads += len(quads)
        if self._quads < self._budget:
            return []
        self._budget = min(self._budget * 2, self.batch_quads)
        return self.write()

    def write(self) -> list[Written[T]]:
        """Write the buffer now (in input order); a batch that fails goes one by one."""
        batch, self._pending, self._graphs, self._quads = self._pending, [], set(), 0
        if not batch:
            return []
        try:
            counts = self.store.add_new_articles([(graph, quads) for _, graph, quads in batch])
        except Exception:
            if self.store.journal_pending():  # not even rolled back: stop here, the next
                raise  # open of the store rolls the batch back
            # nothing of the batch was kept: one by one instead
            return [self._write_one(item, graph, quads) for item, graph, quads in batch]
        return [Written(item, n) for (item, _, _), n in zip(batch, counts, strict=True)]

    def _write_one(self, item: T, graph: NamedNode, quads: Sequence[Quad]) -> Written[T]:
        try:
            return Written(item, self.store.replace_article(graph, quads))
        except Exception as exc:  # noqa: BLE001 - reported by the caller
            return Written(item, error=exc)


__all__ = ["BATCH_QUADS", "FIRST_BATCH_QUADS", "NewArticleBatches", "Written"]
