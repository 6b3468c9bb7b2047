"""``/articles``: list, read, ingest (token), delete (token)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from api import articles as model
from api.results import Format, negotiate
from api.sparql import check_token
from api.state import app_state
from kg.errors import NotFoundError
from kg.export import serialize_quads

GRAPH_VIEWS = (Format("json", "application/json"), Format("turtle", "text/turtle"),
               Format("trig", "application/trig"), Format("nquads", "application/n-quads"),
               Format("jsonld", "application/ld+json"),
               Format("ntriples", "application/n-triples"))

router = APIRouter(tags=["Articles"])

POST_DOC = """Extract one article and store it as its own named graph (replacing an earlier
version with the same id). Needs `Authorization: Bearer <KG_WRITE_TOKEN>`.

Body: a JSON object (`title`, `text`, `url`, `published`, `source`, `id`), plain text
(first line the title, optional `Published:` / `Source:` / `URL:` header lines), or HTML.
The spaCy pipeline is loaded on the first call, which therefore takes a few seconds.

    curl -X POST -H 'Authorization: Bearer $KG_WRITE_TOKEN' -H 'Content-Type: application/json' \\
      -d '{"title": "Talks in Gomel", "text": "Ukrainian and Russian delegations met ...",
           "published": "2022-02-28"}' http://127.0.0.1:8000/articles
"""



@router.get("/articles", summary="Stored articles, newest first")
def list_articles(request: Request, limit: int = Query(50, ge=1, le=1000),
                  offset: int = Query(0, ge=0)) -> dict[str, Any]:
    state = app_state(request)
    return model.list_articles(state.store, state.ids, limit, offset)


@router.get("/articles/{article_id}", summary="One article: metadata, text, entities, events",
            description="JSON by default; an RDF type in `Accept` (Turtle, TriG, N-Quads, "
                        "JSON-LD, ...) gives the article's whole named graph.")
def get_article(article_id: str, request: Request) -> Any:
    state = app_state(request)
    ids = state.ids
    iri = ids.article_iri(article_id)
    fmt = negotiate(request.headers.get("accept"), GRAPH_VIEWS, request.query_params.get("format"))
    if fmt.name == "json":
        return model.describe_article(state.store, ids, iri)
    if not state.store.has_article(iri):
        raise NotFoundError(f"no article {article_id}")
    quads = list(state.store.raw.quads_for_pattern(None, None, None, iri))
    return Response(serialize_quads(quads, fmt.name), media_type=fmt.media_type,
                    headers={"Vary": "Accept"})


@router.post(
    "/articles", status_code=201, summary="Ingest one article (token)", description=POST_DOC,
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"example": {"title": "Talks in Gomel", "published": "2022-02-28",
                                         "text": "Ukrainian and Russian delegations met ..."}},
        "text/plain": {"example": "Talks in Gomel\nPublished: 2022-02-28\n\nUkrainian ..."},
        "text/html": {}}}},
)
async def post_article(
    request: Request, response: Response,
    published: Annotated[date | None,
                         Query(description="publication date if the body has none")] = None,
) -> dict[str, Any]:
    state = app_state(request)
    check_token(request.headers.get("authorization"), state.settings.write_token)
    body = await request.body()
    article = model.parse_body(body, request.headers.get("content-type"), published,
                               state.settings.max_chars)
    extraction, n, replaced, event_iris = await run_in_threadpool(state.ingest, article)
    ids = state.ids
    response.headers["Location"] = f"/articles/{article.id}"
    if replaced:
        response.status_code = 200
    return model.extraction_summary(extraction, state.minter, ids, n, replaced, event_iris)


@router.delete("/articles/{article_id}", summary="Delete one article's graph (token)")
async def delete_article(article_id: str, request: Request) -> dict[str, Any]:
    state = app_state(request)
    check_token(request.headers.get("authorization"), state.settings.write_token)
    ids = state.ids
    ids.article_iri(article_id)  # validates the id
    n = await run_in_threadpool(state.delete, article_id)
    return {"id": article_id, "deleted_quads": n}
