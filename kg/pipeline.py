"""Ingest: sources -> Article -> spaCy Doc -> Extraction -> quads -> events linked across articles -> store.

New articles are buffered up to a quad budget and written as one journaled batch
(``OxigraphStore.add_new_articles``); an article already in the store is replaced in
its own transaction (``replace_article``). An interrupted ingest keeps every batch
written before the interruption, never half an article: the batch being buffered is
not stored, and one whose write was cut short is rolled back when the store is next
opened. One bad article is reported and the batch goes on.
"""

from __future__ import annotations

import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode, Quad, RdfFormat, parse, serialize

from kg.articles import ReadFailure, article_id, read_articles
from kg.batches import BATCH_QUADS, NewArticleBatches, Written
from kg.config import Settings
from kg.errors import NotFoundError
from kg.eventlink import EventIndex, link_events
from kg.extract import Resources, extract
from kg.nlp import load_pipeline
from kg.rdf import IriMinter, extraction_to_quads
from kg.records import Article, Extraction
from kg.store import OxigraphStore

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

    from spacy.language import Language


@dataclass
class Extractor:
    """The loaded pipeline, lexicons and IRI minter: build once per process."""

    nlp: Language
    resources: Resources
    minter: IriMinter
    settings: Settings

    @classmethod
    def load(cls, settings: Settings) -> Extractor:
        return cls(
            nlp=load_pipeline(settings.spacy_model),
            resources=Resources.load(settings.cache_dir),
            minter=IriMinter(settings.base_iri),
            settings=settings,
        )

    def extract_one(self, article: Article) -> Extraction:
        return extract(article, self.nlp(article.full_text), self.resources)

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction | ReadFailure]:
        """Extract a stream of articles in input order; a failing article yields a ReadFailure.
        (Forked workers map to RDF anyway; in this process nothing is mapped.)"""
        if self.settings.n_process <= 1:
            yield from self._extract_serial(articles)
            return
        for item in self._extract_parallel(articles):
            yield item if isinstance(item, ReadFailure) else item.extraction

    def extract_quads_many(self, articles: Iterable[Article]) -> Iterator[Extracted | ReadFailure]:
        """Extract and map a stream of articles to quads, in input order.

        A failing article yields a ReadFailure. With ``n_process`` > 1 whole batches go to
        worker processes that parse, run our rules *and* map to RDF (spaCy's own
        ``n_process`` would leave our rules to this process alone, which then held the
        workers back: 1.49x bare ``nlp.pipe`` with 2 processes). A worker sends its quads
        back as N-Quads text: serialising and parsing it is a third of what mapping in
        this process cost, and a quarter of pickling the Quad objects."""
        if self.settings.n_process > 1:
            yield from self._extract_parallel(articles)
        else:
            for item in self._extract_serial(articles):
                yield item if isinstance(item, ReadFailure) else self._mapped(item)

    def _extract_parallel(self, articles: Iterable[Article]) -> Iterator[Extracted | ReadFailure]:
        import multiprocessing as mp

        n = self.settings.n_process
        source = iter(articles)
        # a worker gets batch_size / n articles at a time: this process unpacks one
        # chunk's results while the workers parse the next, and they finish together
        # (whole batches left this process's share of the work to the end: 1.31x bare
        # with 2 processes instead of 1.28x, measured side by side)
        size = max(1, -(-self.settings.batch_size // n))
        chunks = iter(lambda: list(islice(source, size)), [])
        # fork: the workers inherit the loaded pipeline and lexicons instead of loading them
        pool = mp.get_context("fork").Pool(n, initializer=_worker_init, initargs=(self,))
        pending: deque[AsyncResult[list[tuple[Extraction, bytes] | ReadFailure]]] = deque()

        def unpack(done: list[tuple[Extraction, bytes] | ReadFailure]) -> Iterator[Extracted | ReadFailure]:
            for item in done:
                if isinstance(item, ReadFailure):
                    yield item
                else:
                    # our own serialiser wrote it: skipping IRI validation parses it in
                    # about 0.65 of the time, the same quads (this process's work
                    # competes with the workers for the cores)
                    yield Extracted(item[0], list(parse(item[1], format=RdfFormat.N_QUADS,
                                                        lenient=True)))

        try:
            for chunk in chunks:  # at most 2n batches in flight: memory stays bounded
                pending.append(pool.apply_async(_worker_extract, (chunk,)))
                if len(pending) >= 2 * n:
                    yield from unpack(pending.popleft().get())
            while pending:
                yield from unpack(pending.popleft().get())
            pool.close()
        finally:
            pool.terminate()
            pool.join()

    def _extract_serial(self, articles: Iterable[Article]) -> Iterator[Extraction | ReadFailure]:
        pairs = ((a.full_text, a) for a in articles)
        docs = self.nlp.pipe(pairs, as_tuples=True, batch_size=self.settings.batch_size)
        for doc, article in docs:
            try:
                yield extract(article, doc, self.resources)
            except Exception as exc:  # noqa: BLE001 - one bad article never sinks a batch
                yield ReadFailure(article.origin or article.id, f"extraction failed: {exc!r}")

    def quads(self, extraction: Extraction) -> list[Quad]:
        return extraction_to_quads(extraction, self.minter)

    def _mapped(self, extraction: Extraction) -> Extracted | ReadFailure:
        try:
            return Extracted(extraction, self.quads(extraction))
        except Exception as exc:  # noqa: BLE001 - one bad article never sinks a batch
            return _mapping_failed(extraction, exc)


@dataclass(frozen=True)
class Extracted:
    """One article's extraction and its quads (what ingest stores)."""

    extraction: Extraction
    quads: list[Quad]


# The extractor of a worker process of ``Extractor._extract_parallel``: set once by the
# pool's initializer in each (forked) worker, never in the parent.
_WORKER: Extractor | None = None


def _worker_init(extractor: Extractor) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _WORKER = extractor


def _worker_extract(articles: list[Article]) -> list[tuple[Extraction, bytes] | ReadFailure]:
    """Parse, extract and map one batch; quads travel as N-Quads bytes."""
    assert _WORKER is not None, "called outside an extraction worker"
    out: list[tuple[Extraction, bytes] | ReadFailure] = []
    for item in _WORKER._extract_serial(articles):
        mapped = item if isinstance(item, ReadFailure) else _WORKER._mapped(item)
        if isinstance(mapped, ReadFailure):
            out.append(mapped)
        else:
            body = serialize(mapped.quads, format=RdfFormat.N_QUADS)
            out.append((mapped.extraction, body or b""))
    return out


def _mapping_failed(extraction: Extraction, exc: Exception) -> ReadFailure:
    art = extraction.article
    return ReadFailure(art.origin or art.id, f"RDF mapping failed: {exc!r}")


@dataclass
class IngestReport:
    articles: int = 0
    stored: int = 0
    replaced: int = 0
    entities: int = 0
    events: int = 0
    quads: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"ingested {self.stored} article(s) ({self.replaced} replaced), "
            f"{self.entities} entities, {self.events} events, {self.quads} triples; "
            f"{len(self.failures)} failure(s)"
        )


def ingest_articles(
    articles: Iterable[Article | ReadFailure],
    store: OxigraphStore,
    extractor: Extractor,
    report: IngestReport | None = None,
    on_stored: Callable[[Extraction, int], None] | None = None,
    *,
    batch_quads: int = BATCH_QUADS,
) -> IngestReport:
    """Extract and store a stream of articles (failures pass through into the report).

    ``on_stored(extraction, n_quads)`` is called, in input order, once an article is
    durably in the store (its batch or its own transaction written). New articles wait
    in a buffer of at most ``batch_quads`` quads (plus one article); ``batch_quads=0``
    writes every article on its own, as before batching.
    """
    report = report or IngestReport()
    batches: NewArticleBatches[Extraction] = NewArticleBatches(store, batch_quads)
    family = extractor.resources.events.family
    events = EventIndex.from_store(store, extractor.minter, family)

    def only_articles() -> Iterator[Article]:
        for item in articles:
            if isinstance(item, ReadFailure):
                report.failures.append(item)
            else:
                report.articles += 1
                yield item

    def done(written: list[Written[Extraction]], existed: bool = False) -> None:
        for w in written:
            result = w.item
            if w.error is not None:
                # linking already indexed the article's events: back to what is stored
                events.reload(store, family, extractor.minter.article(result.article.id).value)
                report.failures.append(ReadFailure(result.article.origin or result.article.id,
                                                   f"store write failed: {w.error}"))
                continue
            report.stored += 1
            report.replaced += int(existed)
            report.entities += len(result.entities)
            report.events += len(result.events)
            report.quads += w.quads
            report.article_ids.append(result.article.id)
            if on_stored is not None:
                on_stored(result, w.quads)

    for item in extractor.extract_quads_many(only_articles()):
        if isinstance(item, ReadFailure):
            report.failures.append(item)
            continue
        result = item.extraction
        graph = extractor.minter.article(result.article.id)
        try:
            quads, _ = link_events(result, item.quads, extractor.minter, events)
            existed = graph in batches or store.has_article(graph)
        except Exception as exc:  # noqa: BLE001 - report and go on with the batch
            done([Written(result, error=exc)])
            continue
        if not existed:
            done(batches.add(result, graph, quads))
            continue
        done(batches.write())  # everything before it first, then its own transaction
        try:
            n = store.replace_article(graph, quads)
        except Exception as exc:  # noqa: BLE001 - report and go on with the batch
            done([Written(result, error=exc)])
            continue
        done([Written(result, n)], existed=True)
    done(batches.write())
    return report


def ingest_paths(
    paths: list[str],
    settings: Settings,
    *,
    published: date | None = None,
    input_format: str | None = None,
    progress: bool = False,
    verbose: bool = False,
) -> IngestReport:
    """``kg ingest``: read, extract and store every article under ``paths``."""
    store = OxigraphStore(settings.store_path)  # StoreBusyError if `kg serve` holds it
    try:
        extractor = Extractor.load(settings)
        items: Iterable[Article | ReadFailure] = read_articles(
            paths, published=published, input_format=input_format, max_chars=settings.max_chars
        )
        report = IngestReport()
        bar = None
        if progress:
            from tqdm import tqdm

            # counts articles read; the postfix counts those durably stored (batches lag)
            bar = tqdm(items, desc="ingest", unit=" article", file=sys.stderr)
            items = bar

        def on_stored(extraction: Extraction, n_quads: int) -> None:
            if verbose:
                _log_stored(extraction, n_quads)
            if bar is not None:
                bar.set_postfix_str(f"stored {report.stored}", refresh=False)

        return ingest_articles(items, store, extractor, report, on_stored=on_stored)
    finally:
        store.close()


def _log_stored(extraction: Extraction, n_quads: int) -> None:
    art = extraction.article
    print(f"stored {art.id} {n_quads} triples: {art.title[:80]}", flush=True)


def resolve_article_graph(settings: Settings, ident: str) -> NamedNode:
    """The graph IRI for an article id, an article IRI, or the article's source URL."""
    minter = IriMinter(settings.base_iri)
    if ident.startswith(minter.article("").value):
        return NamedNode(ident)
    if ident.startswith(("http://", "https://")):
        return minter.article(article_id(ident, "", ""))
    return minter.article(ident)


def delete_article(settings: Settings, ident: str) -> tuple[str, int]:
    """``kg delete``: remove one article's graph; NotFoundError names what was looked for."""
    graph = resolve_article_graph(settings, ident)
    store = OxigraphStore(settings.store_path)
    try:
        if not store.has_article(graph):
            raise NotFoundError(f"no article {ident!r} in the store at {settings.store_path}")
        return graph.value, store.delete_article(graph)
    finally:
        store.close()
