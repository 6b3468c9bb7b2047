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

import networkx as nx

from kg.store import OxigraphStore
from kg.vocab import sparql_prefixes

KIND_OF_PATH = {"person": "person", "org": "organization", "place": "place",
                "group": "group", "event": "event"}
ENTITY_KINDS = ("person", "organization", "place", "group")

_EDGES = sparql_prefixes() + """
SELECT ?g ?s ?p ?o ?plabel WHERE { GRAPH ?g {
  { ?s a sem:Event ; ?p ?o .
    FILTER(?p IN (nkg:agent, nkg:target, nkg:victim, nkg:instrument, nkg:speaker,
                  nkg:participant, sem:hasActor, sem:hasPlace, prov:wasAttributedTo)) }
  UNION
  { ?s org:holds ?post . ?post org:postIn ?o . BIND(org:holds AS ?p)
    OPTIONAL { ?post rdfs:label ?plabel } }
} %s }
"""
_ATTRS = sparql_prefixes() + """
SELECT ?n ?label ?lat ?lon ?etype (COUNT(?g) AS ?c) WHERE {
  %s
  GRAPH ?g { ?n rdfs:label ?label }
  OPTIONAL { ?n wgs:lat ?lat ; wgs:long ?lon }
  OPTIONAL { ?n sem:eventType ?etype }
} GROUP BY ?n ?label ?lat ?lon ?etype
"""
_LABELS = {
    "hasPlace": "place", "hasActor": "actor", "wasAttributedTo": "attributed to",
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

    @classmethod
    def build(cls, store: OxigraphStore, base_iri: str) -> GraphProjection:
        proj = cls(store, base_iri)
        proj.reload()
        return proj

    # --- keeping in step -------------------------------------------------------

    def reload(self) -> None:
        """Rebuild from the whole store (start-up, or after a raw SPARQL Update)."""
        with self._lock:
            self.graph = nx.MultiDiGraph()
            self._by_article, self._edge_count = {}, Counter()
            for article, edges in self._edges_of(None).items():
                self._add(article, edges)
            self._refresh_attrs(list(self.graph.nodes))
            self.version += 1

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
        flt = f"FILTER(?g = <{article_iri}>)" if article_iri else ""
        out: dict[str, list[Edge]] = {}
        specific: set[tuple[str, str, str]] = set()
        rows = list(self.store.raw.query(_EDGES % flt))  # type: ignore[arg-type]
        for row in rows:
            prop = row["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            if prop != "hasActor":
                specific.add((row["g"].value, row["s"].value, row["o"].value))
        for row in rows:
            g, s, o = row["g"].value, row["s"].value, row["o"].value
            if not (s.startswith(self.base) and o.startswith(self.base)):
                continue
            prop = row["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            if prop == "hasActor" and (g, s, o) in specific:
                continue
            if prop == "holds":
                label = row["plabel"].value if row["plabel"] is not None else "post in"
            else:
                label = _LABELS.get(prop, prop)
            out.setdefault(g, []).append(Edge(s, o, label))
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
        for chunk_start in range(0, len(nodes), 500):
            chunk = nodes[chunk_start:chunk_start + 500]
            if not chunk:
                continue
            values = "VALUES ?n { " + " ".join(f"<{n}>" for n in chunk) + " }"
            best: dict[str, tuple[int, int, str]] = {}
            for row in self.store.query(_ATTRS % values):  # type: ignore[attr-defined]
                n = row["n"].value
                attrs = self.graph.nodes[n]
                count, label = int(row["c"].value), row["label"].value
                if (count, len(label)) > best.get(n, (0, 0, ""))[:2]:
                    best[n] = (count, len(label), label)
                    attrs["label"] = label
                if row["lat"] is not None:
                    attrs["lat"], attrs["lon"] = float(row["lat"].value), float(row["lon"].value)
                if row["etype"] is not None:
                    attrs["event_type"] = row["etype"].value.rsplit("/", 1)[-1]

    # --- ids -------------------------------------------------------------------

    def kind_of(self, iri: str) -> str:
        path = iri[len(self.base):].split("/", 1)[0] if iri.startswith(self.base) else ""
        return KIND_OF_PATH.get(path, "other")

    def slug_label(self, iri: str) -> str:
        return iri.rsplit("/", 1)[-1].replace("-", " ")

    def node_id(self, iri: str) -> str:
        """API id: "person/sergei-shoigu", "event/<hash>"."""
        return iri[len(self.base):] if iri.startswith(self.base) else iri

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
        if self._betweenness and self._betweenness[0] == self.version:
            return self._betweenness[1]
        simple = nx.Graph(self.graph.to_undirected(as_view=True))
        n = simple.number_of_nodes()
        k = None if n <= 1000 else 300  # sampled above 1,000 nodes (fixed seed)
        scores = nx.betweenness_centrality(simple, k=k, seed=0) if n else {}
        self._betweenness = (self.version, scores)
        return scores


__all__ = ["Edge", "GraphProjection", "ENTITY_KINDS", "KIND_OF_PATH"]
