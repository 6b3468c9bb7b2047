"""Statements: "X said / told / stated / urged ...", "according to X, ...".

For a speech trigger, ``speech_of`` finds the speaker token, the reported content (the
clausal complement, the object of "rule out", or for "according to X" the rest of the
clause) and the token positions that content covers, so events reported inside it can
be attributed to the speaker instead of asserted as bare fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_COMPLEMENT = {"ccomp", "xcomp", "parataxis"}
_QUOTES = "\"'“”‘’ ,.:;"


@dataclass(frozen=True)
class Speech:
    speaker: Token | None
    content: str
    scope: frozenset[int]  # token indices of the reported content


def _text(tokens: list[Token]) -> str:
    tokens = sorted(tokens, key=lambda t: t.i)
    if tokens and tokens[0].dep_ == "mark" and tokens[0].lower_ == "that":
        tokens = tokens[1:]
    return "".join(t.text_with_ws for t in tokens).strip().strip(_QUOTES).strip()


def _subtree_without(root: Token, drop: set[int]) -> list[Token]:
    return [t for t in root.subtree if t.i not in drop]


def speech_of(span: Span, head: Token) -> Speech:
    """Speaker, content and content scope of a speech trigger."""
    if span[0].lower_ == "according" and len(span) >= 2:
        to = span[-1]
        speaker = next((c for c in to.children if c.dep_ == "pobj"), None)
        phrase = {t.i for t in span[0].subtree}
        clause = span[0].head if span[0].head.i != span[0].i else span[0]
        if clause.i in phrase:
            tokens = [t for t in span.sent if t.i not in phrase]
        else:
            tokens = _subtree_without(clause, phrase)
        return Speech(speaker, _text(tokens), frozenset(t.i for t in tokens))
    speaker = None
    for c in head.children:
        if c.dep_ == "nsubj":
            speaker = c
            break
        if c.dep_ == "agent":
            speaker = next((p for p in c.children if p.dep_ == "pobj"), None)
    if speaker is None and head.dep_ in {"conj", "xcomp"}:
        speaker = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
    comps = [c for c in head.children if c.dep_ in _COMPLEMENT]
    if not comps:
        comps = [c for c in head.children if c.dep_ in {"dobj", "obj"}]
    # the quoted clause may be the head: "... ," Shoigu said  (said is ccomp/parataxis of it)
    if not comps and head.dep_ in {"ccomp", "parataxis"} and head.head.i < head.i:
        root = head.head
        said_by = {s.i for s in speaker.subtree} if speaker is not None else set()
        tokens = [t for t in root.subtree if t.i < head.i and t.i not in said_by]
        return Speech(speaker, _text(tokens), frozenset(t.i for t in tokens))
    tokens = []
    for c in comps:
        tokens.extend(c.subtree)
    # "urged Poland ... to boost sanctions": the object is part of the appeal's content
    return Speech(speaker, _text(tokens), frozenset(t.i for t in tokens))
