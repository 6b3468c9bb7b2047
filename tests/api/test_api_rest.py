"""REST endpoints through TestClient over a store built from real and hand-made articles."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

pytestmark = pytest.mark.slow


def test_healthz_and_stats_count_what_was_stored(client):
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["articles"] >= 8 and health["triples"] > 100
    stats = client.get("/stats").json()
    assert stats["articles"] == health["articles"]
    assert stats["entities"]["person"] >= 5
    assert stats["events"] >= 5
    assert stats["places_with_coords"] >= 3


def test_stats_entity_counts_agree_with_entity_search(client):
    """Each kind's count in /stats is the number of entities /entities lists for it."""
    stats = client.get("/stats").json()
    for kind, n in stats["entities"].items():
        listed = client.get("/entities", params={"type": kind, "limit": 1}).json()["total"]
        assert n == listed, kind
    assert stats["entities"]["person"] == stats["persons"]


def test_search_by_alias_prefix_case_insensitive(client):
    body = client.get("/entities", params={"q": "shoig"}).json()
    first = body["items"][0]
    assert first["id"] == "person/sergei-shoigu"
    assert first["label"] == "Sergei Shoigu"
    assert first["type"] == "person"
    assert first["articles"] >= 2 and first["mentions"] >= 3
    # a later word of the name matches too, upper case does not matter
    assert "person/sergei-lavrov" in [i["id"] for i in client.get(
        "/entities", params={"q": "LAVR"}).json()["items"]]


def test_search_filters_by_type_and_paginates(client):
    places = client.get("/entities", params={"type": "place", "limit": 3}).json()
    assert places["limit"] == 3 and len(places["items"]) == 3
    assert {i["type"] for i in places["items"]} == {"place"}
    page2 = client.get("/entities", params={"type": "place", "limit": 3, "offset": 3}).json()
    assert not {i["id"] for i in page2["items"]} & {i["id"] for i in places["items"]}
    assert page2["total"] == places["total"] > 3


def test_entity_description_has_posts_coordinates_events(client):
    # Seeds may mention the same people; assert the hand-made facts are all there.
    shoigu = client.get("/entities/person/sergei-shoigu").json()
    assert shoigu["label"] == "Sergei Shoigu" and "Shoigu" in shoigu["alt_labels"]
    assert "http://schema.org/Person" in shoigu["types"]
    post = next(p for p in shoigu["posts"] if p["label"] == "Defence Minister of Russia")
    assert post["organization"]["id"] == "place/russia-2017370"
    assert post["organization"]["label"] == "Russia"
    assert post["role"] == "defence minister"
    assert shoigu["article_count"] >= 2
    assert shoigu["first_seen"] <= "2022-03-02" and shoigu["last_seen"] >= "2022-03-05"
    events = [e for e in shoigu["events"] if e["type"] in ("visit", "appearance")]
    assert [e["type"] for e in events] == ["visit", "appearance"]  # dated before undated
    assert events[0]["date"] == "2022-03-05" and events[0]["role"] == "participant"
    assert events[1]["factuality"] == "negated"
    dates = [e["date"] for e in shoigu["events"] if e["date"]]
    assert dates == sorted(dates)
    mention = next(m for m in shoigu["mentions"] if m["article"]["id"] == "handmade-visit")
    assert mention["text"] == "Sergei Shoigu"
    assert mention["sentence"] == "Sergei Shoigu visited troops near Kharkiv, the ministry said."
    kharkiv = client.get("/entities/place/kharkiv-706483").json()
    assert kharkiv["lat"] == pytest.approx(49.98, abs=0.01)
    assert kharkiv["lon"] == pytest.approx(36.25, abs=0.01)
    assert kharkiv["geonames"] == "https://sws.geonames.org/706483/"
    assert kharkiv["country_code"] == "UA"


def test_entity_counts_and_post_organisations_agree_with_search(client):
    """The description's counts and its posts' organisation labels are the ones the
    search lists for the same entities."""
    peskov = client.get("/entities/person/dmitry-peskov").json()
    hit = next(i for i in client.get("/entities", params={"q": "peskov"}).json()["items"]
               if i["id"] == "person/dmitry-peskov")
    assert (peskov["mention_count"], peskov["article_count"]) == (hit["mentions"], hit["articles"])
    assert peskov["mention_count"] >= peskov["article_count"] >= 2
    orgs = {p["organization"]["id"]: p["organization"]["label"]
            for p in peskov["posts"] if p["organization"]}
    assert orgs
    for org_id, label in orgs.items():
        assert client.get(f"/entities/{org_id}").json()["label"] == label


def test_statements_of_a_speaker(client):
    peskov = client.get("/entities/person/dmitry-peskov").json()
    st = next(s for s in peskov["statements"] if s["article"]["id"] == "handmade-kharkiv")
    assert st["content"] == "Moscow was not targeting civilians" and st["date"] == "2022-03-02"
    assert st["sentence"].startswith("Kremlin spokesman Dmitry Peskov said")
    assert "spokesman" in {p["role"] for p in peskov["posts"]}


def test_entity_as_turtle_is_strict_rdf(client):
    r = client.get("/entities/person/sergei-shoigu", headers={"Accept": "text/turtle"})
    assert r.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    shoigu = ox.NamedNode("https://newskg.org/id/person/sergei-shoigu")
    assert any(t.subject == shoigu for t in triples)
    r = client.get("/entities/person/sergei-shoigu", headers={"Accept": "application/ld+json"})
    assert list(ox.parse(r.content, format=ox.RdfFormat.JSON_LD))


def test_unknown_entity_is_a_404_problem(client):
    r = client.get("/entities/person/nobody-at-all")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == 404 and "nobody-at-all" in r.json()["detail"]
    assert client.get("/entities/planet/x").status_code == 404


def test_neighbors_depth_and_types(client):
    one = client.get("/entities/place/kharkiv-706483/neighbors", params={"depth": 1}).json()
    ids = {n["id"] for n in one["nodes"]}
    assert {n["type"] for n in one["nodes"]} == {"place", "event"}
    two = client.get("/entities/place/kharkiv-706483/neighbors", params={"depth": 2}).json()
    ids2 = {n["id"] for n in two["nodes"]}
    assert ids < ids2
    assert {"person/sergei-shoigu", "org/russian-armed-forces"} <= ids2
    edge_labels = {(e["source"].split("/")[0], e["label"], e["target"]) for e in two["edges"]}
    assert ("event", "agent", "org/russian-armed-forces") in edge_labels
    assert all(e["source"] in ids2 and e["target"] in ids2 for e in two["edges"])
    only = client.get("/entities/place/kharkiv-706483/neighbors",
                      params={"depth": 2, "types": "event"}).json()
    assert {n["type"] for n in only["nodes"]} == {"place", "event"}
    kharkiv = next(n for n in two["nodes"] if n["id"] == "place/kharkiv-706483")
    assert kharkiv["lat"] == pytest.approx(49.98, abs=0.01)


def test_neighbors_limit_truncates_and_cytoscape_shape(client):
    r = client.get("/entities/place/kharkiv-706483/neighbors",
                   params={"depth": 3, "limit": 2}).json()
    assert len(r["nodes"]) == 2 and r["truncated"] is True
    cy = client.get("/entities/place/kharkiv-706483/neighbors",
                    params={"depth": 2, "format": "cytoscape"}).json()
    nodes, edges = cy["elements"]["nodes"], cy["elements"]["edges"]
    node_ids = {n["data"]["id"] for n in nodes}
    assert all({"id", "source", "target"} <= e["data"].keys() for e in edges)
    assert all(e["data"]["source"] in node_ids for e in edges)
    assert client.get("/entities/place/kharkiv-706483/neighbors",
                      params={"depth": 9}).status_code == 422


def test_paths_between_two_actors(client):
    r = client.get("/paths", params={"from": "person/sergei-shoigu",
                                     "to": "person/dmytro-kuleba"}).json()
    assert r["paths"], r
    for path in r["paths"]:
        assert path[0] == "person/sergei-shoigu" and path[-1] == "person/dmytro-kuleba"
        assert len(path) - 1 <= 4
    on_paths = {n for p in r["paths"] for n in p}
    assert on_paths == {n["id"] for n in r["nodes"]}
    assert all(e["source"] in on_paths and e["target"] in on_paths for e in r["edges"])
    short = client.get("/paths", params={"from": "person/sergei-shoigu",
                                         "to": "person/dmytro-kuleba", "max_len": 2}).json()
    shortest = min(len(p) - 1 for p in r["paths"])
    if shortest <= 2:
        assert short["paths"] and all(len(p) - 1 <= 2 for p in short["paths"])
    else:
        assert short["paths"] == []  # the two are further apart than max_len allows


def test_top_entities_by_degree_and_betweenness(client):
    deg = client.get("/entities/top", params={"by": "degree", "limit": 5}).json()["items"]
    assert len(deg) == 5 and deg == sorted(deg, key=lambda i: -i["score"])
    assert all(i["type"] != "event" for i in deg)
    btw = client.get("/entities/top", params={"by": "betweenness"}).json()["items"]
    assert btw[0]["score"] > 0


def test_events_filters(client):
    attacks = client.get("/events", params={"type": "attack"}).json()
    assert attacks["total"] >= 1
    ev = next(i for i in attacks["items"] if i["label"] == "shelled"
              and i["date"] == "2022-03-01" and i["places"]
              and i["places"][0]["id"] == "place/kharkiv-706483")
    assert ev["date"] == "2022-03-01" and ev["precision"] == "day"
    assert ev["places"][0]["id"] == "place/kharkiv-706483"
    assert ev["actors"] == [{"id": "org/russian-armed-forces", "label": "Russian Armed Forces",
                             "role": "agent"}]
    assert ev["quantities"] == [{"kind": "killed", "count": 5, "thing": "people", "exact": True}]
    at_kharkiv = client.get("/events", params={"place": "place/kharkiv-706483"}).json()
    assert {"attack", "visit"} <= {i["type"] for i in at_kharkiv["items"]}
    by_shoigu = client.get("/events", params={"actor": "person/sergei-shoigu"}).json()
    assert {"visit", "appearance"} <= {i["type"] for i in by_shoigu["items"]}
    window = client.get("/events", params={"since": "2022-03-02", "until": "2022-03-05",
                                           "place": "place/kharkiv-706483"}).json()
    assert "visit" in [i["type"] for i in window["items"]]
    assert all("2022-03-02" <= i["date"] <= "2022-03-05" for i in window["items"])
    assert client.get("/events", params={"since": "March"}).status_code == 400


def test_event_detail_with_mentions(client):
    items = client.get("/events", params={"type": "statement", "actor": "person/dmitry-peskov",
                                          "since": "2022-03-02", "until": "2022-03-02"}
                       ).json()["items"]
    details = [client.get(f"/events/{i['id']}").json() for i in items]
    detail = next(d for d in details if d["content"] == "Moscow was not targeting civilians")
    ev = next(i for i in items if i["id"] == detail["id"])
    assert detail["content"] == "Moscow was not targeting civilians"
    assert detail["speaker"]["id"] == "person/dmitry-peskov"
    assert detail["mentions"][0]["article"]["title"] == "Shelling in Kharkiv as ministers meet"
    assert "Peskov said" in detail["mentions"][0]["sentence"]
    assert client.get("/events/0000000000000000").status_code == 404
    ttl = client.get(f"/events/{ev['id']}", headers={"Accept": "text/turtle"})
    assert any(q.subject.value == ev["iri"] for q in ox.parse(ttl.content, format=ox.RdfFormat.TURTLE))


def test_places_have_coordinates(client):
    items = client.get("/places").json()["items"]
    kharkiv = next(i for i in items if i["id"] == "place/kharkiv-706483")
    assert kharkiv["events"] >= 2 and kharkiv["mentions"] >= 2
    assert all(i["lat"] is not None and i["lon"] is not None for i in items)


def test_articles_list_and_detail(client):
    body = client.get("/articles", params={"limit": 100}).json()
    assert body["total"] >= 8
    dates = [a["published"] for a in body["items"] if a["published"]]
    assert dates == sorted(dates, reverse=True)
    detail = client.get("/articles/handmade-visit").json()
    assert detail["title"] == "Shoigu visits troops" and detail["text"].endswith("interview.")
    assert {"person/sergei-shoigu", "place/kharkiv-706483"} <= {e["id"] for e in detail["entities"]}
    assert [e["type"] for e in detail["events"]] == ["visit"]
    assert client.get("/articles/nope").status_code == 404
    trig = client.get("/articles/handmade-visit", headers={"Accept": "application/trig"})
    quads = list(ox.parse(trig.content, format=ox.RdfFormat.TRIG))
    assert {q.graph_name.value for q in quads} == {detail["iri"]}
    assert len(quads) == detail["triples"]


def test_exports_parse_strictly(client):
    r = client.get("/export", params={"format": "nquads"})
    quads = list(ox.parse(r.content, format=ox.RdfFormat.N_QUADS))
    assert len(quads) == client.get("/stats").json()["quads"]
    r = client.get("/export", params={"format": "turtle"})
    assert len(list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))) == \
        client.get("/stats").json()["triples"]
    r = client.get("/export", params={"format": "graphml"})
    import io

    import networkx as nx

    g = nx.read_graphml(io.BytesIO(r.content))
    assert "https://newskg.org/id/person/sergei-shoigu" in g
    assert client.get("/export", params={"format": "pdf"}).status_code == 422


def test_saved_queries_listing(client, tmp_path):
    from api.routes.meta import parse_query_file

    rq = tmp_path / "events-in-place.rq"
    rq.write_text("# title: Events in a place\n# description: what happened where\n"
                  "SELECT ?e WHERE { ?e sem:hasPlace ?p }\n")
    parsed = parse_query_file(rq)
    assert parsed["title"] == "Events in a place" and parsed["name"] == "events-in-place"
    assert client.get("/queries").status_code == 200


def test_openapi_documents_the_routes(client):
    spec = client.get("/openapi.json").json()
    for path in ("/sparql", "/entities", "/entities/{kind}/{slug}/neighbors", "/paths",
                 "/events", "/articles", "/export", "/stats"):
        assert path in spec["paths"], path
    assert client.get("/docs").status_code == 200


def test_iri_dereferences_by_content_negotiation(client):
    ttl = client.get("/id/person/sergei-shoigu", headers={"Accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle")
    assert list(ox.parse(ttl.content, format=ox.RdfFormat.TURTLE))
    html = client.get("/id/person/sergei-shoigu", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html")
    js = client.get("/id/person/sergei-shoigu", headers={"Accept": "application/json"}).json()
    assert js["label"] == "Sergei Shoigu"
    assert client.get("/id/person/nobody", headers={"Accept": "text/turtle"}).status_code == 404


def test_root_serves_the_explorer_page(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
