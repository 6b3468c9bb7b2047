"""Every error leaves the API as RFC 9457 ``application/problem+json``.

``KGError`` subclasses carry their own status and title; FastAPI's validation errors
become 422 problems, unknown routes 404 problems, anything unexpected a 500 problem
without internals.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg.errors import KGError

PROBLEM = "application/problem+json"


class UnsupportedMediaType(KGError):
    status = 415
    title = "Unsupported media type"


class MethodNotAllowed(KGError):
    status = 405
    title = "Method not allowed"


class Unauthorized(KGError):
    status = 401
    title = "Unauthorized"


log = logging.getLogger("newskg.api")


def problem(status: int, title: str, detail: str, **extra: object) -> JSONResponse:
    """A problem+json response; ``type`` is about:blank as RFC 9457 allows."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def install(app: FastAPI) -> None:
    """Register the exception handlers on ``app``."""

    @app.exception_handler(KGError)
    async def _kg_error(request: Request, exc: KGError) -> JSONResponse:
        extra = getattr(exc, "extra", None) or {}
        return problem(exc.status, exc.title, str(exc), **extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {404: "Not found", 405: "Method not allowed"}
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return problem(exc.status_code, titles.get(exc.status_code, "HTTP error"), detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        msgs = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return problem(422, "Invalid request", "; ".join(msgs))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem(500, "Internal error", f"{type(exc).__name__}; see the server log")
