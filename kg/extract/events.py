"""Events: typed triggers with arguments, dates, counts, statements and factuality.

Two layers:

* :func:`find_candidates` works on the parse alone (tokens, no entities): triggers from
  the lexicon, ``(role, token)`` arguments, the date expression that governs each
  trigger, counts, factuality, and which speech event reports which event. The
  evaluation commands score this layer directly against gold token spans.
* :func:`extract_events` maps candidates to :class:`~kg.records.Event` records: tokens to
  entities (through an index of entity mentions), dates normalised against the
  publication date, statements attributed to their speakers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from kg.extract.arguments import EntityIndex, token_arguments
from kg.extract.event_resources import EventResources
from kg.extract.factuality import factuality_of
from kg.extract.quantities import Count, counts_for
from kg.extract.statements import Speech, speech_of
from kg.extract.timex import Timex, default_time, find_timexes, resolve
from kg.extract.triggers import Trigger, find_triggers
from kg.records import Argument, Article, Entity, Event, Factuality, Quantity, TimeValue
from kg.extract.spans import mention_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["EventResources", "Candidate", "find_candidates", "extract_events"]

_ACTOR_ROLES = {"agent", "participant", "speaker"}
_PRONOUNS = {"he", "she", "him", "her"}


@dataclass
class Candidate:
    """An event found in the parse, before entities and dates are attached."""

    trigger: Trigger
    type: str
    args: list[tuple[str, Token]]
    factuality: Factuality
    timex: Timex | None = None
    counts: list[Count] = field(default_factory=list)
    speech: Speech | None = None
    reported_in: int | None = None  # index of the speech candidate reporting it
    confidence: float = 0.5

    @property
    def head(self) -> Token:
        return self.trigger.head

    @property
    def cameo(self) -> str | None:
        return self.trigger.entry.cameo


def _governing_timex(cand_head: Token, by_anchor: dict[int, Timex], speech_heads: set[int]) -> Timex | None:
    """The date expression attached to the trigger or to a clause above it (not beyond a
    speech verb, whose date is the date of speaking, not of what was said)."""
    tok = cand_head
    for _ in range(8):
        tx = by_anchor.get(tok.i)
        if tx is not None:
            return tx
        if tok.head.i == tok.i or (tok.head.i in speech_heads and tok.dep_ in {"ccomp", "xcomp", "dobj"}):
            return None
        tok = tok.head
    return None


def find_candidates(doc: Doc, res: EventResources) -> list[Candidate]:
    """Events of a parsed document at the token level (no entities, no dates resolved)."""
    triggers = find_triggers(doc, res)
    if not triggers:
        return []
    timexes = find_timexes(doc, res.timex)
    by_anchor: dict[int, Timex] = {}
    for tx in timexes:
        by_anchor.setdefault(tx.anchor.i, tx)
    speech_heads = {t.head.i for t in triggers if t.type in res.speech_types}
    cands: list[Candidate] = []
    for trig in triggers:
        args = token_arguments(trig.head, trig.type, res)
        if trig.span[0].lower_ == "according":
            args = []
        conf = trig.entry.confidence
        if conf + 0.15 * len(args) < 0.5:
            continue
        if trig.type in res.no_passive and any(c.dep_ == "auxpass" for c in trig.head.children):
            continue
        if (
            trig.type == "statement"
            and trig.head.dep_ in {"dobj", "obj"}
            and trig.head.head.i in speech_heads
        ):
            continue  # "told a regular briefing": the briefing is the telling
        cand = Candidate(
            trigger=trig,
            type=trig.type,
            args=args,
            factuality=factuality_of(trig.head, res.factuality),
            timex=_governing_timex(trig.head, by_anchor, speech_heads - {trig.head.i}),
            counts=counts_for(trig.head, res.quantities),
            confidence=min(0.95, conf * (0.7 + 0.1 * len(args))),
        )
        if trig.type in res.speech_types:
            cand.speech = speech_of(trig.span, trig.head)
            if cand.speech.speaker is not None:
                role = "speaker" if trig.type == "statement" else res.frame(trig.type).subj
                cand.args = [(r, t) for r, t in cand.args if t.i != cand.speech.speaker.i]
                cand.args.insert(0, (role, cand.speech.speaker))
        cands.append(cand)
    _merge_subject_nouns(cands, res)
    _refine_types(cands, res)
    _lift_counts(cands, res)
    _link_reports(cands)
    return cands


def _refine_types(cands: list[Candidate], res: EventResources) -> None:
    """Narrower types from modifiers, instruments and objects: "grenade attack",
    "attacked with rockets", "seized weapons"."""
    for c in cands:
        if res.is_a(c.type, "attack"):
            mods = [t.lemma_.lower() for t in c.head.children if t.dep_ in {"compound", "amod", "nmod"}]
            tools = [t.lemma_.lower() for r, t in c.args if r == "instrument"]
            for w in mods + tools:
                new = res.modifiers.get(w)
                if new and new != c.type and (res.is_a(new, c.type) or w in tools):
                    c.type = new
        spec = res.object_types.get(c.type)
        if spec is not None:
            objs = {t.lemma_.lower() for t in c.head.children if t.dep_ in {"dobj", "obj", "nsubjpass"}}
            objs |= {t.lemma_.lower() for r, t in c.args if r == "target"}
            if objs & spec[0]:
                c.type = spec[1]


def _merge_subject_nouns(cands: list[Candidate], res: EventResources) -> None:
    """"huge Russian airstrikes attacked X": one event, typed by the more specific word;
    "an earthquake struck": the disaster, not an attack."""
    by_head = {c.head.i: c for c in cands}
    drop: set[int] = set()
    for c in cands:
        if c.head.pos_ != "VERB" or not (res.is_a(c.type, "attack") or c.type in {"kill", "injure", "destroy", "damage"}):
            continue
        for child in c.head.children:
            noun = by_head.get(child.i)
            if noun is None or child.dep_ not in {"nsubj", "nsubjpass"}:
                continue
            if noun.type in res.subject_overrides and res.is_a(c.type, "attack"):
                c.type = noun.type
                drop.add(id(noun))
                continue
            if not res.is_a(noun.type, "attack") or not res.is_a(c.type, "attack"):
                continue
            if noun.type != "attack":
                c.type = noun.type
            c.args = [(r, t) for r, t in c.args if t.i != child.i] + noun.args
            c.counts += noun.counts
            c.timex = c.timex or noun.timex
            drop.add(id(noun))
    cands[:] = [c for c in cands if id(c) not in drop]


def _host_event(c: Candidate, by_head: dict[int, Candidate], res: EventResources) -> Candidate | None:
    """The attack an event hangs from: "the attack on the tower, which killed five"."""
    tok = c.head
    for _ in range(6):
        if tok.head.i == tok.i:
            return None
        if tok.dep_ in {"relcl", "acl", "conj", "pobj", "prep", "advcl"}:
            tok = tok.head
        else:
            subj = next((ch for ch in tok.children if ch.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is None:
                return None
            tok = subj
        host = by_head.get(tok.i)
        if host is not None and host is not c and res.is_a(host.type, "attack"):
            return host
    return None


def _lift_counts(cands: list[Candidate], res: EventResources) -> None:
    """Casualties of an attack ("the attack, which killed five people") count on it too,
    and the attack's agent is the agent of the killing."""
    by_head = {c.head.i: c for c in cands}
    default = res.quantities["default_thing"]
    prev_thing = ""
    for c in cands:
        fixed = []
        for q in c.counts:
            thing = q.thing or prev_thing or default
            fixed.append(Count(q.kind, q.value, thing, q.tokens))
            prev_thing = thing
        c.counts = fixed
        if c.type not in {"kill", "injure", "destroy", "damage"} or res.is_a(c.type, "attack"):
            continue
        host = _host_event(c, by_head, res)
        if host is None:
            continue
        host.counts.extend(q for q in c.counts if q not in host.counts)
        subj = {t.i for t in c.head.subtree} | {c.head.i}
        c.args = [(r, t) for r, t in c.args if r != "agent" or t.i in subj]
        c.args += [(r, t) for r, t in host.args if r == "agent"]


def _link_reports(cands: list[Candidate]) -> None:
    """Each event inside a speech event's content is reported by the innermost one."""
    speeches = [
        (k, c)
        for k, c in enumerate(cands)
        if c.speech is not None and c.speech.scope and c.factuality in {"asserted", "negated"}
    ]
    for c in cands:
        best: tuple[int, int] | None = None
        for k, s in speeches:
            if s is c or c.head.i not in s.speech.scope:  # type: ignore[union-attr]
                continue
            size = len(s.speech.scope)  # type: ignore[union-attr]
            if best is None or size < best[1]:
                best = (k, size)
        if best is not None:
            c.reported_in = best[0]


# --------------------------------------------------------------------------- records


def _resolve_speaker(tok: Token, index: EntityIndex, entities: list[Entity]) -> str | None:
    hits = index.in_phrase(tok)
    if hits:
        return hits[0][0]
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
    index = EntityIndex(entities)
    by_key = {e.key: e for e in entities}
    published = article.published or date.today()
    events: list[Event] = []
    for k, c in enumerate(cands):
        args: list[Argument] = []
        seen: set[tuple[str, str]] = set()
        for role, tok in c.args:
            if role == "speaker":
                speaker = _resolve_speaker(tok, index, entities)
                hits = [(speaker, None)] if speaker else []
            else:
                hits = index.in_phrase(tok)
            for key, mention in hits:
                rec_role = resources.record_roles.get(role, "participant")
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
                    Quantity(q.kind, q.value, q.thing, mention_of(doc[q.tokens[0].i : q.tokens[-1].i + 1]))
                    for q in c.counts
                ],
                factuality=c.factuality,
                confidence=round(c.confidence, 3),
                content=c.speech.content if c.speech is not None else None,
            )
        )
    _attribute(events, cands)
    _inherit_places(events, entities, doc, resources)
    _fill_times(events, cands, published)
    keep = {ev.key for ev in events if ev.type != "statement" or any(a.role == "speaker" for a in ev.arguments)}
    for ev in events:
        if ev.reported_in is not None and ev.reported_in not in keep:
            ev.reported_in = None
    return [ev for ev in events if ev.key in keep]


def _attribute(events: list[Event], cands: list[Candidate]) -> None:
    for ev, c in zip(events, cands):
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
            named.append(Entity(e.key, e.kind, e.label, e.canonical, ms, is_country=e.is_country, country_code=e.country_code))
    for ev in events:
        if ev.type in res.speech_types or any(a.role == "place" for a in ev.arguments):
            continue
        if ev.trigger.sentence_start is None:
            continue
        targets = [by_key[a.entity] for a in ev.arguments if a.role == "target" and by_key[a.entity].kind == "place"]
        if targets:
            if any(res.is_a(ev.type, t) for t in res.place_from_target):
                ev.arguments.append(Argument("place", targets[0].key))
            continue
        actors = {a.entity for a in ev.arguments if a.role in _ACTOR_ROLES}
        places = [
            p
            for p in _places_in_sentence(ev.trigger.sentence_start, ev.trigger.sentence_end or 0, named)
            if p.key not in actors
        ]
        for p in _most_specific(places):
            ev.arguments.append(Argument("place", p.key))


def _is_nominal(doc: Doc, m: object) -> bool:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")  # type: ignore[attr-defined]
    if span is None or len(span) == 0:
        return False
    root = span.root
    return root.pos_ != "ADJ" and root.ent_type_ != "NORP" and root.dep_ != "amod"


def _fill_times(events: list[Event], cands: list[Candidate], published: date) -> None:
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
