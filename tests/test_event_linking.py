"""One event told by several articles is one event node (issue 4: same event across
articles), through `kg ingest` and POST /articles with the real pipeline."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.eventlink import same_event
from kg.rdf import EventKey
from tests.clitools import kg

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
