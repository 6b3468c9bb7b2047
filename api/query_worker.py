"""Run one SPARQL query and serialise its answer: in a killable worker process, or inline.

A worker process opens a read-only *snapshot* of the store (a RocksDB checkpoint the
server makes after each write, see :mod:`api.querypool`), answers jobs from a pipe, and
is killed by the server when a job runs past its time limit. Before it opens anything it
tries to leave the network namespace (unprivileged user + network namespace), so even a
query that slipped past the ``SERVICE`` guard could not reach the network.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from api.results import (
    BOOLEAN_FORMATS,
    GRAPH_FORMATS,
    NATIVE_SELECT,
    SELECT_FORMATS,
    negotiate,
    write_boolean,
    write_graph,
    write_select,
    write_select_native,
)
from kg.errors import KGError, QuerySyntaxError, StoreError
from kg.vocab import PREFIXES


class QueryFailed(KGError):
    """The query parsed but could not be evaluated (e.g. a failing SERVICE call)."""

    status = 400
    title = "Query failed"


class SnapshotError(StoreError):
    """A worker could not open the store snapshot it was given."""


@dataclass(frozen=True)
class QueryJob:
    """Everything a worker needs to answer one query request (picklable)."""

    query: str
    accept: str | None = None
    format: str | None = None  # explicit ``format=`` parameter
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None
    max_rows: int = 10_000


@dataclass
class Answer:
    """A serialised answer, or the error to raise instead (it crosses the worker pipe)."""

    media_type: str = ""
    body: bytes = b""
    truncated: bool = False
    error: KGError | None = None


def _graph_term(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def execute(store: ox.Store, job: QueryJob) -> Answer:
    """Run ``job`` on ``store``; never raises for query problems (returns an error Answer)."""
    kwargs: dict[str, object] = {"prefixes": dict(PREFIXES)}
    if job.base_iri:
        kwargs["base_iri"] = job.base_iri
    if job.default_graphs or job.named_graphs:
        kwargs["default_graph"] = [_graph_term(g) for g in job.default_graphs]
        kwargs["named_graphs"] = [_graph_term(g) for g in job.named_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    try:
        result = store.query(job.query, **kwargs)  # type: ignore[arg-type]
        if isinstance(result, ox.QueryBoolean):
            fmt = negotiate(job.accept, BOOLEAN_FORMATS, job.format)
            return Answer(fmt.media_type, write_boolean(bool(result), fmt.name))
        if isinstance(result, ox.QuerySolutions):
            fmt = negotiate(job.accept, SELECT_FORMATS, job.format)
            if fmt.name in NATIVE_SELECT:
                body = write_select_native(result, fmt.name, job.max_rows)
                if body is not None:
                    return Answer(fmt.media_type, body)
                # maybe past the row limit: run it again, written here and cut at the limit
                result = store.query(job.query, **kwargs)  # type: ignore[arg-type]
                assert isinstance(result, ox.QuerySolutions)
            variables = [v.value for v in result.variables]
            rows, truncated = _take(result, job.max_rows)
            body = write_select(variables, rows, fmt.name)
            return Answer(fmt.media_type, body, truncated)
        fmt = negotiate(job.accept, GRAPH_FORMATS, job.format)
        triples, truncated = _take(result, job.max_rows)  # type: ignore[arg-type]
        body = write_graph(triples, fmt.name, dict(PREFIXES))
        return Answer(fmt.media_type, body, truncated)
    except SyntaxError as exc:
        return Answer(error=QuerySyntaxError(str(exc)))
    except (OSError, ValueError, RuntimeError, TypeError) as exc:
        return Answer(error=QueryFailed(str(exc)))


def _take(rows: object, max_rows: int) -> tuple[list[Any], bool]:
    out: list[Any] = []
    for row in rows:  # type: ignore[attr-defined]
        if len(out) >= max_rows:
            return out, True
        out.append(row)
    return out, False


def leave_network() -> bool:
    """Move this (single-threaded) process into empty user+network namespaces."""
    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(clone_newuser | clone_newnet) == 0
    except (OSError, AttributeError):
        return False


def worker_main(conn: Connection, sandbox: bool = True) -> None:
    """Worker loop: receive ``(snapshot_path, QueryJob)``, send back an ``Answer``.

    The first message sent back is ``("ready", sandboxed)``.
    """
    sandboxed = leave_network() if sandbox else False
    conn.send(("ready", sandboxed))
    store: ox.Store | None = None
    opened: str | None = None
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        snapshot, job = msg
        if snapshot != opened:
            store = None
            try:
                store = ox.Store.read_only(snapshot)
                opened = snapshot
            except OSError as exc:
                conn.send(Answer(error=SnapshotError(f"cannot open store snapshot: {exc}")))
                continue
        assert store is not None
        conn.send(execute(store, job))

