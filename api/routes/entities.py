"""``/entities``: search, central actors, descriptions, neighbourhoods; ``/paths``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from api import entities as model
from api.results import Format, negotiate, write_graph
from api.state import AppState, app_state
from kg.errors import InputError, NotFoundError
from kg.vocab import PREFIXES

router = APIRouter(tags=["Entities and graph"])

JSON = Format("json", "application/json")
RDF_VIEWS = (JSON, Format("turtle", "text/turtle"), Format("jsonld", "application/ld+json"),
             Format("ntriples", "application/n-triples"), Format("rdfxml", "application/rdf+xml"))
KindParam = Literal["person", "organization", "place", "group"]

SEARCH_EXAMPLE = {"items": [{"id": "person/sergei-shoigu", "iri": "https://newskg.org/id/person/sergei-shoigu",
                             "label": "Sergei Shoigu", "type": "person", "alt_labels": ["Shoigu"],
                             "mentions": 3, "articles": 1}], "total": 1, "limit": 20, "offset": 0}
NEIGHBORS_EXAMPLE = {
    "nodes": [{"id": "person/sergei-shoigu", "label": "Sergei Shoigu", "type": "person",
               "iri": "https://newskg.org/id/person/sergei-shoigu"},
              {"id": "event/3f2a9c0d1e2b4a5f", "label": "said", "type": "event",
               "iri": "https://newskg.org/id/event/3f2a9c0d1e2b4a5f", "event_type": "statement"}],
    "edges": [{"source": "event/3f2a9c0d1e2b4a5f", "target": "person/sergei-shoigu",
               "label": "speaker"}],
    "truncated": False,
}



@router.get("/entities", summary="Search entities by name or alias",
            responses={200: {"content": {"application/json": {"example": SEARCH_EXAMPLE}}}})
def search_entities(
    request: Request,
    q: str | None = Query(None, description="case-insensitive prefix of any word of a name",
                          examples=["shoig"]),
    type: Annotated[KindParam | None,  # noqa: A002
                    Query(description="only this kind of entity")] = None,
    limit: int = Query(20, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    state = app_state(request)
    return model.search(state.store, state.ids, q, type, limit, offset)


@router.get("/entities/top", summary="The most central entities",
            responses={200: {"content": {"application/json": {"example": {"items": [
                {"id": "place/ukraine-690791", "label": "Ukraine", "type": "place",
                 "score": 14.0}]}}}}})
def top_entities(
    request: Request,
    by: Literal["degree", "betweenness"] = "degree",
    limit: int = Query(10, ge=1, le=200),
    type: str | None = Query(None, description="comma-separated kinds, e.g. person,organization"),  # noqa: A002
) -> dict[str, Any]:
    state = app_state(request)
    kinds = _kinds(type) or ("person", "organization", "place", "group")
    ranked = state.graph.top(by, limit, kinds)
    items = []
    for iri, score in ranked:
        node = state.graph.node(iri)
        items.append({"id": node["id"], "label": node["label"], "type": node["type"],
                      "score": round(score, 6)})
    return {"items": items, "by": by}


def _kinds(types: str | None) -> set[str] | None:
    if not types:
        return None
    kinds = {t.strip() for t in types.split(",") if t.strip()}
    known = {"person", "organization", "place", "group", "event"}
    if not kinds <= known:
        raise InputError(f"unknown types {sorted(kinds - known)}; use {sorted(known)}")
    return kinds


@router.get("/entities/{kind}/{slug}", summary="Full description of one entity",
            description="JSON by default; `Accept: text/turtle` or `application/ld+json` "
                        "gives its RDF description.")
def get_entity(kind: str, slug: str, request: Request) -> Any:
    state = app_state(request)
    ids = state.ids
    iri = ids.entity_iri(kind, slug)
    fmt = negotiate(request.headers.get("accept"), RDF_VIEWS, request.query_params.get("format"))
    if fmt.name != "json":
        return rdf_response(state, iri, fmt)
    return model.describe(state.store, ids, iri)


def rdf_response(state: AppState, iri: Any, fmt: Format) -> Response:
    triples = model.rdf_description(state.store, iri)
    return Response(write_graph(triples, fmt.name, dict(PREFIXES)), media_type=fmt.media_type,
                    headers={"Vary": "Accept"})


def graph_json(state: AppState, nodes: list[str], edges: list[Any], truncated: bool,
               fmt: str) -> dict[str, Any]:
    g = state.graph
    node_objs = [g.node(n) for n in nodes]
    edge_objs = [{"source": g.node_id(e.source), "target": g.node_id(e.target), "label": e.label}
                 for e in edges]
    if fmt == "cytoscape":
        return {"elements": {
            "nodes": [{"data": n} for n in node_objs],
            "edges": [{"data": {"id": f"{e['source']}|{e['label']}|{e['target']}", **e}}
                      for e in edge_objs]},
            "truncated": truncated}
    return {"nodes": node_objs, "edges": edge_objs, "truncated": truncated}


@router.get("/entities/{kind}/{slug}/neighbors", summary="k-hop neighbourhood (nodes and edges)",
            description="Breadth-first over actor-event-place links, ignoring direction. Only "
                        "nodes of the listed `types` are visited; at most `limit` nodes, and a "
                        "hub contributes at most 500 links per step (`truncated` says so).",
            responses={200: {"content": {"application/json": {"example": NEIGHBORS_EXAMPLE}}}})
def neighbors(
    kind: str, slug: str, request: Request,
    depth: int = Query(1, ge=1, le=3),
    limit: int = Query(200, ge=1, le=5000),
    types: str | None = Query(None, description="e.g. person,place,event"),
    format: Literal["json", "cytoscape"] = "json",  # noqa: A002
) -> dict[str, Any]:
    state = app_state(request)
    iri = state.ids.entity_iri(kind, slug).value
    known = state.graph.has_node(iri)
    if not known and not model.exists(state.store, state.ids.entity_iri(kind, slug)):
        raise NotFoundError(f"no entity {kind}/{slug}")
    nodes, edges, truncated = state.graph.neighbors(iri, depth, limit, _kinds(types))
    return graph_json(state, nodes, edges, truncated, format)


@router.get("/paths", summary="How two entities are connected",
            description="Shortest paths (at most 10) of at most `max_len` links, ignoring "
                        "direction; `paths` lists node ids from `from` to `to`.")
async def paths(
    request: Request,
    from_: str = Query(..., alias="from", examples=["person/sergei-shoigu"]),
    to: str = Query(..., examples=["place/kharkiv-706483"]),
    max_len: int = Query(4, ge=1, le=8),
    format: Literal["json", "cytoscape"] = "json",  # noqa: A002
) -> dict[str, Any]:
    state = app_state(request)
    ids = state.ids
    a, b = ids.entity_id(from_).value, ids.entity_id(to).value
    for iri, name in ((a, from_), (b, to)):
        if not state.graph.has_node(iri) and not model.exists(state.store, ids.entity_id(name)):
            raise NotFoundError(f"no entity {name}")
    found = await run_in_threadpool(state.graph.paths, a, b, max_len)
    nodes = list(dict.fromkeys(n for p in found for n in p))
    out = graph_json(state, nodes, state.graph.edges_along(found), False, format)
    out["paths"] = [[state.graph.node_id(n) for n in p] for p in found]
    return out
