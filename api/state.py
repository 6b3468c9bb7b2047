"""What one running app holds: settings, the store it owns, the graph projection, the
SPARQL worker pool, and (loaded on the first POST /articles) the extraction pipeline.

Every write goes through here so the projection and the query snapshots follow it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.data import Ids, load_type_labels
from api.querypool import QueryPool
from kg.config import Settings
from kg.eventlink import EventIndex, link_events
from kg.graph import GraphProjection
from kg.rdf import IriMinter
from kg.store import OxigraphStore

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"

if TYPE_CHECKING:
    from pyoxigraph import NamedNode
    from starlette.requests import Request

    from kg.pipeline import Extractor
    from kg.records import Article, Extraction


class AppState:
    """Owns the store read-write for the life of the app."""

    def __init__(self, settings: Settings, *, workers: int = 2, sandbox: bool = True,
                 memory_limit: int = 2 << 30) -> None:
        self.settings = settings
        self.store = OxigraphStore(settings.store_path)
        self.minter = IriMinter(settings.base_iri)
        self.ids = Ids(settings.base_iri, load_type_labels(ONTOLOGY / "event-types.ttl"))
        self.graph = GraphProjection(self.store, settings.base_iri)
        self.graph.load_in_background()
        self.pool = QueryPool(self.store, settings.query_timeout, workers, sandbox, memory_limit)
        self.write_lock = threading.Lock()
        self._extractor: Extractor | None = None
        self._extractor_lock = threading.Lock()
        self._events: EventIndex | None = None  # shareable events, for linking new articles
        self.write_version = 0  # bumped by every write; keys the cache below
        self._cache: dict[str, tuple[int, Any]] = {}

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per write version (counting 1M triples takes seconds)."""
        hit = self._cache.get(key)
        version = self.write_version
        if hit is not None and hit[0] == version:
            return hit[1]
        value = compute()
        self._cache[key] = (version, value)
        return value

    def extractor(self) -> Extractor:
        """The spaCy pipeline and lexicons, loaded once on first use (not at start-up)."""
        with self._extractor_lock:
            if self._extractor is None:
                from kg.pipeline import Extractor

                self._extractor = Extractor.load(self.settings)
            return self._extractor

    def use_extractor(self, extractor: Extractor) -> None:
        """Use an already loaded pipeline (tests, or an embedding application)."""
        with self._extractor_lock:
            self._extractor = extractor

    def ingest(self, article: Article) -> tuple[Extraction, int, bool, dict[str, NamedNode]]:
        """Extract and store one article; returns (extraction, quads, replaced, the IRI
        each event is stored under by ``Event.key``)."""
        extractor = self.extractor()
        extraction = extractor.extract_one(article)
        graph = self.minter.article(article.id)
        own_quads = extractor.quads(extraction)  # no lock needed: only linking reads the index
        with self.write_lock:
            if self._events is None:  # built on the first write, kept up to date after it
                self._events = EventIndex.from_store(self.store, self.minter,
                                                     extractor.resources.events.family)
            try:
                quads, event_iris = link_events(extraction, own_quads, self.minter, self._events)
                existed = self.store.has_article(graph)
                n = self.store.replace_article(graph, quads)
            except Exception:
                # the index already holds the new events: back to what is stored
                self._events.reload(self.store, extractor.resources.events.family, graph.value)
                raise
            self.graph.update_article(graph.value)
            self.pool.refresh()
            self.write_version += 1
        return extraction, n, existed, event_iris

    def delete(self, article_id: str) -> int:
        graph = self.minter.article(article_id)
        with self.write_lock:
            n = self.store.delete_article(graph)
            if self._events is not None:
                self._events.forget(graph.value)
            self.graph.remove_article(graph.value)
            self.pool.refresh()
            self.write_version += 1
        return n

    def update(self, sparql: str, base_iri: str | None) -> None:
        """A raw SPARQL Update (token holders only); the projection is rebuilt after it."""
        with self.write_lock:
            self.store.update(sparql, base_iri=base_iri)
            self._events = None  # rebuilt from the store on the next ingest
            self.write_version += 1
            self.graph.reload()
            self.pool.refresh()

    def close(self) -> None:
        self.pool.close()
        self.store.close()


def app_state(request: Request) -> AppState:
    """The :class:`AppState` of the app serving ``request`` (set by ``create_app``)."""
    state: AppState = request.app.state.kg
    return state
