"""Dependency-parse helpers shared by the argument rules: subjects (inherited through
relative clauses, coordination, control), passives, coordination and prepositional
objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.spans import is_verbal

if TYPE_CHECKING:
    from spacy.tokens import Token

SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}
OBJ = {"dobj", "obj"}
_RELPRON = {"which", "who", "that", "whom"}
# "Scholz spoke to the press after meeting with Biden": the gerund's subject is the clause's
_CONTROL_PREPS = {"after", "before", "by", "while", "since", "without", "upon", "despite"}


def conjuncts(token: Token) -> list[Token]:
    """The token and the tokens coordinated with it ("Poland, France and Germany")."""
    out = [token]
    for c in token.children:
        if c.dep_ == "conj":
            out.extend(conjuncts(c))
    return out


def pobjs(prep: Token) -> list[Token]:
    """The objects of a preposition."""
    return [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children)


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The subject of a verb (inherited through conj/xcomp/relcl) and whether it is passive."""
    for c in verb.children:
        if c.dep_ in SUBJ:
            if c.lower_ in _RELPRON and verb.dep_ == "relcl":
                return verb.head, False
            return c, False
        if c.dep_ in PASS_SUBJ:
            if c.lower_ in _RELPRON and verb.dep_ == "relcl":
                return verb.head, True
            return c, True
    if verb.dep_ == "relcl":
        return verb.head, False
    if verb.dep_ in {"conj", "xcomp", "advcl"} and verb.head.i != verb.i and verb.head.pos_ in {
        "VERB",
        "AUX",
    }:
        if verb.dep_ == "xcomp":  # "urged Poland to boost": the object acts
            obj = next((c for c in verb.head.children if c.dep_ in OBJ), None)
            if obj is not None:
                return obj, False
        if verb.dep_ == "advcl":
            return None, False
        subj, passive = subject_of(verb.head)
        # "he was shot and killed": a participle coordinated with a passive is passive too,
        # unless it has its own auxiliary ("was released ... and has attacked two more")
        own_aux = any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
        return subj, passive and verb.dep_ == "conj" and verb.tag_ == "VBN" and not own_aux
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.lower_ in _CONTROL_PREPS:
        host = verb.head.head  # "Scholz spoke to the press after meeting with Biden"
        if host.i != verb.i and is_verbal(host):
            subj, passive = subject_of(host)
            if not passive:
                return subj, False
    if verb.dep_ == "acl":  # "missiles hitting residential areas"
        # "three servicemen killed in the blast": a reduced relative (a past form without
        # an object, often tagged VBD) says what happened to its head
        participle = verb.tag_ in {"VBN", "VBD"} and not any(c.dep_ in OBJ for c in verb.children)
        return verb.head, participle
    return None, False
