"""Graph stores: a narrow protocol and the embedded Oxigraph implementation.

One named graph per article. ``replace_article`` swaps an article's graph in one
transaction, so a crash leaves either the old graph or the new one, never half of
either; queries see the union of all graphs as their default graph.
``add_new_articles`` writes a batch of graphs that are not in the store yet with
Oxigraph's non-transactional bulk writer, guarded by an ingest journal (kg.journal):
opening the store for writing after an interrupted batch drops that batch's graphs.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox

from kg.errors import NotFoundError, QueryError, QuerySyntaxError, StoreBusyError, StoreError
from kg.journal import journal_path, read_journal, remove_journal, write_journal
from kg.vocab import PREFIXES

log = logging.getLogger("kg.store")

SERVE_INFO = "serve.json"  # written into the store folder by `kg serve` while it runs
# Many small write transactions keep RocksDB's in-memory tables and logs growing until
# a flush: without this, ingest RSS grew 2.4x from article 1,000 to 10,000 (bench/).
FLUSH_EVERY_QUADS = 50_000
# Below this many quads a batch of new articles is written one transaction per article:
# bulk_extend writes a set of SST files per call, and per quad it only beats the
# transactional extend() from ~2-3k quads on (bench/, session 2).
BULK_MIN_QUADS = 5_000

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class StoreStats:
    articles: int
    triples: int  # distinct triples in the union of all graphs
    quads: int


class Store(Protocol):
    """What every graph store offers. ``tests/test_store_contract.py`` checks it."""

    def replace_article(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> int: ...
    def add_new_articles(
        self, batch: Sequence[tuple[ox.NamedNode, Iterable[ox.Quad]]]
    ) -> list[int]: ...
    def delete_article(self, graph: ox.NamedNode) -> int: ...
    def has_article(self, graph: ox.NamedNode) -> bool: ...
    def articles(self) -> list[ox.NamedNode]: ...
    def query(self, sparql: str, **kwargs: object) -> object: ...
    def update(self, sparql: str, *, base_iri: str | None = None) -> None: ...
    def export(self, output: IO[bytes], fmt: str) -> None: ...
    def stats(self) -> StoreStats: ...
    def close(self) -> None: ...


class OxigraphStore:
    """Oxigraph store on disk (``path``) or in memory (``path=None``).

    >>> s = OxigraphStore(None)
    >>> g = ox.NamedNode("http://x/g")
    >>> s.replace_article(g, [ox.Quad(g, g, ox.Literal("t"), g)])
    1
    >>> s.stats().triples
    1
    """

    def __init__(self, path: Path | str | None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self._unflushed = 0  # quads written since the last flush (on-disk stores)
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreBusyError(busy_message(self.path)) from exc
            raise StoreError(f"cannot open store at {self.path}: {exc}") from exc
        # graphs of an interrupted bulk batch that opening the store rolled back
        self.rolled_back: list[str] = []
        if self.path is not None:
            try:
                self._recover(read_only)
            except BaseException:
                del self._store  # release the lock before the error reaches the caller
                raise

    def _recover(self, read_only: bool) -> None:
        """Drop the graphs an interrupted ``add_new_articles`` batch listed in its journal."""
        assert self.path is not None
        graphs = read_journal(self.path)
        if graphs is None:
            return
        if read_only:
            log.warning("the store at %s has an interrupted ingest batch of %d article graphs "
                        "not rolled back yet (opening it for writing does)", self.path, len(graphs))
            return
        try:
            nodes = [ox.NamedNode(g) for g in graphs]
        except ValueError as exc:
            raise StoreError(f"the ingest journal {journal_path(self.path)} lists a "
                             f"graph that is not an IRI: {exc}") from exc
        try:
            self._roll_back(nodes)
        except OSError as exc:
            raise StoreError(f"rolling back the interrupted ingest listed in "
                             f"{journal_path(self.path)} failed: {exc}") from exc
        self.rolled_back = graphs
        log.warning("kg: recovered from an interrupted ingest: %d article graphs rolled back; "
                    "re-run the ingest", len(graphs))

    def _roll_back(self, graphs: Sequence[ox.NamedNode]) -> None:
        """Drop a journaled batch's graphs, flush, then remove the journal."""
        assert self.path is not None  # journals exist only for on-disk stores
        self._drop_graphs(graphs)
        self._store.flush()
        remove_journal(self.path)

    def _drop_graphs(self, graphs: Sequence[ox.NamedNode]) -> None:
        """Drop every graph in ``graphs`` in one transaction (one SPARQL Update)."""
        if graphs:
            self._store.update(" ;\n".join(f"DROP SILENT GRAPH <{g.value}>" for g in graphs))

    @property
    def raw(self) -> ox.Store:
        """The underlying pyoxigraph store, for code that needs its full API."""
        return self._store

    def replace_article(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> int:
        """Atomically replace the named graph ``graph`` with ``quads``; return their count."""
        batch = [q for q in quads if q.graph_name == graph]
        try:
            self._replace(graph, batch)
            self._unflushed += len(batch)
            if self.path is not None and self._unflushed >= FLUSH_EVERY_QUADS:
                self.flush()
        except OSError as exc:
            raise StoreError(f"writing {graph.value} failed: {exc}") from exc
        return len(batch)

    def _replace(self, graph: ox.NamedNode, batch: list[ox.Quad]) -> None:
        # Every write below is one transaction: one extend(), or one SPARQL Update whose
        # operations commit together.
        if not self._store.contains_named_graph(graph):
            if batch:
                # one extend() skips formatting and re-parsing an INSERT DATA text
                # (~1.7x faster first ingest; bench/)
                self._store.extend(batch)
            return
        old = set(self._store.quads_for_pattern(None, None, None, graph))
        new = set(batch)
        gone, added = old - new, new - old
        if len(gone) + len(added) > len(new) // 2 or any(_has_blank(q) for q in old | new):
            # mostly new content (or blank nodes, which DELETE DATA cannot name): swap it all
            insert = f" ;\nINSERT DATA {{ {_graph_block(graph, batch)} }}" if batch else ""
            self._store.update(f"DROP SILENT GRAPH <{graph.value}>{insert}")
            return
        # A small change writes only the difference, usually nothing (the same text gives
        # the same quads): re-ingest went from 2x the first ingest to ~0.3x (bench/).
        # Writers are serialised by the caller (the CLI owns the store, the server holds
        # a write lock), so the graph read above is the one this update changes.
        ops = [f"DELETE DATA {{ {_graph_block(graph, gone)} }}"] if gone else []
        ops += [f"INSERT DATA {{ {_graph_block(graph, added)} }}"] if added else []
        if ops:
            self._store.update(" ;\n".join(ops))

    def add_new_articles(
        self, batch: Sequence[tuple[ox.NamedNode, Iterable[ox.Quad]]]
    ) -> list[int]:
        """Write articles whose graphs are not in the store yet; return each one's quad count.

        On disk, a batch of at least ``BULK_MIN_QUADS`` quads is one journaled bulk write
        (~2x faster than a transaction per article, bench/): after a crash, opening the
        store drops the whole batch. Smaller batches (and in-memory stores) take one
        transaction per article. ValueError if a graph exists or repeats in the batch.
        On StoreError nothing of the batch is left in the store.
        """
        items = [(g, [q for q in quads if q.graph_name == g]) for g, quads in batch]
        names = [g.value for g, _ in items]
        if len(set(names)) != len(names) or any(self.has_article(g) for g, _ in items):
            raise ValueError("add_new_articles takes graphs not in the store yet, each once")
        counts = [len(quads) for _, quads in items]
        if self.path is None or sum(counts) < BULK_MIN_QUADS:
            done: list[ox.NamedNode] = []
            try:
                for graph, quads in items:
                    self.replace_article(graph, quads)
                    done.append(graph)
            except BaseException:
                self._drop_graphs(done)
                raise
            return counts
        try:
            write_journal(self.path, names)
        except OSError as exc:
            raise StoreError(f"cannot write the ingest journal {journal_path(self.path)}: "
                             f"{exc}") from exc
        try:
            self._store.bulk_extend(itertools.chain.from_iterable(q for _, q in items))
            self._store.flush()
        except BaseException as exc:
            # Roll back now; if this fails too, the journal stays and the next open does it.
            self._roll_back([g for g, _ in items])
            if isinstance(exc, OSError):
                raise StoreError(f"bulk write of {len(items)} articles failed: {exc}") from exc
            raise
        remove_journal(self.path)
        self._unflushed = 0
        return counts

    def journal_pending(self) -> bool:
        """Whether a bulk batch's journal is still there (its rollback failed too)."""
        return self.path is not None and journal_path(self.path).exists()

    def delete_article(self, graph: ox.NamedNode) -> int:
        """Remove an article's graph; return how many quads went. NotFoundError if absent."""
        if not self.has_article(graph):
            raise NotFoundError(f"no article graph {graph.value} in the store")
        n = sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph))
        self._store.update(f"DROP GRAPH <{graph.value}>")
        return n

    def has_article(self, graph: ox.NamedNode) -> bool:
        return bool(self._store.contains_named_graph(graph))

    def articles(self) -> list[ox.NamedNode]:
        return sorted(
            (g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)),
            key=lambda g: g.value,
        )

    def query(self, sparql: str, **kwargs: object) -> object:
        """Run a SPARQL query over the union of all graphs (unless told otherwise)."""
        kwargs.setdefault("use_default_graph_as_union", True)
        try:
            return self._store.query(sparql, **kwargs)  # type: ignore[arg-type]
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from exc

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update (one transaction); relative IRIs resolve against ``base_iri``."""
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL Update syntax error: {exc}") from exc
        except RuntimeError as exc:  # e.g. DROP GRAPH of a graph that does not exist
            raise QueryError(f"update failed: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"update failed: {exc}") from exc

    def export(self, output: IO[bytes], fmt: str) -> None:
        """Write the whole dataset; triple formats get the union of all graphs."""
        rdf_format = rdf_format_for(fmt)
        if rdf_format.supports_datasets:
            self._store.dump(output, rdf_format, prefixes=dict(PREFIXES))
        else:
            triples = self._store.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
            )
            assert isinstance(triples, ox.QueryTriples)
            ox.serialize(triples, output, rdf_format, prefixes=dict(PREFIXES))

    def stats(self) -> StoreStats:
        n_articles = len(self.articles())
        quads = len(self._store)
        rows = self._store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
        )
        assert isinstance(rows, ox.QuerySolutions)
        triples = next(iter(rows))["n"]
        return StoreStats(articles=n_articles, triples=int(triples.value), quads=quads)

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()
        self._unflushed = 0

    def close(self) -> None:
        if self.path is not None:
            self._store.flush()
        del self._store


def _has_blank(q: ox.Quad) -> bool:
    return isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)


def _graph_block(graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> str:
    """``GRAPH <g> { s p o . ... }`` in N-Triples syntax, for INSERT DATA / DELETE DATA."""
    lines = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"GRAPH <{graph.value}> {{\n{lines}\n}}"


def rdf_format_for(fmt: str) -> ox.RdfFormat:
    try:
        return RDF_FORMATS[fmt.lower()]
    except KeyError:
        raise QueryError(
            f"unknown RDF format {fmt!r}; choose one of {', '.join(sorted(RDF_FORMATS))}"
        ) from None


def read_serve_info(store_path: Path) -> dict[str, object] | None:
    """The running server's address if ``kg serve`` holds the store, else None."""
    info_file = store_path / SERVE_INFO
    try:
        info = json.loads(info_file.read_text())
        os.kill(int(info["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info


def busy_message(path: Path | None) -> str:
    info = read_serve_info(path) if path is not None else None
    if info:
        return (
            f"the store at {path} is held by `kg serve` (pid {info['pid']}, {info['url']}); "
            "stop the server or send the work to it over HTTP"
        )
    return (
        f"the store at {path} is locked by another process; wait for it to finish "
        "or point --store / KG_STORE elsewhere"
    )


__all__ = [
    "OxigraphStore",
    "Store",
    "StoreStats",
    "busy_message",
    "read_serve_info",
    "rdf_format_for",
]
