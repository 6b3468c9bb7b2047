"""Place names inside other names: "Alachua County Sheriff's Office", "Northeast Georgia".

``nested_places(doc, cands, lex, gaz) -> list[Cand]`` finds gazetteer place names inside
recognised organisation, facility, place and group spans. They become mentions of their
own (source ``NESTED``) that overlap the outer mention:

* a name at the start of the span or of a part of it ("Dublin Arts Council",
  "Greenville-Spartanburg International Airport", "Kettering Republican");
* a name after qualifying words from ``place_modifiers.txt`` ("Northeast Georgia",
  "north Cambridge", "Historic Dublin");
* a name after "of" ("University of Nebraska", "City of Huntsville") or a hyphen
  ("University of Nebraska-Lincoln", "D-Beachwood").

A span that is itself a gazetteer name ("West Virginia", "Kansas City") is not split. The
candidates are only names: linking (:mod:`kg.extract.coref`) drops the nested mentions it
cannot link, so a surname-like prefix with no support in the article leaves no entity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.lexicon import Lexicons
from kg.link import Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from kg.extract.repair import Cand

_SEPARATORS = frozenset({"-", "–", "—", "/", "of", "for", "in", "at", "&", "and", ",", "'s", "’s",
                         "'", "’", "(", ")", ":"})
_MAX_NAME = 3
_NATURAL = frozenset({"river", "creek", "brook"})
_SMALL_FEATURES = frozenset({"city", "county", "admin1"})


def _capitalised(text: str) -> bool:
    return text[:1].isupper()


def _name_at(doc: Doc, a: int, b: int, lex: Lexicons, gaz: Gazetteer, qualified: bool
             ) -> int | None:
    """End of the place name starting at token ``a`` (before ``b``), if any.

    The longest name wins, except that a state or country beats a longer small town
    ("University of Michigan Center": Michigan, not the village of Michigan Center). Not
    when the next word makes a town's name part of another name ("Hampton Avenue", from
    ``name_heads.txt``) or names a river ("Mississippi River"); after a qualifier
    (``qualified``) only when the name is mainly a town, county or state: "Western
    Australia" and "Northern Europe" are regions far from the country's or continent's point.
    """
    ends = []
    for n in range(min(_MAX_NAME, b - a), 0, -1):
        span = doc[a:a + n]
        text = span.text
        if (not all(_capitalised(t.text) for t in span) or text.lower() in lex.demonyms
                or text.lower() in lex.organizations or not gaz.is_notable(text, any_town=True)):
            continue
        ends.append(a + n)
    if not ends:
        return None
    primary = [e for e in ends if any(pr for _, pr in gaz.candidates(doc[a:e].text))]
    ends = primary or ends  # "Dublin City" is only a variant of Dublin (Ireland): take "Dublin"
    end = ends[0]
    if not gaz.is_notable(doc[a:end].text):
        end = next((e for e in ends[1:] if any(p.feature in ("admin1", "country")
                                               for p, _ in gaz.candidates(doc[a:e].text))), end)
    text = doc[a:end].text
    cands = gaz.candidates(text)
    head = doc[end].lower_ if end < len(doc) else ""
    if head in _NATURAL or (head in lex.name_heads and all(p.feature == "city" for p, _ in cands)):
        return None  # "Mississippi River"; "Hampton Avenue" (but "Douglas County Road")
    if qualified and max(cands, key=lambda pc: pc[0].population)[0].feature not in _SMALL_FEATURES:
        return None
    return end


def _segments(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    out, s = [], start
    for i in range(start, end):
        if doc[i].lower_ in _SEPARATORS:
            if s < i:
                out.append((s, i))
            s = i + 1
    if s < end:
        out.append((s, end))
    return out


def nested_places(doc: Doc, cands: list[Cand], lex: Lexicons, gaz: Gazetteer) -> list[Cand]:
    """Place-name mentions nested inside longer recognised names (source NESTED)."""
    from kg.extract.repair import Cand

    out: list[Cand] = []
    seen: set[tuple[int, int]] = set()
    for c in cands:
        if c.kind == "person" or c.source in ("DEMONYM", "NESTED") or c.end - c.start < 2:
            continue
        if c.kind == "place" and doc[c.start:c.end].text in gaz:
            continue  # "West Virginia", "Kansas City": a name of its own
        for a, b in _segments(doc, c.start, c.end):
            if doc[a].lower_ == "the":
                a += 1
            name_end = _name_at(doc, a, b, lex, gaz, False) if a < b else None  # "West Virginia"
            if name_end is None:
                first = a
                while a < b and doc[a].lower_ in lex.place_modifiers:
                    a += 1
                if a >= b or a == first or not _capitalised(doc[a].text):
                    continue
                name_end = _name_at(doc, a, b, lex, gaz, True)
            if name_end is None or (a, name_end) == (c.start, c.end) or (a, name_end) in seen:
                continue
            seen.add((a, name_end))
            out.append(Cand(a, name_end, "place", "NESTED"))
    return out


_DASHES = frozenset({"-", "--", "—", "–"})


def _county_list(doc: Doc, i: int) -> list[tuple[int, int]]:
    """Names coordinated before "counties" at token ``i``: "Barrow, Jackson and Madison"."""
    out: list[tuple[int, int]] = []
    j = i
    while j > 0:
        end = j
        while j > 0 and _capitalised(doc[j - 1].text) and end - j < 2:
            j -= 1
        if j == end:
            break
        out.append((j, end))
        if j > 0 and doc[j - 1].text in (",", "and", "or", "&"):
            j -= 1
            if j > 0 and doc[j].lower_ in ("and", "or") and doc[j - 1].text == ",":
                j -= 1
        else:
            break
    return out


def _listed_counties(doc: Doc, i: int, gaz: Gazetteer) -> list[Cand]:
    from kg.extract.repair import Cand

    word = "County" if doc[i].lower_ == "counties" else "Parish"
    out = []
    for a, b in _county_list(doc, i):
        name = f"{doc[a:b].text} {word}"
        if any(p.feature == "county" for p, _ in gaz.candidates(name)):
            out.append(Cand(a, b, "place", "COUNTY", lookup=name))
    return out


def _county(doc: Doc, i: int, gaz: Gazetteer) -> list[Cand]:
    """"Navarro County", "Platte Co." (one or two capitalised words before County, Co.,
    Parish)."""
    from kg.extract.repair import Cand

    two = i >= 2 and _capitalised(doc[i - 2].text)
    for start in ((i - 2, i - 1) if two else (i - 1,)):
        name = f"{doc[start:i].text} County" if doc[i].text == "Co." else doc[start:i + 1].text
        if any(p.feature == "county" for p, _ in gaz.candidates(name)):
            return [Cand(start, i + 1, "place", "COUNTY", lookup=name)]
    return []


def _dateline(doc: Doc, i: int, gaz: Gazetteer) -> list[Cand]:
    """"BANTAM — ...", "BOWLING GREEN, Ohio (AP)": a place name in capitals opening a line."""
    from kg.extract.repair import Cand

    end = i + 1
    while end < len(doc) and end - i < 3 and doc[end].is_alpha and doc[end].text.isupper():
        end += 1
    sep = doc[end].text if end < len(doc) else ""
    if sep in _DASHES or (sep == "," and end + 1 < len(doc) and any(
            p.feature == "admin1" for p, _ in gaz.candidates(doc[end + 1].text))):
        if gaz.is_notable(doc[i:end].text, any_town=True):
            return [Cand(i, end, "place", "DATELINE")]
    return []


def _listed_with_town(doc: Doc, c: Cand, towns: set[tuple[int, int]]) -> bool:
    """"Sharon, Cornwall and Salisbury": ``c`` is next to a town in a list."""
    for sep in (1, 2):  # ", " / " and " / ", and "
        before = doc[c.start - sep:c.start] if c.start >= sep else None
        if before is not None and all(t.text in (",", "and", "or") for t in before) and any(
                e == c.start - sep for _, e in towns):
            return True
        after = doc[c.end:c.end + sep] if c.end + sep <= len(doc) else None
        if after is not None and all(t.text in (",", "and", "or") for t in after) and any(
                s == c.end + sep for s, _ in towns):
            return True
    return False


_TRIGGER_WORDS = ("counties", "parishes", "county", "parish", "co.", "d", "r", "i")


def _trigger_indices(doc: Doc, lex: Lexicons) -> list[int]:
    """Tokens that can start a rule of :func:`context_places`, found on the doc's arrays
    (making a Token object for every word costs more than all the rules together)."""
    import numpy as np
    from spacy.attrs import IS_UPPER, LOWER
    from spacy.strings import get_string_id

    if not len(doc):
        return []
    words = [get_string_id(w) for w in (*_TRIGGER_WORDS, *lex.resident_nouns)]
    arr = doc.to_array([LOWER, IS_UPPER])
    hits = np.isin(arr[:, 0], np.array(words, dtype=arr.dtype)) | (arr[:, 1] == 1)
    return [int(i) for i in np.flatnonzero(hits)]


def context_places(doc: Doc, cands: list[Cand], lex: Lexicons, gaz: Gazetteer) -> list[Cand]:
    """Places known from the words around them, whatever spaCy tagged them.

    * "Barrow, Jackson and Madison counties": each name is that county (linked as
      "Barrow County"); "Navarro County", "Rapides Parish" when spaCy tagged nothing;
    * "a Chapin man", "Hamilton women", "Winona police" (``resident_nouns.txt``): a town;
    * "Sharon, Cornwall and Salisbury": a known town's name listed with a town;
    * "Christopher Bowers, 19, of Martinez" and "Rep. Joseph Wagner, D-Chicopee": a town;
    * datelines: "BANTAM — A Danbury mason...", "BOWLING GREEN, Ohio (AP)".

    Only names the gazetteer knows become places; a person's surname named in full
    earlier in the article stays a person.
    """
    from kg.extract.repair import Cand

    known_surnames = surnames(doc, cands)
    covered = {i for c in cands for i in range(c.start, c.end)}
    found: list[Cand] = []
    for i in _trigger_indices(doc, lex):
        tok = doc[i]
        text = tok.text
        low = text.lower()
        if low in ("counties", "parishes") and i > 0:
            found += _listed_counties(doc, i, gaz)
        elif text in ("County", "Parish", "Co.") and i > 0 and _capitalised(doc[i - 1].text):
            found += _county(doc, i, gaz)
        elif low in lex.resident_nouns and i not in covered:
            a = i
            while a > 0 and i - a < 3 and a - 1 not in covered and doc[a - 1].pos_ == "PROPN" \
                    and doc[a - 1].is_title:
                a -= 1
            if a < i and doc[a:i].text not in known_surnames and gaz.is_notable(doc[a:i].text,
                                                                          any_town=True):
                found.append(Cand(a, i, "place", "RESIDENT"))
        elif text in ("D", "R", "I") and 0 < i < len(doc) - 2 and doc[i + 1].text == "-" \
                and doc[i - 1].text == ",":
            b = i + 2
            while b < len(doc) and b - i - 2 < 3 and _capitalised(doc[b].text):
                b += 1
            if b > i + 2 and gaz.is_notable(doc[i + 2:b].text, any_town=True):
                found.append(Cand(i + 2, b, "place", "AFFILIATION"))
        elif len(text) > 2 and text.isupper() and tok.is_alpha and (
                tok.is_sent_start or (i > 0 and doc[i - 1].is_space)):
            found += _dateline(doc, i, gaz)
    towns = {(c.start, c.end) for c in cands if c.kind == "place" and c.source != "NESTED" and any(
        p.feature in ("city", "county") for p, _ in gaz.candidates(doc[c.start:c.end].text))}
    for c in cands:
        if c.kind not in ("person", "organization") or c.end - c.start > 3:
            continue
        if _listed_with_town(doc, c, towns):
            text = doc[c.start:c.end].text
            if text not in known_surnames and text.lower() not in lex.organizations and gaz.is_notable(
                    text, any_town=True):
                c.kind = "place"
                continue
        nxt = doc[c.end].lower_ if c.end < len(doc) else ""
        aged_of = (c.start >= 3 and doc[c.start - 1].lower_ == "of" and doc[c.start - 2].text == ","
                   and doc[c.start - 3].like_num)
        if not (nxt in lex.resident_nouns or aged_of):
            continue
        text = doc[c.start:c.end].text
        if text not in known_surnames and gaz.is_notable(text, any_town=True):
            c.kind = "place"
    if not found:
        return cands
    taken = {i for f in found for i in range(f.start, f.end)}
    kept = [c for c in cands if not any(i in taken for i in range(c.start, c.end))
            or c.end - c.start > 3]
    kept_tokens = {i for c in kept for i in range(c.start, c.end)}
    return kept + [f for f in found if not any(i in kept_tokens for i in range(f.start, f.end))]


def surnames(doc: Doc, cands: list[Cand]) -> set[str]:
    """The last word of every person named with two words or more ("Bowers" after
    "Christopher Bowers"): alone later, it is that person, not a place."""
    return {doc[c.end - 1].text for c in cands if c.kind == "person" and c.end - c.start > 1}
