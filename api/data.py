"""Small helpers shared by the REST read models: running our own (trusted) queries,
turning terms into JSON values, and mapping API ids to IRIs and back.

User input reaches query text only as IRIs validated by ``pyoxigraph.NamedNode`` (after
the id segments passed a strict pattern); ``VALUES`` lists hold IRIs from the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import NotFoundError
from kg.rdf import KIND_OF_PATH, kind_of, local_id
from kg.store import OxigraphStore
from kg.vocab import sparql_prefixes

PREFIXES = sparql_prefixes()
_SEGMENT = re.compile(r"^[A-Za-z0-9._~\-]+$")
_ENTITY_PATHS = [path for path, kind in KIND_OF_PATH.items() if kind != "event"]
# entity kind, or its IRI path segment ("org" as well as "organization") -> path segment
PATH_OF_KIND = {KIND_OF_PATH[p]: p for p in _ENTITY_PATHS} | {p: p for p in _ENTITY_PATHS}
ROLE_PROPS = ("agent", "target", "victim", "instrument", "speaker", "participant")


def bind_iris(query: str, bind: dict[str, ox.NamedNode]) -> str:
    """Write each bound variable as its IRI (``NamedNode`` has validated it: no ``>``)."""
    for name, iri in bind.items():
        query = re.sub(r"[?$]" + name + r"(?!\w)", f"<{iri.value}>", query)
    return query


def select(store: OxigraphStore, query: str, **bind: ox.NamedNode) -> list[dict[str, Any]]:
    """Run a SELECT over the union graph; rows as {var: term or None}; ``bind`` fixes IRIs."""
    result = store.raw.query(PREFIXES + bind_iris(query, bind), use_default_graph_as_union=True)
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    return [{n: row[n] for n in names} for row in result]  # type: ignore[union-attr]


def construct(store: OxigraphStore, query: str, **bind: ox.NamedNode) -> list[ox.Triple]:
    return list(store.raw.query(PREFIXES + bind_iris(query, bind),
                                use_default_graph_as_union=True))  # type: ignore[arg-type]


def values(var: str, iris: Iterable[str]) -> str:
    """A VALUES clause over IRIs that came from the store."""
    return f"VALUES ?{var} {{ " + " ".join(f"<{i}>" for i in iris) + " }"


def lit(term: Any) -> Any:
    """A term's JSON value: numbers as numbers, everything else as its lexical form."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1]
        try:
            if dt in ("integer", "nonNegativeInteger", "int", "long"):
                return int(term.value)
            if dt in ("decimal", "double", "float"):
                return float(term.value)
        except ValueError:
            return term.value
        if dt == "boolean":
            return term.value == "true"
    return term.value


def local(iri: str | None) -> str | None:
    if iri is None:
        return None
    return re.split(r"[#/]", iri.rstrip("/"))[-1]


def string(text: str) -> str:
    """A SPARQL string literal for ``text``."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\r", "\\r"))
    return f'"{escaped}"'


class Ids:
    """API ids <-> IRIs under one base IRI (and the event types' display labels)."""

    def __init__(self, base: str, type_labels: dict[str, str] | None = None) -> None:
        self.base = base
        self.type_labels = type_labels or {}

    def entity_iri(self, kind: str, slug: str) -> ox.NamedNode:
        path = PATH_OF_KIND.get(kind)
        if path is None or not _SEGMENT.match(slug):
            raise NotFoundError(f"no entity {kind}/{slug}")
        return ox.NamedNode(f"{self.base}{path}/{slug}")

    def entity_id(self, id_: str) -> ox.NamedNode:
        kind, _, slug = id_.strip("/").partition("/")
        return self.entity_iri(kind, slug)

    def event_iri(self, event_id: str) -> ox.NamedNode:
        event_id = event_id.removeprefix("event/")
        if not _SEGMENT.match(event_id):
            raise NotFoundError(f"no event {event_id}")
        return ox.NamedNode(f"{self.base}event/{event_id}")

    def article_iri(self, article_id: str) -> ox.NamedNode:
        if not _SEGMENT.match(article_id):
            raise NotFoundError(f"no article {article_id}")
        return ox.NamedNode(f"{self.base}article/{article_id}")

    def id_of(self, iri: str) -> str:
        return local_id(iri, self.base)

    def kind_of(self, iri: str) -> str:
        return kind_of(iri, self.base)

    def short_id(self, iri: str) -> str:
        """Event and article ids drop their kind: "event/abc" -> "abc"."""
        return self.id_of(iri).split("/", 1)[-1]


def _chunks(iris: list[str], size: int = 400) -> Iterator[list[str]]:
    """Slices of ``iris`` short enough for one ``VALUES`` clause."""
    for start in range(0, len(iris), size):
        yield iris[start:start + size]


def best_labels(store: OxigraphStore, iris: list[str]) -> dict[str, str]:
    """The label most article graphs agree on (ties: the longer one), per IRI."""
    out: dict[str, tuple[int, int, str]] = {}
    for chunk in _chunks(iris):
        rows = select(store, "SELECT ?n ?l (COUNT(?g) AS ?c) WHERE { " + values("n", chunk)
                      + " GRAPH ?g { ?n rdfs:label ?l } } GROUP BY ?n ?l")
        for r in rows:
            key = (int(r["c"].value), len(r["l"].value), r["l"].value)
            if key > out.get(r["n"].value, (0, 0, "")):
                out[r["n"].value] = key
    return {n: v[2] for n, v in out.items()}


def sentences(store: OxigraphStore, mention_iris: list[str]) -> dict[str, str]:
    """The sentence text around each mention (cut from its article's ``nif:isString``).

    Kept out of the callers' OPTIONALs: Oxigraph would evaluate such a block for every
    mention in the store before joining.
    """
    out: dict[str, str] = {}
    for chunk in _chunks(mention_iris):
        for r in select(store, "SELECT ?m ?sentence WHERE { " + values("m", chunk) + """
                ?m nkg:sentence ?s . ?s nif:beginIndex ?sb ; nif:endIndex ?se ;
                   nif:referenceContext ?art . ?art nif:isString ?full .
                BIND(SUBSTR(?full, xsd:integer(?sb) + 1, xsd:integer(?se) - xsd:integer(?sb))
                     AS ?sentence) }"""):
            out[r["m"].value] = r["sentence"].value
    return out


def mentions(store: OxigraphStore, subject: ox.NamedNode, ids: Ids, limit: int = 200
             ) -> list[dict[str, Any]]:
    """Text mentions of ``subject`` with their sentence and article, in reading order."""
    rows = select(store, """
      SELECT ?m ?art ?title ?url ?pub ?text ?b ?e WHERE {
        ?s gaf:denotedBy ?m . ?m nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?text ;
           nif:referenceContext ?art .
        OPTIONAL { ?art dcterms:title ?title } OPTIONAL { ?art schema:url ?url }
        OPTIONAL { ?art schema:datePublished ?pub }
      } ORDER BY ?pub ?art ?b LIMIT """ + str(int(limit)), s=subject)
    sent = sentences(store, [r["m"].value for r in rows])
    return [
        {
            "article": {"id": ids.short_id(r["art"].value), "title": lit(r["title"]),
                        "url": lit(r["url"]), "published": lit(r["pub"])},
            "text": lit(r["text"]), "start": lit(r["b"]), "end": lit(r["e"]),
            "sentence": sent.get(r["m"].value),
        }
        for r in rows
    ]


def load_type_labels(path: Path) -> dict[str, str]:
    """Event type IRI -> English ``skos:prefLabel`` from ``ontology/event-types.ttl``."""
    if not path.is_file():
        return {}
    labels: dict[str, str] = {}
    pref = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        lang = getattr(q.object, "language", None)
        if q.predicate == pref and isinstance(q.object, ox.Literal) and lang in (None, "en"):
            labels[q.subject.value] = q.object.value  # type: ignore[union-attr]
    return labels
