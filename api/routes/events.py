"""``/events`` and ``/places``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from api import events as model
from api.results import negotiate
from api.routes.entities import RDF_VIEWS, rdf_response
from api.state import app_state

router = APIRouter(tags=["Events and places"])

EVENT_EXAMPLE = {
    "id": "3f2a9c0d1e2b4a5f", "iri": "https://newskg.org/id/event/3f2a9c0d1e2b4a5f",
    "type": "attack", "type_label": "attack", "label": "shelled", "date": "2022-03-01",
    "precision": "day", "factuality": "asserted", "confidence": 0.7,
    "places": [{"id": "place/kharkiv-706483", "label": "Kharkiv", "lat": 49.98081,
                "lon": 36.25272}],
    "actors": [{"id": "group/russian", "label": "Russian", "role": "agent"}],
    "quantities": [{"kind": "killed", "count": 5, "thing": "people", "exact": True}],
}



@router.get("/events", summary="Events by type, actor, place and date",
            responses={200: {"content": {"application/json": {"example": {
                "items": [EVENT_EXAMPLE], "total": 1, "limit": 50, "offset": 0}}}}})
def list_events(
    request: Request,
    type: str | None = Query(None, description="event type id, e.g. attack"),  # noqa: A002
    actor: str | None = Query(None, description="entity id, e.g. person/sergei-shoigu"),
    place: str | None = Query(None, description="entity id, e.g. place/kharkiv-706483"),
    since: str | None = Query(None, description="YYYY-MM-DD"),
    until: str | None = Query(None, description="YYYY-MM-DD"),
    limit: int = Query(50, ge=1, le=1000),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    state = app_state(request)
    return model.list_events(state.store, state.ids, type_=type, actor=actor,
                             place=place, since=since, until=until, limit=limit, offset=offset)


@router.get("/events/{event_id}", summary="One event with its mentions and sentences",
            description="JSON by default; `Accept: text/turtle` or `application/ld+json` "
                        "gives its RDF description.",
            responses={200: {"content": {"application/json": {"example": {
                **EVENT_EXAMPLE, "content": None, "speaker": None, "attributed_to": None,
                "mentions": [{"article": {"id": "a1b2", "title": "...", "url": None,
                                          "published": "2022-03-01"},
                              "text": "shelled", "start": 120, "end": 127,
                              "sentence": "Russian forces shelled Kharkiv on Tuesday."}]}}}}})
def get_event(event_id: str, request: Request) -> Any:
    state = app_state(request)
    ids = state.ids
    iri = ids.event_iri(event_id)
    fmt = negotiate(request.headers.get("accept"), RDF_VIEWS, request.query_params.get("format"))
    if fmt.name != "json":
        return rdf_response(state, iri, fmt)
    return model.describe_event(state.store, ids, iri)


@router.get("/places", summary="Places with coordinates, with event and mention counts")
def list_places(request: Request, limit: int = Query(1000, ge=1, le=10000)) -> dict[str, Any]:
    state = app_state(request)
    return model.places(state.store, state.ids, limit)
