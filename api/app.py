"""The newskg web service: ``create_app(settings)`` builds a FastAPI app over one store.

The app opens the store read-write when it is created (it owns it until shutdown),
builds the graph projection, and starts SPARQL worker processes lazily. The spaCy
pipeline is only loaded by the first ``POST /articles``.

>>> # uvicorn.run(create_app(Settings.from_env()), host="127.0.0.1", port=8000)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from api import errors
from api.routes import articles, deref, entities, events, meta, sparql
from api.state import AppState
from kg import __version__
from kg.config import Settings

STATIC = Path(__file__).resolve().parent / "static"

DESCRIPTION = """A knowledge graph of news articles: people, organisations, places and
events extracted with spaCy and rules, stored as RDF (one named graph per article).

* **SPARQL 1.1** at `/sparql` (read-only unless you hold the write token).
* **REST** for entities, neighbourhoods, paths, events, places and articles.
* **Linked data**: every IRI under the base IRI dereferences (`/id/...`).

Errors are RFC 9457 `application/problem+json`.
"""


def create_app(settings: Settings, *, workers: int = 2, sandbox: bool = True,
               memory_limit: int = 2 << 30) -> FastAPI:
    """Build the app over ``settings.store_path``.

    ``workers``: SPARQL worker processes at most; ``sandbox``: cut their network access;
    ``memory_limit``: resident bytes a worker may use before its query is stopped.
    """
    state = AppState(settings, workers=workers, sandbox=sandbox, memory_limit=memory_limit)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.pool.warm_up()
        try:
            yield
        finally:
            state.close()

    app = FastAPI(title="newskg", version=__version__, description=DESCRIPTION,
                  lifespan=lifespan)
    app.state.kg = state
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
        allow_headers=["Accept", "Authorization", "Content-Type"],
        expose_headers=["X-KG-Truncated", "X-KG-Max-Rows", "Location"],
        max_age=3600,
    )
    errors.install(app)
    for module in (sparql, entities, events, articles, meta):
        app.include_router(module.router)
    base_path = urlsplit(settings.base_iri).path.rstrip("/") or "/id"
    app.include_router(deref.make_router(base_path))

    @app.get("/", include_in_schema=False)
    def index() -> object:
        page = STATIC / "index.html"
        if page.is_file():
            return FileResponse(page, media_type="text/html")
        return HTMLResponse("<!doctype html><title>newskg</title><h1>newskg</h1>"
                            "<p>See <a href=/docs>/docs</a> and <a href=/sparql>/sparql</a>.</p>")

    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


__all__ = ["create_app"]
