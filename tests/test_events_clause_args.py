"""Arguments an event takes from the clause around it, and the eval's role names."""

from __future__ import annotations

import json
from pathlib import Path

from kg.cli import main
from tests.test_events_rules import first, names, run


def test_people_killed_in_an_attack_are_its_targets(nlp, resources) -> None:
    x = run(nlp, resources, "Mustafa Badreddine was killed in an attack near Damascus.")
    assert "Mustafa Badreddine" in names(x, first(x, "attack"), "target")
    assert "Mustafa Badreddine" in names(x, first(x, "kill"), "victim")


def test_place_named_before_a_where_clause(nlp, resources) -> None:
    # two places in the sentence: only the "where" clause says which one the arrest is in
    x = run(nlp, resources, "Protesters from Entebbe gathered in Kampala, where police arrested Kizza Besigye.")
    ev = first(x, "arrest")
    assert names(x, ev, "place") == {"Kampala"}
    assert "Kizza Besigye" in names(x, ev, "target")


def test_fighting_between_two_sides_makes_both_attackers(nlp, resources) -> None:
    x = run(nlp, resources, "The clashes between Azerbaijan and Armenia killed 20 soldiers.")
    assert {"Azerbaijan", "Armenia"} <= names(x, first(x, "armed-clash", "attack"), "agent")


def test_host_of_a_meeting_takes_part(nlp, resources) -> None:
    x = run(nlp, resources, "Barack Obama hosts a meeting with Angela Merkel in Berlin.")
    ev = next(ev for ev in x.events if ev.trigger.text == "meeting")
    assert {"Barack Obama", "Angela Merkel"} <= names(x, ev, "participant")


def test_gerund_after_a_preposition_shares_the_clause_subject(nlp, resources) -> None:
    x = run(nlp, resources, "Donald Trump told reporters after meeting with Malcolm Turnbull in New York.")
    ev = first(x, "meet")
    assert {"Donald Trump", "Malcolm Turnbull"} <= names(x, ev, "participant")


def test_detonation_weapon_scores_as_kairos_explosive_device(tmp_path: Path, capsys) -> None:
    words = ["A", "bomb", "exploded", "at", "a", "market", "in", "Kabul", "on", "Monday", "."]
    doc = {
        "doc_id": "d1",
        "tokens": words,
        "entity_mentions": [
            {"id": "m1", "start": 1, "end": 2, "text": "bomb"},
            {"id": "m2", "start": 7, "end": 8, "text": "Kabul"},
        ],
        "event_mentions": [
            {
                "id": "e1",
                "event_type": "Conflict.Attack.DetonateExplode",
                "trigger": {"start": 2, "end": 3, "text": "exploded"},
                "arguments": [
                    {"entity_id": "m1", "role": "ExplosiveDevice", "text": "bomb"},
                    {"entity_id": "m2", "role": "Place", "text": "Kabul"},
                ],
            }
        ],
    }
    gold = tmp_path / "wiki.jsonl"
    gold.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    assert main(["eval", "events", "--gold", str(gold), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    roles = out["by_type"]["Conflict.Attack.DetonateExplode"]["roles"]
    assert roles["ExplosiveDevice"]["r"] == 1.0
    assert "Instrument" not in roles
