"""``kg eval events`` checks arguments against the gold scheme's entity types: classes of
argument heads, the ACE table and KAIROS role file, and the re-read/drop through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from spacy.tokens import Doc

from kg.cli import main
from kg.eval.arg_classes import ArgClasses, kairos_role_file


def _parse(nlp, text: str):
    return nlp(Doc(nlp.vocab, words=text.split()))


def _classes(ac: ArgClasses, doc, word: str):
    names = ac.name_classes(doc)
    return ac.classes(next(t for t in doc if t.text == word), names)


def test_classes_of_argument_heads(nlp, res) -> None:
    ac = ArgClasses.load(None, res)
    doc = _parse(nlp, "Police arrested Nadia Haddad and two soldiers at the airport in Amman on Monday .")
    assert _classes(ac, doc, "Haddad") == {"PER"}
    assert _classes(ac, doc, "soldiers") == {"PER"}  # a person noun of our lexicons
    assert _classes(ac, doc, "airport") == {"FAC"}
    assert "GPE" in _classes(ac, doc, "Amman")
    assert _classes(ac, doc, "Monday") == {"TIME"}
    assert _classes(ac, doc, "two") is None  # "killed two" names people: no class, no limit
    doc = _parse(nlp, "Students marched to Liberty Square and blocked the gravel road .")
    assert "FAC" in _classes(ac, doc, "Square")  # a name's head word says what it is
    assert _classes(ac, doc, "gravel") is None
    doc = _parse(nlp, "She said the rebels had captured them .")
    assert _classes(ac, doc, "She") == {"PER"}
    assert _classes(ac, doc, "them") is None  # towns or troops: no class


def test_ace_roles_take_only_their_types(res) -> None:
    ac = ArgClasses.load(None, res)
    assert not ac.takes("ace", "Conflict:Attack", "Target", frozenset({"GPE"}))
    assert ac.takes("ace", "Conflict:Attack", "Target", frozenset({"FAC"}))
    assert not ac.takes("ace", "Life:Die", "Victim", frozenset({"ORG"}))
    assert ac.takes("ace", "Life:Die", "Victim", frozenset({"PER", "GPE"}))  # "Egyptians"
    assert ac.takes("ace", "Life:Die", "Victim", None)  # unknown class: never dropped
    roles = {"agent": "Agent", "instrument": "Instrument", "victim": "Victim"}
    assert ac.resolve("ace", "Life:Die", "agent", frozenset({"VEH"}), roles) == "Instrument"
    assert ac.resolve("ace", "Life:Die", "victim", frozenset({"GPE"}), roles) is None
    assert (
        ac.resolve(
            "ace",
            "Movement:Transport",
            "agent",
            frozenset({"WEA"}),
            {"agent": "Agent", "instrument": "Vehicle"},
        )
        is None
    )  # a weapon is no vehicle


def test_kairos_types_come_from_the_role_file_beside_the_gold(tmp_path: Path, res) -> None:
    roles = {
        "Life.Die.Unspecified": {
            "roles": ["Victim", "Killer", "Place"],
            "role_types": [["per", "aml"], ["per", "org", "gpe"], ["loc", "gpe", "fac"]],
        }
    }
    (tmp_path / "wikievents-event_role_KAIROS.json").write_text(json.dumps(roles), encoding="utf-8")
    found = kairos_role_file(tmp_path / "gold.jsonl", tmp_path / "nowhere")
    assert found == tmp_path / "wikievents-event_role_KAIROS.json"
    ac = ArgClasses.load(found, res)
    assert not ac.takes("kairos", "Life.Die.Unspecified", "Victim", frozenset({"GPE"}))
    assert ac.takes("kairos", "Life.Die.Unspecified", "Killer", frozenset({"GPE"}))
    assert kairos_role_file(tmp_path / "x" / "gold.jsonl", tmp_path / "nowhere") is None
    assert ac.takes("kairos", "Life.Die.Unspecified", "Victim", frozenset({"PER"}))
    assert ArgClasses.load(None, res).takes("kairos", "Life.Die.Unspecified", "Victim", frozenset({"GPE"}))


def _sent(sid: str, text: str, events: list[dict]) -> dict:
    return {
        "sentence_id": sid,
        "words": text.split(),
        "golden-entity-mentions": [],
        "golden-event-mentions": events,
    }


def _ev(typ: str, start: int, word: str, args: list[tuple[str, int, int]]) -> dict:
    return {
        "trigger": {"start": start, "end": start + 1, "text": word},
        "event_type": typ,
        "arguments": [{"role": r, "start": s, "end": e, "text": ""} for r, s, e in args],
    }


GOLD = [
    # a town is where an attack happened, not what ACE calls its Target
    _sent(
        "z_1",
        "Gunmen attacked the town of Bardia , killing six people .",
        [
            _ev("Conflict:Attack", 1, "attacked", [("Attacker", 0, 1), ("Place", 5, 6)]),
            _ev("Life:Die", 7, "killing", [("Agent", 0, 1), ("Victim", 8, 10)]),
        ],
    ),
    # a truck as the actor is the instrument of the deaths
    _sent(
        "z_2",
        "A truck killed five pedestrians in Nice .",
        [
            _ev("Life:Die", 2, "killed", [("Instrument", 0, 2), ("Victim", 3, 5), ("Place", 6, 7)]),
        ],
    ),
]


def _score(tmp_path: Path, capsys, *extra: str) -> dict:
    gold = tmp_path / "m2e2.json"
    gold.write_text(json.dumps(GOLD), encoding="utf-8")
    assert main(["eval", "events", "--gold", str(gold), "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_eval_events_reads_and_drops_by_type(tmp_path: Path, capsys) -> None:
    by_name = _score(tmp_path, capsys, "--role-names-only")
    typed = _score(tmp_path, capsys)
    assert typed["trigger"] == by_name["trigger"]  # the check touches arguments only
    # by role name, "the town" is an attack Target and the truck a Die Agent: both wrong
    assert by_name["by_type"]["Conflict:Attack"]["roles"]["Target"]["n_pred"] >= 1
    assert by_name["by_type"]["Life:Die"]["roles"]["Instrument"]["r"] < 1.0
    # typed: the town is not scored as a Target, the truck counts as the Instrument
    assert typed["by_type"]["Conflict:Attack"]["roles"].get("Target", {"n_pred": 0})["n_pred"] == 0
    assert typed["by_type"]["Life:Die"]["roles"]["Instrument"]["r"] == 1.0
    assert typed["argument"]["p"] > by_name["argument"]["p"]
    assert typed["argument"]["r"] >= by_name["argument"]["r"]
