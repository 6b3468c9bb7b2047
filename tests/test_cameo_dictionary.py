"""PETRARCH-format dictionaries: parsing, malformed input, and coding parsed sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.cameo.actors import parse_actors, parse_agents, parse_discards
from kg.cameo.coder import code_sentence, main_coding
from kg.cameo.verbs import parse_verbs
from kg.cli import main
from kg.errors import InputError

VERBS = """\
<!-- a small dictionary of our own -->
&BONDS   # kinds of relations
+TRADE
+DIPLOMATIC
+CULTURAL

&ALLBONDS
+&BONDS
+FRIENDLY RELATIONS

--- RESUME  [065] ---
RESUME
RENEW [066]
- * &BONDS TIES  [064]
- * TIES  [0641]  # less specific
- REFUSED_TO_*  [---]

--- BREAK [161] ---
BREAK {BROKE BROKEN}
+BREAK_DOWN {+BROKE_DOWN +BROKEN_DOWN}  [172]
- * OFF TALKS [161:161]

--- PROMISE [050] ---
PROMISE
- * AID TO +  [057]
"""


def test_synsets_blocks_forms_and_patterns() -> None:
    d = parse_verbs(VERBS)
    assert set(d.synsets["BONDS"]) == {("TRADE",), ("DIPLOMATIC",), ("CULTURAL",)}
    # nested synsets are expanded, multi-word members kept whole
    assert ("FRIENDLY", "RELATIONS") in d.synsets["ALLBONDS"] and ("TRADE",) in d.synsets["ALLBONDS"]
    assert d.lookup("RESUMED")[0].code == "065"  # generated regular form
    assert d.lookup("RENEWING")[0].code == "066"  # a verb line with its own code
    broke = d.lookup("BROKE")
    assert broke[0].words == ("BREAK", "DOWN") and broke[0].code == "172"  # multi-word verb first
    assert broke[1].words == ("BREAK",) and broke[1].code == "161"
    block = d.blocks[d.lookup("RESUME")[0].block]
    first = block.patterns[0]
    assert first.code == "064" and [e.kind for e in first.after] == ["synset", "word"]
    assert block.patterns[2].code is None  # [---]: matched but not an event
    assert block.patterns[2].before[0].joined and block.patterns[2].before[1].joined
    off = d.blocks[broke[1].block].patterns[0]
    assert off.code == "161"  # [a:b] reads as a


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("--- MEET [031] ---\nMEET\n- MEET TALKS [032]\n", "line 3"),
        ("--- MEET [031] ---\nMEET\n- * TALKS\n", "line 3: pattern without a [code]"),
        ("--- MEET ---\nMEET\n", "line 1: verb block header without a [code]"),
        ("- * TALKS [032]\n", "line 1: pattern outside a verb block"),
        ("--- MEET [031] ---\nMEET\n- * &NOSUCH [032]\n", "line 3: unknown synset &NOSUCH"),
        ("--- MEET [031] ---\nMEET {MET\n", "line 2: unbalanced"),
    ],
)
def test_malformed_dictionary_names_the_line(text: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(f"bad.txt {message}")):
        parse_verbs(text, "bad.txt")


def test_actors_agents_and_discards() -> None:
    actors = parse_actors("ARNOR_ [ARN]\nGONDOR [GON]\n+MINAS_TIRITH\nROHAN\n\t[ROH < 950101]\n\t[ROHGOV]\n")
    codes = {a.words: a.code for a in actors}
    assert codes == {("ARNOR",): "ARN", ("GONDOR",): "GON", ("MINAS", "TIRITH"): "GON", ("ROHAN",): "ROHGOV"}
    assert next(a for a in actors if a.words == ("ARNOR",)).exact == (True,)
    agents = parse_agents("!PERSON! = MAN, WOMAN\nPOLICE {} [~COP]\nCONGRESS!PERSON! [~LEG]\n")
    forms = {a.words for a in agents}
    assert ("POLICE",) in forms and ("POLICES",) not in forms
    assert {("CONGRESSMAN",), ("CONGRESSWOMAN",), ("CONGRESSMANS",)} <= forms
    discards = parse_discards("+TYPHOON\nFOOTBALL LEAGUE\n")
    assert [(p.words, story) for p, story in discards] == [
        (("TYPHOON",), True),
        (("FOOTBALL", "LEAGUE"), False),
    ]
    with pytest.raises(InputError, match="line 1: actor 'ELROND' has no"):
        parse_actors("ELROND\nGONDOR [GON]\n", "a.txt")


def test_dated_actor_codes_and_agents(nlp) -> None:
    from kg.cameo.actors import ActorDictionary

    gollum = parse_actors("GOLLUM\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBREB > 990816]\n")[0]
    assert gollum.code_on(19950103) == "HOB" and gollum.code_on(20000101) == "HOBREB"
    assert gollum.code_on(None) == "HOBREB"  # no undated code: the last one given
    d = ActorDictionary(
        actors=parse_actors("GONDOR [GON]\n"), agents=parse_agents("POLICE {} [~COP]\nSTUDENT [~EDU]\n")
    )
    doc = nlp("The Gondor police arrested three students.")
    codes = {doc[i].text: c for i, c in d.codes(doc[:]).items()}
    assert codes == {"Gondor": "GONCOP", "police": "GONCOP", "students": "---EDU"}
    # words joined by underscores in the text match a multi-word actor
    prince = ActorDictionary(actors=parse_actors("PRINCE OF DOL AMROTH [DOL]\n"))
    doc = nlp("Gondor warned the Prince of Dol_Amroth.")
    assert [(doc[s:e].text, p.code) for s, e, p, _ in prince.find(doc[:])] == [
        ("Prince of Dol_Amroth", "DOL")
    ]


def _code(nlp, text: str) -> str | None:
    d = parse_verbs(VERBS)
    doc = nlp(text)
    codings = [c for s in doc.sents for c in code_sentence(s, d)]
    best = main_coding(doc, codings, frozenset({"say"}))
    return best.code if best else None


def test_coding_parsed_sentences(nlp) -> None:
    assert _code(nlp, "Arnor resumed trade ties with Gondor on Monday.") == "064"  # synset pattern
    assert _code(nlp, "Arnor resumed full ties with Gondor on Monday.") == "0641"
    assert _code(nlp, "Arnor resumed its patrols along the border.") == "065"  # verb's own code
    assert _code(nlp, "Arnor refused to resume patrols.") is None  # [---] pattern
    assert _code(nlp, "The talks between Arnor and Gondor broke down on Friday.") == "172"  # particle
    assert _code(nlp, "Gondor promised aid to Rohan.") == "057"  # target marker
    assert _code(nlp, "Arnor will renew ties with Gondor, an official said.") == "0641"  # said gives way
    assert _code(nlp, "The weather was fine in Arnor.") is None


def _write_gold(folder: Path, verbfile: str = "verbs.txt") -> Path:
    (folder / "verbs.txt").write_text(VERBS, encoding="utf-8")
    (folder / "actors.txt").write_text("ARNOR [ARN]\nGONDOR [GON]\n", encoding="utf-8")
    (folder / "discards.txt").write_text("+TYPHOON\n", encoding="utf-8")
    gold = folder / "gold.xml"
    gold.write_text(
        f"""<Validation>
<Environment>
    <Verbfile>{verbfile}</Verbfile>
    <Actorfile>actors.txt</Actorfile>
    <Discardfile>discards.txt</Discardfile>
    <Include>A B</Include>
</Environment>
<Sentences>
<Sentence id="1" category="A"><!-- a comment -->
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>Arnor resumed diplomatic ties with Gondor.</Text>
</Sentence>
<Sentence id="2" category="A">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="901"></EventCoding>
<Text>Arnor resumed its patrols.</Text>
</Sentence>
<Sentence id="3" category="B">
<EventCoding noevents="True"></EventCoding>
<Text>The weather was fine.</Text>
</Sentence>
<Sentence id="4" category="B">
<EventCoding error="storydiscard"></EventCoding>
<Text>Arnor resumed trade ties with Gondor after the typhoon.</Text>
</Sentence>
<Config option="new_actor_length" value="4"></Config>
<Sentence id="6" category="A">
<EventCoding sourcecode='"THE MINISTRY OF MAGIC"' targetcode="GON" eventcode="064"></EventCoding>
<Text>The Ministry of Magic resumed trade ties with Gondor.</Text>
</Sentence>
<Config option="new_actor_length" value="0"></Config>
<Sentence id="7" category="A">
<EventCoding noevents="True"></EventCoding>
<Text>The Ministry of Magic resumed trade ties with Gondor.</Text>
</Sentence>
<Sentence id="5" category="C">
<EventCoding eventcode="064"></EventCoding>
<Text>Arnor resumed diplomatic ties with Gondor.</Text>
</Sentence>
</Sentences>
</Validation>
""",
        encoding="utf-8",
    )
    return gold


def _json(capsys, argv: list[str]) -> dict:
    import json

    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_eval_uses_the_gold_files_dictionaries(tmp_path: Path, capsys) -> None:
    gold = _write_gold(tmp_path)
    out = _json(capsys, ["eval", "cameo", "--gold", str(gold), "--json"])
    assert out["dictionary"] == "verbs.txt"
    # record 5 is of a category not in <Include>; record 2 expects a non-CAMEO code and is scored;
    # records 6 and 7 differ only by <Config new_actor_length>: an unknown noun phrase may be an actor
    assert out["n"] == 6
    assert out["root_accuracy"] == 0.8333 and out["full_accuracy"] == 0.8333  # 065 is not 901
    # source, target and code: right for records 1 and 6 (a quoted new actor), not for record 2
    assert out["dyad"] == {"accuracy": 0.6667, "n": 3}
    assert set(out["own_lexicon"]) == {"root_accuracy", "full_accuracy", "n"}
    assert out["own_lexicon"]["n"] == 3  # only records with CAMEO gold codes
    own = _json(capsys, ["eval", "cameo", "--gold", str(gold), "--json", "--dictionary", "own"])
    assert own["dictionary"] == "own" and own["n"] == 3


def test_eval_with_a_malformed_dictionary_fails_with_the_line(tmp_path: Path, capsys) -> None:
    gold = _write_gold(tmp_path, verbfile="bad.txt")
    (tmp_path / "bad.txt").write_text("--- MEET [031] ---\nMEET\n- MEET TALKS [032]\n", encoding="utf-8")
    assert main(["eval", "cameo", "--gold", str(gold), "--json"]) == 2
    err = capsys.readouterr().err
    assert "bad.txt line 3" in err and "'*'" in err


def test_eval_on_petrarch_unit_tests(shared_dir: Path, capsys) -> None:
    gold = shared_dir / "eval/cameo/PETR.UnitTest.records.xml"
    out = _json(capsys, ["eval", "cameo", "--gold", str(gold), "--json"])
    assert out["dictionary"] == "PETR.Validate.verbs.txt"
    assert out["n"] > 250
    assert out["root_accuracy"] >= 0.75  # the target
    assert out["full_accuracy"] <= out["root_accuracy"]
    assert out["own_lexicon"]["n"] > 150


def test_source_and_target_actors(nlp) -> None:
    from kg.cameo.actors import ActorDictionary
    from kg.cameo.coder import Options

    d = parse_verbs(VERBS)
    actors = ActorDictionary(actors=parse_actors("ARNOR [ARN]\nGONDOR [GON]\nROHAN [ROH]\n"))

    def dyads(text: str, **options) -> list[tuple[str | None, str | None, str | None]]:
        doc = nlp(text)
        return [
            (c.source, c.target, c.code)
            for s in doc.sents
            for c in code_sentence(s, d, actors, Options(**options))
        ]

    assert dyads("Arnor resumed trade ties with Gondor.") == [("ARN", "GON", "064")]
    assert dyads("Gondor was promised aid by Rohan.") == [("ROH", "GON", "050")]  # passive with "by"
    # the target sits in an adverbial clause only: no dyad, no event when one is required
    assert dyads("Arnor resumed patrols after Gondor left.", require_dyad=True) == []
    assert dyads("Arnor resumed patrols after Gondor left.") == [("ARN", None, "065")]
