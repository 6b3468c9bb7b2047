"""ontology/event-types.ttl: strict parse, CAMEO notations, mappings, and the lexicon uses it."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pyoxigraph

from kg.extract.event_resources import TYPES_TTL, EventResources

SKOS = "http://www.w3.org/2004/02/skos/core#"
REQUIRED = {
    "attack", "airstrike", "missile-strike", "kill", "injure", "destroy", "damage", "occupy", "meet",
    "negotiate", "statement", "appeal", "threaten", "demand", "accuse", "sanction", "provide-aid",
    "provide-arms", "protest", "arrest", "evacuate", "elect", "vote", "sign-agreement", "natural-disaster",
}


def test_scheme_parses_strictly_and_covers_the_issue_types() -> None:
    triples = list(pyoxigraph.parse(path=str(TYPES_TTL), format=pyoxigraph.RdfFormat.TURTLE))
    assert triples
    types = EventResources.load().types
    assert REQUIRED <= set(types)
    for t in types.values():
        assert t.label
        if t.cameo is not None:
            assert re.fullmatch(r"(0[1-9]|1\d|20)\d{0,2}", t.cameo), (t.id, t.cameo)
        if t.broader:
            assert t.broader in types
    # every concept either has a CAMEO code or says it has none
    noted = {
        str(tr.subject.value)
        for tr in triples
        if tr.predicate.value == SKOS + "scopeNote"
    }
    for t in types.values():
        assert t.cameo is not None or f"https://newskg.org/event-type/{t.id}" in noted


def test_mappings_name_types_used_by_the_gold_data(shared_dir: Path) -> None:
    types = EventResources.load().types
    m2e2 = json.loads((shared_dir / "eval/events/m2e2_text_events.json").read_text(encoding="utf-8"))
    ace_gold = {ev["event_type"] for s in m2e2 for ev in s["golden-event-mentions"]}
    with (shared_dir / "eval/events/case2021_task2.tsv").open(encoding="utf-8") as fh:
        acled_gold = {row["SubType"] for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}
    roles_file = shared_dir / "eval/events/wikievents-event_role_KAIROS.json"
    roles = json.loads(roles_file.read_text(encoding="utf-8"))
    ace = {t.matches["ace"] for t in types.values() if "ace" in t.matches}
    acled = {t.matches["acled"] for t in types.values() if "acled" in t.matches}
    kairos = {t.matches["kairos"] for t in types.values() if "kairos" in t.matches}
    assert ace_gold <= ace  # every M2E2 type is reachable from some type of ours
    from kg.eval.types import RULES_FILE

    refined = {r["then"] for r in json.loads(RULES_FILE.read_text(encoding="utf-8"))["protest_rules"]}
    assert acled_gold - {"OTHER"} <= acled | refined
    assert kairos - set(roles) == set()  # our KAIROS targets exist in the ontology


def test_every_lexicon_type_is_a_concept() -> None:
    res = EventResources.load()
    used = {e.type for e in res.single.values()} | {e.type for lst in res.multi.values() for e in lst}
    assert used <= set(res.types)
