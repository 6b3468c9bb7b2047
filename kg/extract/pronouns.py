"""Pronouns as event arguments, resolved inside their sentence: "ICE says it rounded up
680 immigrants" -> ICE; "Mughniyah led the group until he was assassinated" -> Mughniyah.

Only the sentence is searched, and a pronoun without an agreeing antecedent stays as it
is. A subject pronoun first looks at the subjects of the clauses above its own; then any
pronoun takes the nearest agreeing noun before it, never the subject of its own clause.
Agreement: he/she/him/her need a PERSON name; they/them a plural noun or a coordination;
it a singular organisation, place or nationality name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.depparse import conjuncts, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token

_PERSONAL = {"he", "she", "him", "her"}
_PLURAL = {"they", "them"}
_NEUTER = {"it"}
_PRONOUNS = _PERSONAL | _PLURAL | _NEUTER
_SUBJECTS = {"nsubj", "nsubjpass"}


def _agrees(pron: str, tok: Token) -> bool:
    if tok.pos_ == "PRON" or tok.lower_ in _PRONOUNS:
        return False
    plural = tok.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in tok.children)
    if pron in _PERSONAL:
        return tok.ent_type_ == "PERSON" and not plural
    if pron in _PLURAL:
        return plural and tok.ent_type_ not in {"DATE", "TIME", "MONEY", "CARDINAL"}
    return not plural and tok.ent_type_ in {"ORG", "GPE", "NORP"}


def antecedent(pron: Token) -> Token | None:
    """The phrase head a third-person pronoun stands for in its sentence, or None."""
    low = pron.lower_
    if low not in _PRONOUNS:
        return None
    # an object pronoun never stands for the subject of its own clause ("officials escort
    # them", "contacted rebels and told them to withdraw")
    own: set[int] = set()
    if pron.dep_ not in _SUBJECTS:
        subj, _ = subject_of(pron.head)
        own = {t.i for t in conjuncts(subj)} if subj is not None else set()
    # "X says it / he ...": the subject of a clause above the pronoun's clause
    verb = pron.head
    for _ in range(4):
        if verb.head.i == verb.i:
            break
        verb = verb.head
        subj = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subj is not None and subj.i < pron.i and subj.i not in own and _agrees(low, subj):
            return subj
    # else the nearest agreeing name or noun before it in the sentence
    for tok in reversed(list(pron.sent)[: pron.i - pron.sent.start]):
        if tok.dep_ in {"compound", "amod", "poss"} or tok.i in own:
            continue
        if tok.pos_ in {"PROPN", "NOUN"} and _agrees(low, tok):
            return tok
    return None
