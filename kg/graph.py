"""A networkx projection of the store: actors, events and places as nodes.

Edges: event -> actor (role: agent, target, victim, ...), event -> place (``place``),
event -> speaker it is attributed to (``attributed to``), person -> organisation or
country through a post (the post's label). Each article's contribution is remembered,
so ingesting or deleting an article updates the projection in place (a few small
queries) instead of rebuilding it. Reads are bounded: breadth-first search over the
undirected neighbourhood with a node limit and a cap on how many links of a hub are
followed.

>>> from kg.store import OxigraphStore
>>> proj = GraphProjection.build(OxigraphStore(None), "https://newskg.org/id/")
>>> proj.graph.number_of_nodes()
0
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.rdf import kind_of, local_id
from kg.store import OxigraphStore
from kg.vocab import NKG_IRI, ORG, PROV, RDFS, SEM, WGS

ENTITY_KINDS = ("person", "organization", "place", "group")

_ROLE_EDGES = {  # predicate IRI -> edge label
    NKG_IRI + "agent": "agent", NKG_IRI + "target": "target", NKG_IRI + "victim": "victim",
    NKG_IRI + "instrument": "instrument", NKG_IRI + "speaker": "speaker",
    NKG_IRI + "participant": "participant", SEM.hasActor.value: "actor",
    SEM.hasPlace.value: "place", PROV.wasAttributedTo.value: "attributed to",
}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str


class GraphProjection:
    """The actor-event-place graph kept in step with an :class:`OxigraphStore`."""

    def __init__(self, store: OxigraphStore, base_iri: str) -> None:
        self.store = store
        self.base = base_iri
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._by_article: dict[str, list[Edge]] = {}
        self._edge_count: Counter[Edge] = Counter()
        self._lock = threading.RLock()
        self.version = 0
        self._betweenness: tuple[int, dict[str, float]] | None = None
        self._betweenness_job: threading.Thread | None = None
        self._ready = threading.Event()
        self.error: str | None = None

    @classmethod
    def build(cls, store: OxigraphStore, base_iri: str) -> GraphProjection:
        proj = cls(store, base_iri)
        proj.reload()
        return proj

    def load_in_background(self) -> threading.Thread:
        """Build in a thread (a server starts at once); reads wait until it is done."""
        thread = threading.Thread(target=self.reload, daemon=True, name="kg-graph-build")
        thread.start()
        return thread

    def wait_ready(self, timeout: float = 120.0) -> None:
        from kg.errors import StoreBusyError, StoreError

        if not self._ready.wait(timeout):
            raise StoreBusyError("the graph projection is still being built; try again soon")
        if self.error:
            raise StoreError(self.error)

    def has_node(self, iri: str) -> bool:
        self.wait_ready()
        return iri in self.graph

    # --- keeping in step -------------------------------------------------------

    def reload(self) -> None:
        """Rebuild from the whole store (start-up, or after a raw SPARQL Update)."""
        try:
            with self._lock:
                self.graph = nx.MultiDiGraph()
                self._by_article, self._edge_count = {}, Counter()
                for article, edges in self._edges_of(None).items():
                    self._add(article, edges)
                self._refresh_attrs(list(self.graph.nodes))
                self.version += 1
                self.error = None
        except Exception as exc:
            self.error = f"building the graph projection failed: {exc!r}"
            raise
        finally:
            self._ready.set()

    def update_article(self, article_iri: str) -> None:
        """The article's graph was (re)written: replace its contribution."""
        with self._lock:
            old = self._remove(article_iri)
            new = self._edges_of(article_iri).get(article_iri, [])
            self._add(article_iri, new)
            touched = {e.source for e in new} | {e.target for e in new}
            self._refresh_attrs(list(touched | (old & set(self.graph.nodes))))
            self.version += 1

    def remove_article(self, article_iri: str) -> None:
        with self._lock:
            old = self._remove(article_iri)
            self._refresh_attrs(list(old & set(self.graph.nodes)))
            self.version += 1

    def _edges_of(self, article_iri: str | None) -> dict[str, list[Edge]]:
        """Edges per article graph, read straight from the quad indexes (no SPARQL)."""
        graph = ox.NamedNode(article_iri) if article_iri else None
        quads: Any = self.store.raw.quads_for_pattern
        found: dict[str, list[tuple[str, str, str]]] = {}
        for pred, label in _ROLE_EDGES.items():
            for q in quads(None, ox.NamedNode(pred), None, graph):
                if isinstance(q.graph_name, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
                    found.setdefault(q.graph_name.value, []).append(
                        (q.subject.value, q.object.value, label))
        for q in quads(None, ORG.holds, None, graph):
            post, g = q.object, q.graph_name
            for p in quads(post, ORG.postIn, None, g):
                names = [x.object.value for x in quads(post, RDFS.label, None, g)]
                found.setdefault(g.value, []).append(
                    (q.subject.value, p.object.value, min(names) if names else "post in"))
        out: dict[str, list[Edge]] = {}
        for gname, triples in found.items():
            specific = {(s, o) for s, o, label in triples if label != "actor"}
            out[gname] = [Edge(s, o, label) for s, o, label in triples
                      if s.startswith(self.base) and o.startswith(self.base)
                      and not (label == "actor" and (s, o) in specific)]
        return out

    def _add(self, article: str, edges: Iterable[Edge]) -> None:
        edges = list(dict.fromkeys(edges))
        self._by_article[article] = edges
        for e in edges:
            if self._edge_count[e] == 0:
                for n in (e.source, e.target):
                    if n not in self.graph:
                        self.graph.add_node(n, kind=self.kind_of(n), label=self.slug_label(n))
                self.graph.add_edge(e.source, e.target, key=e.label)
            self._edge_count[e] += 1

    def _remove(self, article: str) -> set[str]:
        edges = self._by_article.pop(article, [])
        touched: set[str] = set()
        for e in edges:
            self._edge_count[e] -= 1
            touched |= {e.source, e.target}
            if self._edge_count[e] <= 0:
                del self._edge_count[e]
                if self.graph.has_edge(e.source, e.target, key=e.label):
                    self.graph.remove_edge(e.source, e.target, key=e.label)
        for n in touched:
            if n in self.graph and self.graph.degree(n) == 0:
                self.graph.remove_node(n)
        return touched

    def _refresh_attrs(self, nodes: list[str]) -> None:
        """Label (the one most article graphs agree on), coordinates, event type."""
        quads: Any = self.store.raw.quads_for_pattern
        for n in nodes:
            node = ox.NamedNode(n)
            counts: Counter[str] = Counter(q.object.value for q in quads(node, RDFS.label, None, None))
            attrs = self.graph.nodes[n]
            if counts:
                attrs["label"] = max(counts, key=lambda lab: (counts[lab], len(lab), lab))
            lat = next(quads(node, WGS.lat, None, None), None)
            lon = next(quads(node, WGS.long, None, None), None)
            if lat is not None and lon is not None:
                attrs["lat"], attrs["lon"] = float(lat.object.value), float(lon.object.value)
            etype = next(quads(node, SEM.eventType, None, None), None)
            if etype is not None:
                attrs["event_type"] = etype.object.value.rsplit("/", 1)[-1]

    # --- ids -------------------------------------------------------------------

    def kind_of(self, iri: str) -> str:
        return kind_of(iri, self.base)

    def slug_label(self, iri: str) -> str:
        return iri.rsplit("/", 1)[-1].replace("-", " ")

    def node_id(self, iri: str) -> str:
        """API id: "person/sergei-shoigu", "event/<hash>"."""
        return local_id(iri, self.base)

    def node(self, iri: str) -> dict[str, object]:
        attrs = self.graph.nodes[iri] if iri in self.graph else {}
        out: dict[str, object] = {
            "id": self.node_id(iri),
            "label": attrs.get("label", self.slug_label(iri)),
            "type": attrs.get("kind", self.kind_of(iri)),
            "iri": iri,
        }
        for key in ("lat", "lon", "event_type"):
            if key in attrs:
                out[key] = attrs[key]
        return out

    # --- reads -----------------------------------------------------------------

    def neighbors(
        self,
        start: str,
        depth: int = 1,
        limit: int = 200,
        kinds: set[str] | None = None,
        fanout: int = 500,
    ) -> tuple[list[str], list[Edge], bool]:
        """Nodes within ``depth`` links of ``start`` (undirected), capped; edges among them.

        Only nodes whose kind is in ``kinds`` are visited (the start always is);
        a hub contributes at most ``fanout`` neighbours per visit.
        """
        self.wait_ready()
        with self._lock:
            g = self.graph
            if start not in g:
                return [start], [], False
            seen = {start: 0}
            frontier = [start]
            truncated = False
            for level in range(1, depth + 1):
                nxt: list[str] = []
                for node in frontier:
                    around = itertools.chain(g.successors(node), g.predecessors(node))
                    taken = 0
                    for nb in around:
                        if nb in seen:
                            continue
                        if kinds and g.nodes[nb].get("kind") not in kinds:
                            continue
                        if len(seen) >= limit or taken >= fanout:
                            truncated = True
                            break
                        seen[nb] = level
                        nxt.append(nb)
                        taken += 1
                frontier = nxt
                if not frontier:
                    break
            nodes = list(seen)
            return nodes, self._edges_among(seen), truncated

    def _edges_among(self, nodes: Iterable[str]) -> list[Edge]:
        keep = set(nodes)
        return [
            Edge(u, v, k)
            for u in keep
            for _, v, k in self.graph.out_edges(u, keys=True)
            if v in keep
        ]

    def paths(self, a: str, b: str, max_len: int = 4, max_paths: int = 10) -> list[list[str]]:
        """Shortest undirected paths from ``a`` to ``b`` of at most ``max_len`` links."""
        self.wait_ready()
        with self._lock:
            if a not in self.graph or b not in self.graph:
                return []
            view = self.graph.to_undirected(as_view=True)
            try:
                found = list(itertools.islice(nx.all_shortest_paths(view, a, b), max_paths))
            except nx.NetworkXNoPath:
                return []
            return [p for p in found if len(p) - 1 <= max_len]

    def edges_along(self, paths: list[list[str]]) -> list[Edge]:
        with self._lock:
            out: dict[Edge, None] = {}
            for path in paths:
                for u, v in itertools.pairwise(path):
                    for s, t in ((u, v), (v, u)):
                        for key in self.graph.get_edge_data(s, t, default={}):
                            out[Edge(s, t, key)] = None
            return list(out)

    def top(self, by: str = "degree", limit: int = 10, kinds: Iterable[str] = ENTITY_KINDS
            ) -> list[tuple[str, float]]:
        """Most central entities by distinct-neighbour degree or (sampled) betweenness."""
        wanted = set(kinds)
        self.wait_ready()
        with self._lock:
            if by == "betweenness":
                scores = self._betweenness_scores()
            else:
                g = self.graph
                scores = {n: float(len(set(g.successors(n)) | set(g.predecessors(n))))
                          for n in g}
            ranked = sorted(
                ((n, s) for n, s in scores.items() if self.graph.nodes[n].get("kind") in wanted),
                key=lambda item: (-item[1], item[0]),
            )
            return ranked[:limit]

    def _betweenness_scores(self) -> dict[str, float]:
        """Cached per version; small graphs inline, big ones in a background thread.

        While a big graph's scores are being recomputed the previous ones are served;
        when there are none yet, StoreBusyError (HTTP 503) asks the caller to retry.
        """
        cached = self._betweenness
        if cached and cached[0] == self.version:
            return cached[1]
        simple = nx.Graph(self.graph.to_undirected(as_view=True))
        if simple.number_of_nodes() <= INLINE_BETWEENNESS_NODES:
            scores = _betweenness(simple)
            self._betweenness = (self.version, scores)
            return scores
        if self._betweenness_job is None or not self._betweenness_job.is_alive():
            version = self.version

            def work() -> None:
                scores = _betweenness(simple)
                with self._lock:
                    if self._betweenness is None or self._betweenness[0] < version:
                        self._betweenness = (version, scores)

            self._betweenness_job = threading.Thread(target=work, daemon=True,
                                                     name="kg-betweenness")
            self._betweenness_job.start()
        if cached:
            return cached[1]
        from kg.errors import StoreBusyError

        raise StoreBusyError("betweenness is being computed for this graph; retry in a moment")


INLINE_BETWEENNESS_NODES = 2000


def _betweenness(g: nx.Graph) -> dict[str, float]:
    n = g.number_of_nodes()
    k = None if n <= 500 else 64  # sampled pivots above 500 nodes (fixed seed)
    return nx.betweenness_centrality(g, k=k, seed=0) if n else {}


__all__ = ["Edge", "GraphProjection", "ENTITY_KINDS"]
