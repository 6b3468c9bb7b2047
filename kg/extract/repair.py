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
* an acronym in brackets after an organisation ("(RECO)") is that organisation;
* place names inside longer names and places known from their context ("Alachua County
  Sheriff's Office", "Barrow and Jackson counties", "a Chapin man", datelines) come from
  :mod:`kg.extract.toponyms`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.lexicon import Lexicons
from kg.extract.toponyms import context_places, nested_places, surnames
from kg.link import Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_KIND = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place",
         "FAC": "place", "NORP": "group"}
_LOCATIVE = frozenset({"in", "at", "from", "near", "outside", "across", "into", "to", "towards",
                       "toward", "around", "through", "via"})
_TRAIL = frozenset({"'s", "’s", "'", "’", ",", ".", ":", ";", "-", "—", "–", "\"", "“", "”"})
_DATELINE_SEP = frozenset({",", "-", "--", "—", "–", "(", ":"})
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
    government: bool = False  # a place name standing for its government ("Russia's forces")
    lookup: str | None = None  # gazetteer name when not the text ("Barrow" -> "Barrow County")


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
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


def _government(doc: Doc, start: int, end: int, lex: Lexicons) -> bool:
    """A place standing for its government: "Russia's forces", "the Hong Kong government"."""
    root = doc[start:end].root
    return root.dep_ in ("poss", "compound") and root.head.lemma_.lower() in lex.actor_nouns


def recognise(doc: Doc, lex: Lexicons, gaz: Gazetteer) -> list[Cand]:
    """Repaired name mentions of ``doc``, in text order, not overlapping."""
    cands: list[Cand] = []
    for ent in doc.ents:
        if ent.label_ in _KIND:
            for start, end in _split(doc, ent.start, ent.end, ent.label_):
                cand = _from_span(doc, start, end, ent.label_, lex, gaz)
                if cand is not None:
                    cands.append(cand)
    cands = _repair_people(doc, cands, lex)
    cands = _add_acronyms(doc, cands)
    cands = _add_untagged(doc, cands, lex, gaz)
    cands = context_places(doc, cands, lex, gaz)
    cands += nested_places(doc, cands, lex, gaz)
    for c in cands:
        if c.kind == "place" and c.source != "DEMONYM":
            c.government = _government(doc, c.start, c.end, lex)
            c.actor = c.government or _subject(doc, c.start, c.end)
    return sorted(cands, key=lambda c: c.start)


def _split(doc: Doc, start: int, end: int, label: str) -> list[tuple[int, int]]:
    """"Zay and Zayion" -> two people; "Badarpur, south-east Delhi" -> two places."""
    seps = {"PERSON": ("and", "&"), "GPE": (",",), "LOC": (",",)}.get(label, ())
    if not seps or not any(t.text in seps for t in doc[start:end]):
        return [(start, end)]
    parts, s = [], start
    for t in doc[start:end]:
        if t.text in seps:
            parts.append((s, t.i))
            s = t.i + 1
    parts.append((s, end))
    out = []
    for a, b in parts:
        while a < b and not doc[a].text[:1].isupper():
            a += 1
        if a < b:
            out.append((a, b))
    return out


def _prev(doc: Doc, i: int, n: int = 1) -> str:
    return doc[i - n].lower_ if i - n >= 0 else ""


def _from_span(doc: Doc, start: int, end: int, label: str, lex: Lexicons, gaz: Gazetteer
               ) -> Cand | None:
    kind = _KIND[label]
    start, end = _trim(doc, start, end)
    if start >= end or _is_furniture(doc[start:end].text, lex):
        return None
    text = doc[start:end].text
    low = text.lower()
    if kind == "group":
        if low in lex.demonyms:
            is_people = low in lex.plural_demonyms
            return Cand(start, end, "group" if is_people else "place", "DEMONYM",
                        lex.demonyms[low], not is_people and _demonym_actor(doc[start], lex))
        if gaz.is_notable(text):
            return Cand(start, end, "place", label)
        if end - start == 1 and doc[start].pos_ == "ADJ":
            return None  # "Western threats", "Islamic conservatives": a description, not a group
        return Cand(start, end, "group", label)
    if low in lex.organizations:
        return Cand(start, end, "organization", label)  # "the EU", "Congress", "White House"
    if kind == "person":
        if text.isupper() and len(text) > 1 and end - start == 1:
            return Cand(start, end, "organization", label)
        start = _strip_titles(doc, start, end, lex)
        text = doc[start:end].text
        if start >= end or text.lower() in lex.demonyms:
            return None
    if kind in ("person", "organization") and start > 0:
        prev = _prev(doc, start)
        locative = prev in _LOCATIVE and not (prev == "to" and _prev(doc, start, 2) == "according")
        if locative and gaz.is_notable(text, any_town=True) and (
                kind == "person" or end - start == 1
                or any(primary and p.feature == "city" for p, primary in gaz.candidates(text))):
            kind = "place"
        elif prev == "of" and _prev(doc, start, 2) in lex.place_cues:
            kind = "place"
        elif (kind == "organization" and prev in ("at", "on", "in")
              and doc[end - 1].lower_ in lex.facility_heads):
            kind = "place"
        elif (kind == "person" and _prev(doc, start) == "the" and end - start == 1
              and gaz.is_notable(low, any_town=True)):
            kind = "place"
    if kind in ("person", "organization") and text in gaz and (
            _place_context(doc, start, end, gaz)
            or (kind == "organization" and _bare_place(doc, start, end, gaz))):
        kind = "place"
    return Cand(start, end, kind, label)


def _bare_place(doc: Doc, start: int, end: int, gaz: Gazetteer) -> bool:
    """An ORG that is exactly a sizeable place name and not acting ("Bicester's", "Nebraska")."""
    if doc[start:end].root.dep_ in ("nsubj", "nsubjpass"):
        return False
    return any(primary and (p.feature in ("admin1", "country") or p.population >= 50_000)
               for p, primary in gaz.candidates(doc[start:end].text))


def _place_context(doc: Doc, start: int, end: int, gaz: Gazetteer) -> bool:
    """A dateline ("BEIRUT -", "ALTON, Ill. -") or "Name, State" ("Alton, Ill.")."""
    if doc[start:end].text.isupper() and (start == 0 or doc[start].is_sent_start
                                          or doc[start - 1].is_space):
        return end < len(doc) and doc[end].text in _DATELINE_SEP
    if end + 1 < len(doc) and doc[end].text == ",":
        nxt = doc[end + 1]
        return nxt.text[:1].isupper() and any(
            p.feature in ("admin1", "country") for p, _ in gaz.candidates(nxt.text))
    return False


def _subject(doc: Doc, start: int, end: int) -> bool:
    root = doc[start:end].root
    return root.dep_ == "nsubj" and root.head.pos_ in ("VERB", "AUX")


def _repair_people(doc: Doc, cands: list[Cand], lex: Lexicons) -> list[Cand]:
    known = surnames(doc, cands)
    for c in cands:
        if c.kind == "person" or c.source == "DEMONYM":
            continue
        if c.end - c.start == 1 and doc[c.start].text in known:
            c.kind, c.source = "person", "SURNAME"
            continue
        if c.kind == "organization" and c.end - c.start == 1:
            tok = doc[c.start]
            low = tok.lower_
            if tok.is_title and low not in lex.organizations and (
                (tok.dep_ == "nsubj" and tok.head.lemma_.lower() in lex.speech_verbs)
                or (c.start > 0 and doc[c.start - 1].lower_.rstrip(".") in lex.titles)
                or (_prev(doc, c.start) == "to" and _prev(doc, c.start, 2) == "according")
            ):
                c.kind, c.source = "person", "SURNAME"
                continue
        if c.kind == "organization" and 1 < c.end - c.start <= 3 and all(
                t.is_title for t in doc[c.start:c.end]) and _role_before(doc, c.start, lex):
                c.kind, c.source = "person", "SURNAME"
    return cands


def _role_before(doc: Doc, start: int, lex: Lexicons) -> bool:
    return any(tuple(t.lower_ for t in doc[start - n:start]) in lex.roles
               for n in range(1, min(lex.max_role_len, start) + 1))


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


def _cased_indices(doc: Doc) -> list[int]:
    """Indices of tokens that may start with a capital (not lower case, punctuation, space
    or digits), read from the doc's arrays: a Token object per word costs more than the rules."""
    import numpy as np
    from spacy.attrs import IS_DIGIT, IS_LOWER, IS_PUNCT, IS_SPACE

    if not len(doc):
        return []
    arr = doc.to_array([IS_LOWER, IS_PUNCT, IS_SPACE, IS_DIGIT])
    return [int(i) for i in np.flatnonzero(~arr.any(axis=1))]


def _add_untagged(doc: Doc, cands: list[Cand], lex: Lexicons, gaz: Gazetteer) -> list[Cand]:
    """Surnames of people named earlier and nationality adjectives spaCy left untagged."""
    covered = {i for c in cands for i in range(c.start, c.end)}
    known = surnames(doc, cands)
    for i in _cased_indices(doc):
        tok = doc[i]
        if i in covered or not tok.text[:1].isupper():
            continue
        if tok.text in known and tok.pos_ in ("PROPN", ""):
            cands.append(Cand(tok.i, tok.i + 1, "person", "SURNAME"))
        elif (tok.pos_ == "PROPN" and tok.is_title and tok.dep_ == "nsubj"
              and tok.head.lemma_.lower() in lex.speech_verbs and tok.text not in gaz
              and tok.lower_ not in lex.demonyms and tok.lower_ not in lex.titles):
            cands.append(Cand(tok.i, tok.i + 1, "person", "SPEAKER"))
        elif tok.lower_ in lex.demonyms and tok.lower_ not in lex.plural_demonyms and (
            tok.pos_ == "ADJ" or tok.dep_ in ("amod", "compound")
        ):
            cands.append(Cand(tok.i, tok.i + 1, "place", "DEMONYM", lex.demonyms[tok.lower_],
                              _demonym_actor(tok, lex)))
    return cands
