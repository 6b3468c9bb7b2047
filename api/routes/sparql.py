"""``/sparql``: the SPARQL 1.1 Protocol endpoint (query for everyone, update with a token)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from api.query_worker import QueryJob
from api.sparql import (
    check_token,
    parse_operation,
    refuse_network,
    service_description,
)
from api.state import app_state

router = APIRouter(tags=["SPARQL"])

_DOC = """SPARQL 1.1 Protocol endpoint.

* `GET /sparql?query=...` or `POST` (`application/x-www-form-urlencoded` with `query=`,
  or `application/sparql-query`). The default graph is the union of all article graphs;
  `default-graph-uri` / `named-graph-uri` override it.
* Results by `Accept`: SPARQL JSON (default), XML, CSV, TSV; CONSTRUCT/DESCRIBE as Turtle
  (default), N-Triples, JSON-LD, RDF/XML. A `format=` parameter (json, xml, csv, tsv,
  turtle, ntriples, jsonld, rdfxml) overrides `Accept`.
* Every query has a time limit (`KG_QUERY_TIMEOUT`) and a row limit (`KG_MAX_ROWS`;
  a cut answer carries `X-KG-Truncated: true`). `SERVICE` and `LOAD` are refused.
* `POST` with `application/sparql-update` (or form `update=`) needs
  `Authorization: Bearer <KG_WRITE_TOKEN>`; `using-graph-uri` / `using-named-graph-uri`
  are honoured. An update's WHERE sees the store's real default graph (empty), so use
  `GRAPH ?g { ... }` or `USING` there.
* Without a query, `GET /sparql` returns the SPARQL Service Description.

Example: `curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%205'`
"""



@router.api_route(
    "/sparql",
    methods=["GET", "POST"],
    summary="SPARQL 1.1 query and update",
    description=_DOC,
    responses={
        200: {"content": {"application/sparql-results+json": {}, "text/turtle": {}}},
        400: {"description": "syntax error (with line and column) or protocol error"},
        503: {"description": "the query ran past the time limit and was stopped"},
    },
)
async def sparql(request: Request) -> Response:
    state = app_state(request)
    body = await request.body() if request.method == "POST" else b""
    op = parse_operation(
        request.method,
        list(request.query_params.multi_items()),
        request.headers.get("content-type"),
        body,
    )
    endpoint = str(request.url.replace(query=""))
    accept = request.headers.get("accept")
    if op.update is not None:
        check_token(request.headers.get("authorization"), state.settings.write_token)
        refuse_network(op.update)
        await run_in_threadpool(state.update, op.update, endpoint)
        return Response(status_code=204)
    if op.query is None:
        media, data = service_description(endpoint, accept, bool(state.settings.write_token))
        return Response(data, media_type=media, headers={"Vary": "Accept"})
    refuse_network(op.query)
    job = QueryJob(
        query=op.query,
        accept=accept,
        format=op.format,
        default_graphs=tuple(op.default_graphs),
        named_graphs=tuple(op.named_graphs),
        base_iri=endpoint,
        max_rows=state.settings.max_rows,
    )
    answer = await state.pool.run_async(job)  # raises the query's KGError
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers["X-KG-Truncated"] = "true"
        headers["X-KG-Max-Rows"] = str(state.settings.max_rows)
    return Response(answer.body, media_type=answer.media_type, headers=headers)
