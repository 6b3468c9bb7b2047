"""Event candidates: what the parse alone says about events (tokens, no entities).

Triggers from the lexicon, ``(role, token)`` arguments, the date expression governing
each trigger, counts, factuality, and which speech event reports which event; then a few
repairs across candidates: an attack noun as subject of an attack verb is one event,
modifiers and instruments narrow the type, casualties count on the attack they follow
from. The evaluation commands score this layer directly against gold token spans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.extract.arguments import partitive, token_arguments
from kg.extract.depparse import pobjs
from kg.extract.event_resources import EventResources
from kg.extract.factuality import factuality_of
from kg.extract.gatherings import political_gathering
from kg.extract.pronouns import antecedent
from kg.extract.quantities import Count, counts_for
from kg.extract.spans import is_verbal
from kg.extract.statements import Speech, speech_of
from kg.extract.timex import Timex, find_timexes
from kg.extract.triggers import Trigger, find_triggers
from kg.records import Factuality

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


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
    support: int | None = None  # the verb carrying an event noun ("airstrikes pounded X")
    specific: bool = True  # False: generic or pointing back ("claim credit for attacks")
    support_typed: bool = False  # typed by its event noun ("airstrikes pounded"): keep it

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
        # "opened fire", "set fire to": the verb's own event noun is not its target
        own = {t.i for t in trig.span if t.dep_ in {"dobj", "obj"} and t.head.i == trig.head.i}
        args = [(r, t) for r, t in token_arguments(trig.head, trig.type, res) if t.i not in own]
        if trig.span[0].lower_ == "according":
            args = []
        conf = trig.entry.confidence
        if conf + 0.15 * len(args) < 0.5 or (conf < 0.5 and len(args) < 2):
            continue  # a weak word is an event only with its participants around it
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
        if not args and cand.timex is None and not cand.counts and _unanchored(trig.head, res):
            cand.specific = False
            cand.confidence *= 0.6
        if trig.type in res.speech_types:
            cand.speech = speech_of(trig.span, trig.head)
            if cand.speech.speaker is not None:
                role = "speaker" if trig.type == "statement" else res.frame(trig.type).subj
                # "he told supporters": one speaker, the pronoun (its person is found when
                # the product maps it to an entity), not also the person it stands for
                who = antecedent(cand.speech.speaker, res.antecedent_nouns) or cand.speech.speaker
                cand.args = [(r, t) for r, t in cand.args if t.i not in {who.i, cand.speech.speaker.i}]
                cand.args.insert(0, (role, cand.speech.speaker))
        cands.append(cand)
    _merge_subject_nouns(cands, res)
    _merge_same_occurrence(cands, res)
    _refine_types(cands, res)
    _lift_counts(cands, res)
    _link_reports(cands)
    return cands


ANAPHORIC = {"the", "this", "that", "these", "those"}


def _unanchored(head: Token, res: EventResources) -> bool:
    """A noun trigger with no participant that is generic ("claim credit for attacks",
    "any attack") or points back to an event told before ("condemned the attack"):
    not a new, specific event of its own."""
    if is_verbal(head) or head.pos_ not in {"NOUN", "PROPN"}:
        return False
    dets = [c.lower_ for c in head.children if c.dep_ in {"det", "poss", "nummod", "amod", "compound"}]
    if any(d in res.senses.get("generic_determiners", ()) for d in dets):
        return True
    if head.tag_ in {"NNS", "NNPS"} and not dets:
        return True
    # "the attack", "this horrific attack": an evaluative adjective does not make a
    # mention pointing back a new event
    named = [
        c.lower_
        for c in head.children
        if c.dep_ in {"det", "poss", "nummod", "compound"} or (c.dep_ == "amod" and c.ent_type_)
    ]
    return bool(named) and all(d in ANAPHORIC for d in named)


def _refine_types(cands: list[Candidate], res: EventResources) -> None:
    """Narrower types from modifiers, instruments and objects: "grenade attack",
    "attacked with rockets", "seized weapons"."""
    for c in cands:
        if res.is_a(c.type, "attack") and not c.support_typed:
            mods = [t.lemma_.lower() for t in c.head.children if t.dep_ in {"compound", "amod", "nmod"}]
            tools = [t.lemma_.lower() for r, t in c.args if r == "instrument"]
            for w in mods + tools:
                new = res.modifiers.get(w)
                if new and new != c.type and (res.is_a(new, c.type) or w in tools):
                    c.type = new
        if res.is_a(c.type, "protest") and political_gathering(c.head, res.gatherings):
            c.type = res.gatherings["to"]
        spec = res.object_types.get(c.type)
        if spec is not None:
            objs = {t.lemma_.lower() for t in c.head.children if t.dep_ in {"dobj", "obj", "nsubjpass"}}
            objs |= {t.lemma_.lower() for r, t in c.args if r == "target"}
            if objs & spec[0]:
                c.type = spec[1]
        captive = res.senses.get("person_objects", {})
        if c.type in captive.get("types", {}) and _person_object(c.head, captive, res):
            # "captured the pilot": a captive, not a town; "police captured the robbers":
            # an arrest, not an abduction; "visited the wounded": a meeting, not a trip
            new = captive["types"][c.type]
            state = new in captive.get("state_captor_types", ()) and _state_captor(c.head, captive)
            if new not in captive.get("state_captor_types", ()):
                c.args = token_arguments(c.head, new, res)  # a meeting has participants, not a traveller
            c.type = "arrest" if state else new


_PERSON_ENTS = {"PERSON", "NORP"}


def _person_object(head: Token, spec: dict[str, Any], res: EventResources) -> bool:
    """The verb's object (the noun its participle modifies: "a Jordanian captured by IS";
    the people a number counts) is a person: a PERSON or NORP entity or a person noun."""
    objs = [t for t in head.children if t.dep_ in {"dobj", "obj", "nsubjpass"}]
    if head.dep_ in {"acl", "amod"} and head.tag_ == "VBN":
        objs.append(head.head)
    objs += [partitive(o, res) for o in objs]  # "two of the gunmen were detained"
    nouns = set(spec.get("nouns", ()))
    return any(o.ent_type_ in _PERSON_ENTS or o.lemma_.lower() in nouns for o in objs)


def _state_captor(head: Token, spec: dict[str, Any]) -> bool:
    """The verb's subject or passive agent is police, troops or another arm of a state."""
    subjects = [t for t in head.children if t.dep_ == "nsubj"]
    subjects += [p for t in head.children if t.dep_ == "agent" for p in pobjs(t)]
    captors = set(spec.get("state_captors", ()))
    return any(t.lemma_.lower() in captors or any(c.dep_ == "compound" and c.lemma_.lower()
               in captors for c in t.children) for t in subjects)


def _merge_subject_nouns(cands: list[Candidate], res: EventResources) -> None:
    """"huge Russian airstrikes attacked X": one event, typed by the more specific word;
    "an earthquake struck": the disaster, not an attack."""
    by_head = {c.head.i: c for c in cands}
    drop: set[int] = set()
    for c in cands:
        violent = res.is_a(c.type, "attack") or c.type in {"kill", "injure", "destroy", "damage"}
        if c.head.pos_ != "VERB" or not violent:
            continue
        subjects = [ch for ch in c.head.children if ch.dep_ in {"nsubj", "nsubjpass"}]
        subjects += [cj for ch in subjects for cj in ch.children if cj.dep_ == "conj"]
        # "a site hit by an airstrike": the passive agent is the attack itself
        subjects += [p for ch in c.head.children if ch.dep_ == "agent"
                     for p in ch.children if p.dep_ == "pobj"]
        for child in subjects:  # "artillery and airstrikes pounded X": one event
            noun = by_head.get(child.i)
            if noun is None or noun is c or id(noun) in drop:
                continue
            if noun.type in res.subject_overrides and res.is_a(c.type, "attack"):
                c.type = noun.type
                c.support = c.head.i
                c.trigger = noun.trigger  # the event word is the noun; "struck" supports it
                drop.add(id(noun))
                continue
            if not res.is_a(noun.type, "attack") or not res.is_a(c.type, "attack"):
                continue
            if child.dep_ == "pobj":  # the verb's passive subject is the noun's target
                c.args = [("target" if r == "agent" else r, t) for r, t in c.args if t.i != child.i]
            if noun.type != "attack":
                c.type = noun.type
                c.support_typed = True
            if c.head.lemma_.lower() in res.support_verbs:
                c.support = c.head.i
                c.trigger = noun.trigger  # "missile strikes hit X": the strikes are the event
                c.specific = True
            c.args = [(r, t) for r, t in c.args if t.i != child.i] + noun.args
            c.counts += noun.counts
            c.timex = c.timex or noun.timex
            drop.add(id(noun))
    cands[:] = [c for c in cands if id(c) not in drop]


def _merge_same_occurrence(cands: list[Candidate], res: EventResources) -> None:
    """One occurrence named twice in one clause is one event mention (ACE: one trigger,
    the word that most clearly expresses it): a verb whose object is an event noun of
    the same family ("hosts a meeting", "attended the talks") keeps the noun as trigger;
    an apposition restating an event ("Friday's gas attack, a gas attack so brutal
    that ...") is the event it restates, and an event word modifying an event noun ("a
    stabbing attack", "a chemical weapons attack") is the noun's event, narrowing its
    type. Arguments, dates and counts are pooled."""
    by_head = {c.head.i: c for c in cands}
    drop: set[int] = set()
    for c in cands:
        if id(c) in drop:
            continue
        if c.head.dep_ == "compound":  # "a stabbing attack", "a chemical weapons attack"
            pairs = [(by_head.get(c.head.head.i), c)]
        elif is_verbal(c.head):
            pairs = [
                (by_head.get(ch.i), c)
                for ch in c.head.children
                if ch.dep_ in {"dobj", "obj"} and ch.pos_ in {"NOUN", "PROPN"}
            ]
        elif c.head.dep_ == "appos":
            pairs = [(by_head.get(c.head.head.i), c)]
        else:
            continue
        for keep, gone in pairs:
            if keep is None or keep is gone or id(keep) in drop:
                continue
            if res.family(keep.type) != res.family(gone.type):
                continue
            if res.is_a(gone.type, keep.type):
                keep.type = gone.type  # the narrower word types the event
            have = {t.i for _, t in keep.args} | {keep.head.i}
            keep.args += [(r, t) for r, t in gone.args if t.i not in have]
            keep.counts += [q for q in gone.counts if q not in keep.counts]
            keep.timex = keep.timex or gone.timex
            keep.specific = keep.specific or gone.specific
            keep.confidence = max(keep.confidence, gone.confidence)
            drop.add(id(gone))
            break
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
    by_head.update({c.support: c for c in cands if c.support is not None})
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
