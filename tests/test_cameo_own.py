"""CAMEO coding with our own lexicon: the conventions of cameo_codes.json on parsed sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cameo.own import OwnRules, code_sentence
from kg.cli import main


@pytest.fixture(scope="module")
def coder(nlp):
    from kg.extract.event_resources import EventResources

    res, rules = EventResources.load(), OwnRules.load()
    return lambda text: code_sentence(nlp(text), res, rules)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # a speaker named first who reports someone else's attack accuses them
        ("Russia said that Ukrainian troops had shelled a border post.", "112"),
        # ... and claims responsibility when the doer is the speaker
        ("The rebels claimed that they had attacked the convoy.", "015"),
        # a trailing attribution only sources the report
        ("Rebels shelled the city overnight, officials said.", "194"),
        # a commitment codes what was committed to
        ("Qatar has pledged to expel the exiled leaders.", "174"),
        # appeals refined by what they ask for
        ("The UN called for a ceasefire in the region.", "0256"),
        ("The mayor appealed for humanitarian aid.", "023"),
        # expressions
        ("The president expressed sympathy to the bereaved families.", "018"),
        # intentions
        ("The United States wants to help Israel.", "033"),
        ("The rebels plan to attack the capital.", "138"),
        # receipts and specific objects
        ("The rebels received weapons from the government.", "072"),
        ("Germany will supply arms to Lithuania.", "072"),
        # plain events are unchanged
        ("France criticized Germany for its energy policy.", "111"),
    ],
)
def test_cameo_conventions(coder, text: str, code: str) -> None:
    assert coder(text) == code


def test_eval_own_lexicon_on_a_small_file(tmp_path: Path, capsys) -> None:
    gold = tmp_path / "gold.xml"
    gold.write_text(
        """<Validation><Sentences>
<Sentence id="1" category="A">
<EventCoding sourcecode="RUS" targetcode="UKR" eventcode="112"></EventCoding>
<Text>Russia said that Ukrainian troops had shelled a border post.</Text>
</Sentence>
<Sentence id="2" category="A">
<EventCoding sourcecode="FRA" targetcode="DEU" eventcode="111"></EventCoding>
<Text>France criticized Germany for its energy policy.</Text>
</Sentence>
<Sentence id="3" category="A">
<EventCoding sourcecode="X" targetcode="Y" eventcode="901"></EventCoding>
<Text>Arnor abandoned diplomatic ties with Gondor.</Text>
</Sentence>
</Sentences></Validation>
""",
        encoding="utf-8",
    )
    assert main(["eval", "cameo", "--gold", str(gold), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # no <Environment>: our own lexicon, on the two records with CAMEO gold codes
    assert out["dictionary"] == "own"
    assert out["n"] == 2 and out["root_accuracy"] == 1.0 and out["full_accuracy"] == 1.0
    assert out["own_lexicon"] == {"root_accuracy": 1.0, "full_accuracy": 1.0, "n": 2}


def test_gsr_file_falls_back_to_own_lexicon(shared_dir: Path, capsys) -> None:
    gold = shared_dir / "eval/cameo/PETR2_GSR_validation.xml"
    assert main(["eval", "cameo", "--gold", str(gold), "--json"]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["dictionary"] == "own"  # CAMEO.2.0.txt is named but not shipped
    assert "CAMEO.2.0.txt" in captured.err
    assert out["n"] == 66
    assert out["root_accuracy"] >= 0.6  # 0.652 measured (0.515 before the CAMEO conventions)
