"""Mentions of one event inside one article are one event node (the headline and the
lead, "the quake" pointing back), while events that differ in day or place, or that an
article recalls from years before, stay apart. Through `kg ingest` and `kg query`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clitools import ingest_json, kg

pytestmark = pytest.mark.slow

ARTICLES = {
    "shelling": ("Overnight shelling kills dozens in Kharkiv", "2022-03-04",
                 "Russian artillery pounded Kharkiv on Thursday, killing at least 34 civilians, "
                 "the regional governor said. Firefighters worked through the night."),
    "two-days": ("Shelling resumes", "2022-03-04",
                 "Russian forces shelled Kharkiv on Monday, officials said. On Wednesday, "
                 "Russian forces shelled Kharkiv again."),
    "two-cities": ("Missiles hit western cities", "2022-03-04",
                   "Russian missiles hit Lviv on Tuesday, the mayor said. Separately, Russian "
                   "missiles hit Odesa on Tuesday, the governor said."),
    "quake": ("Strong earthquake shakes Fukushima", "2022-03-17",
              "A powerful earthquake struck off the coast of Fukushima late on Wednesday, "
              "officials said. The quake, which hit at 11:36 p.m., cut power to two million "
              "homes. It came days before the anniversary of the March 2011 earthquake, which "
              "devastated the region."),
    # "another strike", told with an explicit day within a week of the undated first one
    "another": ("Strikes on Kyiv", "2022-03-04",
                "A missile strike killed five people in Kyiv. Another strike killed three "
                "people in Kyiv on Tuesday."),
    "separately": ("Kharkiv", "2022-03-04",
                   "Shelling killed five civilians in Kharkiv on Monday. Separately, a sniper "
                   "killed a soldier in Kharkiv."),
    # the week first, then the day inside it: one shelling, dated by the day
    "week-then-day": ("Kharkiv", "2022-03-04",
                      "Russian forces shelled Kharkiv this week, the governor said. The "
                      "shelling of Kharkiv on Tuesday killed ten people."),
}

NODES = """
SELECT ?g ?e (GROUP_CONCAT(DISTINCT ?l; separator="|") AS ?labels)
       (GROUP_CONCAT(DISTINCT STR(?d); separator="|") AS ?dates) (COUNT(DISTINCT ?def) AS ?defaulted)
WHERE { GRAPH ?g { ?e a sem:Event ; gaf:denotedBy/nif:anchorOf ?l ; sem:eventType ?t .
                   OPTIONAL { ?e sem:hasTimeStamp ?d } OPTIONAL { ?e nkg:dateDefaulted ?def } }
        FILTER(?t IN (et:missile-strike, et:attack, et:kill, et:natural-disaster)) }
GROUP BY ?g ?e"""


@pytest.fixture(scope="module")
def nodes(tmp_path_factory) -> dict[str, list[tuple[set[str], set[str], bool]]]:
    """Per article: (mention texts, dates, defaulted) of each attack/kill/disaster node."""
    store = ingest_json(tmp_path_factory.mktemp("coref"), ARTICLES)
    out = kg("query", "--store", str(store), "--format", "json",
             "PREFIX et: <https://newskg.org/event-type/>\n" + NODES, check=True)
    found: dict[str, list[tuple[set[str], set[str], bool]]] = {}
    for row in json.loads(out.stdout)["results"]["bindings"]:
        article = Path(row["g"]["value"]).name
        found.setdefault(article, []).append((
            set(row["labels"]["value"].split("|")),
            set(row["dates"]["value"].split("|")) if row["dates"]["value"] else set(),
            row["defaulted"]["value"] != "0"))
    return found


def test_headline_and_lead_are_one_event_dated_by_the_lead(nodes):
    strike = [n for n in nodes["shelling"] if "pounded" in n[0]]
    assert len(strike) == 1
    labels, dates, defaulted = strike[0]
    assert labels == {"shelling", "pounded"}
    assert dates == {"2022-03-03"} and not defaulted  # Thursday, not the publication date
    kills = [n for n in nodes["shelling"] if n[0] & {"kills", "killing"}]
    assert [n[0] for n in kills] == [{"kills", "killing"}]


def test_a_mention_pointing_back_joins_its_event_but_an_old_one_does_not(nodes):
    quakes = sorted(nodes["quake"], key=lambda n: sorted(n[1]))
    disasters = [n for n in quakes if n[0] & {"earthquake", "quake"}]
    assert [(n[0], n[1]) for n in disasters] == [
        ({"earthquake"}, {"2011-03-01"}),  # "the March 2011 earthquake": another event
        ({"earthquake", "quake"}, {"2022-03-16"}),  # headline, lead and "The quake"
    ]


def test_other_days_and_other_places_stay_apart(nodes):
    assert sorted(sorted(n[1]) for n in nodes["two-days"]) == [["2022-02-28"], ["2022-03-02"]]
    assert len(nodes["two-cities"]) == 2
    assert all(n[1] == {"2022-03-01"} for n in nodes["two-cities"])


def test_a_mention_saying_another_strike_is_a_new_event(nodes):
    """'Another strike killed three people in Kyiv on Tuesday' shares Kyiv and a date that
    fits the undated first strike, yet it tells a second strike with its own deaths."""
    strikes = [n for n in nodes["another"] if n[0] & {"missile strike", "strike"}]
    kills = [n for n in nodes["another"] if "killed" in n[0]]
    assert len(strikes) == 2 and len(kills) == 2, nodes["another"]
    assert {"2022-03-01"} in [n[1] for n in strikes]


def test_a_killing_told_separately_is_a_new_event(nodes):
    """'Separately, a sniper killed a soldier in Kharkiv' (undated, so it fits Monday)."""
    kills = [n for n in nodes["separately"] if "killed" in n[0]]
    assert len(kills) == 2, nodes["separately"]


def test_a_day_inside_an_earlier_week_dates_the_event(nodes):
    """'shelled Kharkiv this week' then 'the shelling of Kharkiv on Tuesday': the node
    keeps Tuesday, not the whole week (a query for Tuesday's strikes finds it)."""
    shelling = [n for n in nodes["week-then-day"] if n[0] & {"shelled", "shelling"}]
    assert [(n[0], n[1]) for n in shelling] == [({"shelled", "shelling"}, {"2022-03-01"})]
