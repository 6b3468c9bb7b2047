"""Writes over HTTP: POST /articles (real pipeline), DELETE, and the graph projection
and SPARQL snapshots following them without a restart."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import TOKEN

pytestmark = pytest.mark.slow

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = {
    "title": "Ministers meet in Geneva",
    "text": ("Norwegian Foreign Minister Ingrid Holm met Dmytro Kuleba in Geneva on Monday. "
             "Holm said the talks would continue in Oslo."),
    "url": "https://example.test/geneva",
    "published": "2022-03-14",
    "source": "Fixture Times",
}


@pytest.fixture
def app_client(fresh_settings, nlp) -> TestClient:
    from api.app import create_app
    from kg.extract import Resources
    from kg.pipeline import Extractor
    from kg.rdf import IriMinter

    app = create_app(fresh_settings)
    app.state.kg.use_extractor(Extractor(nlp=nlp, resources=Resources.load(),
                                         minter=IriMinter(fresh_settings.base_iri),
                                         settings=fresh_settings))
    with TestClient(app) as c:
        yield c


def _sparql_count(c: TestClient, graph: str) -> int:
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return int(c.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"])


def test_post_needs_the_token(app_client):
    before = app_client.get("/articles").json()["total"]
    r = app_client.post("/articles", json=ARTICLE)
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    assert app_client.post("/articles", json=ARTICLE,
                           headers={"Authorization": "Bearer nope"}).status_code == 403
    assert app_client.get("/articles").json()["total"] == before


def test_post_json_then_reingest_then_delete(app_client):
    r = app_client.post("/articles", json=ARTICLE, headers=AUTH)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["title"] == ARTICLE["title"] and body["replaced"] is False
    assert body["triples"] > 10 and body["entities"]
    assert r.headers["location"] == f"/articles/{body['id']}"
    graph = body["iri"]
    # SPARQL workers see the new article at once (a fresh snapshot)
    assert _sparql_count(app_client, graph) == body["triples"]
    stored = app_client.get(f"/articles/{body['id']}").json()
    assert stored["published"] == "2022-03-14" and stored["url"] == ARTICLE["url"]
    # the same article again replaces its graph: nothing doubles
    total = app_client.get("/stats").json()["quads"]
    again = app_client.post("/articles", json=ARTICLE, headers=AUTH)
    assert again.status_code == 200 and again.json()["replaced"] is True
    assert app_client.get("/stats").json()["quads"] == total
    # delete needs the token, then removes exactly that graph
    assert app_client.delete(f"/articles/{body['id']}").status_code == 401
    d = app_client.delete(f"/articles/{body['id']}", headers=AUTH)
    assert d.status_code == 200 and d.json()["deleted_quads"] == body["triples"]
    assert app_client.get("/stats").json()["quads"] == total - body["triples"]
    assert _sparql_count(app_client, graph) == 0
    assert app_client.get(f"/articles/{body['id']}").status_code == 404
    assert app_client.delete(f"/articles/{body['id']}", headers=AUTH).status_code == 404


def test_post_plain_text_with_headers(app_client):
    text = ("Published: 2022-03-03\nSource: Fixture Times\n\nProtest in Tbilisi\n\n"
            "Thousands of people marched through Tbilisi on Thursday.")
    r = app_client.post("/articles", content=text.encode(), headers={
        **AUTH, "Content-Type": "text/plain; charset=utf-8"})
    assert r.status_code == 201, r.text
    assert r.json()["published"] == "2022-03-03" and r.json()["title"] == "Protest in Tbilisi"


def test_bad_bodies_are_clear_problems(app_client):
    r = app_client.post("/articles", content=b"{not json", headers={
        **AUTH, "Content-Type": "application/json"})
    assert r.status_code == 400 and "JSON" in r.json()["detail"]
    r = app_client.post("/articles", content=b"\xff\xfe\x00bin", headers={
        **AUTH, "Content-Type": "text/plain"})
    assert r.status_code == 400
    r = app_client.post("/articles", content=b"", headers={**AUTH, "Content-Type": "text/plain"})
    assert r.status_code == 400 and r.json()["title"] == "Bad input"


def test_projection_follows_deletes_without_rebuild(app_client):
    kharkiv = "/entities/place/kharkiv-706483/neighbors"
    before = {n["id"] for n in app_client.get(kharkiv, params={"depth": 2}).json()["nodes"]}
    assert "person/sergei-shoigu" in before
    version = app_client.app.state.kg.graph.version
    assert app_client.delete("/articles/handmade-visit", headers=AUTH).status_code == 200
    after = {n["id"] for n in app_client.get(kharkiv, params={"depth": 2}).json()["nodes"]}
    assert "person/sergei-shoigu" not in after
    assert "org/russian-armed-forces" in after  # the other article's links stay
    assert app_client.app.state.kg.graph.version == version + 1
    # and the entity's description forgets the deleted article
    shoigu = app_client.get("/entities/person/sergei-shoigu").json()
    assert shoigu["article_count"] == 1 and shoigu["last_seen"] == "2022-03-02"


def test_projection_follows_an_ingest(app_client, fresh_settings):
    """An incremental update gives the same graph as a full rebuild."""
    from kg.graph import GraphProjection

    app_client.post("/articles", json=ARTICLE, headers=AUTH)
    live = app_client.app.state.kg.graph
    rebuilt = GraphProjection.build(app_client.app.state.kg.store, fresh_settings.base_iri)
    assert set(live.graph.edges(keys=True)) == set(rebuilt.graph.edges(keys=True))
    assert dict(live.graph.nodes(data=True)) == dict(rebuilt.graph.nodes(data=True))


def test_two_posted_reports_of_one_strike_share_one_event(app_client):
    """The app links a posted report to the event another article told (same event across
    articles), and its event index follows DELETEs and re-POSTs."""

    def events_in(graph: str) -> set[str]:
        q = (f"SELECT DISTINCT ?e WHERE {{ GRAPH <{graph}> {{ ?e sem:hasPlace ?p ; "
             "sem:hasTimeStamp ?d . ?p rdfs:label \"Kharkiv\" . "
             "FILTER NOT EXISTS { ?e nkg:dateDefaulted true } } }")
        rows = app_client.get("/sparql", params={"query": q}).json()["results"]["bindings"]
        return {row["e"]["value"] for row in rows}

    def post(i: int) -> str:
        published, text = reports[i]
        r = app_client.post("/articles", headers=AUTH, json={
            "title": f"Report {i}", "text": text, "published": published,
            "url": f"https://example.test/kharkiv-{i}"})
        assert r.status_code == 201, r.text
        return str(r.json()["iri"])

    reports = [  # Tuesday 5 April, and the week around it (its own IRI would differ)
        ("2022-04-06", "Russian airstrikes hit the centre of Kharkiv on Tuesday, officials said."),
        ("2022-04-12", "Russian missiles struck Kharkiv last week, the governor said."),
    ]
    graphs = [post(0), post(1)]
    assert len(events_in(graphs[0])) == 1
    assert events_in(graphs[1]) == events_in(graphs[0])
    (event,) = events_in(graphs[0])
    first_id = graphs[0].rsplit("/", 1)[-1]
    assert app_client.delete(f"/articles/{first_id}", headers=AUTH).status_code == 200
    assert events_in(graphs[0]) == set() and events_in(graphs[1]) == {event}
    # posted again, the first report finds the event the second one still holds
    post(0)
    assert events_in(graphs[0]) == {event}


def test_an_event_two_articles_report_lists_a_shared_count_once(app_client):
    """Two reports of one strike that both give "killed five people": the event's page
    lists that count once, not once per article (each article graph holds it)."""
    texts = [("2022-04-06", "Russian airstrikes hit the centre of Kharkiv on Tuesday, "
                            "killing five people, officials said."),
             ("2022-04-07", "Russian airstrikes on Kharkiv on Tuesday killed five people, "
                            "the governor said.")]
    graphs = []
    for i, (published, text) in enumerate(texts):
        r = app_client.post("/articles", headers=AUTH, json={
            "title": f"Toll {i}", "text": text, "published": published,
            "url": f"https://example.test/toll-{i}"})
        assert r.status_code == 201, r.text
        graphs.append(r.json()["iri"])
    q = (f"SELECT DISTINCT ?e WHERE {{ GRAPH <{graphs[0]}> {{ ?e nkg:quantity ?q . "
         f"?q nkg:count 5 }} GRAPH <{graphs[1]}> {{ ?e nkg:quantity ?q2 . ?q2 nkg:count 5 }} }}")
    rows = app_client.get("/sparql", params={"query": q}).json()["results"]["bindings"]
    assert len(rows) == 1, "the two reports should share the strike's event node"
    event_id = rows[0]["e"]["value"].rsplit("/", 1)[-1]
    page = app_client.get(f"/events/{event_id}")
    assert page.status_code == 200, page.text
    killed = [q for q in page.json()["quantities"] if q["count"] == 5]
    assert len(killed) == 1, page.json()["quantities"]
    assert killed[0]["exact"] is True


def test_a_count_given_as_a_bound_says_it_is_not_exact(app_client):
    r = app_client.post("/articles", headers=AUTH, json={
        "title": "Odesa", "published": "2022-04-06", "url": "https://example.test/odesa",
        "text": "A Russian missile strike hit Odesa on Tuesday, killing at least 7 people."})
    assert r.status_code == 201, r.text
    q = ("SELECT DISTINCT ?e WHERE { GRAPH <" + r.json()["iri"] + "> { ?e nkg:quantity ?q . "
         "?q nkg:count 7 } }")
    (row, *_) = app_client.get("/sparql", params={"query": q}).json()["results"]["bindings"]
    page = app_client.get("/events/" + row["e"]["value"].rsplit("/", 1)[-1]).json()
    assert {(c["count"], c["exact"]) for c in page["quantities"]} == {(7, False)}
