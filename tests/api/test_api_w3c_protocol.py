"""Runs the W3C SPARQL 1.1 Protocol tests (../shared/w3c/.../protocol/manifest.ttl).

Each test is a list of HTTP requests with expected status classes and result formats.
The runner replays them against our app (path ``/sparql/`` -> ``/sparql``), loading the
test's ``ut:graphData`` first as named graphs. Update requests carry our write token:
the tests are about the protocol, and token refusal is tested elsewhere.

Skipped tests would be listed in ``SKIP`` with their reason (``pytest -ra`` shows them);
there are none: ``using-graph-uri`` / ``using-named-graph-uri`` are applied by adding
``USING`` / ``USING NAMED`` to the update's top-level ``WHERE`` clauses.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import TOKEN

pytestmark = [pytest.mark.slow, pytest.mark.shared]

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
HT = "http://www.w3.org/2011/http#"
CNT = "http://www.w3.org/2011/content#"
UT = "http://www.w3.org/2009/sparql/tests/test-update#"
HTS = "http://www.w3.org/2011/http-statusCodes#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

SKIP: dict[str, str] = {}  # none: every test applies to this endpoint (with the token)


class Manifest:
    def __init__(self, path: Path) -> None:
        self.dir = path.parent
        self.g = ox.Store()
        base = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest.ttl"
        self.g.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=base)

    def one(self, s, p):
        return next((q.object for q in self.g.quads_for_pattern(s, ox.NamedNode(p), None)), None)

    def all(self, s, p):
        return [q.object for q in self.g.quads_for_pattern(s, ox.NamedNode(p), None)]

    def items(self, head):
        out = []
        while head is not None and head != ox.NamedNode(RDF + "nil"):
            out.append(self.one(head, RDF + "first"))
            head = self.one(head, RDF + "rest")
        return out

    def tests(self) -> list[tuple[str, ox.NamedNode]]:
        entries = ox.NamedNode(MF + "entries")
        root = next(q.subject for q in self.g.quads_for_pattern(None, entries, None))
        return [(t.value.rsplit("#", 1)[-1], t) for t in self.items(self.one(root, MF + "entries"))]


def _manifest(shared: Path) -> Manifest:
    return Manifest(shared / "w3c/rdf-tests/sparql/sparql11/protocol/manifest.ttl")


def _test_names() -> list[str]:
    import os

    shared = Path(os.environ.get("KG_SHARED", Path(__file__).resolve().parents[3] / "shared"))
    path = shared / "w3c/rdf-tests/sparql/sparql11/protocol/manifest.ttl"
    if not path.is_file():
        return ["manifest-absent"]
    return [name for name, _ in Manifest(path).tests()]


@pytest.fixture(scope="module")
def manifest(shared_dir: Path) -> Manifest:
    return _manifest(shared_dir)


@pytest.fixture(scope="module")
def w3c_client(tmp_path_factory: pytest.TempPathFactory):
    from api.app import create_app
    from tests.api.conftest import settings_for

    path = tmp_path_factory.mktemp("w3c") / "store"
    with TestClient(create_app(settings_for(path))) as c:
        yield c


def _reset(client: TestClient, m: Manifest, test: ox.NamedNode) -> None:
    parts = ["CLEAR ALL"]
    for data in m.all(test, UT + "graphData"):
        file = m.dir / Path(m.one(data, UT + "graph").value).name
        label = m.one(data, RDFS + "label").value
        parts.append(f"INSERT DATA {{ GRAPH <{label}> {{ {file.read_text()} }} }}")
    r = client.post("/sparql", content=" ;\n".join(parts), headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 204, r.text


def _check_format(resp, expected: str, boolean: ox.Literal | None) -> None:
    media = resp.headers.get("content-type", "").split(";")[0]
    if expected == "RDF":
        fmt = ox.RdfFormat.from_media_type(media)
        assert fmt is not None, media
        list(ox.parse(resp.content, format=fmt))
        return
    if media.endswith("json"):
        doc = json.loads(resp.content)
        value = doc.get("boolean")
        assert ("boolean" in doc) if expected == "boolean" else ("results" in doc)
    elif media.endswith("xml"):
        root = ET.fromstring(resp.content)
        el = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
        assert (el is not None) == (expected == "boolean")
        value = el is not None and el.text == "true"
    else:
        assert expected == "tabular" and media in ("text/csv", "text/tab-separated-values")
        list(csv.reader(io.StringIO(resp.text)))
        value = None
    if boolean is not None:
        assert value == (boolean.value == "true")


@pytest.mark.parametrize("name", _test_names())
def test_w3c_protocol(name: str, manifest: Manifest, w3c_client: TestClient) -> None:
    if name in SKIP:
        pytest.skip(SKIP[name])
    test = dict(manifest.tests())[name]
    _reset(w3c_client, manifest, test)
    action = manifest.one(test, MF + "action")
    for req in manifest.items(manifest.one(action, HT + "requests")):
        method = manifest.one(req, HT + "methodName").value
        path = manifest.one(req, HT + "absolutePath").value.replace("/sparql/", "/sparql", 1)
        headers = {"Authorization": f"Bearer {TOKEN}"}
        for h in manifest.items(manifest.one(req, HT + "headers")):
            field = manifest.one(h, HT + "fieldName").value
            headers[field] = manifest.one(h, HT + "fieldValue").value
        body = manifest.one(req, HT + "body")
        content = None
        if body is not None:
            encoding = manifest.one(body, CNT + "characterEncoding")
            content = manifest.one(body, CNT + "chars").value.encode(
                encoding.value if encoding is not None else "utf-8")
        if content is not None and "content-type" not in {k.lower() for k in headers}:
            headers["Content-Type"] = ""  # the test sends none; keep httpx from adding one
        resp = w3c_client.request(method, path, content=content, headers=headers)
        expect = manifest.one(req, HT + "resp")
        classes = {s.value.rsplit("StatusCode", 1)[-1][0]
                   for s in manifest.all(expect, MF + "expectedStatus")}
        assert str(resp.status_code)[0] in classes, (name, resp.status_code, resp.text[:300])
        fmt = manifest.one(expect, MF + "expectedFormat")
        if fmt is not None:
            _check_format(resp, fmt.value, manifest.one(expect, MF + "expectedBoolean"))
