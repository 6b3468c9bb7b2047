"""The web explorer in a real browser over the seeds graph: what a user sees must match the API.

Each test drives Chromium through one task (search, network, map, timeline, SPARQL, phone
width) and compares what the page shows with what the HTTP API returns for the same question.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


@pytest.fixture(scope="module")
def kharkiv(server: str) -> dict:
    """The place Kharkiv (the one with coordinates when there are several)."""
    data = httpx.get(f"{server}/entities", params={"q": "Kharkiv", "limit": 50}).json()
    found = [it for it in data["items"] if it["label"] == "Kharkiv" and it["type"] == "place"]
    assert found, f"the graph has no place labelled Kharkiv: {data['items']}"
    mapped = {p["id"] for p in httpx.get(f"{server}/places").json()["items"]}
    return next((it for it in found if it["id"] in mapped), found[0])


def _get(server: str, path: str, **params) -> dict:
    response = httpx.get(f"{server}{path}", params=params, timeout=30)
    assert response.status_code == 200, f"{path}: {response.status_code} {response.text[:300]}"
    return response.json()


def _is_select(sparql: str) -> bool:
    body = re.sub(r"(?m)^\s*(#|PREFIX).*$", "", sparql)
    return re.search(r"^\s*SELECT", body, re.I | re.M) is not None


def test_home_shows_the_graph_statistics(page, server, shot):
    stats = _get(server, "/stats")
    page.goto(f"{server}/")
    expect(page.locator("h1")).to_have_text("Explore the news graph")
    articles = page.locator(".stats dt", has_text="articles").locator("xpath=following-sibling::dd[1]")
    expect(articles).to_have_text(str(stats["articles"]))
    top = _get(server, "/entities/top", by="degree", limit=12)["items"]
    if top:
        expect(page.locator("ol.toplist li")).to_have_count(len(top))
        expect(page.locator("ol.toplist li").first).to_contain_text(top[0]["label"])
    else:
        expect(page.locator(".card .notice")).to_contain_text("empty")
    shot(page, "home")


def test_search_autocomplete_opens_the_entity_page(page, server, kharkiv, shot):
    page.goto(f"{server}/")
    expect(page.locator("h1")).to_be_visible()
    page.keyboard.press("/")  # keyboard shortcut to the search box
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type("Khark")
    options = page.locator("#suggestions [role=option]")
    expect(options.filter(has_text="Kharkiv").first).to_be_visible()
    expect(page.locator(f'#suggestions [data-id="{kharkiv["id"]}"]')).to_be_visible()
    ids = page.locator("#suggestions [role=option]").evaluate_all("els => els.map(e => e.dataset.id)")
    for _ in range(ids.index(kharkiv["id"]) + 1):
        page.keyboard.press("ArrowDown")
    expect(page.locator("#suggestions [aria-selected=true] .s-label")).to_have_text("Kharkiv")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(f"#/entity/{kharkiv['id']}") + "$"))
    expect(page.locator("h1")).to_contain_text("Kharkiv")

    entity = _get(server, f"/entities/{kharkiv['id']}")
    expect(page.locator(".facts code")).to_have_text(entity["iri"])
    # Every mention is shown with its sentence, the mention marked, linked to its article.
    evidence = page.locator("details.mentions .evidence")
    expect(evidence).to_have_count(len(entity["mentions"]))
    if entity["mentions"]:
        first = entity["mentions"][0]
        expect(page.locator("details.mentions").first.locator("mark").first).to_be_visible()
        link = evidence.first.locator("a.src")
        expect(link).to_have_attribute("href", re.compile(r"^#/article/.+\?b=\d+&e=\d+(&s=.+)?$"))
        assert first["text"] in page.locator("details.mentions").first.inner_text()
        # The mark sits on the mention itself, even when its words occur twice in the sentence.
        text = _get(server, f"/articles/{first['article']['id']}")["text"]
        start = text.find(first["sentence"])
        while start >= 0 and start + len(first["sentence"]) < first["end"]:
            start = text.find(first["sentence"], start + 1)
        assert 0 <= start <= first["start"]
        page.wait_for_function(
            "want => { const q = document.querySelector('details.mentions .evidence q');"
            " const m = q && q.querySelector('mark'); if (!m) return false;"
            " const r = document.createRange(); r.setStart(q, 0); r.setEndBefore(m);"
            " return r.toString().length === want; }", arg=first["start"] - start)
    expect(page.locator("table.events tbody tr")).to_have_count(len(entity["events"]))
    turtle = page.locator(".facts a", has_text="Turtle").get_attribute("href")
    answer = httpx.get(f"{server}{turtle}", timeout=30)
    assert answer.status_code == 200, turtle
    assert answer.headers["content-type"].startswith("text/turtle")
    assert f'"{entity["label"]}"' in answer.text
    shot(page, "kharkiv-entity", full_page=True)


def test_article_reader_highlights_the_cited_mention(page, server, kharkiv):
    entity = _get(server, f"/entities/{kharkiv['id']}")
    if not entity["mentions"]:
        pytest.fail("Kharkiv has no mentions in the seeds graph")
    page.goto(f"{server}/#/entity/{kharkiv['id']}")
    link = page.locator("details.mentions .evidence a.src").first
    link.click()
    mention = entity["mentions"][0]
    expect(page.locator("#cited")).to_have_text(mention["text"])
    # The whole sentence is marked too, around the mention.
    expect(page.locator(".cited-sentence")).to_have_text(mention["sentence"])
    article = _get(server, f"/articles/{mention['article']['id']}")
    offset = page.locator(".article-text").evaluate(
        "el => { const r = document.createRange(); r.setStart(el, 0);"
        " r.setEndBefore(document.getElementById('cited')); return r.toString().length; }")
    assert offset == mention["start"], "the highlighted mention is not at its offsets"
    assert article["text"][mention["start"]:mention["end"]] == mention["text"]


def test_network_expands_a_node(page, server, kharkiv, shot):
    kid = kharkiv["id"]
    types = "person,organization,place,group,event"
    root = _get(server, f"/entities/{kid}/neighbors", depth=1, limit=300, types=types, format="json")
    root_ids = {n["id"] for n in root["nodes"]} | {kid}
    page.goto(f"{server}/#/network/{kid}")
    expect(page.locator("#cy[data-ready]")).to_be_attached()
    buttons = page.locator(".node-list .node-btn")
    expect(buttons).to_have_count(len(root_ids))
    assert len(root_ids) > 1, "Kharkiv has no neighbours in the seeds graph"
    shot(page, "kharkiv-network")
    with page.expect_download() as png:
        page.locator("#net-png").click()
    assert open(png.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"

    # Expand the neighbour whose own neighbourhood adds the most new nodes.
    best, best_new = None, set()
    for node in root["nodes"]:
        if node["id"] == kid:
            continue
        if node["id"].startswith("event/"):
            ev = _get(server, f"/events/{node['id'].split('/', 1)[1]}")
            ids = {a["id"] for a in ev.get("actors", [])} | {p["id"] for p in ev.get("places", [])}
        else:
            sub = _get(server, f"/entities/{node['id']}/neighbors", depth=1, limit=150,
                       types=types, format="json")
            ids = {n["id"] for n in sub["nodes"]}
        new = ids - root_ids
        if best is None or len(new) > len(best_new):
            best, best_new = node, new
    page.locator(f'.node-btn[data-id="{best["id"]}"]').click()
    expect(page.locator("#status")).to_contain_text(re.compile(f"Expanded .*{re.escape(best['label'])}"))
    expect(buttons).to_have_count(len(root_ids | best_new))
    expect(page.locator(f'.node-btn[data-id="{best["id"]}"]')).to_contain_text("✓")
    expect(page.locator(".node-info h2")).to_contain_text(best["label"])
    shot(page, "kharkiv-network-expanded")

    # Depth filter: two steps out shows the API's depth-2 neighbourhood.
    deeper = _get(server, f"/entities/{kid}/neighbors", depth=2, limit=300, types=types, format="json")
    page.locator("#net-depth").select_option("2")
    expect(page).to_have_url(re.compile(r"depth=2"))
    expect(page.locator("#cy[data-ready]")).to_be_attached()
    expect(buttons).to_have_count(len({n["id"] for n in deeper["nodes"]} | {kid}))
    shot(page, "kharkiv-network-depth2")

    # Type filter: unticking events hides them from the node list.
    if any(n["id"].startswith("event/") for n in root["nodes"]):
        page.locator("input[name=type][value=event]").uncheck()
        expect(page.locator(".node-list .node-btn[data-id^='event/']")).to_have_count(0)
        expect(page).to_have_url(re.compile(r"types=person%2Corganization%2Cplace%2Cgroup$"))


def test_map_shows_every_place_with_coordinates(page, server, kharkiv, shot):
    places = _get(server, "/places")["items"]
    page.goto(f"{server}/#/map")
    expect(page.locator("#map[data-ready]")).to_be_attached()
    expect(page.locator(".place-list li")).to_have_count(len(places))
    expect(page.locator("path.place-marker")).to_have_count(len(places))
    # The bundled world outline is drawn (no tiles needed).
    assert page.locator(".leaflet-overlay-pane path").count() > 100
    page.locator(f'.place-list button[data-id="{kharkiv["id"]}"]').click()
    expect(page.locator(f'#map[data-focus="{kharkiv["id"]}"]')).to_be_attached()
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Kharkiv")
    shot(page, "kharkiv-map")


def test_timeline_lists_the_place_events_and_filters_them(page, server, kharkiv, shot):
    kid = kharkiv["id"]
    events = _get(server, "/events", place=kid, limit=1000)["items"]
    page.goto(f"{server}/#/timeline/{kid}")
    expect(page.locator("h1")).to_have_text("Timeline of Kharkiv")
    cards = page.locator(".ev-card")
    if not events:
        expect(page.locator(".notice")).to_contain_text("No events")
        shot(page, "kharkiv-timeline")
        pytest.fail("no events at Kharkiv in the seeds graph: nothing to put on a timeline")
    expect(cards).to_have_count(len(events))
    # One heading per distinct date, in date order.
    expect(page.locator(".tl-day")).to_have_count(len({e.get("date") or "" for e in events}))
    # A card's sources open on demand with the event's sentences.
    first = page.locator(".ev-card").first
    event_id = first.get_attribute("id").removeprefix("ev-")
    mentions = _get(server, f"/events/{event_id}")["mentions"]
    first.locator("details.why summary").click()
    expect(first.locator(".evidence")).to_have_count(len(mentions))
    shot(page, "kharkiv-timeline", full_page=True)

    # Filter by one event type.
    first_type = events[0]["type"]
    page.locator("#tl-type").select_option(first_type)
    expect(cards).to_have_count(sum(1 for e in events if e["type"] == first_type))
    # Filter by a date range starting at the latest dated event.
    dated = sorted(e["date"] for e in events if e.get("date"))
    if dated:
        page.goto(f"{server}/#/timeline/{kid}")
        page.locator("#tl-since").fill(dated[-1][:10])
        page.locator("form.controls button[type=submit]").click()
        expect(cards).to_have_count(sum(1 for e in events if (e.get("date") or "") >= dated[-1][:10]))


def test_sparql_example_runs_and_downloads_csv(page, server, shot):
    queries = _get(server, "/queries")["items"]
    assert queries, "GET /queries lists no example queries"
    page.goto(f"{server}/#/sparql")
    examples = page.locator("button.example")
    expect(examples).to_have_count(len(queries))
    expect(page.locator(".CodeMirror .cm-keyword").first).to_be_visible()  # highlighted
    select = next((q for q in queries if _is_select(q["sparql"])), None)
    assert select is not None, "no SELECT query among the examples"
    examples.nth(queries.index(select)).click()
    expect(page.locator("#results table caption")).to_be_visible()
    answer = httpx.post(f"{server}/sparql", data={"query": select["sparql"]},
                        headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
    rows = answer["results"]["bindings"]
    expect(page.locator("#results tbody tr")).to_have_count(len(rows))
    with page.expect_download() as info:
        page.locator("#csv-download").click()
    text = open(info.value.path(), encoding="utf-8").read()
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == answer["head"]["vars"]
    assert len(table) == len(rows) + 1
    shot(page, "sparql")


def test_phone_width_has_no_sideways_scrolling(page, server, kharkiv, shot):
    page.set_viewport_size({"width": 390, "height": 800})
    for route in (f"#/entity/{kharkiv['id']}", f"#/network/{kharkiv['id']}", "#/map", "#/sparql"):
        page.goto(f"{server}/{route}")
        expect(page.locator("h1")).to_be_visible()
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 392, f"{route} is {width}px wide at phone width"
        if route.startswith("#/entity"):
            shot(page, "phone-kharkiv-entity")
    shot(page, "phone-sparql")


def test_tab_reaches_search_and_views(page, server):
    page.goto(f"{server}/")
    expect(page.locator("h1")).to_be_visible()
    focused = []
    for _ in range(6):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id || document.activeElement.textContent"))
    assert "q" in focused
    page.locator("nav a[data-view=map]").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#map[data-ready]")).to_be_attached()


def test_dereferenced_iri_shows_the_entity_page(page, server, kharkiv):
    response = page.goto(f"{server}/id/{kharkiv['id']}")
    assert response is not None and response.status == 200
    assert "text/html" in response.headers.get("content-type", "")
    expect(page.locator("h1")).to_contain_text("Kharkiv")


def test_unknown_entity_shows_a_visible_error(page, server):
    page.goto(f"{server}/#/entity/person/no-such-person-anywhere")
    expect(page.locator(".notice.error")).to_contain_text("not found")
    # The 404 of the API call is the expected outcome here, not a page error.
    page.errors[:] = [e for e in page.errors if "404" not in e]


def test_network_finds_a_path_to_another_entity(page, server, kharkiv):
    kid = kharkiv["id"]
    candidates = _get(server, "/entities/top", by="degree", limit=20)["items"]
    target, found = None, None
    for cand in candidates:
        if cand["id"] == kid:
            continue
        answer = _get(server, "/paths", **{"from": kid, "to": cand["id"], "max_len": 4})
        if answer["paths"] and len(answer["paths"][0]) > 2:
            target, found = cand, answer
            break
    assert target is not None, "no entity is two or more steps from Kharkiv"
    page.goto(f"{server}/#/network/{kid}")
    expect(page.locator("#cy[data-ready]")).to_be_attached()
    page.locator("#path-to").fill(target["label"])
    page.locator("#path-to").press("Enter")
    expect(page.locator("#path-msg")).to_contain_text("shortest path")
    on_path = {nid for path in found["paths"] for nid in path}
    expect(page.locator(".node-btn.on-path")).to_have_count(len(on_path))
    for nid in on_path:
        expect(page.locator(f'.node-btn.on-path[data-id="{nid}"]')).to_be_attached()


def test_search_enter_lists_all_matches(page, server):
    expected = _get(server, "/entities", q="Ser", limit=50)
    page.goto(f"{server}/")
    page.locator("#q").fill("Ser")
    page.locator("#q").press("Enter")
    expect(page).to_have_url(re.compile(r"#/search\?q=Ser$"))
    expect(page.locator("ul.results li")).to_have_count(len(expected["items"]))


def test_bad_sparql_shows_the_server_message(page, server):
    page.goto(f"{server}/#/sparql")
    expect(page.locator(".CodeMirror")).to_be_visible()
    page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue('SELEC nothing')")
    page.locator("#run-query").click()
    expect(page.locator("#results .notice.error")).to_contain_text("Query failed (HTTP 400)")
    # The 400 answer is what this test asks for, not a page error.
    page.errors[:] = [e for e in page.errors if "400" not in e]


def test_links_from_article_data_are_only_web_links(page, server):
    page.goto(f"{server}/")
    checked = page.evaluate(
        "import('/static/app/core.js').then(m => [m.webUrl('javascript:alert(1)'),"
        " m.webUrl('JAVASCRIPT:x'), m.webUrl('data:text/html,x'), m.webUrl('https://example.org/a')])")
    assert checked == [None, None, None, "https://example.org/a"]


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def test_views_have_no_serious_accessibility_violations(page, server, kharkiv):
    """axe-core (vendored for tests only) finds no serious or critical problem on any view."""
    kid = kharkiv["id"]
    views = {"#/": "h1", f"#/entity/{kid}": "table.events, .facts", f"#/network/{kid}": "#cy[data-ready]",
             "#/map": "#map[data-ready]", f"#/timeline/{kid}": ".ev-card, .notice",
             "#/sparql": ".examples[data-ready]"}
    found = {}
    for route, ready in views.items():
        page.goto(f"{server}/{route}")
        expect(page.locator(ready).first).to_be_attached()
        page.wait_for_load_state("networkidle")
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE))
        problems = page.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`))")
        if problems:
            found[route] = problems
    assert not found, found


def test_keyboard_filter_change_keeps_focus_on_the_control(page, server, kharkiv):
    page.goto(f"{server}/#/network/{kharkiv['id']}")
    expect(page.locator("#cy[data-ready]")).to_be_attached()
    page.locator("#net-type-event").focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"types="))
    expect(page.locator("#net-type-event")).not_to_be_checked()
    expect(page.locator("#net-type-event")).to_be_focused()
