"""Real clients against a real uvicorn server on a free loopback port:
SPARQLWrapper, rdflib's SPARQLStore, and ``kg serve`` as a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest

from tests.liveserver import free_port, wait_healthy

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server_url(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from api.app import create_app
    from tests.api.conftest import settings_for

    path = tmp_path_factory.mktemp("uvicorn") / "store"
    shutil.copytree(built_store, path)
    port = free_port()
    config = uvicorn.Config(create_app(settings_for(path)), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_sparqlwrapper_select_ask_construct(server_url: str):
    from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

    sw = SPARQLWrapper(f"{server_url}/sparql")
    sw.setQuery("PREFIX schema: <http://schema.org/> "
                "SELECT ?p WHERE { ?p a schema:Person } ORDER BY ?p")
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert "https://newskg.org/id/person/sergei-shoigu" in {r["p"]["value"] for r in rows}
    sw.setReturnFormat(XML)
    doc = sw.query().convert()
    assert len(doc.getElementsByTagName("result")) == len(rows)
    sw.setQuery("ASK { ?s ?p ?o }")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True
    sw.setQuery("CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
                "WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    sw.setReturnFormat(TURTLE)
    data = sw.query().convert()
    import rdflib

    g = rdflib.Graph().parse(data=data, format="turtle")
    assert (rdflib.URIRef("https://newskg.org/id/person/sergei-shoigu"),
            rdflib.RDFS.label, rdflib.Literal("Sergei Shoigu")) in g
    sw.setMethod("POST")
    sw.setQuery("SELECT * WHERE { ?s ?p ?o } LIMIT 2")
    sw.setReturnFormat(JSON)
    assert len(sw.query().convert()["results"]["bindings"]) == 2


def test_rdflib_sparqlstore_reads_the_endpoint(server_url: str):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(query_endpoint=f"{server_url}/sparql")
    g = rdflib.Graph(store=store)
    shoigu = rdflib.URIRef("https://newskg.org/id/person/sergei-shoigu")
    labels = set(g.objects(shoigu, rdflib.RDFS.label))
    assert rdflib.Literal("Sergei Shoigu") in labels
    rows = list(g.query("SELECT ?n WHERE { ?p a <http://schema.org/Person> ; "
                        "<http://www.w3.org/2000/01/rdf-schema#label> ?n }"))
    assert rdflib.Literal("Dmitry Peskov") in {r[0] for r in rows}
    assert (shoigu, rdflib.RDF.type, rdflib.URIRef("http://schema.org/Person")) in g


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_kg_serve_announces_itself_and_cleans_up(built_store: Path, tmp_path: Path, stop: int):
    path = tmp_path / "store"
    shutil.copytree(built_store, path)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(path), "--port", str(port)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    info_file = path / "serve.json"
    try:
        health = wait_healthy(f"http://127.0.0.1:{port}", proc, timeout=30)
        assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
        assert health is not None, "kg serve did not answer"
        info = json.loads(info_file.read_text())
        assert info["pid"] == proc.pid and info["url"] == f"http://127.0.0.1:{port}"
        assert health["articles"] >= 8
        # while it runs, a read command goes through it instead of failing on the lock
        out = subprocess.run(
            [sys.executable, "-m", "kg", "query", "ASK { ?s a schema:Person }", "--store",
             str(path), "-f", "json"], cwd=REPO, env=env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout)["boolean"] is True
        # ... and so does an export, streamed from the server's /export
        export = tmp_path / "through-server.nq"
        out = subprocess.run(
            [sys.executable, "-m", "kg", "export", "--store", str(path), "-f", "nquads", "-o",
             str(export)], cwd=REPO, env=env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        assert len(list(pyoxigraph.parse(path=str(export), format=pyoxigraph.RdfFormat.N_QUADS))) > 500
        # writes are refused with a message naming the server
        out = subprocess.run(
            [sys.executable, "-m", "kg", "delete", "anything", "--store", str(path)],
            cwd=REPO, env=env, capture_output=True, text=True)
        assert out.returncode == 5 and "held by `kg serve`" in out.stderr
    finally:
        proc.send_signal(stop)
        proc.wait(timeout=30)
    assert not info_file.exists()
    assert not (tmp_path / ".store.snapshots").exists()


def test_readme_curl_examples_work_verbatim(server_url: str):
    """Every ``curl 'http://127.0.0.1:8000/...'`` line of the README answers 200 with JSON."""
    import re

    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    urls = re.findall(r"^curl '(http://127\.0\.0\.1:8000/[^']*)'\s*$", readme, flags=re.M)
    if not urls:
        pytest.skip("the README has no curl examples yet")
    for url in urls:
        target = url.replace("http://127.0.0.1:8000", server_url)
        out = subprocess.run(["curl", "-s", "-w", "\n%{http_code}", target],
                             capture_output=True, text=True, timeout=60)
        body, _, status = out.stdout.rpartition("\n")
        assert out.returncode == 0 and status == "200", (url, status, body[:300])
        json.loads(body)


def test_answers_larger_than_a_pipe_arrive_whole(server_url: str):
    """uvicorn's event loop waits on the query worker's pipe; an answer far larger than
    the pipe's buffer still comes back complete, query after query."""
    import httpx

    accept = {"Accept": "application/sparql-results+json"}
    with httpx.Client(base_url=server_url, timeout=60) as c:
        count = c.post("/sparql", headers=accept,
                       data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        n = int(count.json()["results"]["bindings"][0]["n"]["value"])
        for _ in range(3):
            r = c.post("/sparql", headers=accept,
                       data={"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"})
            assert r.status_code == 200, r.text
            assert len(r.content) > 1 << 20
            rows = r.json()["results"]["bindings"]
            assert len(rows) == n or r.headers.get("x-kg-truncated") == "true"


def test_a_runaway_query_on_the_real_server_is_stopped_and_the_next_one_works(server_url: str):
    import httpx

    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with httpx.Client(base_url=server_url, timeout=60) as c:
        assert c.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
        killed = c.get("/stats").json()["sparql"]["killed"]
        r = c.post("/sparql", data={"query": runaway})
        assert r.status_code == 503 and "stopped" in r.json()["detail"]
        assert c.get("/stats").json()["sparql"]["killed"] == killed + 1
        for _ in range(2):
            assert c.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
