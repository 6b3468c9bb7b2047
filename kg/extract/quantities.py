"""Counts on events: "killed five people and injured five more", "395 tanks ... destroyed".

The kind comes from the trigger lemma (``kg/data/events/quantities.json``); the numbers
are ``nummod`` children of the trigger's object (or passive subject) and of its
coordinated nouns; the counted thing is the rest of that noun phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Token

_DROP_DEPS = {"nummod", "det", "punct", "relcl", "acl", "prep", "appos", "quantmod", "advmod"}
_NUM = re.compile(r"^\d[\d,]*(\.\d+)?$")


@dataclass(frozen=True)
class Count:
    kind: str
    value: int
    thing: str
    tokens: tuple[Token, ...]


def parse_number(tok: Token, words: dict[str, Any]) -> int | None:
    """The integer a number token stands for ("1,325", "five", "2 million")."""
    text = tok.lower_
    value: float | None = None
    if _NUM.match(text):
        value = float(text.replace(",", ""))
    elif text in words["number_words"]:
        value = float(words["number_words"][text])
    if value is None:
        return None
    for c in list(tok.children) + ([tok.doc[tok.i + 1]] if tok.i + 1 < len(tok.doc) else []):
        mult = words["multipliers"].get(c.lower_)
        if mult and c.i > tok.i:
            value *= mult
            break
    return int(value)


def _number_child(noun: Token) -> Token | None:
    for c in noun.children:
        if c.dep_ == "nummod" and c.like_num:
            return c
    return None


def _has_number(noun: Token) -> bool:
    return _number_child(noun) is not None or noun.like_num


def _thing(noun: Token) -> str:
    """The counted-thing phrase: the noun with its modifiers and un-numbered conjuncts."""
    keep: list[Token] = []

    def walk(tok: Token) -> None:
        keep.append(tok)
        for c in tok.children:
            if c.dep_ in _DROP_DEPS or c.like_num:
                continue
            if c.dep_ == "conj":
                if not _has_number(c):
                    walk(c)
                continue
            if c.dep_ == "cc":
                nxt = [k for k in tok.children if k.dep_ == "conj" and k.i > c.i]
                if nxt and _has_number(nxt[0]):
                    continue
            walk(c)

    walk(noun)
    keep.sort(key=lambda t: t.i)
    text = "".join(t.text_with_ws for t in keep).strip()
    return re.sub(r"^(and|or)\s+", "", re.sub(r"\s+(and|or)$", "", text)).strip(" ,")


def _numbered_nouns(tok: Token) -> list[Token]:
    out = []
    if _has_number(tok):
        out.append(tok)
    for c in tok.children:
        if c.dep_ in {"conj", "appos"}:
            out.extend(_numbered_nouns(c))
    return out


def is_exact(num: Token, noun: Token, words: dict[str, Any]) -> bool:
    """False when the number is a bound or an estimate: a word of ``bound_words`` stands
    in its noun phrase before it ("more than 200", "at least four people", "nearly 300",
    "an estimated 40 people")."""
    start = min(num.left_edge.i, noun.left_edge.i)
    return not any(t.lower_ in words["bound_words"] for t in num.doc[start : num.i])


def counts_for(trigger: Token, words: dict[str, Any]) -> list[Count]:
    """Counts attached to a trigger whose lemma has a count kind; [] otherwise."""
    kind = words["kinds"].get(trigger.lemma_.lower())
    if kind is None:
        return []
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in trigger.children)
    holders = [
        c
        for c in trigger.children
        if (c.dep_ == "nsubjpass" if passive else c.dep_ in {"dobj", "obj"})
    ]
    if passive and not holders and trigger.dep_ in {"acl", "amod"}:
        holders = [trigger.head]
    if not holders and trigger.dep_ in {"acl", "amod", "relcl"} and _has_number(trigger.head):
        holders = [trigger.head]
    out: list[Count] = []
    for holder in holders:
        for noun in _numbered_nouns(holder):
            num = noun if noun.like_num else _number_child(noun)
            if num is None:
                continue
            value = parse_number(num, words)
            if value is None:
                continue
            same = any(c.lower_ in words["same_thing_words"] for c in noun.children)
            if noun.like_num:
                thing = "" if same else words["default_thing"]
            elif noun.lower_ in words["same_thing_words"]:
                thing = ""
            else:
                thing = _thing(noun)
            out.append(Count(kind, value, thing, (num, noun)))
    return out
