"""Rallies: a campaign rally is a meeting (ACE Contact:Meet), a rally that names a
cause or demand is a protest. The word lists are ``refinements.gatherings`` of
``kg/data/events/frames.json``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.extract.depparse import pobjs
from kg.extract.spans import is_verbal

if TYPE_CHECKING:
    from spacy.tokens import Token


def _host_words(subject: Token) -> set[str]:
    """The subject and the titles stacked on it: "Opposition leader Kizza Besigye" ->
    {besigye, leader, opposition, ...}."""
    out, todo = set(), [subject]
    while todo:
        t = todo.pop()
        out |= {t.lemma_.lower(), t.lower_}
        todo += [c for c in t.children if c.dep_ in {"compound", "amod", "appos", "nmod"}]
    return out


def political_gathering(head: Token, spec: dict[str, Any]) -> bool:
    """"a campaign rally", "his rally", "Trump spoke at a rally", "the candidates staged
    rallies", "held a rally ahead of the primary": a meeting; "a rally against the law",
    "an anti-war rally", "held a rally, demanding early polls", an opposition leader's
    rally with no election in sight: a protest."""
    if head.lemma_.lower() not in spec.get("lemmas", ()):
        return False
    kids = list(head.children)
    mods = [c for c in kids if c.dep_ in {"compound", "amod"}]
    mods += [g for c in mods for g in c.children if g.dep_ in {"compound", "amod"}]  # "election eve rally"
    mod_words = {w for c in mods for w in (c.lemma_.lower(), c.lower_.split("-")[0])}
    if mod_words & set(spec.get("cause_modifiers", ())):
        return False
    if mod_words & set(spec["modifiers"]):
        return True  # "a campaign rally for Clinton"
    if any(c.dep_ == "prep" and c.lower_ in spec.get("cause_preps", ()) for c in kids):
        return False
    up = head.head
    if head.dep_ == "pobj" and up.dep_ == "prep":
        up = up.head
    # the clause names a cause or demand: "held a rally, demanding ...", "to protest against"
    causes, cause_hosts = set(spec.get("cause_verbs", ())), set(spec.get("cause_hosts", ()))
    if any(
        (c.dep_ in {"advcl", "xcomp", "conj", "acl"} and c.lemma_.lower() in causes)
        or (c.dep_ == "prep" and c.lower_ in spec.get("cause_clause_preps", ()))
        for c in [*up.children, *kids]
    ):
        return False
    # "a rally organised by opposition leader Odinga": who called it
    organisers = [_host_words(p) for c in kids if c.dep_ == "acl" for a in c.children if a.dep_ == "agent"
                  for p in pobjs(a)]
    if any(h & cause_hosts for h in organisers):
        return False
    campaign = set(spec.get("campaign_words", ()))
    clause = up if is_verbal(up) else head  # (a crowd that rallies, a verb, is not held by anyone)
    words = {w for t in clause.subtree for w in (t.lemma_.lower(), t.lower_)}
    if not is_verbal(head) and words & campaign:
        return True  # "held a rally ahead of the midterm elections"
    for c in kids:
        if c.dep_ == "poss" and (c.ent_type_ == "PERSON" or c.lower_ in {"his", "her"}
                                 or (c.is_title and c.pos_ in {"NOUN", "PROPN"} and not c.ent_type_)):
            return True
    if head.dep_ in {"dobj", "obj"} and {up.lemma_.lower(), up.lower_} & set(spec.get("host_verbs", ())):
        organisers += [_host_words(c) for c in up.children if c.dep_ == "nsubj"]
    # a candidate or office holder hosting it, not an opposition leader ("Senator
    # Sanders held a rally": a meeting; "opposition leader Besigye held a rally": a protest)
    if any(h & set(spec.get("hosts", ())) and not h & cause_hosts for h in organisers):
        return True
    if head.dep_ not in {"pobj", "dobj", "dative"}:
        return False
    # "Trump spoke at a rally"; "hit back at a rally, saying ...": someone speaks there
    said = [up] + [c for c in up.children if c.dep_ in {"advcl", "conj"} and c.tag_ == "VBG"]
    return any(v.lemma_.lower() in spec["verbs"] for v in said)
