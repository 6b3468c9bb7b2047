"""Read-side commands: SPARQL queries, statistics, and reaching a store held by ``kg serve``.

An on-disk Oxigraph store is held by one process. When ``kg serve`` holds it, read
commands (``query``, ``stats``, ``export``) go through the server's HTTP API instead
(found through ``<store>/serve.json``); write commands say clearly that it is busy.
"""

from __future__ import annotations

import io
import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any, TypeVar

import pyoxigraph as ox

from kg.config import Settings
from kg.errors import NotFoundError, QueryError, StoreBusyError
from kg.store import OxigraphStore, StoreStats, read_serve_info
from kg.vocab import PREFIXES, sparql_prefixes

_MEDIA = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "table": "application/sparql-results+json",
}
_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


@contextmanager
def open_for_reading(settings: Settings) -> Iterator[OxigraphStore]:
    """Open the store for a read command; NotFoundError if there is no store yet."""
    path = settings.store_path
    if not path.exists() or not any(path.iterdir()):
        raise NotFoundError(f"no store at {path}; build one with `kg ingest PATH --store {path}`")
    store = OxigraphStore(path)
    try:
        yield store
    finally:
        store.close()


def server_url(settings: Settings) -> str | None:
    info = read_serve_info(settings.store_path)
    return str(info["url"]).rstrip("/") if info else None


T = TypeVar("T")


def local_or_served(settings: Settings, local: Callable[[OxigraphStore], T],
                    served: Callable[[str], T]) -> T:
    """``local(store)`` on the store, or ``served(url)`` when ``kg serve`` holds it.

    The store stays open only while ``local`` runs, so it must not return lazy results.
    """
    try:
        with open_for_reading(settings) as store:
            return local(store)
    except StoreBusyError:
        url = server_url(settings)
        if url is None:
            raise
        return served(url)


def _http_get(url: str, accept: str) -> bytes:
    buf = io.BytesIO()
    http_download(url, buf, accept)
    return buf.getvalue()


def http_download(url: str, output: IO[bytes], accept: str = "*/*") -> None:
    """Stream a GET from the local server into ``output`` (used when it holds the store)."""
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310 - loopback
            shutil.copyfileobj(response, output, 1 << 20)
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")
        try:
            detail = json.loads(detail).get("detail", detail)  # problem+json
        except (ValueError, AttributeError):
            pass
        raise QueryError(f"server answered {exc.code}: {detail}") from None
    except urllib.error.URLError as exc:
        raise StoreBusyError(f"the store is held by a server at {url} that does not answer: {exc}") from None


def run_query(settings: Settings, sparql: str, fmt: str) -> Any:
    """Run a query locally, or through ``kg serve`` if it holds the store.

    Returns pyoxigraph results (local) or raw bytes in the requested format (server).
    """
    def served(url: str) -> Any:
        body = _http_get(f"{url}/sparql?" + urllib.parse.urlencode({"query": sparql}), _MEDIA[fmt])
        return json.loads(body) if fmt == "table" else body

    # Our usual prefixes (schema:, sem:, nkg:, ...) are predeclared for convenience.
    return local_or_served(
        settings, lambda store: materialise(store.query(sparql, prefixes=dict(PREFIXES)), fmt),
        served)


def materialise(result: Any, fmt: str) -> Any:
    """Turn lazy pyoxigraph results into bytes or a JSON-results dict before the store closes."""
    if isinstance(result, ox.QueryBoolean):
        return {"head": {}, "boolean": bool(result)} if fmt == "table" else _bool_bytes(bool(result), fmt)
    if isinstance(result, ox.QueryTriples):
        out = io.BytesIO()
        ox.serialize(result, out, ox.RdfFormat.JSON_LD if fmt == "json" else ox.RdfFormat.TURTLE)
        return out.getvalue()
    if fmt == "table":
        return json.loads(result.serialize(format=ox.QueryResultsFormat.JSON))
    return result.serialize(format=_RESULT_FORMATS[fmt])


def _bool_bytes(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    return f"{'true' if value else 'false'}\n".encode()


def format_results(result: Any, fmt: str) -> bytes:
    """Render SPARQL JSON results as an aligned text table."""
    if isinstance(result, bytes):
        return result
    if "boolean" in result:
        return f"{'true' if result['boolean'] else 'false'}\n".encode()
    names = result["head"]["vars"]
    rows = [[_cell(b.get(v)) for v in names] for b in result["results"]["bindings"]]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    widths = [min(w, 80) for w in widths]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(c[:80].ljust(w) for c, w in zip(r, widths, strict=True)))
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return ("\n".join(lines) + "\n").encode()


def _cell(term: dict[str, str] | None) -> str:
    if term is None:
        return ""
    return f"<{term['value']}>" if term["type"] == "uri" else term["value"].replace("\n", " ")


STATS_QUERY = (
    sparql_prefixes()
    + """
SELECT
  (COUNT(DISTINCT ?person) AS ?persons) (COUNT(DISTINCT ?org) AS ?organizations)
  (COUNT(DISTINCT ?place) AS ?places) (COUNT(DISTINCT ?linked) AS ?places_linked)
  (COUNT(DISTINCT ?event) AS ?events) (COUNT(DISTINCT ?statement) AS ?statements)
  (COUNT(DISTINCT ?post) AS ?posts) (COUNT(DISTINCT ?group) AS ?groups)
WHERE {
  { ?person a schema:Person } UNION { ?org a schema:Organization }
  UNION { ?place a schema:Place } UNION { ?linked a schema:Place ; wgs:lat ?lat }
  UNION { ?event a sem:Event } UNION { ?statement a nkg:Statement }
  UNION { ?post a org:Post } UNION { ?group a nkg:GroupActor }
}
"""
)


STATS_COUNTS = ("persons", "organizations", "places", "places_linked", "groups", "events",
                "statements", "posts")


def statistics(store: OxigraphStore, base: StoreStats | None = None) -> dict[str, int]:
    """Counts of articles, triples and things; ``base`` reuses ``store.stats()`` if known."""
    base = base or store.stats()
    row = next(iter(store.query(STATS_QUERY)))  # type: ignore[call-overload]
    counts = {name: int(row[name].value) for name in STATS_COUNTS}
    return {"articles": base.articles, "triples": base.triples, "quads": base.quads, **counts}


def store_statistics(settings: Settings) -> dict[str, Any]:
    """``kg stats``: counts of articles, triples and things, locally or through the server."""
    return local_or_served(settings, statistics,
                           lambda url: json.loads(_http_get(f"{url}/stats", "application/json")))


__all__ = ["run_query", "store_statistics", "format_results", "local_or_served", "open_for_reading"]
