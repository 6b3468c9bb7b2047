"""In-article resolution: cluster name mentions into entities and link places.

* people: a full name and its later (or earlier) surname are one person; the canonical
  name comes from the alias table ("Sergey Shoigu" -> "Sergei Shoigu") else the full name;
* organisations: by canonical name (alias table, leading "the" dropped);
* places: by GeoNames id when linked, else by normalised name; nationality adjectives
  join their country ("Russian" -> Russia); spelling variants meet through the gazetteer
  ("Kiev" -> Kyiv);
* groups: plural nationalities ("Indians") and other NORP words.

Linking uses the article's own context: countries, US states and counties named in it,
and the places it names near each other. Names are linked in rounds: alone; then with the
confident links of the first round as context; then the names still unlinked or weakly
linked once more with every confident link as context. Nested place names (inside an
organisation's name) that do not link are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.lexicon import Lexicons
from kg.extract.repair import Cand
from kg.extract.spans import mention_of
from kg.link import Gazetteer, Link, LinkContext, Place
from kg.records import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc

_CONTEXT_CONFIDENCE = 0.8


@dataclass
class Clustering:
    entities: list[Entity]
    cands: list[Cand]  # the mentions kept (nested place names that did not link are dropped)
    of_cand: list[str]  # entity key for each kept cand, same order as ``cands``


def _clean(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def _link_all(doc: Doc, cands: list[Cand], lex: Lexicons, gaz: Gazetteer) -> list[Place | Link | None]:
    """For each cand: the country Place of a demonym, a Link for a place name, or None."""
    names: list[str | None] = []
    for c in cands:
        if c.kind != "place" or c.source == "DEMONYM":
            names.append(None)
            continue
        text = _clean(doc[c.start:c.end].text)
        names.append(c.lookup or lex.aliases.get(("place", text.lower()), text))
    context = LinkContext()
    for c in cands:
        if c.country:
            context.countries.add(c.country)
    for distinct in dict.fromkeys(n for n in names if n):
        context.others += gaz.possible_points(distinct)
    alone = _memo(gaz, LinkContext())
    first = [alone(n, None) if n else None for n in names]
    _add_context(context, [link for link in first if link and link.confidence >= _CONTEXT_CONFIDENCE])
    within = _within(doc, cands, first)
    out: list[Place | Link | None] = []
    second = _memo(gaz, context)
    for i, (c, name) in enumerate(zip(cands, names, strict=True)):
        if c.source == "DEMONYM" and c.country and c.kind == "place":
            out.append(gaz.country(c.country))
        elif name:
            out.append(second(name, within.get(i)))
        else:
            out.append(None)
    def weak(link: Place | Link | None) -> bool:
        return link is None or (isinstance(link, Link) and link.confidence < _CONTEXT_CONFIDENCE)

    if any(weak(link) and name for link, name in zip(out, names, strict=True)):
        # a last round for the names still unlinked or weakly linked, with every place
        # placed confidently so far as context ("Paris Police Department" once "Lamar
        # County, Texas" is placed; "Georgia" once its counties are)
        _add_context(context, [link for link in out if not weak(link) and isinstance(link, Link)])
        last = _memo(gaz, context)
        out = [last(name, within.get(i)) if weak(link) and name else link
               for i, (link, name) in enumerate(zip(out, names, strict=True))]
    return out


def _memo(gaz: Gazetteer, context: LinkContext) -> Callable[[str, Place | None], Link | None]:
    """``gaz.link`` in one fixed context, each distinct name linked once."""
    done: dict[tuple[str, Place | None], Link | None] = {}

    def link(name: str, within: Place | None) -> Link | None:
        key = (name, within)
        if key not in done:
            done[key] = gaz.link(name, context, within)
        return done[key]
    return link


def _within(doc: Doc, cands: list[Cand], first: list[Link | None]) -> dict[int, Place]:
    """"Alton, Ill.", "Paris, Texas": the state or country named right after a place name
    (after a comma), by the index of the place's cand."""
    by_start = {c.start: i for i, c in enumerate(cands) if c.kind == "place"}
    out = {}
    for i, c in enumerate(cands):
        j = by_start.get(c.end + 1)
        link = first[j] if j is not None else None
        if (c.kind == "place" and j is not None and link is not None and doc[c.end].text == ","
                and link.place.feature in ("admin1", "country")):
            out[i] = link.place
    return out


def _add_context(context: LinkContext, links: list[Link]) -> None:
    for link in links:
        if not link.place.country_code:
            continue
        context.countries.add(link.place.country_code)
        if link.place.feature in ("admin1", "county") and link.place.admin1:
            context.admin1.add((link.place.country_code, link.place.admin1))
        if link.place.feature in ("city", "county"):
            context.points.append((link.place.lat, link.place.lon))


def cluster(doc: Doc, cands: list[Cand], lex: Lexicons, gaz: Gazetteer) -> Clustering:
    """Entities of one article with all their mentions; deterministic keys e0, e1, ..."""
    by_key: dict[tuple[str, object], Entity] = {}
    links = _link_all(doc, cands, lex, gaz)
    kept = [i for i, c in enumerate(cands) if c.source != "NESTED" or links[i] is not None]
    cands, links = [cands[i] for i in kept], [links[i] for i in kept]
    of_cand: list[str] = [""] * len(cands)

    def get(key: tuple[str, object], kind: str, canonical: str, label: str) -> Entity:
        ent = by_key.get(key)
        if ent is None:
            ent = Entity(key=f"e{len(by_key)}", kind=kind, label=canonical,  # type: ignore[arg-type]
                         canonical=canonical, ner_label=label, is_actor=kind != "place")
            by_key[key] = ent
        return ent

    full_names: dict[str, list[tuple[int, str]]] = {}  # surname -> [(token index, canonical)]
    for c in cands:
        if c.kind == "person" and c.end - c.start > 1:
            text = _clean(doc[c.start:c.end].text)
            canonical = lex.aliases.get(("person", text.lower()), text)
            full_names.setdefault(doc[c.end - 1].text, []).append((c.start, canonical))

    for i, c in enumerate(cands):
        span = doc[c.start:c.end]
        text = _clean(span.text)
        link = links[i]
        if c.kind == "person":
            canonical = lex.aliases.get(("person", text.lower()), text)
            if c.end - c.start == 1 and text in full_names:
                options = full_names[text]
                before = [o for o in options if o[0] < c.start]
                canonical = (before[-1] if before else options[0])[1]
            ent = get(("person", canonical.lower()), "person", canonical, "PERSON")
        elif c.kind == "organization":
            canonical = lex.aliases.get(("organization", text.lower()), text)
            org = lex.organizations.get(canonical.lower())
            canonical = org.canonical if org else canonical
            ent = get(("organization", canonical.lower()), "organization", canonical, "ORG")
        elif c.kind == "place":
            place = link.place if isinstance(link, Link) else link
            if place is not None:
                ent = get(("place", place.geonames_id or place.name), "place", place.name, "GPE")
                _set_place(ent, place, link.confidence if isinstance(link, Link) else 0.9)
            else:
                canonical = lex.aliases.get(("place", text.lower()), text)
                ent = get(("place", canonical.lower()), "place", canonical, c.source)
            if c.actor:
                ent.is_actor = True
        else:
            ent = get(("group", text.lower()), "group", text, "NORP")
            ent.country_code = ent.country_code or c.country  # "Russians" -> RU
        ent.mentions.append(mention_of(span))
        ent.alt_labels.add(text)
        of_cand[i] = ent.key
    for ent in by_key.values():
        ent.alt_labels.discard(ent.canonical)
    return Clustering(list(by_key.values()), cands, of_cand)


def _set_place(ent: Entity, place: Place, confidence: float) -> None:
    if ent.lat is not None:
        return
    ent.geonames_id = place.geonames_id
    ent.lat, ent.lon = place.lat, place.lon
    ent.country_code = place.country_code
    ent.is_country = place.feature == "country"
    ent.link_confidence = confidence
