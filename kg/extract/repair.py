"""Recognition with repair: spaCy's entity spans, cleaned for news text.

``recognise(doc, lex, gaz) -> list[Cand]`` returns name mentions (token spans with a kind)
after these repairs, each driven by data files in ``kg/data/entities``:

* boundaries: leading "the", trailing possessive and punctuation are not part of a name;
* page furniture ("Related News", "NewsTrack Whatsapp") is dropped;
* titles are stripped from person names ("Foreign Minister Dmytro Kuleba", "Dr Lee");
* nationality words ("Russian", "Ukrainians") become demonym mentions of their country;
  a known place tagged NORP ("the Kiev TV tower") is that place;
* a surname alone after the full name ("Shoigu" tagged ORG) is that PERSON, also where
  spaCy tagged nothing; a one-word ORG that is the subject of "said" is a person;
* a known place tagged PERSON/ORG after "in", "at", "from"... is a place;
* an acronym in brackets after an organisation ("(RECO)") is that organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.lexicon import Lexicons
from kg.link import Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_KIND = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place",
         "FAC": "place", "NORP": "group"}
_LOCATIVE = frozenset({"in", "at", "from", "near", "outside", "across", "into", "to", "towards",
                       "toward", "around", "through", "via"})
_TRAIL = frozenset({"'s", "’s", "'", "’", ",", ".", ":", ";", "-", "—", "–", "\"", "“", "”"})
_LEAD = frozenset({"the", "a", "an", "\"", "“", "'", "‘"})


@dataclass
class Cand:
    """A name mention: tokens ``start:end`` of the doc, its kind and how it was found."""

    start: int
    end: int
    kind: str  # person | organization | place | group
    source: str  # spaCy label, or DEMONYM / SURNAME / ACRONYM
    country: str | None = None  # ISO code when a demonym denotes a country
    actor: bool = False  # the mention denotes the state acting ("Russian airstrikes")


def _trim(doc: Doc, start: int, end: int, lex: Lexicons) -> tuple[int, int]:
    while start < end and doc[start].lower_ in _LEAD:
        start += 1
    while end > start and (doc[end - 1].text in _TRAIL or doc[end - 1].is_space):
        end -= 1
    return start, end


def _strip_titles(doc: Doc, start: int, end: int, lex: Lexicons) -> int:
    """Advance ``start`` past honorifics, nationality words and role titles."""
    while start < end - 1:
        low = doc[start].lower_.rstrip(".")
        if low in lex.titles or low in lex.demonyms:
            start += 1
            continue
        for n in range(min(lex.max_role_len, end - start - 1), 0, -1):
            if tuple(t.lower_ for t in doc[start:start + n]) in lex.roles:
                start += n
                break
        else:
            break
    return start


def _is_furniture(text: str, lex: Lexicons) -> bool:
    low = text.lower().strip()
    return low in lex.furniture or all(w in lex.furniture for w in low.split())


def _demonym_actor(tok: Token, lex: Lexicons) -> bool:
    head = tok.head
    return tok.dep_ in ("amod", "compound", "nmod") and head.lemma_.lower() in lex.actor_nouns


def _place_actor(doc: Doc, start: int, end: int, lex: Lexicons) -> bool:
    """A place named as subject of a verb, or owner of an actor noun ("Russia's forces")."""
    root = doc[start:end].root
    if root.dep_ == "nsubj" and root.head.pos_ in ("VERB", "AUX"):
        return True
    return root.dep_ == "poss" and root.head.lemma_.lower() in lex.actor_nouns


def recognise(doc: Doc, lex: Lexicons, gaz: Gazetteer) -> list[Cand]:
    """Repaired name mentions of ``doc``, in text order, not overlapping."""
    cands: list[Cand] = []
    for ent in doc.ents:
        kind = _KIND.get(ent.label_)
        if kind is None:
            continue
        start, end = _trim(doc, ent.start, ent.end, lex)
        if start >= end or _is_furniture(doc[start:end].text, lex):
            continue
        text = doc[start:end].text
        low = text.lower()
        if kind == "group":
            if low in lex.demonyms:
                country = lex.demonyms[low]
                is_people = low in lex.plural_demonyms
                cands.append(Cand(start, end, "group" if is_people else "place", "DEMONYM",
                                  country, not is_people and _demonym_actor(doc[start], lex)))
                continue
            if text in gaz:
                kind = "place"
        if kind == "person":
            start = _strip_titles(doc, start, end, lex)
            if doc[start:end].text in lex.demonyms or start >= end:
                continue
        if kind in ("person", "organization") and end - start <= 3 and start > 0:
            if doc[start - 1].lower_ in _LOCATIVE and text in gaz and (
                    ent.label_ != "ORG" or end - start == 1):
                kind = "place"
        cands.append(Cand(start, end, kind, ent.label_))
    cands = _repair_people(doc, cands, lex)
    cands = _add_acronyms(doc, cands)
    cands = _add_untagged(doc, cands, lex)
    for c in cands:
        if c.kind == "place" and c.source != "DEMONYM":
            c.actor = _place_actor(doc, c.start, c.end, lex)
    return sorted(cands, key=lambda c: c.start)


def _repair_people(doc: Doc, cands: list[Cand], lex: Lexicons) -> list[Cand]:
    surnames = {doc[c.end - 1].text for c in cands if c.kind == "person" and c.end - c.start > 1}
    for c in cands:
        if c.kind == "person" or c.source == "DEMONYM":
            continue
        if c.end - c.start == 1 and doc[c.start].text in surnames:
            c.kind, c.source = "person", "SURNAME"
            continue
        if c.kind == "organization" and c.end - c.start == 1:
            tok = doc[c.start]
            low = tok.lower_
            if tok.is_title and low not in lex.organizations and (
                (tok.dep_ == "nsubj" and tok.head.lemma_.lower() in lex.speech_verbs)
                or (c.start > 0 and doc[c.start - 1].lower_.rstrip(".") in lex.titles)
            ):
                c.kind, c.source = "person", "SURNAME"
    return cands


def _add_acronyms(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """"Real Estate Council of Ontario (RECO)": the bracketed acronym, and its later uses."""
    acronyms: dict[str, str] = {}
    for c in cands:
        if c.kind == "organization" and c.end + 2 < len(doc) and doc[c.end].text == "(":
            tok, close = doc[c.end + 1], doc[c.end + 2]
            if close.text == ")" and tok.text.isupper() and len(tok.text) >= 2:
                acronyms[tok.text] = c.kind
    if not acronyms:
        return cands
    covered = {i for c in cands for i in range(c.start, c.end)}
    for tok in doc:
        if tok.text in acronyms and tok.i not in covered:
            cands.append(Cand(tok.i, tok.i + 1, acronyms[tok.text], "ACRONYM"))
    return cands


def _add_untagged(doc: Doc, cands: list[Cand], lex: Lexicons) -> list[Cand]:
    """Surnames of people named earlier and nationality adjectives spaCy left untagged."""
    covered = {i for c in cands for i in range(c.start, c.end)}
    surnames = {doc[c.end - 1].text for c in cands if c.kind == "person" and c.end - c.start > 1}
    for tok in doc:
        if tok.i in covered or not tok.text[:1].isupper():
            continue
        if tok.text in surnames and tok.pos_ == "PROPN":
            cands.append(Cand(tok.i, tok.i + 1, "person", "SURNAME"))
        elif tok.lower_ in lex.demonyms and tok.lower_ not in lex.plural_demonyms and (
            tok.pos_ == "ADJ" or tok.dep_ in ("amod", "compound")
        ):
            cands.append(Cand(tok.i, tok.i + 1, "place", "DEMONYM", lex.demonyms[tok.lower_],
                              _demonym_actor(tok, lex)))
    return cands
