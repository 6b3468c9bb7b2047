"""The SPARQL endpoint: formats, errors, safety (tokens, SERVICE/LOAD, limits)."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.query_worker import QueryFailed, QueryJob
from tests.api.conftest import TOKEN

pytestmark = pytest.mark.slow

PERSONS = "SELECT ?p ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?p"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _count(client: TestClient) -> int:
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_direct_post_agree(client):
    get = client.get("/sparql", params={"query": PERSONS})
    assert get.status_code == 200
    assert get.headers["content-type"].startswith("application/sparql-results+json")
    form = client.post("/sparql", data={"query": PERSONS})
    direct = client.post("/sparql", content=PERSONS,
                         headers={"Content-Type": "application/sparql-query"})
    assert get.json() == form.json() == direct.json()
    names = {b["name"]["value"] for b in get.json()["results"]["bindings"]}
    assert {"Sergei Shoigu", "Dmitry Peskov"} <= names


def test_default_graph_is_the_union_and_named_graphs_are_addressable(client):
    union = client.get("/sparql", params={"query": "ASK { ?e gaf:denotedBy ?m }"}).json()
    assert union["boolean"] is True
    one = client.get("/sparql", params={
        "query": "SELECT DISTINCT ?a WHERE { ?a a schema:NewsArticle }",
        "default-graph-uri": "https://newskg.org/id/article/handmade-visit"}).json()
    assert [b["a"]["value"] for b in one["results"]["bindings"]] == \
        ["https://newskg.org/id/article/handmade-visit"]


@pytest.mark.parametrize("accept,parse", [
    ("application/sparql-results+xml", "xml"), ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
])
def test_select_result_formats(client, accept, parse):
    r = client.get("/sparql", params={"query": PERSONS}, headers={"Accept": accept})
    assert r.headers["content-type"].startswith(accept)
    expected = len(client.get("/sparql", params={"query": PERSONS}).json()["results"]["bindings"])
    if parse == "xml":
        ns = "{http://www.w3.org/2005/sparql-results#}"
        assert len(list(ET.fromstring(r.content).iter(f"{ns}result"))) == expected
    elif parse == "csv":
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[0] == ["p", "name"] and len(rows) - 1 == expected
    else:
        lines = r.text.rstrip("\n").split("\n")
        assert lines[0] == "?p\t?name" and lines[1].startswith("<https://newskg.org/id/person/")
        assert len(lines) - 1 == expected


@pytest.mark.parametrize("accept,fmt", [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_construct_and_describe_formats(client, accept, fmt):
    q = "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a schema:Person ; rdfs:label ?n }"
    r = client.post("/sparql", data={"query": q}, headers={"Accept": accept})
    assert r.headers["content-type"].startswith(accept)
    triples = [q.triple for q in ox.parse(r.content, format=fmt)]
    assert ox.Triple(ox.NamedNode("https://newskg.org/id/person/sergei-shoigu"),
                     ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                     ox.Literal("Sergei Shoigu")) in triples
    d = client.get("/sparql", params={"query": "DESCRIBE <https://newskg.org/id/person/sergei-shoigu>"},
                   headers={"Accept": accept})
    assert list(ox.parse(d.content, format=fmt))


def test_service_description_without_query(client):
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    triples = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(t.predicate == ox.NamedNode(sd + "endpoint") for t in triples)
    assert any(t.object == ox.NamedNode(sd + "SPARQL11Query") for t in triples)


def test_cors_preflight_and_simple_request(client):
    pre = client.options("/sparql", headers={
        "Origin": "http://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] in ("*", "http://yasgui.example")
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://x.example"})
    assert r.headers["access-control-allow-origin"] == "*"


def test_syntax_error_is_a_problem_with_position(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE {\n ?s ?p }"})
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == 400 and body["line"] == 2 and body["column"] >= 1
    assert "error at 2:" in body["detail"]


def test_update_without_token_is_refused_and_changes_nothing(client):
    before = _count(client)
    upd = "INSERT DATA { GRAPH <http://x/g> { <http://x/s> <http://x/p> 1 } }"
    r = client.post("/sparql", content=upd, headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    r = client.post("/sparql", data={"update": upd}, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 403
    assert client.get("/sparql", params={"update": upd}).status_code == 405
    assert _count(client) == before


def test_update_with_token_is_applied_and_visible(writable):
    before = _count(writable)
    upd = "INSERT DATA { GRAPH <http://x/g> { <http://x/s> <http://x/p> 1 } }"
    r = writable.post("/sparql", content=upd,
                      headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert r.status_code == 204
    assert _count(writable) == before + 1


def test_update_resolves_relative_iris_against_the_endpoint(writable):
    upd = "INSERT DATA { GRAPH <g> { <s> <http://x/p> 1 } }"
    r = writable.post("/sparql", content=upd,
                      headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert r.status_code == 204
    ask = "ASK { GRAPH <http://testserver/g> { <http://testserver/s> <http://x/p> 1 } }"
    assert writable.get("/sparql", params={"query": ask}).json()["boolean"] is True


def test_update_errors_are_problems_not_crashes(writable):
    """A syntax error gives its position; an update that cannot run is a 400, not a 500."""
    headers = {**AUTH, "Content-Type": "application/sparql-update"}
    before = _count(writable)
    r = writable.post("/sparql", content="INSERT DATA {\n  <http://x/s> }", headers=headers)
    assert r.status_code == 400
    assert r.json()["line"] == 2 and "syntax" in r.json()["detail"]
    r = writable.post("/sparql", content="DROP GRAPH <http://x/never-there>", headers=headers)
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    assert "does not exist" in r.json()["detail"]
    assert _count(writable) == before


def test_unreadable_snapshot_is_a_store_error_not_a_bad_query(writable):
    """The server's own failure (a worker cannot open the store snapshot) is a 500."""
    import shutil

    shutil.rmtree(writable.app.state.kg.pool.snapshots.current)
    r = writable.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 500
    assert r.json()["title"] == "Store error"
    assert "snapshot" in r.json()["detail"]


class Listener:
    """A loopback TCP listener that records every connection it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.connections.append(conn.recv(4096))
            except OSError:
                self.connections.append(b"")
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


def test_service_and_load_never_reach_the_network(client, writable, listener):
    url = f"http://127.0.0.1:{listener.port}/sparql"
    queries = [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ # comment\n?x ?y ?z . SeRvIcE<{url}>{{ ?s ?p ?o }} }}",
    ]
    for q in queries:
        r = client.get("/sparql", params={"query": q})
        assert r.status_code == 403, q
        assert "SERVICE" in r.json()["detail"]
    r = writable.post("/sparql", data={"update": f"LOAD <{url}> INTO GRAPH <http://x/g>"},
                      headers=AUTH)
    assert r.status_code == 403
    r = writable.post("/sparql", data={"update": "INSERT { GRAPH <http://x/g> { ?s ?p ?o } } "
                                                 f"WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"},
                      headers=AUTH)
    assert r.status_code == 403
    # the words inside strings and IRIs are fine
    ok = client.get("/sparql", params={"query": 'SELECT ("SERVICE LOAD" AS ?x) WHERE {}'})
    assert ok.status_code == 200
    assert listener.connections == []


def test_worker_sandbox_blocks_service_even_past_the_guard(fresh_settings, listener):
    """Defence in depth: a SERVICE that skipped the text guard still cannot connect."""
    from api.querypool import QueryPool
    from kg.store import OxigraphStore

    store = OxigraphStore(fresh_settings.store_path)
    pool = QueryPool(store, timeout=10, max_workers=1, sandbox=True)
    try:
        pool.run(QueryJob("ASK {}"))  # starts the worker, which reports its sandbox
        if not pool.stats()["sandboxed"]:
            pytest.skip("this OS does not allow unprivileged network namespaces")
        with pytest.raises(QueryFailed):
            pool.run(QueryJob(
                f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/s> {{ ?s ?p ?o }} }}"))
    finally:
        pool.close()
        store.close()
    assert listener.connections == []


def test_memory_hungry_query_is_stopped(fresh_settings):
    """A query whose worker grows past the memory cap is killed; the next query works."""
    from api.querypool import QueryAbortedError, QueryPool
    from kg.store import OxigraphStore

    store = OxigraphStore(fresh_settings.store_path)
    pool = QueryPool(store, timeout=60, max_workers=1, memory_limit=256 << 20)
    try:
        with pytest.raises(QueryAbortedError, match="256 MB"):
            pool.run(QueryJob("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"))
        assert pool.stats()["killed"] == 1
        assert b"true" in pool.run(QueryJob("ASK { ?s ?p ?o }")).body
    finally:
        pool.close()
        store.close()


def test_row_limit_truncates_and_says_so(fresh_settings):
    from api.app import create_app

    with TestClient(create_app(fresh_settings.with_(max_rows=5))) as c:
        r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert len(r.json()["results"]["bindings"]) == 5
        assert r.headers["x-kg-truncated"] == "true" and r.headers["x-kg-max-rows"] == "5"
        small = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
        assert "x-kg-truncated" not in small.headers


def test_runaway_query_is_stopped_without_harming_others(fresh_settings):
    from api.app import create_app

    app = create_app(fresh_settings.with_(query_timeout=2.0))
    with TestClient(app) as c, ThreadPoolExecutor(2) as pool:
        slow = pool.submit(c.get, "/sparql", params={"query": RUNAWAY})
        quick = [c.get("/sparql", params={"query": "ASK { ?s a schema:Person }"})
                 for _ in range(3)]
        r = slow.result()
        assert r.status_code == 503
        assert r.headers["content-type"] == "application/problem+json"
        assert "stopped" in r.json()["detail"]
        assert all(q.json()["boolean"] is True for q in quick)
        assert app.state.kg.pool.stats()["killed"] == 1
        after = c.get("/sparql", params={"query": "ASK { ?s a schema:Person }"})
        assert after.json()["boolean"] is True


def test_protocol_errors(client):
    assert client.put("/sparql", content="ASK {}").status_code == 405
    r = client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and r.headers["content-type"] == "application/problem+json"
    r = client.get("/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D")
    assert r.status_code == 400
    assert json.loads(r.content)["title"] == "Bad query"


def test_a_request_waiting_for_a_worker_is_not_overtaken_for_ever(fresh_settings):
    """With every worker busy, a request waits; requests arriving on the event loop later
    must not keep taking the worker before it (they queue behind it)."""
    import asyncio

    from api.querypool import QueryPool
    from kg.store import OxigraphStore

    store = OxigraphStore(fresh_settings.store_path)
    pool = QueryPool(store, timeout=30, max_workers=1)
    order: list[str] = []
    try:
        pool.run(QueryJob("ASK { ?s ?p ?o }"))  # the one worker is started and idle

        async def main() -> None:

            def waiting_request() -> None:
                pool.run(QueryJob("ASK { ?s ?p ?o }"))
                order.append("waiting")

            async def stream() -> None:
                for _ in range(60):
                    await pool.run_async(QueryJob("ASK { ?s ?p ?o }"))
                    order.append("loop")

            first = asyncio.ensure_future(stream())
            await asyncio.sleep(0)  # the stream holds the worker
            waiter = asyncio.get_running_loop().run_in_executor(None, waiting_request)
            while pool.stats()["requests_waiting"] == 0 and not order.count("waiting"):
                await asyncio.sleep(0.001)
            await asyncio.gather(first, stream(), stream(), waiter)

        asyncio.run(main())
    finally:
        pool.close()
        store.close()
    assert len(order) == 181
    assert order.index("waiting") < 20, f"overtaken {order.index('waiting')} times"
