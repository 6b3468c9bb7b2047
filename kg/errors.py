"""One error hierarchy for the library.

The CLI maps these to a one-line message and a non-zero exit code; the API maps them
to RFC 9457 ``application/problem+json`` responses with the ``status`` given here.
"""

from __future__ import annotations

import re


class KGError(Exception):
    """Base class of every error newskg raises on purpose."""

    status = 500
    exit_code = 1
    title = "newskg error"


class InputError(KGError):
    """An article source cannot be read: empty, binary, bad encoding, malformed."""

    status = 400
    exit_code = 2
    title = "Bad input"


class ConfigError(KGError):
    """A setting is wrong or a required component (such as the spaCy pipeline) is missing."""

    status = 500
    exit_code = 3
    title = "Configuration error"


class StoreError(KGError):
    """The graph store failed or refused an operation."""

    status = 500
    exit_code = 4
    title = "Store error"


class StoreBusyError(StoreError):
    """The on-disk store is held by another process (usually ``kg serve``)."""

    status = 503
    exit_code = 5
    title = "Store busy"


class NotFoundError(KGError):
    """An id (article, entity, event) is not in the store."""

    status = 404
    exit_code = 6
    title = "Not found"


class QueryError(KGError):
    """A SPARQL query is malformed, refused, or ran past its limits."""

    status = 400
    exit_code = 7
    title = "Bad query"


class QuerySyntaxError(QueryError):
    """A SPARQL query or update does not parse; ``extra`` holds the line and column.

    >>> QuerySyntaxError("SPARQL syntax error: error at 2:5: expected '}'").extra
    {'line': 2, 'column': 5}
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        m = _POSITION.search(message)
        self.extra = {"line": int(m.group(1)), "column": int(m.group(2))} if m else {}


_POSITION = re.compile(r"error at (\d+):(\d+)")  # as pyoxigraph words its SyntaxError


class QueryTimeoutError(QueryError):
    status = 503
    title = "Query timed out"


class ForbiddenError(KGError):
    status = 403
    exit_code = 8
    title = "Forbidden"
