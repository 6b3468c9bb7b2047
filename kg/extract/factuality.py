"""Factuality: is an event asserted, planned, possible, negated or hypothetical?

Walks from the trigger up to the clause verb that governs it and a few clauses above,
reading the cues of ``kg/data/events/factuality.json``: modals ("might take place"),
negation ("did not clash"), planning heads ("is set to", "expect to resume talks"),
requests ("urged ... to boost sanctions"), conditionals ("if progress was made"),
embedding verbs ("did not rule out a meeting" -> possible) and hedging adjectives
("too early to talk about such a meeting"). The nearest cue wins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.extract.spans import is_verbal
from kg.records import Factuality

if TYPE_CHECKING:
    from spacy.tokens import Token

_CLIMB_DEPS = {
    "pobj", "prep", "dobj", "obj", "nsubj", "nsubjpass", "compound", "attr", "appos",
    "conj", "npadvmod", "amod", "nmod", "poss", "pcomp", "oprd", "dative", "cc",
}
_CLAUSE_UP = {"xcomp", "ccomp", "advcl", "conj", "acomp", "relcl", "pcomp", "prep", "pobj", "acl"}


def _own_cues(verb: Token, cues: dict[str, Any], is_trigger: bool) -> Factuality | None:
    """Cues inside one clause: modal auxiliaries, negation, a conditional mark."""
    for c in verb.children:
        low = c.lower_
        if c.dep_ == "neg" or (c.dep_ == "advmod" and low == "never"):
            return "negated"
        if c.dep_ == "mark" and low in cues["conditional_marks"]:
            return "hypothetical"
        if c.dep_ == "aux" and low in cues["modal_possible"]:
            return "planned" if verb.lemma_.lower() in cues["scheduling_verbs"] else "possible"
        if c.dep_ == "aux" and low in cues["modal_planned"]:
            return "planned"
        if c.dep_ == "aux" and low == "to" and verb.head.lemma_.lower() == "go":
            return "planned"
    lemma = verb.lemma_.lower()
    if not is_trigger and lemma in cues["planned_heads"] and any(c.dep_ == "xcomp" for c in verb.children):
        return "planned"
    return None


def _nominal_cues(noun: Token, cues: dict[str, Any]) -> Factuality | None:
    for c in noun.children:
        low = c.lower_
        if c.dep_ == "det" and low == "no":
            return "negated"
        if c.dep_ == "amod" and low in cues["future_words"]:
            return "possible" if low in {"possible", "potential", "proposed"} else "planned"
    return None


def factuality_of(trigger: Token, cues: dict[str, Any]) -> Factuality:
    """The factuality of the event a trigger denotes (``asserted`` unless a cue says not)."""
    found, topic = _factuality(trigger, cues)
    # "did not comment on the strikes", "failed to enter the city after clashes": an event
    # named in a prepositional phrase is only mentioned; the negation is the clause's own
    return "asserted" if topic and found == "negated" else found


def _factuality(trigger: Token, cues: dict[str, Any]) -> tuple[Factuality, bool]:
    tok = trigger
    topic = False
    if not is_verbal(tok):
        found = _nominal_cues(tok, cues)
        if found:
            return found, topic
        steps = 0
        path: list[str] = []
        while not is_verbal(tok) and tok.dep_ in _CLIMB_DEPS and tok.head.i != tok.i and steps < 6:
            path.append(tok.dep_)
            tok = tok.head
            steps += 1
        topic = "prep" in path and "nsubj" not in path and "nsubjpass" not in path
        if not is_verbal(tok):
            if tok.pos_ == "ADJ" and tok.lemma_.lower() in cues["hypothetical_adjectives"]:
                return "hypothetical", topic
            return "asserted", topic
        effect = cues["embed_effects"].get(tok.lemma_.lower())
        if effect is not None and tok.i != trigger.i:
            polarity = "negated" if any(c.dep_ == "neg" for c in tok.children) else "asserted"
            if polarity in effect:
                return effect[polarity], topic  # type: ignore[return-value]
    verb = tok
    for level in range(4):
        found = _own_cues(verb, cues, verb.i == trigger.i)
        if found:
            return found, topic
        if verb.dep_ not in _CLAUSE_UP or verb.head.i == verb.i:
            break
        head = verb.head
        hl = head.lemma_.lower()
        if head.pos_ == "ADJ" and hl in cues["hypothetical_adjectives"]:
            return "hypothetical", topic
        if verb.dep_ == "xcomp" or (verb.dep_ == "ccomp" and hl in cues["hypothetical_heads"]):
            if hl in cues["negating_heads"]:
                return "negated", topic
            if hl in cues["hypothetical_heads"]:
                return "hypothetical", topic
            if hl in cues["planned_heads"]:
                return "planned", topic
        if verb.dep_ in {"ccomp", "advcl"} and level == 0:
            # the main clause's modality does not reach an embedded statement's content,
            # but a conditional clause stays hypothetical
            if any(c.dep_ == "mark" and c.lower_ in cues["conditional_marks"] for c in verb.children):
                return "hypothetical", topic
            if verb.dep_ == "ccomp":
                break
        if verb.dep_ in {"prep", "pobj", "pcomp", "acl", "relcl"} and not is_verbal(head):
            # climb through nouns and prepositions back to a clause
            while not is_verbal(head) and head.head.i != head.i:
                if head.pos_ == "ADJ" and head.lemma_.lower() in cues["hypothetical_adjectives"]:
                    return "hypothetical", topic
                head = head.head
        verb = head
    return "asserted", topic
