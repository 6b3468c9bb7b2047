"""Which entities an argument token stands for: the entity mention covering it, else the
names inside its noun phrase ("the centre of Kharkiv" -> Kharkiv, "Russian forces" ->
Russia).

A noun naming one person ("envoy", "wife", "lawyer") is a person of its own: a person
named as its possessor or modifier is someone else ("Putin's envoy met Erdogan": the envoy
met him, not Putin; "the wife of the mayor died"). Countries and organisations still
stand for their people ("Russia's envoy", "the Hezbollah commander"), the reading CAMEO
and our queries use. A dateline the parse attached to a phrase is not in it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Set
from typing import TYPE_CHECKING

from kg.extract.depparse import conjuncts, pobjs
from kg.extract.headlines import is_dateline
from kg.records import Entity, Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

_MODIFIERS = {"compound", "amod", "poss", "nmod"}


class EntityIndex:
    """Which entity mention covers a character offset (sorted starts, binary search)."""

    def __init__(self, entities: list[Entity], person_nouns: Set[str] = frozenset()) -> None:
        spans = sorted(
            (m.start, m.end, e.key, m) for e in entities for m in e.mentions
        )
        self._starts = [s[0] for s in spans]
        self._spans = spans
        self.kind = {e.key: e for e in entities}
        self._person_nouns = person_nouns

    def at(self, token: Token) -> tuple[str, Mention] | None:
        """The entity whose mention covers this token, if any."""
        k = bisect_right(self._starts, token.idx) - 1
        for j in (k, k - 1, k - 2):
            if j >= 0:
                start, end, key, m = self._spans[j]
                if start <= token.idx < end:
                    return key, m
        return None

    def in_phrase(self, token: Token, depth: int = 2, located: bool = True) -> list[tuple[str, Mention]]:
        """Entities of a noun phrase: the token, else its modifiers, else 'X of <entity>'
        (and 'X in <entity>' when ``located``; actors are not where they are: in
        "officials in Berlin said" Berlin is no speaker). A person noun never stands
        for another person named in its phrase ("Putin's envoy" is not Putin)."""
        hit = self.at(token)
        if hit is not None:
            return [hit]
        if depth == 0:
            return []
        someone = token.lemma_.lower() in self._person_nouns

        def fits(h: tuple[str, Mention]) -> bool:
            return not (someone and self.kind[h[0]].kind == "person")

        found: list[tuple[str, Mention]] = []
        for c in token.children:
            if c.dep_ in _MODIFIERS:
                for t in conjuncts(c):
                    h = self.at(t)
                    if h is not None and h not in found and fits(h):
                        found.append(h)
        if found:
            return found
        preps = {"of", "in"} if located else {"of"}
        for c in token.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for p in pobjs(c):
                    for t in conjuncts(p):
                        if is_dateline(t):
                            continue  # "Dozens in Kandahar KABUL —": where it was filed
                        for h in self.in_phrase(t, depth - 1, located):
                            if h not in found and fits(h):
                                found.append(h)
        return found
