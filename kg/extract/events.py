"""Events: typed triggers with arguments, dates, counts, statements and factuality.

Two layers:

* :func:`~kg.extract.candidates.find_candidates` works on the parse alone (tokens, no entities): triggers from
  the lexicon, ``(role, token)`` arguments, the date expression that governs each
  trigger, counts, factuality, and which speech event reports which event. The
  evaluation commands score this layer directly against gold token spans.
* :func:`extract_events` maps candidates to :class:`~kg.records.Event` records: tokens to
  entities (through an index of entity mentions), dates normalised against the
  publication date, statements attributed to their speakers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from kg.extract.candidates import Candidate, find_candidates
from kg.extract.entity_index import EntityIndex
from kg.extract.event_resources import EventResources
from kg.extract.eventcoref import link_repeats
from kg.extract.pronouns import antecedent
from kg.extract.quantities import is_exact
from kg.extract.spans import mention_of
from kg.extract.timex import default_time, resolve
from kg.records import (
    Argument,
    Article,
    Entity,
    Event,
    Mention,
    Quantity,
    TimeValue,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["EventResources", "Candidate", "find_candidates", "extract_events"]

_ACTOR_ROLES = {"agent", "participant", "speaker"}
_PEOPLE_ROLES = _ACTOR_ROLES | {"victim"}
_PRONOUNS = {"he", "she", "him", "her"}


def _resolve_speaker(
    tok: Token, index: EntityIndex, entities: list[Entity], nouns: Mapping[str, frozenset[str]]
) -> str | None:
    # a named speaker wins over where it is ("Dmytro Kuleba in Kyiv said"); with no name,
    # "officials in Berlin said" falls back to the place (the CAMEO reading: Berlin's
    # officials), so the statement and the attribution of what they said are kept
    hits = index.in_phrase(tok, located=False) or index.in_phrase(tok)
    if hits:
        return hits[0][0]
    person = antecedent(tok, nouns)  # "Márki-Zay conceded. 'I will not hide it,' he said"
    if person is not None:
        hits = index.in_phrase(person, located=False)
        return hits[0][0] if hits else None
    if tok.lower_ in _PRONOUNS:
        best: tuple[int, str] | None = None
        for e in entities:
            if e.kind != "person":
                continue
            for m in e.mentions:
                if m.end <= tok.idx and (best is None or m.start > best[0]):
                    best = (m.start, e.key)
        return best[1] if best else None
    return None


def _places_in_sentence(sent_start: int, sent_end: int, entities: list[Entity]) -> list[Entity]:
    return [
        e
        for e in entities
        if e.kind == "place" and any(sent_start <= m.start < sent_end for m in e.mentions)
    ]


def _most_specific(places: list[Entity]) -> list[Entity]:
    """Drop a country when a place inside it is also there; [] when still ambiguous."""
    inner = [p for p in places if not p.is_country]
    countries = [p for p in places if p.is_country]
    if inner:
        codes = {p.country_code for p in inner}
        if len(inner) == 1 and all(c.country_code in codes or c.country_code is None for c in countries):
            return inner
        return []
    return countries if len(countries) == 1 else []


def extract_events(
    doc: Doc, article: Article, entities: list[Entity], resources: EventResources
) -> list[Event]:
    """Typed events of one article, with entity arguments, dates and attribution."""
    cands = find_candidates(doc, resources)
    if not cands:
        return []
    index = EntityIndex(entities, resources.one_person_nouns)  # "Putin's envoy met X": the envoy
    by_key = {e.key: e for e in entities}
    published = article.published or date.today()
    events: list[Event] = []
    for k, c in enumerate(cands):
        args: list[Argument] = []
        seen: set[tuple[str, str]] = set()
        for role, tok in c.args:
            rec_role = resources.record_roles.get(role, "participant")
            if role == "speaker":
                speaker = _resolve_speaker(tok, index, entities, resources.antecedent_nouns)
                hits: list[tuple[str, Mention | None]] = [(speaker, None)] if speaker else []
            elif role == "instrument":  # the weapon itself; its owner is the agent
                hits = [h for h in (index.at(tok),) if h is not None]
            else:  # "people in Kharkiv were killed": Kharkiv is where, not who
                tok = antecedent(tok, resources.antecedent_nouns) or tok  # a speech act's "he"
                located = rec_role not in _PEOPLE_ROLES
                hits = [(key, m) for key, m in index.in_phrase(tok, located=located)]
            for key, mention in hits:
                ent = by_key[key]
                if rec_role == "place" and ent.kind != "place":
                    continue
                if (rec_role, key) not in seen:
                    seen.add((rec_role, key))
                    args.append(Argument(rec_role, key, mention))
        if c.type == "statement" and not any(a.role == "speaker" for a in args):
            args = []  # kept for reported events' scope, dropped below
        future = c.factuality in {"planned", "possible", "hypothetical"}
        time = resolve(c.timex, published, future) if c.timex is not None else None
        events.append(
            Event(
                key=f"ev{k}",
                type=c.type,
                trigger=mention_of(c.trigger.span),
                arguments=args,
                time=time,
                quantities=[
                    Quantity(q.kind, q.value, q.thing, mention_of(doc[q.tokens[0].i : q.tokens[-1].i + 1]),
                             is_exact(q.tokens[0], q.tokens[-1], resources.quantities))
                    for q in c.counts
                ],
                factuality=c.factuality,
                confidence=round(c.confidence, 3),
                content=c.speech.content if c.speech is not None else None,
                family=resources.family(c.type),
                type_depth=resources.depth(c.type),
            )
        )
    _attribute(events, cands)
    _inherit_places(events, entities, doc, resources)
    _fill_times(events, published)
    keep = {
        ev.key
        for ev in events
        if ev.type != "statement" or any(a.role == "speaker" for a in ev.arguments)
    }
    for ev in events:
        if ev.reported_in is not None and ev.reported_in not in keep:
            ev.reported_in = None
    kept = [ev for ev in events if ev.key in keep]
    link_repeats(kept, doc, entities, resources, len(article.title) if article.title else 0)
    return kept


def _attribute(events: list[Event], cands: list[Candidate]) -> None:
    for ev, c in zip(events, cands, strict=True):
        if c.reported_in is None:
            continue
        speech = events[c.reported_in]
        speaker = next((a.entity for a in speech.arguments if a.role in {"speaker", "agent"}), None)
        if speaker is not None:
            ev.attributed_to = speaker
            ev.reported_in = speech.key


def _inherit_places(events: list[Event], entities: list[Entity], doc: Doc, res: EventResources) -> None:
    """An event with no place takes its sentence's place when only one place fits.

    Adjectival mentions ("Russian", "Belarusian President") do not count as places, and
    speech events keep no inherited place (where one speaks is rarely what is meant)."""
    by_key = {e.key: e for e in entities}
    named: list[Entity] = []
    for e in entities:
        if e.kind != "place":
            continue
        ms = [m for m in e.mentions if _is_nominal(doc, m)]
        if ms:
            named.append(
                Entity(
                    e.key, e.kind, e.label, e.canonical, ms,
                    is_country=e.is_country, country_code=e.country_code,
                )
            )
    for ev in events:
        if ev.type in res.speech_types or any(a.role == "place" for a in ev.arguments):
            continue
        if ev.trigger.sentence_start is None:
            continue
        targets = [
            by_key[a.entity]
            for a in ev.arguments
            if a.role == "target" and by_key[a.entity].kind == "place"
            and (a.mention is None or _is_nominal(doc, a.mention))  # not "Turkish soldiers"
        ]
        if targets:
            if any(res.is_a(ev.type, t) for t in res.place_from_target):
                # "bombed Kharkiv and Kyiv": every place hit is where the strike happened
                for t in dict.fromkeys(t.key for t in targets):
                    ev.arguments.append(Argument("place", t))
            continue
        actors = {a.entity for a in ev.arguments if a.role in _ACTOR_ROLES}
        places = [
            p
            for p in _places_in_sentence(ev.trigger.sentence_start, ev.trigger.sentence_end or 0, named)
            if p.key not in actors
        ]
        for p in _most_specific(places):
            # "The United States condemned the detention": an acting subject is no location
            if any(_is_nominal(doc, m, subject=False) for m in p.mentions
                   if ev.trigger.sentence_start <= m.start < (ev.trigger.sentence_end or 0)):
                ev.arguments.append(Argument("place", p.key))


def _is_nominal(doc: Doc, m: object, subject: bool = True) -> bool:
    """A noun mention of a place (not "Russian"); with ``subject=False`` also not the
    subject of a clause or its "by" phrase ("the United States condemned ...",
    "condemned by Ukraine": an actor, not a location)."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")  # type: ignore[attr-defined]
    if span is None or len(span) == 0:
        return False
    root = span.root
    if not subject and (root.dep_ == "nsubj" or root.head.dep_ == "agent"):
        return False  # "condemned by Ukraine" names an actor too
    return root.pos_ != "ADJ" and root.ent_type_ != "NORP" and root.dep_ != "amod"


def _fill_times(events: list[Event], published: date) -> None:
    """Undated statements take the date of the same speaker's dated statement earlier in
    the article ("He also stated ..." after "told a briefing on Tuesday"); every other
    undated event gets the publication date, flagged as defaulted."""
    dated_speaker: dict[str, TimeValue] = {}
    for ev in events:
        speaker = next((a.entity for a in ev.arguments if a.role == "speaker"), None)
        if ev.type == "statement" and speaker is not None:
            if ev.time is not None:
                dated_speaker.setdefault(speaker, ev.time)
            elif speaker in dated_speaker:
                t = dated_speaker[speaker]
                ev.time = TimeValue(t.begin, t.end, t.precision, t.text, defaulted=False)
        if ev.time is None:
            ev.time = default_time(published)
