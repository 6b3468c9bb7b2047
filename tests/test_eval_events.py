"""``kg eval events|cameo|types``: JSON shapes and scores on small gold files and the shared data."""

from __future__ import annotations

import json
from pathlib import Path

from kg.cli import main

M2E2 = [
    {
        "sentence_id": "x_1",
        "words": ["Rebels", "attacked", "the", "army", "base", "in", "Aleppo", "on", "Monday", "."],
        "golden-entity-mentions": [],
        "golden-event-mentions": [
            {
                "trigger": {"start": 1, "end": 2, "text": "attacked"},
                "event_type": "Conflict:Attack",
                "arguments": [
                    {"role": "Attacker", "start": 0, "end": 1, "text": "Rebels"},
                    {"role": "Target", "start": 2, "end": 5, "text": "the army base"},
                    {"role": "Place", "start": 6, "end": 7, "text": "Aleppo"},
                ],
            }
        ],
    },
    {
        "sentence_id": "x_2",
        "words": ["Police", "arrested", "two", "men", "in", "Kampala", "."],
        "golden-entity-mentions": [],
        "golden-event-mentions": [
            {
                "trigger": {"start": 1, "end": 2, "text": "arrested"},
                "event_type": "Justice:Arrest-Jail",
                "arguments": [{"role": "Person", "start": 2, "end": 4, "text": "two men"}],
            }
        ],
    },
]


def _json_out(capsys, argv: list[str]) -> dict:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_events_json_shape_and_perfect_small_gold(tmp_path: Path, capsys) -> None:
    gold = tmp_path / "m2e2.json"
    gold.write_text(json.dumps(M2E2), encoding="utf-8")
    out = _json_out(capsys, ["eval", "events", "--gold", str(gold), "--json"])
    assert set(out) == {"trigger", "argument", "by_type", "n_docs"}
    assert out["n_docs"] == 2
    assert set(out["trigger"]) == {"p", "r", "f1"} and set(out["argument"]) == {"p", "r", "f1"}
    assert out["trigger"]["f1"] == 1.0
    assert out["argument"]["r"] >= 0.75
    assert {"Conflict:Attack", "Justice:Arrest-Jail"} <= set(out["by_type"])


def test_annotated_only_leaves_out_sentences_the_gold_marks_no_event_in(tmp_path: Path, capsys) -> None:
    """A strike in a sentence the annotators left unmarked counts against precision in
    the standard score, and is left out of the --annotated-only diagnostic."""
    unmarked = {"sentence_id": "x_3", "golden-entity-mentions": [], "golden-event-mentions": [],
                "words": ["Troops", "shelled", "the", "village", "on", "Sunday", "."]}
    gold = tmp_path / "m2e2.json"
    gold.write_text(json.dumps([*M2E2, unmarked]), encoding="utf-8")
    standard = _json_out(capsys, ["eval", "events", "--gold", str(gold), "--json"])
    marked = _json_out(capsys, ["eval", "events", "--gold", str(gold), "--json", "--annotated-only"])
    assert (standard["n_docs"], marked["n_docs"]) == (3, 2)
    assert standard["trigger"]["p"] < 1.0 and marked["trigger"]["p"] == 1.0


def test_events_bad_gold_is_a_clean_error(tmp_path: Path, capsys) -> None:
    gold = tmp_path / "broken.json"
    gold.write_text("{not json", encoding="utf-8")
    assert main(["eval", "events", "--gold", str(gold)]) != 0
    assert "cannot read event gold" in capsys.readouterr().err


def test_cameo_on_petrarch_unit_tests(shared_dir: Path, capsys) -> None:
    gold = shared_dir / "eval/cameo/PETR2_GSR_validation.xml"
    out = _json_out(capsys, ["eval", "cameo", "--gold", str(gold), "--json"])
    assert {"root_accuracy", "full_accuracy", "n"} <= set(out)
    assert out["n"] > 50
    assert out["full_accuracy"] <= out["root_accuracy"]
    assert out["root_accuracy"] > 0.35  # measured 0.52 at the time of writing


def test_types_on_small_case_file(tmp_path: Path, capsys) -> None:
    gold = tmp_path / "case.tsv"
    gold.write_text(
        "id\tEventSnippet\tSubType\n"
        "1\tA suicide bomber blew himself up at a market in Kabul, killing 12 people.\tSUIC_BOMB\n"
        "2\tThousands of people marched peacefully through the capital to protest the new law."
        "\tPEACE_PROTEST\n"
        "3\tA powerful earthquake struck the region on Monday.\tNATURAL_DISASTER\n",
        encoding="utf-8",
    )
    out = _json_out(capsys, ["eval", "types", "--gold", str(gold), "--json"])
    assert set(out) == {"accuracy", "macro_f1", "n"}
    assert out["n"] == 3 and out["accuracy"] == 1.0


def test_events_scoring_conventions(tmp_path: Path, capsys) -> None:
    """A multi-word trigger is scored by its head word (ACE marks one word), and a generic
    mention with no participant ("claim credit for attacks") is not a prediction."""
    words = ["Officials", "spoke", "at", "a", "news", "conference", "in", "Kabul", "."]
    generic = ["Terrorist", "groups", "rarely", "claim", "credit", "for", "attacks", "."]
    gold = [
        {"sentence_id": "y_1", "words": words, "golden-entity-mentions": [],
         "golden-event-mentions": [{"trigger": {"start": 5, "end": 6, "text": "conference"},
                                    "event_type": "Contact:Meet", "arguments": []}]},
        {"sentence_id": "y_2", "words": generic, "golden-entity-mentions": [],
         "golden-event-mentions": []},
        M2E2[0],
    ]
    path = tmp_path / "m2e2.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    out = _json_out(capsys, ["eval", "events", "--gold", str(path), "--json"])
    assert out["trigger"]["r"] == 1.0
    assert out["trigger"]["p"] == 1.0
