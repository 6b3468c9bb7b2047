"""One event told by several articles is one event node (issue 4: same event across
articles), through `kg ingest` and POST /articles with the real pipeline."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.eventlink import same_event
from kg.rdf import EventKey
from tests.clitools import kg, store_quads

KHARKIV = "https://newskg.org/id/place/kharkiv-706483"
ARTICLES = {
    # Tuesday 2022-03-01 in all three; the second names one more city, the third a week
    "kharkiv-a": ("2022-03-02", "Strikes on Kharkiv",
                  "Russian airstrikes hit the centre of Kharkiv on Tuesday, killing ten people, "
                  "regional officials said."),
    "kharkiv-b": ("2022-03-03", "Bombing in two cities",
                  "Russian aircraft bombed Kharkiv and Kyiv on Tuesday, Ukrainian officials said."),
    "lviv-c": ("2022-03-02", "Strike on Lviv",
               "Russian airstrikes hit Lviv on Tuesday, the mayor said."),
    # 28 February to 6 March: overlaps Tuesday, so its own IRI is not the day's
    "kharkiv-w": ("2022-03-08", "A week of strikes",
                  "Russian missiles struck Kharkiv last week, the governor said."),
}
# the same week again, in a later run: only the stored events can link it
LATER = ("kharkiv-later", "2022-03-05", "Strikes this week",
         "Russian airstrikes hit Kharkiv this week, the governor said.")

ATTACKS = """
SELECT ?e (GROUP_CONCAT(DISTINCT STR(?g); separator=" ") AS ?graphs) WHERE {
  GRAPH ?g { ?e sem:eventType ?t ; sem:hasPlace ?p . FILTER NOT EXISTS { ?e nkg:dateDefaulted true } }
  FILTER(?t IN (et:attack, et:airstrike, et:bombing, et:missile-strike))
  FILTER(?p = <%s>)
} GROUP BY ?e"""


def _write(folder: Path, ident: str, published: str, title: str, text: str) -> Path:
    path = folder / f"{ident}.json"
    path.write_text(json.dumps({"id": ident, "title": title, "published": published, "text": text}))
    return path


def _attacks_on(store: Path, place: str) -> dict[str, set[str]]:
    q = ATTACKS % place
    out = kg("query", "--store", str(store), "--format", "json",
             "PREFIX et: <https://newskg.org/event-type/>\n" + q, check=True)
    rows = json.loads(out.stdout)["results"]["bindings"]
    return {r["e"]["value"]: {g.rsplit("/", 1)[-1] for g in r["graphs"]["value"].split()}
            for r in rows}


@pytest.mark.slow
def test_reports_of_one_strike_become_one_event_in_one_run_and_across_runs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for ident, (published, title, text) in ARTICLES.items():
        _write(folder, ident, published, title, text)
    store = tmp_path / "store"
    kg("ingest", "--store", str(store), str(folder), check=True)
    attacks = _attacks_on(store, KHARKIV)
    # "Kharkiv on Tuesday", "Kharkiv and Kyiv on Tuesday", "Kharkiv last week": one strike
    assert list(attacks.values()) == [{"kharkiv-a", "kharkiv-b", "kharkiv-w"}], attacks
    (linked,) = attacks
    # the strike on Lviv the same day, by the same attacker, stays its own event
    lviv = _attacks_on(store, "https://newskg.org/id/place/lviv-702550")
    assert list(lviv.values()) == [{"lviv-c"}] and linked not in lviv

    # a later run: "this week" overlaps Tuesday, so the stored event is found again
    ident, published, title, text = LATER
    kg("ingest", "--store", str(store), str(_write(tmp_path, ident, published, title, text)),
       check=True)
    everyone = {"kharkiv-a", "kharkiv-b", "kharkiv-w", "kharkiv-later"}
    assert _attacks_on(store, KHARKIV) == {linked: everyone}

    # deleting the first report leaves the event with the others' mentions
    kg("delete", "--store", str(store), "kharkiv-a", check=True)
    assert _attacks_on(store, KHARKIV) == {linked: everyone - {"kharkiv-a"}}


def test_identity_rule_needs_family_overlap_and_a_shared_place_or_participant():
    day = date(2022, 3, 1)
    week = (date(2022, 2, 28), date(2022, 3, 6))
    kharkiv = EventKey("attack", day, day, ("p/kharkiv",), ("c/russia",))
    assert same_event(kharkiv, EventKey("attack", *week, ("p/kharkiv",), ())) == 1
    assert same_event(kharkiv, EventKey("attack", day, day, ("p/kharkiv", "p/kyiv"),
                                        ("c/russia",))) == 2
    # another city the same day by the same attacker: two strikes
    assert not same_event(kharkiv, EventKey("attack", day, day, ("p/lviv",), ("c/russia",)))
    # another day, or another kind of event
    assert not same_event(kharkiv, EventKey("attack", date(2022, 3, 2), date(2022, 3, 2),
                                            ("p/kharkiv",), ("c/russia",)))
    assert not same_event(kharkiv, EventKey("meet", day, day, ("p/kharkiv",), ("c/russia",)))
    # no place on one side: a shared participant is enough
    assert same_event(kharkiv, EventKey("attack", day, day, (), ("c/russia",))) == 1
    assert not same_event(kharkiv, EventKey("attack", day, day, (), ("c/belarus",)))
    # both name an agent, and not the same one: two attacks on one town that day
    russian = EventKey("attack", day, day, ("p/kharkiv",), ("c/russia",), ("c/russia",))
    assert not same_event(russian, EventKey("attack", day, day, ("p/kharkiv",),
                                            ("c/ukraine",), ("c/ukraine",)))
    assert same_event(russian, EventKey("attack", day, day, ("p/kharkiv",), ("c/russia",),
                                        ("c/russia", "c/belarus"))) == 2
    assert same_event(russian, kharkiv) == 2  # one report names no agent


def test_a_report_that_fits_two_stored_events_is_left_alone():
    from kg.eventlink import EventIndex
    from kg.rdf import IriMinter

    day = date(2022, 3, 1)
    index = EventIndex(IriMinter("https://newskg.org/id/"))
    index.add("g1", "kharkiv", EventKey("attack", day, day, ("p/kharkiv",), ("c/russia",)))
    index.add("g2", "lviv", EventKey("attack", day, day, ("p/lviv",), ("c/russia",)))
    no_place = EventKey("attack", day, day, (), ("c/russia",))
    assert index.match(no_place, "g3") is None
    assert index.match(EventKey("attack", day, day, ("p/lviv",), ()), "g3") == "lviv"
    assert index.match(EventKey("attack", day, day, ("p/lviv",), ()), "g2") is None  # itself
    assert index.match(no_place, "g3", own="lviv") == "lviv"  # its own IRI, told before
    index.forget("g2")
    assert index.match(no_place, "g3") == "kharkiv"


@pytest.mark.slow
def test_ingesting_the_same_folder_again_gives_the_same_graph(tmp_path):
    """A week-long report that fits two stored strikes stays unlinked; re-ingesting the
    folder must not then merge each strike into the week (and so the two strikes with
    each other): the re-ingested articles keep the decisions they got the first time."""
    folder = tmp_path / "in"
    folder.mkdir()
    reports = {
        "a-tuesday": ("2022-03-02", "Strikes on Kharkiv",
                      "Russian airstrikes hit the centre of Kharkiv on Tuesday, killing ten "
                      "people, regional officials said."),
        "b-thursday": ("2022-03-04", "More strikes on Kharkiv",
                       "Russian airstrikes hit Kharkiv on Thursday, killing three people, "
                       "regional officials said."),
        "c-week": ARTICLES["kharkiv-w"],
    }
    for ident, (published, title, text) in reports.items():
        _write(folder, ident, published, title, text)
    store = tmp_path / "store"
    kg("ingest", "--store", str(store), str(folder), check=True)
    first = store_quads(store)
    tuesday_and_thursday = [g for g in _attacks_on(store, KHARKIV).values()
                            if g & {"a-tuesday", "b-thursday"}]
    assert all(len(g & {"a-tuesday", "b-thursday"}) == 1 for g in tuesday_and_thursday)

    kg("ingest", "--store", str(store), str(folder), check=True)
    assert store_quads(store) == first


@pytest.mark.slow
def test_two_extraction_processes_link_events_the_same_way(tmp_path):
    """The seeds share no event across articles, so the CLI's n_process test does not see
    linking: here articles whose strikes are linked go one per batch to two workers."""
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    for ident, (published, title, text) in ARTICLES.items():
        _write(folder, ident, published, title, text)
    one, two = tmp_path / "one", tmp_path / "two"
    kg("ingest", "--store", str(one), str(folder), check=True)
    env = {**os.environ, "KG_N_PROCESS": "2", "KG_BATCH_SIZE": "1"}
    kg("ingest", "--store", str(two), str(folder), check=True, env=env)
    assert [len(g) for g in _attacks_on(one, KHARKIV).values()] == [3]  # linking happened
    assert store_quads(two) == store_quads(one)


@pytest.mark.slow
def test_one_run_and_one_article_per_run_give_the_same_graph(tmp_path):
    """'shelled Kharkiv this week ... the shelling of Kharkiv on Tuesday' is one node dated
    Tuesday; a later report of shelling on Thursday must not be linked to it through the
    week mention in one run when a later run (reading the stored node) would not."""
    folder = tmp_path / "in"
    folder.mkdir()
    paths = [
        _write(folder, "a-week", "2022-03-04", "Kharkiv",
               "Russian forces shelled Kharkiv this week, the governor said. The shelling of "
               "Kharkiv on Tuesday killed ten people."),
        _write(folder, "b-thursday", "2022-03-04", "Kharkiv again",
               "Russian forces shelled Kharkiv on Thursday, officials said."),
    ]
    together, apart = tmp_path / "together", tmp_path / "apart"
    kg("ingest", "--store", str(together), str(folder), check=True)
    for path in paths:
        kg("ingest", "--store", str(apart), str(path), check=True)
    assert sorted(len(g) for g in _attacks_on(together, KHARKIV).values()) == [1, 1]
    assert store_quads(together) == store_quads(apart)


@pytest.mark.slow
def test_a_failed_rewrite_leaves_the_stored_events_linkable(tmp_path, nlp, resources):
    """Re-ingesting an article whose write then fails (a full disk, simulated by a store
    that refuses to rewrite that one graph) keeps the old article in the store; a later
    report of its strike in the same run still links to it. Before, the index held the
    unwritten version, and the stored strike could no longer be found."""
    import pyoxigraph as ox

    from kg.articles import read_articles
    from kg.config import Settings
    from kg.pipeline import Extractor, ingest_articles
    from kg.rdf import IriMinter
    from kg.store import OxigraphStore

    class RefusesOneRewrite(OxigraphStore):
        refused: str | None = None

        def replace_article(self, graph: ox.NamedNode, quads):  # type: ignore[no-untyped-def]
            if graph.value == self.refused:
                raise OSError("No space left on device (simulated)")
            return super().replace_article(graph, quads)

    settings = Settings.from_env({}, store_path=tmp_path / "unused")
    ex = Extractor(nlp=nlp, resources=resources, minter=IriMinter(settings.base_iri),
                   settings=settings)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    _write(first, "kharkiv-a", *ARTICLES["kharkiv-a"])
    _write(second, "kharkiv-a", "2022-03-02", "Strike on Lviv",
           "Russian airstrikes hit Lviv on Tuesday, the mayor said.")  # the rewrite that fails
    _write(second, "kharkiv-b", *ARTICLES["kharkiv-b"])
    path = tmp_path / "store"
    store = RefusesOneRewrite(path)
    try:
        assert ingest_articles(read_articles([str(first)]), store, ex).stored == 1
        store.refused = ex.minter.article("kharkiv-a").value
        stream = sorted(read_articles([str(second)]), key=lambda a: a.id)  # type: ignore[union-attr]
        report = ingest_articles(stream, store, ex, batch_quads=0)
    finally:
        store.close()
    assert report.stored == 1 and len(report.failures) == 1, report.summary()
    assert "No space left" in report.failures[0].message
    assert _attacks_on(path, KHARKIV) == {next(iter(_attacks_on(path, KHARKIV))): {"kharkiv-a", "kharkiv-b"}}


AGENTS = """
SELECT ?e (GROUP_CONCAT(DISTINCT CONCAT(STRAFTER(STR(?g), "article/"), "=", STR(?a)); separator=" ") AS ?told)
WHERE { GRAPH ?g { ?e nkg:agent ?a } } GROUP BY ?e"""


def _agents_by_node(store: Path) -> list[dict[str, str]]:
    """Per event node with an agent: article -> agent IRI, for every article's agents."""
    out = kg("query", "--store", str(store), "--format", "json", AGENTS, check=True)
    rows = json.loads(out.stdout)["results"]["bindings"]
    nodes = []
    for r in rows:
        told: dict[str, str] = {}
        for pair in r["told"]["value"].split():
            article, agent = pair.split("=", 1)
            told[article] = agent.rsplit("/", 1)[-1]
        nodes.append(told)
    return nodes


@pytest.mark.slow
def test_an_attacker_named_in_a_later_sentence_keeps_two_sides_apart(tmp_path):
    """Each article first says "Shelling hit Kharkiv on Tuesday" and names the attacker
    only in a later sentence; the node (and its IRI) has that attacker, so the two
    articles, one with each side, stay two events."""
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "x1", "2022-03-02", "Shelling in Kharkiv",
           "Shelling hit Kharkiv on Tuesday, the governor said. Russian artillery shelled "
           "Kharkiv on Tuesday, he added.")
    _write(folder, "y1", "2022-03-03", "Kharkiv shelling",
           "Shelling hit Kharkiv on Tuesday, the army said. Ukrainian forces shelled Kharkiv "
           "on Tuesday, it added.")
    kg("ingest", "--store", str(tmp_path / "store"), str(folder), check=True)
    nodes = _agents_by_node(tmp_path / "store")
    assert sorted(sorted(n) for n in nodes) == [["x1"], ["y1"]], nodes


@pytest.mark.slow
@pytest.mark.parametrize("one_per_run", [False, True])
def test_a_report_without_attacker_does_not_bridge_two_sides(tmp_path, one_per_run):
    """A report naming no attacker fits both; once it is linked to the Russian report,
    the Ukrainian one must not join that node (in either order of ingest)."""
    reports = [
        ("k1-none", "2022-03-02", "Shelling hit Kharkiv on Tuesday, the governor said."),
        ("k2-ru", "2022-03-02", "Russian artillery shelled Kharkiv on Tuesday, officials said."),
        ("k3-ua", "2022-03-03", "Ukrainian forces shelled Kharkiv on Tuesday, the army said."),
    ]
    if one_per_run:
        reports.reverse()
    store = tmp_path / "store"
    folders = []
    for i, (ident, published, text) in enumerate(reports):
        folder = tmp_path / (f"in{i}" if one_per_run else "in")
        folder.mkdir(exist_ok=True)
        _write(folder, ident, published, "Kharkiv news", text)
        folders.append(folder)
    for folder in dict.fromkeys(folders):
        kg("ingest", "--store", str(store), str(folder), check=True)
    nodes = _agents_by_node(store)
    assert all(len(set(n.values())) == 1 for n in nodes), nodes
    assert {a for n in nodes for a in n.values()} == {"russia-2017370", "ukraine-690791"}
