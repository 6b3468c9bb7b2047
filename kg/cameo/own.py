"""CAMEO coding of a sentence with our own lexicon (no external dictionary).

The events come from our rules (:func:`kg.extract.candidates.find_candidates`) and
their CAMEO codes from ``ontology/event-types.ttl`` or the trigger lexicon. The
sentence's code is that of its main event: the coded event highest in the parse tree,
skipping a reporting verb whose content holds another coded event ("..., a senior
official said") and casualties when the sentence has an attack. Then a few CAMEO
conventions, all configured in ``kg/data/events/cameo_codes.json``:

- **claims**: "X said (that) Y attacked Z" with the speaker first is X's accusation
  (112); when the attacker is the speaker or a pronoun ("X said they attacked Z") it is
  a claim of responsibility (015). Trailing attributions ("..., medics said") only
  source the report and leave the event as it is.
- **commitments**: "agreed to lift sanctions", "pledged to expel" code what was
  agreed or pledged when that is coded.
- **appeal topics**: an appeal is refined by what it asks for ("called for a
  ceasefire" 0256, "appealed for aid" 023).
- **specific objects**: an unspecified code (``070``) takes the specific code of its
  object with the same root ("supply arms" 072).
- **intentions**: "wants to help Israel" is an intent to give aid (033), "plans to
  attack" a threat of force (138).
- **verb objects**: "expressed condolences" (018), "voiced hope" (013), "received
  weapons from Y" (072: Y gave military aid).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.extract.event_resources import EventResources

CAMEO_DATA = Path(__file__).resolve().parents[1] / "data" / "events" / "cameo_codes.json"
_CONSEQUENCES = {"kill", "injure", "destroy", "damage"}


@dataclass(frozen=True)
class OwnRules:
    """The CAMEO conventions of ``cameo_codes.json``."""

    reporting: frozenset[str]
    commitment: frozenset[str]
    claim_roots: frozenset[str]
    accuse: str
    claim: str
    appeal_topics: dict[str, str]
    intent: frozenset[str]
    intent_codes: dict[str, str]
    verb_objects: tuple[tuple[frozenset[str], dict[str, str]], ...]

    @classmethod
    def load(cls, path: Path = CAMEO_DATA) -> OwnRules:
        d = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            reporting=frozenset(d["reporting_lemmas"]),
            commitment=frozenset(d["commitment_lemmas"]),
            claim_roots=frozenset(d["claims"]["roots"]),
            accuse=d["claims"]["accuse"],
            claim=d["claims"]["claim"],
            appeal_topics=_codes(d["appeal_topics"]),
            intent=frozenset(d["intent_lemmas"]),
            intent_codes=_codes(d["intent_codes"]),
            verb_objects=tuple((frozenset(v["verbs"]), _codes(v["objects"])) for v in d["verb_objects"]),
        )


def _codes(table: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in table.items() if not k.startswith("_")}


def _depth(tok: Any) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok, d = tok.head, d + 1
    return d


def _subject(tok: Any) -> Any | None:
    return next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _verb_objects(doc: Any, rules: OwnRules) -> list[tuple[Any, str]]:
    """(verb, code) for "expressed condolences", "received weapons" and the like."""
    out = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        for verbs, objects in rules.verb_objects:
            if lemma in verbs:
                code = next(
                    (
                        objects[o.lemma_.lower()]
                        for o in tok.children
                        if o.dep_ == "dobj" and o.lemma_.lower() in objects
                    ),
                    None,
                )
                if code:
                    out.append((tok, code))
                    break
    return out


def _appeal_topic(head: Any, rules: OwnRules) -> str | None:
    for t in head.subtree:
        if t.i != head.i and t.dep_ in ("pobj", "dobj", "xcomp", "ccomp", "conj", "compound", "nsubj"):
            code = rules.appeal_topics.get(t.lemma_.lower())
            if code:
                return code
    return None


def code_sentence(doc: Any, res: EventResources, rules: OwnRules) -> str | None:
    """The CAMEO code of a parsed sentence's main event, or None."""
    from kg.extract.candidates import find_candidates

    cands = find_candidates(doc, res)
    coded: list[tuple[Any, str, str]] = []  # (head token, type, code)
    for c in cands:
        info = res.types.get(c.type)
        code = c.cameo or (info.cameo if info else None)
        if code:
            coded.append((c.head, c.type, code))
    coded += [(tok, "verb-object", code) for tok, code in _verb_objects(doc, rules)]
    if not coded:
        return None
    by_head = {h.i: (h, t, code) for h, t, code in coded}
    speech = {c.head.i: set(c.speech.scope) for c in cands if c.type == "statement" and c.speech}
    main = [
        (h, t, code) for h, t, code in coded if not (h.i in speech and set(by_head) & (speech[h.i] - {h.i}))
    ] or coded
    if any(res.is_a(t, "attack") for _, t, _ in main):
        main = [m for m in main if m[1] not in _CONSEQUENCES]
    head, typ, code = min(main, key=lambda m: (_depth(m[0]), m[0].i))
    # commitments: "agreed to lift sanctions" codes the lifting
    if head.lemma_.lower() in rules.commitment:
        inner = [by_head[t.i] for t in head.children if t.dep_ == "xcomp" and t.i in by_head]
        if inner:
            head, typ, code = inner[0]
    # an unspecified code gives way to a specific one of its object: "supply arms" 070 -> 072
    if len(code) == 3 and code.endswith("0"):
        finer = [by_head[c.i][2] for c in head.children if c.dep_ == "dobj" and c.i in by_head]
        code = next((f for f in finer if f[:2] == code[:2] and f != code), code)
    # intentions: "wants to help Israel" expresses intent to give aid (033)
    if head.dep_ == "xcomp" and head.head.lemma_.lower() in rules.intent and code[:2] in rules.intent_codes:
        return rules.intent_codes[code[:2]]
    if res.is_a(typ, "appeal"):
        code = _appeal_topic(head, rules) or code
    if typ in _CONSEQUENCES:  # "victims killed by the crash" is nobody's claim
        return code
    return _claim(doc, head, code, speech, rules) or code


def _claim(doc: Any, head: Any, code: str, speech: dict[int, set[int]], rules: OwnRules) -> str | None:
    """112 or 015 when a speaker who comes first reports a violent event (see module doc)."""
    if code[:2] not in rules.claim_roots:
        return None
    for s_i in speech:
        say = doc[s_i]
        if say.i == head.i or head.i not in {t.i for t in say.subtree} or say.i > head.i:
            continue
        speaker = _subject(say)
        if speaker is None or speaker.i > say.i:
            continue
        doer = _subject(head)
        if (
            doer is not None
            and doer.dep_ == "nsubj"
            and (doer.tag_ == "PRP" or doer.lemma_.lower() == speaker.lemma_.lower())
        ):
            return rules.claim
        return rules.accuse
    return None
