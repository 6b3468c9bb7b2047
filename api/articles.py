"""Article read model, request-body parsing for POST /articles, and streamed exports."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pyoxigraph as ox

from api.data import Ids, best_labels, lit, local, select
from kg.errors import InputError, NotFoundError
from kg.export import check_export_format, write_export
from kg.rdf import IriMinter
from kg.records import Article, Extraction
from kg.store import OxigraphStore

ORIGIN = "<POST /articles>"


def parse_body(body: bytes, content_type: str | None, published: date | None,
               max_chars: int) -> Article:
    """One article from a JSON object, plain text (with optional headers) or HTML body."""
    from kg.articles import article_from_json, decode, parse_html, parse_txt

    text = decode(body, ORIGIN, max_chars)
    media = (content_type or "").split(";")[0].strip().lower()
    kw: dict[str, Any] = {"default_published": published, "max_chars": max_chars}
    if media in ("application/json", "") and text.lstrip().startswith("{"):
        import json

        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
                             ) from None
        return article_from_json(obj, ORIGIN, **kw)
    if media == "application/json":
        raise InputError("a JSON body must be one object with 'title' and 'text'")
    if media in ("text/html", "application/xhtml+xml"):
        return parse_html(text, ORIGIN, **kw)
    if media in ("text/plain", "text/markdown", ""):
        return parse_txt(text, ORIGIN, **kw)
    raise InputError(f"send the article as application/json, text/plain or text/html, "
                     f"not {media}")


def extraction_summary(extraction: Extraction, minter: IriMinter, ids: Ids, n_quads: int,
                       replaced: bool, event_iris: dict[str, ox.NamedNode]) -> dict[str, Any]:
    """What a POST stored; ``event_iris`` are the IRIs its events were stored under
    (merged in the article and linked to other articles' events)."""
    art = extraction.article
    iri = minter.article(art.id).value
    return {
        "id": art.id, "iri": iri, "title": art.title, "url": art.url,
        "published": art.published.isoformat() if art.published else None,
        "replaced": replaced, "triples": n_quads,
        "entities": [{"id": ids.id_of(minter.entity(e).value), "label": e.label, "type": e.kind,
                      "mentions": len(e.mentions)} for e in extraction.entities],
        "events": [{"id": ids.short_id(event_iris[ev.key].value), "type": ev.type,
                    "label": ev.trigger.text,
                    "date": ev.time.begin.isoformat() if ev.time else None}
                   for ev in extraction.events],
    }


_META = """SELECT ?a ?title ?url ?pub ?src WHERE { ?a a schema:NewsArticle .
    OPTIONAL { ?a dcterms:title ?title } OPTIONAL { ?a schema:url ?url }
    OPTIONAL { ?a schema:datePublished ?pub } OPTIONAL { ?a schema:publisher ?src } }"""


def _meta(ids: Ids, r: dict[str, Any]) -> dict[str, Any]:
    return {"id": ids.short_id(r["a"].value), "iri": r["a"].value, "title": lit(r["title"]),
            "url": lit(r["url"]), "published": lit(r["pub"]), "source": lit(r["src"])}


def list_articles(store: OxigraphStore, ids: Ids, limit: int, offset: int) -> dict[str, Any]:
    total = select(store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }")
    rows = select(store, _META + f" ORDER BY DESC(?pub) ?a LIMIT {int(limit)} OFFSET {int(offset)}")
    return {"items": [_meta(ids, r) for r in rows], "total": lit(total[0]["n"]),
            "limit": limit, "offset": offset}


def describe_article(store: OxigraphStore, ids: Ids, iri: ox.NamedNode) -> dict[str, Any]:
    if not store.has_article(iri):
        raise NotFoundError(f"no article {ids.short_id(iri.value)}")
    rows = select(store, """SELECT ?title ?url ?pub ?src ?text WHERE {
        OPTIONAL { ?a dcterms:title ?title } OPTIONAL { ?a schema:url ?url }
        OPTIONAL { ?a schema:datePublished ?pub } OPTIONAL { ?a schema:publisher ?src }
        OPTIONAL { ?a nif:isString ?text } } LIMIT 1""", a=iri)
    out = _meta(ids, {**rows[0], "a": iri})
    out["text"] = lit(rows[0]["text"])
    out["triples"] = sum(1 for _ in store.raw.quads_for_pattern(None, None, None, iri))
    ents = select(store, """SELECT DISTINCT ?e WHERE { GRAPH ?a { ?e prov:wasDerivedFrom ?a .
        FILTER NOT EXISTS { ?e a sem:Event } } }""", a=iri)
    evs = select(store, """SELECT DISTINCT ?e ?type ?label ?date WHERE { GRAPH ?a {
        ?e a sem:Event . OPTIONAL { ?e sem:eventType ?type } OPTIONAL { ?e rdfs:label ?label }
        OPTIONAL { ?e sem:hasTimeStamp ?date } } } ORDER BY ?date ?e""", a=iri)
    labels = best_labels(store, [r["e"].value for r in ents])
    out["entities"] = [{"id": ids.id_of(r["e"].value), "label": labels.get(r["e"].value),
                        "type": ids.kind_of(r["e"].value)} for r in ents]
    out["events"] = [{"id": ids.short_id(r["e"].value), "type": local(lit(r["type"])),
                      "label": lit(r["label"]), "date": lit(r["date"])} for r in evs]
    return out


EXPORT_MEDIA = {
    "turtle": "text/turtle", "trig": "application/trig", "nquads": "application/n-quads",
    "ntriples": "application/n-triples", "jsonld": "application/ld+json",
    "graphml": "application/graphml+xml",
}
EXPORT_SUFFIX = {"turtle": "ttl", "trig": "trig", "nquads": "nq", "ntriples": "nt",
                 "jsonld": "jsonld", "graphml": "graphml"}


class _QueueWriter:
    """A write-only file object that hands chunks to a bounded queue (back-pressure)."""

    def __init__(self, q: queue.Queue[bytes | BaseException | None]) -> None:
        self.q = q
        self.buf = bytearray()

    def write(self, data: bytes) -> int:
        self.buf += data
        if len(self.buf) >= 64 * 1024:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buf:
            put(self.q, bytes(self.buf))
            self.buf.clear()


def put(q: queue.Queue[bytes | BaseException | None], item: bytes | BaseException | None) -> None:
    """Hand a chunk over; give up if the reader is gone (a client that disconnected)."""
    try:
        q.put(item, timeout=120)
    except queue.Full:
        raise OSError("the export's reader went away") from None


def stream_export(store: OxigraphStore, fmt: str) -> Iterator[bytes]:
    """Chunks of the export in ``fmt``, produced by a writer thread as they are read."""
    check_export_format(fmt)
    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=32)

    def produce() -> None:
        writer = _QueueWriter(chunks)
        try:
            write_export(store, fmt, writer)  # type: ignore[arg-type]
            writer.flush()
            put(chunks, None)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer
            try:
                put(chunks, exc)
            except OSError:
                pass

    threading.Thread(target=produce, daemon=True, name="kg-export").start()

    def consume() -> Iterator[bytes]:
        while True:
            item = chunks.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    return consume()
