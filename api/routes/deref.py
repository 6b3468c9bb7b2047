"""Dereferencing our IRIs: ``GET <base path>/{kind}/{id}`` describes the resource.

Content negotiation: ``text/html`` gets the web explorer's entity page
(``api/static/entity.html``) when it exists, else a small server-rendered page;
``application/json`` the REST description; RDF types (Turtle by default, so ``curl``
gets Turtle) a CBD-like RDF description.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from api import articles, entities, events
from api.data import Ids, best_labels
from api.results import Format, negotiate
from api.routes.entities import rdf_response
from api.state import AppState, app_state
from kg.errors import NotFoundError
from kg.rdf import KIND_OF_PATH

STATIC = Path(__file__).resolve().parents[1] / "static"
VIEWS = (
    Format("turtle", "text/turtle", ("application/x-turtle",)),
    Format("html", "text/html", ("application/xhtml+xml",)),
    Format("json", "application/json"),
    Format("jsonld", "application/ld+json"),
    Format("ntriples", "application/n-triples"),
    Format("rdfxml", "application/rdf+xml"),
)


def make_router(prefix: str) -> APIRouter:
    """Routes under the base IRI's path (``/id`` for ``https://newskg.org/id/``)."""
    router = APIRouter(tags=["Linked data"])

    @router.get(prefix + "/{kind}/{ident:path}", summary="Dereference a newskg IRI",
                description="HTML for browsers, Turtle (default), JSON-LD, N-Triples, "
                            "RDF/XML or the REST JSON by `Accept`.")
    def dereference(kind: str, ident: str, request: Request) -> Response:
        state = app_state(request)
        ids = state.ids
        iri = ox.NamedNode(f"{state.settings.base_iri}{kind}/{ident}")
        fmt = negotiate(request.headers.get("accept"), VIEWS, request.query_params.get("format"))
        headers = {"Vary": "Accept"}
        if fmt.name == "json":
            return JSONResponse(_json(state, ids, kind, ident, iri), headers=headers)
        if fmt.name == "html":
            page = STATIC / "entity.html"
            if page.is_file() and kind in KIND_OF_PATH:
                return FileResponse(page, media_type="text/html", headers=headers)
            return HTMLResponse(_html(state, iri), headers=headers)
        return rdf_response(state, iri, fmt)

    return router


def _json(state: AppState, ids: Ids, kind: str, ident: str, iri: ox.NamedNode) -> Any:
    if kind == "event":
        return events.describe_event(state.store, ids, iri)
    if kind == "article":
        return articles.describe_article(state.store, ids, iri)
    if kind in KIND_OF_PATH:  # the entity kinds' paths (events were answered above)
        return entities.describe(state.store, ids, iri)
    raise NotFoundError(f"no JSON view for {iri.value}; ask for text/turtle")


def _cell(term: Any, base: str) -> str:
    if isinstance(term, ox.NamedNode):
        href = term.value
        if href.startswith(base):
            href = "/" + href.split("://", 1)[-1].split("/", 1)[-1]
        return f'<a href="{escape(href)}">{escape(term.value)}</a>'
    if isinstance(term, ox.Literal):
        return escape(term.value[:500] + ("…" if len(term.value) > 500 else ""))
    return escape(str(term))


def _html(state: AppState, iri: ox.NamedNode) -> str:
    """A plain table of the resource's statements (when no entity page is installed)."""
    triples = entities.rdf_description(state.store, iri)
    label = best_labels(state.store, [iri.value]).get(iri.value, iri.value)
    base = state.settings.base_iri
    rows = "\n".join(
        f"<tr><td>{_cell(t.subject, base)}</td><td>{_cell(t.predicate, base)}</td>"
        f"<td>{_cell(t.object, base)}</td></tr>"
        for t in sorted(triples, key=lambda t: (t.subject != iri, str(t.predicate)))
    )
    return (
        "<!doctype html><html lang=en><meta charset=utf-8>"
        f"<title>{escape(label)} · newskg</title>"
        "<style>body{font:15px system-ui;margin:2em}td{padding:2px 8px;vertical-align:top}"
        "tr:nth-child(odd){background:#f4f4f4}</style>"
        f"<h1>{escape(label)}</h1><p><code>{escape(iri.value)}</code></p>"
        f"<p>Also as <a href='?format=turtle'>Turtle</a>, <a href='?format=jsonld'>JSON-LD</a>, "
        f"<a href='?format=json'>JSON</a>.</p><table>{rows}</table></html>"
    )
