"""``/healthz``, ``/stats``, ``/export``, ``/queries``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.articles import EXPORT_MEDIA, EXPORT_SUFFIX, stream_export
from api.state import app_state
from kg.query import statistics

router = APIRouter(tags=["Service"])
QUERIES_DIR = Path(__file__).resolve().parents[2] / "ontology" / "queries"



@router.get("/healthz", summary="Liveness and a size summary")
def healthz(request: Request) -> dict[str, Any]:
    state = app_state(request)
    stats = state.cached("store-stats", state.store.stats)
    return {"status": "ok", "articles": stats.articles, "triples": stats.triples}


@router.get("/stats", summary="Counts of articles, triples, entities and events",
            responses={200: {"content": {"application/json": {"example": {
                "articles": 7, "triples": 5120, "quads": 5210,
                "entities": {"person": 40, "organization": 22, "place": 35, "group": 9},
                "events": 61, "places_with_coords": 30}}}}})
def stats(request: Request) -> dict[str, Any]:
    state = app_state(request)
    base = state.cached("statistics", lambda: statistics(
        state.store, state.cached("store-stats", state.store.stats)))
    return {
        **base,  # the flat counts `kg stats` prints, then the contract's shape
        "entities": {"person": base["persons"], "organization": base["organizations"],
                     "place": base["places"], "group": base["groups"]},
        "places_with_coords": base["places_linked"],
        "graph": {"nodes": state.graph.graph.number_of_nodes(),
                  "edges": state.graph.graph.number_of_edges()},
        "sparql": state.pool.stats(),
    }


@router.get("/export", summary="The whole graph, streamed",
            description="Turtle/JSON-LD/N-Triples hold the union of all article graphs; "
                        "TriG/N-Quads keep one named graph per article; GraphML is a "
                        "networkx view for Gephi, yEd or Cytoscape.",
            responses={200: {"content": {m: {} for m in EXPORT_MEDIA.values()}}})
async def export(
    request: Request,
    format: Literal["turtle", "trig", "nquads", "ntriples", "jsonld", "graphml"] = "turtle",  # noqa: A002
) -> StreamingResponse:
    state = app_state(request)
    chunks = await run_in_threadpool(stream_export, state.store, format)
    name = f"newskg.{EXPORT_SUFFIX[format]}"
    return StreamingResponse(chunks, media_type=EXPORT_MEDIA[format],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


_FIELD = re.compile(r"^#\s*([A-Za-z_-]+)\s*:\s*(.*)$")


def parse_query_file(path: Path) -> dict[str, str]:
    """A saved query and its comment header: ``# title: ...``, ``# description: ...``.

    Without ``key:`` lines the first comment line is the title and the rest the description.
    """
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    loose: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _FIELD.match(line)
        if m and m.group(1).lower() in ("title", "description", "name", "tags", "params"):
            fields[m.group(1).lower()] = m.group(2).strip()
        else:
            loose.append(line.lstrip("#").strip())
    loose = [x for x in loose if x]
    title = fields.get("title") or (loose[0] if loose else path.stem.replace("-", " "))
    rest = loose[1:] if not fields.get("title") else loose
    description = fields.get("description") or " ".join(rest)
    return {"name": path.stem, "title": title, "description": description, "sparql": text}


@router.get("/queries", summary="Saved example queries (ontology/queries/*.rq)")
def queries(request: Request) -> dict[str, Any]:
    folder = getattr(request.app.state, "queries_dir", QUERIES_DIR)
    items = [parse_query_file(p) for p in sorted(Path(folder).glob("*.rq"))]
    return {"items": items}
