"""An event told by several mentions of one article is one node with one value of each
single-valued property (kg/eventnodes.py), and the example queries count an event that
several articles told once.

Within an article: one sem:eventType, rdfs:label and nkg:confidence per event node, one
count per kind and counted thing (an exact "225 people had been injured" over "injuring
more than 200"), every mention kept with gaf:denotedBy and its own nkg:triggerType.
Across articles: each article graph keeps its own claims, and the queries read them per
article (casualties-by-place-week, fact-provenance, claims-by-speaker).

Checked on the seeds graph (the ``seeds_store`` fixture) and on two articles ingested
with ``kg ingest`` and queried with ``kg query``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from seedgraph import query_rows

from kg.query_library import load_query
from kg.store import OxigraphStore
from kg.vocab import sparql_prefixes
from tests.clitools import REPO, ingest_json, kg

pytestmark = pytest.mark.slow

QUAKE_TITLE = "Strong earthquake off Fukushima kills four, derails bullet train"
KHARKIV_TITLE = "Overnight shelling kills dozens in Kharkiv region, governor says"


def select(store: OxigraphStore, sparql: str) -> list[dict[str, str]]:
    result = store.query(sparql_prefixes() + sparql)
    names = [v.value for v in result.variables]  # type: ignore[attr-defined]
    return [{n: s[n].value for n in names if s[n] is not None}
            for s in result]  # type: ignore[attr-defined]


def graph_of(store: OxigraphStore, title: str) -> str:
    rows = select(store, f"SELECT ?a WHERE {{ ?a dcterms:title {json.dumps(title)} }}")
    assert len({r["a"] for r in rows}) == 1, f"no single seed article titled {title!r}"
    return rows[0]["a"]


def test_one_type_label_and_confidence_per_event_node_in_each_article_graph(seeds_store):
    merged = select(seeds_store, """
        SELECT ?g ?e WHERE { GRAPH ?g { ?e a sem:Event ; gaf:denotedBy ?m } }
        GROUP BY ?g ?e HAVING (COUNT(DISTINCT ?m) > 1)""")
    assert len(merged) >= 10, "the seeds should hold events told by several mentions"
    several = select(seeds_store, """
        SELECT ?g ?e (COUNT(DISTINCT ?t) AS ?types) (COUNT(DISTINCT ?l) AS ?labels)
               (COUNT(DISTINCT ?c) AS ?confidences) (COUNT(DISTINCT ?f) AS ?factualities)
        WHERE { GRAPH ?g { ?e a sem:Event ; sem:eventType ?t ; rdfs:label ?l ;
                              nkg:confidence ?c ; nkg:factuality ?f } }
        GROUP BY ?g ?e
        HAVING (COUNT(DISTINCT ?t) > 1 || COUNT(DISTINCT ?l) > 1 || COUNT(DISTINCT ?c) > 1
                || COUNT(DISTINCT ?f) > 1)""")
    assert several == [], several


def test_the_node_takes_the_most_specific_type_and_keeps_each_mention_s_own(seeds_store):
    """The Kharkiv shelling: headline "shelling" and "struck" (missile strike), "airstrikes"
    (airstrike), "strikes" (attack). Missile strike and airstrike are equally specific, so
    the earliest mention's wins, and its word is the label; each mention keeps its type."""
    graph = graph_of(seeds_store, KHARKIV_TITLE)
    rows = select(seeds_store, f"""
        SELECT ?e ?type ?label ?anchor ?own WHERE {{ GRAPH <{graph}> {{
            ?e sem:eventType ?type ; rdfs:label ?label ; gaf:denotedBy ?m .
            ?m nif:anchorOf ?anchor ; nkg:triggerType ?own .
            ?e gaf:denotedBy/nif:anchorOf "airstrikes" }} }}""")
    assert {(r["type"].rsplit("/", 1)[1], r["label"]) for r in rows} == {("missile-strike", "shelling")}
    own = {(r["anchor"], r["own"].rsplit("/", 1)[1]) for r in rows}
    assert {("airstrikes", "airstrike"), ("shelling", "missile-strike"),
            ("strikes", "attack")} <= own, own


def test_a_sum_over_the_counts_of_a_merged_node_is_the_reported_count(seeds_store):
    """"injuring more than 200" (a bound) and "225 people had been injured" are one
    injury event: its counts add up to 225, not 425."""
    graph = graph_of(seeds_store, QUAKE_TITLE)
    rows = select(seeds_store, f"""
        SELECT ?e (SUM(?n) AS ?total) WHERE {{
          GRAPH <{graph}> {{ ?e nkg:quantity ?q . ?q nkg:quantityKind "injured" ; nkg:count ?n }}
          {{ SELECT ?e WHERE {{ GRAPH <{graph}> {{ ?e gaf:denotedBy ?m }} }}
             GROUP BY ?e HAVING (COUNT(DISTINCT ?m) > 1) }}
        }} GROUP BY ?e""")
    assert [int(r["total"]) for r in rows] == [225], rows


def test_fact_provenance_lists_each_mention_once(seeds_store):
    data = query_rows(seeds_store, load_query("fact-provenance"))
    rows = [dict(zip(data["vars"], r, strict=True)) for r in data["rows"]]
    spans = [(r["article"], r["begin"], r["end"]) for r in rows]
    assert len(spans) == len(set(spans)), sorted(spans)
    assert ("airstrikes", "<https://newskg.org/event-type/missile-strike>") in {
        (r["trigger"], r["type"]) for r in rows}


# --- one event told by two articles ------------------------------------------------------

ARTICLES = {
    "xa": ("Missiles hit Kharkiv", "2022-03-02",
           "Russian missiles struck Kharkiv on Tuesday, killing 10 people, governor Oleh "
           "Synehubov said. Rescue teams searched the rubble."),
    "xb": ("Airstrike on Kharkiv", "2022-03-03",
           "A Russian airstrike hit Kharkiv on Tuesday, killing 12 people, mayor Ihor Terekhov "
           "said. The mayor called for help."),
}


@pytest.fixture(scope="module")
def linked_store(tmp_path_factory) -> Path:
    return ingest_json(tmp_path_factory.mktemp("linked"), ARTICLES)


def run(store: Path, sparql_or_file: str) -> list[dict[str, Any]]:
    out = kg("query", "--store", str(store), "--format", "json", sparql_or_file, check=True)
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(out.stdout)["results"]["bindings"]]


def named(name: str) -> str:
    return "@" + str(REPO / "ontology" / "queries" / f"{name}.rq")


def test_casualties_count_an_event_two_articles_told_once(linked_store):
    linked = run(linked_store, sparql_prefixes() + """
        SELECT ?e (COUNT(DISTINCT ?g) AS ?articles) WHERE {
          GRAPH ?g { ?e a sem:Event ; nkg:quantity ?q } } GROUP BY ?e""")
    assert linked and all(r["articles"] == "2" for r in linked), "the two reports should be linked"
    rows = run(linked_store, named("casualties-by-place-week"))
    assert [(r["place"], r["week"], r["kind"], r["total"]) for r in rows] == [
        ("Kharkiv", "2022-02-28", "killed", "12")]  # the larger report, not 10 + 12


def test_claims_keep_each_speaker_s_own_counts(linked_store):
    rows = run(linked_store, named("claims-by-speaker"))
    counts: dict[str, set[str]] = {}
    for r in rows:
        counts.setdefault(r["speaker"], set()).update(r.get("counts", "").split("; "))
    assert counts == {"Oleh Synehubov": {"10 people killed"},
                      "Ihor Terekhov": {"12 people killed"}}, counts


def test_fact_provenance_lists_each_article_s_mention_once(linked_store):
    rows = run(linked_store, named("fact-provenance"))
    spans = [(r["article"], r["begin"]) for r in rows]
    assert len(spans) >= 4 and len(spans) == len(set(spans)), sorted(spans)


def test_two_events_an_article_keeps_apart_do_not_both_take_one_linked_event(tmp_path):
    """'shelled Kharkiv on Tuesday' and 'shelled Kharkiv again this week' are two events
    of one article; both fit the one Tuesday shelling an earlier article told, but only
    one may take its IRI, else the article's graph would give one node two dates."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "a.json").write_text(json.dumps({
        "id": "ya", "title": "Shelling in Kharkiv", "published": "2022-03-02",
        "text": "Russian forces shelled Kharkiv on Tuesday, the governor said."}))
    (second / "b.json").write_text(json.dumps({
        "id": "yb", "title": "Kharkiv under fire", "published": "2022-03-04",
        "text": "Russian forces shelled Kharkiv on Tuesday, killing three people, officials "
                "said. Russian forces also shelled Kharkiv again this week, killing five "
                "people, the mayor said."}))
    store = tmp_path / "store"
    kg("ingest", "--store", str(store), str(first), check=True)
    kg("ingest", "--store", str(store), str(second), check=True)
    rows = run(store, sparql_prefixes() + """
        SELECT ?g ?e (COUNT(DISTINCT ?d) AS ?dates) (COUNT(DISTINCT ?m) AS ?mentions) WHERE {
          GRAPH ?g { ?e sem:eventType et:missile-strike ; sem:hasTimeStamp ?d ;
                        gaf:denotedBy ?m } } GROUP BY ?g ?e""")
    in_second = [r for r in rows if r["g"].endswith("/yb")]
    assert len(in_second) == 2 and all(r["dates"] == "1" for r in in_second), rows
    shared = {r["e"] for r in rows if r["g"].endswith("/ya")} & {r["e"] for r in in_second}
    assert len(shared) == 1, "one of the two should still be linked to the earlier report"


@pytest.fixture(scope="module")
def two_dates_store(tmp_path_factory) -> Path:
    """One strike told as a Tuesday missile strike and as an airstrike "this week"."""
    return ingest_json(tmp_path_factory.mktemp("two-dates"), {
        "za": ("Missiles hit Kharkiv", "2022-03-02",
               "Russian missiles struck Kharkiv on Tuesday, the governor said."),
        "zb": ("Airstrike on Kharkiv", "2022-03-04",
               "A Russian airstrike hit Kharkiv this week, the mayor said."),
    })


def test_listings_pair_each_article_s_date_with_its_own_type(two_dates_store):
    """events-in-place and entity-timeline give each article's account of the linked
    strike once (its date, type and word), not every date crossed with every type."""
    ET = "https://newskg.org/event-type/"
    rows = run(two_dates_store, named("events-in-place"))
    assert len({r["event"] for r in rows}) == 1, "the two reports should be linked"
    assert [(r["date"], r["type"], r["label"]) for r in rows] == [
        ("2022-02-28", ET + "airstrike", "Airstrike"), ("2022-03-01", ET + "missile-strike", "hit")]
    timeline = run(two_dates_store, named("entity-timeline"))
    assert {(r["date"], r["type"]) for r in timeline} == {
        ("2022-02-28", ET + "airstrike"), ("2022-03-01", ET + "missile-strike")}


def test_a_bound_or_estimate_is_marked_as_not_an_exact_count(seeds_store):
    """Kharkiv: 'killing at least 34 civilians and injuring 285 others': 34 is a bound
    (nkg:countExact false), 285 a tally (true); 'more than 4,300 people' is a bound."""
    rows = select(seeds_store, """
        SELECT DISTINCT ?n ?exact WHERE { ?q a nkg:Quantity ; nkg:count ?n ; nkg:countExact ?exact }""")
    exact = {(int(r["n"]), r["exact"]) for r in rows}
    assert {(34, "false"), (285, "true"), (4300, "false")} <= exact, sorted(exact)
    untagged = select(seeds_store, """
        SELECT ?q WHERE { ?q a nkg:Quantity FILTER NOT EXISTS { ?q nkg:countExact ?x } }""")
    assert untagged == []


SUMMED = {
    "sa": ("Shelling of Kharkiv", "2022-04-06",
           "On Tuesday Russian shelling killed five people and another two people in Kharkiv, "
           "the governor said."),
    "sb": ("Shelling of Odesa", "2022-04-06",
           "On Tuesday Russian shelling killed three people and another three people in Odesa, "
           "the governor said."),
}


def test_an_article_s_counts_of_one_kind_add_up_in_the_casualty_totals(tmp_path):
    """'five people and another two people' is 7 killed, 'three ... and another three'
    is 6 (two equal counts are two quantity nodes, not one)."""
    rows = run(ingest_json(tmp_path, SUMMED), named("casualties-by-place-week"))
    killed = {r["place"]: int(r["total"]) for r in rows if r["kind"] == "killed"}
    assert killed == {"Kharkiv": 7, "Odesa": 6}, rows


def test_events_by_type_counts_each_article_under_the_type_it_gave(linked_store):
    """xa tells the strike as missiles, xb as an airstrike: one article under each type."""
    rows = {r["type"].rsplit("/", 1)[-1]: r for r in run(linked_store, named("events-by-type"))}
    strike_types = [t for t in rows if t in {"missile-strike", "airstrike"}]
    assert sorted(strike_types) == ["airstrike", "missile-strike"], sorted(rows)
    assert all(rows[t]["articles"] == "1" for t in strike_types), [rows[t] for t in strike_types]


def test_a_toll_is_listed_under_the_finer_place_not_also_under_its_country(seeds_store):
    """The earthquake's four dead: the kill node names Fukushima and Japan. Listing the
    toll under both would count the same deaths twice in a sum over places."""
    data = query_rows(seeds_store, load_query("casualties-by-place-week"))
    rows = [dict(zip(data["vars"], r, strict=True)) for r in data["rows"]]
    killed = {r["place"]: r["total"] for r in rows if r["kind"] == "killed" and r["week"] == "2022-03-14"}
    assert killed == {"Fukushima": "4"}, rows


ONE_SIDE_EACH = {
    "wa": ("Shelling in Kharkiv", "2022-03-02",
           "Russian artillery shelled Kharkiv on Tuesday, the governor said. Nobody was hurt."),
    "wb": ("Convoy hit", "2022-03-03",
           "A Ukrainian convoy was shelled in Kharkiv on Tuesday, the army said. "
           "The convoy withdrew."),
}


def test_who_attacked_whom_pairs_an_attacker_only_with_its_own_article_s_target(tmp_path):
    """The two reports are one linked node (same day, same town). The first names the
    attacker, the second only the target: no article says that Russia shelled a Ukrainian
    convoy, so the listing does not pair them (every row traceable to one article)."""
    store = ingest_json(tmp_path, ONE_SIDE_EACH)
    linked = run(store, sparql_prefixes() + """
        SELECT ?e WHERE { GRAPH ?g { ?e a sem:Event ; sem:hasPlace ?p } } GROUP BY ?e
        HAVING (COUNT(DISTINCT ?g) = 2)""")
    assert len(linked) == 1, "the two reports should be linked"
    rows = run(store, named("who-attacked-whom"))
    assert {(r["attacker"], r["attacked"]) for r in rows} == {("Russia", "Kharkiv")}, rows


def test_two_reports_naming_different_attackers_are_two_events(tmp_path):
    """Same day, same town, but one side shelled in one report and the other side in
    the other: two attacks, not one node with both attackers."""
    store = ingest_json(tmp_path, {
        "oa": ("Shelling in Kharkiv", "2022-03-02",
               "Russian artillery shelled Kharkiv on Tuesday, the governor said."),
        "ob": ("Kharkiv shelling", "2022-03-03",
               "Ukrainian forces shelled a Russian convoy in Kharkiv on Tuesday, the army "
               "said."),
    })
    rows = run(store, sparql_prefixes() + """
        SELECT ?e (COUNT(DISTINCT ?g) AS ?articles) (COUNT(DISTINCT ?a) AS ?agents) WHERE {
          GRAPH ?g { ?e nkg:agent ?a } } GROUP BY ?e""")
    assert sorted((r["articles"], r["agents"]) for r in rows) == [("1", "1"), ("1", "1")], rows
