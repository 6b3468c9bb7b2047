"""Event arguments from the dependency parse: who did what to whom, where, with what.

``token_arguments`` returns ``(role, token)`` pairs for a trigger, handling active
("airstrikes attacked the centre of Kharkiv"), passive ("were hit by missiles") and
nominal ("the Russian attack on the Kiev TV tower") forms and coordination ("Poland,
France and Germany"). ``kg.extract.entity_index`` then maps a token to the entities
whose mentions cover it or its noun phrase ("the centre of Kharkiv" -> Kharkiv).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.clause_args import (
    ENTITYISH,
    NOUN_SLOTS,
    PLACE_ENTS,
    PLACE_PREPS,
    amount_in,
    around_noun,
    at_hands,
    context_places,
    event_antecedent,
    event_antecedent_places,
    hit_in_attack,
    is_dative_recipient,
    is_event_noun,
    is_hands,
    names_someone,
    payer_role,
    place_token,
    purpose_noun,
    put_into,
    responsible,
)
from kg.extract.depparse import OBJ, conjuncts, is_passive, pobjs, subject_of
from kg.extract.event_resources import EventResources, Frame
from kg.extract.headlines import apart, headline_passive, is_dateline
from kg.extract.pronouns import antecedent
from kg.extract.spans import is_verbal

if TYPE_CHECKING:
    from spacy.tokens import Token

_NOMINAL_DEPS = ("amod", "compound", "poss", "nmod")
_PREP_DEPS = {"prep", "dative"}
_SUFFERERS = {"victim", "target"}
_MOVED_SLOTS = {"dobj", "obj", "nsubjpass"}
_HEAD_SLOTS = {"nsubj", "nsubjpass", "dobj", "obj", "conj"}
# pronouns that name nobody the sentence mentions: the speaker or reader, or anyone at all
_UNNAMED = {"i", "me", "we", "us", "you", "anyone", "anybody", "someone", "somebody", "everyone",
            "everybody", "nobody", "that", "which"}  # (a relative pronoun left unresolved)
_MONEY_PARTIES = {"giver", "recipient", "agent", "participant"}


_NAMED = {"PERSON", "ORG", "GPE", "NORP"}


def _misparsed_object(c: Token, verb: Token, has_obj: bool) -> bool:
    """"Biden met Zelensky in Kyiv", "Biden called Zelensky": the parser may read a name
    right after the verb as an adverb or an object predicate; a verb with no object of
    its own has that name as its object."""
    return (not has_obj and c.dep_ in {"advmod", "npadvmod", "oprd"} and c.is_title
            and c.ent_type_ in _NAMED and c.i == verb.i + 1)


def token_arguments(trigger: Token, etype: str, res: EventResources) -> list[tuple[str, Token]]:
    """``(role, token)`` pairs for the trigger's arguments, coordination expanded."""
    frame: Frame = res.frame(etype)
    pairs: list[tuple[str, Token]] = []
    is_verb = is_verbal(trigger)
    if is_verb:
        subj, inherited_passive = subject_of(trigger)
        passive = is_passive(trigger) or inherited_passive or headline_passive(trigger)
        lemma = trigger.lemma_.lower()
        has_obj = any(c.dep_ in OBJ for c in trigger.children)
        if subj is not None and subj.i == trigger.head.i and trigger.dep_ == "relcl":
            # "the victims of the explosion in Kabul that killed nine": the explosion did
            subj = event_antecedent(trigger, res) or subj
        if subj is not None and purpose_noun(trigger, subj, res):
            subj = None  # "a new strategy to combat IS": the strategy fights nobody
        if subj is not None and subj.i != trigger.i:
            role = frame.pass_subj if passive else res.subj_by_lemma.get(lemma, frame.subj)
            if not passive and has_obj and frame.trans_subj and lemma not in res.obj_by_lemma:
                role = frame.trans_subj  # "fighters carried the coffin": they move it
            pairs.append((role, subj))
        obj_role = res.obj_by_lemma.get(lemma, frame.obj)
        if not frame.has_role(obj_role):
            obj_role = frame.obj  # "visited Putin", a meeting: met, not a destination
        # "the killing of X": a gerund with an "of" phrase is a noun; X is its object and
        # nothing after it is ("Killing of X Reflects Instability")
        nominal = trigger.tag_ == "VBG" and _gerund_of(trigger)
        for c in trigger.children:
            if c.dep_ in OBJ and nominal:
                continue
            if nominal and c.dep_ == "prep" and c.lower_ == "of" and "of" in frame.nominal:
                pairs.extend((frame.nominal["of"], p) for p in pobjs(c))
            elif c.dep_ in OBJ or _misparsed_object(c, trigger, has_obj):
                pairs.append((obj_role, c))
            elif c.dep_ == "agent":
                pairs.extend((frame.by, p) for p in pobjs(c))
            elif c.dep_ in _PREP_DEPS and c.lower_ in frame.preps:  # "sent troops to X"
                pairs.extend((frame.preps[c.lower_], p) for p in pobjs(c))
            elif is_dative_recipient(c) and "recipient" in frame.preps.values():
                pairs.append(("recipient", c))
    else:
        for c in trigger.children:
            mod = _modifier_role(c, frame, res)
            if mod is not None:
                pairs.append((mod, c))
            elif c.dep_ in _NOMINAL_DEPS and c.dep_ in frame.nominal and names_someone(c):
                pairs.append((frame.nominal[c.dep_], c))
            elif c.dep_ == "nmod" and "compound" in frame.nominal and names_someone(c):
                pairs.append((frame.nominal["compound"], c))
            elif c.dep_ == "prep" and c.lower_ in frame.nominal:
                pairs.extend((frame.nominal[c.lower_], p) for p in pobjs(c))
        head = trigger.head
        # "airstrikes pounded Kharkiv": an attack noun as subject, the verb's object is hit
        if (
            trigger.dep_ == "nsubj"
            and head.pos_ == "VERB"
            and res.is_a(etype, "attack")
            and _is_event_verb(head, res)  # not "the attacks focused attention on X"
        ):
            for c in head.children:
                if c.dep_ in OBJ:
                    pairs.append((frame.obj, c))
                elif c.dep_ == "prep" and c.lower_ in frame.preps:
                    pairs.extend((frame.preps[c.lower_], p) for p in pobjs(c))
        # "protests greeted a law in Mississippi": the clause's place is the event's
        if head.i != trigger.i and is_verbal(head) and trigger.dep_ in NOUN_SLOTS:
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                    pairs.extend(("place", p) for p in pobjs(c))
        # "Merkel takes notes during a meeting": the clause's subject takes part
        if frame.host_subj and trigger.dep_ == "pobj" and head.dep_ == "prep":
            verb = head.head
            if is_verbal(verb) and head.lower_ in _HOST_PREPS:
                subj, passive = subject_of(verb)
                if subj is not None and not passive:
                    pairs.append((frame.host_subj, subj))
        # "launched an attack", "held talks": the light verb's subject acts
        observer = head.lemma_.lower() in res.observer_verbs
        if trigger.dep_ == "nsubjpass" and is_verbal(head) and not observer:
            # "the bombing was carried out by two brothers", "a rally organised by X"
            for c in head.children:
                if c.dep_ == "agent":
                    pairs.extend((frame.subj, p) for p in pobjs(c))
        if trigger.dep_ in OBJ and head.pos_ == "VERB" and observer:
            # "India blamed the attack on militants", "condemned the detention"
            blamed = res.observer_verbs[head.lemma_.lower()]
            for c in [*head.children, *trigger.children]:  # "on" parsed under either word
                if c.dep_ == "prep" and c.lower_ == blamed:
                    who = {p.i for p in pobjs(c)}
                    pairs = [(r, t) for r, t in pairs if t.i not in who]
                    pairs.extend((frame.subj, p) for p in pobjs(c))
        elif trigger.dep_ in OBJ and head.pos_ == "VERB":
            subj, _ = subject_of(head)
            # "U.S. airstrikes": a modifier already names who acts; "hosts a meeting with
            # leaders": the host is one more participant
            mods = {c.i for c in trigger.children if c.dep_ in _NOMINAL_DEPS}
            if subj is not None and not any(r == frame.subj and t.i in mods for r, t in pairs):
                pays = "recipient" in frame.preps.values()
                pairs.append((payer_role(head, frame.subj, res) if pays else frame.subj, subj))
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ in frame.preps:
                    pairs.extend((frame.preps[c.lower_], p) for p in pobjs(c))
    pairs.extend(responsible(trigger, frame, res))
    if res.is_a(etype, "arrest"):
        pairs.extend(put_into(trigger, frame))
    pairs.extend(_nested_places(pairs, frame, res))
    pairs.extend(_clause_places(trigger, pairs, frame, res))
    pairs.extend(event_antecedent_places(trigger, pairs, res))
    pairs.extend(hit_in_attack(trigger, etype, res))
    pairs.extend(around_noun(trigger, frame))
    pairs.extend(amount_in(trigger, frame, res))
    pairs.extend(at_hands(trigger, frame))
    if (
        "place" in frame.preps.values()
        and etype not in res.speech_types  # "the port, where she said ...": not where said
        and not any(r in _PLACE_ROLES for r, _ in pairs)
    ):
        pairs.extend(context_places(trigger, res))
    out: list[tuple[str, Token]] = []
    seen: set[tuple[str, int]] = set()

    def add(role: str, tok: Token) -> None:
        if (role, tok.i) not in seen:
            seen.add((role, tok.i))
            out.append((role, tok))

    movement = "destination" in frame.preps.values()
    for role, tok in pairs:
        if tok.pos_ == "PRON" and tok.lower_ in _UNNAMED:
            continue  # "we attacked", "arrested anyone they met": nobody named
        if _idiom(tok, res):
            continue  # "shot on the spot", "shoot their way out"
        tok = _body_owner(tok, role, res)
        tok = antecedent(tok, res.antecedent_nouns) or partitive(tok, res)
        if role in _PLACE_ROLES:
            if is_hands(tok):
                continue  # "died at the hands of IS": an agent, see at_hands
            place = place_token(tok, res)
            if place is None:
                continue
            tok = place
        group = conjuncts(tok)
        if role in _PLACE_ROLES:  # "in Aleppo and various parties traded blame": no place
            group = [tok] + [t for t in group[1:] if place_token(t, res) is t]
        for t in _with_appositions(group, role):
            if t.i == trigger.i or t.ent_type_ in {"DATE", "TIME"}:
                continue
            if apart(trigger, t) or is_dateline(t):
                continue  # a headline or dateline run into the sentence
            if t.like_num and not (role in _SUFFERERS and t.dep_ in _HEAD_SLOTS):
                continue  # "killed 22", "26 were wounded": the number names the people
            if t.ent_type_ == "MONEY" and role in _MONEY_PARTIES:
                continue  # "the crossing costs 5,000 euros paid to traffickers": money pays nobody
            r = role
            if (
                movement
                and role in {"agent", "artifact"}
                and t.lemma_.lower() in res.vehicle_words
                and t.dep_ not in _MOVED_SLOTS  # "withdrew its vessels": those are moved
            ):
                r = "instrument"  # "relief trucks crossed into Syria", "boats carrying migrants"
            elif role in {"agent", "participant", "target"} and t.lemma_.lower() in res.instrument_words:
                r = "instrument"
                if role == "agent":  # "Russian artillery pounded X": the owner acts
                    for m in _owners(t):
                        add("agent", m)
            if (
                r in {"agent", "participant"}
                and is_event_noun(t, res)
                and t.lemma_.lower() not in res.people_event_nouns
            ):
                # "Russian shelling killed X": not the shelling but Russia acts; "held
                # security talks": the talks are no participant
                for m in _owners(t):
                    add(r, m)
                continue
            add(r, t)
    return out


def _gerund_of(verb: Token) -> bool:
    """"Killing of X": a gerund in a noun's place with an "of" phrase and no auxiliary or
    subject (not "is dying of hunger", "risks dying of hunger")."""
    deps = {c.dep_ for c in verb.children}
    has_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in verb.children)
    return verb.dep_ in _NOUN_PLACES and has_of and not deps & {"aux", "auxpass", "nsubj", "nsubjpass"}


def _modifier_role(mod: Token, frame: Frame, res: EventResources) -> str | None:
    """The role of a noun modifier of a noun trigger that names a weapon or a place:
    "bomb attack" -> instrument, "Dallas shooting", "Moscow demonstrations" -> place.
    A country's name stays with the frame when the frame makes modifiers agents
    ("U.S. airstrikes", "U.S.-China talks")."""
    if mod.dep_ not in {"compound", "nmod"}:
        return None
    lemma = mod.lemma_.lower()
    if lemma in res.instrument_words and mod.ent_type_ == "":
        return "instrument"
    if lemma in res.actor_modifiers and mod.dep_ == "compound" and "compound" in frame.nominal:
        return frame.nominal["compound"]
    if mod.ent_type_ in {"LOC", "FAC"}:
        return "place"
    if mod.ent_type_ == "GPE":
        name = " ".join(t.text for t in mod.children if t.dep_ == "compound" and t.i < mod.i)
        if f"{name} {mod.text}".strip().lower() not in res.countries:
            return "place"  # "Dallas shooting", "Washington summit": a town is where, not who
        if frame.nominal.get("compound") not in {"agent", "participant"}:
            return "place"
    if (
        mod.dep_ == "compound"
        and mod.pos_ == "NOUN"
        and not mod.ent_type_
        and frame.nominal.get("on") == "target"
        and lemma not in res.modifiers
        and lemma not in res.compound_non_targets
        and not lemma.endswith("ing")  # "a stabbing attack", "a shooting spree": how
        and not is_event_noun(mod, res)
    ):
        return "target"  # "pub bombings", "a hospital attack": what was hit
    return None


def _nested_places(
    pairs: list[tuple[str, Token]], frame: Frame, res: EventResources
) -> list[tuple[str, Token]]:
    """Places attached to an argument rather than the trigger: "an attack on a mosque
    in Kabul", "killed in an explosion at a market in Baghdad" (named places only).
    Not through an event noun: in "rally against war in Ukraine" Ukraine is the war's."""
    if "place" not in frame.preps.values():
        return []
    have = {t.i for r, t in pairs if r in _PLACE_ROLES}
    out: list[tuple[str, Token]] = []
    for role, tok in pairs:
        if role in {"destination", "origin"}:
            continue  # "flew to a base in Qatar": the gold names the base
        if role == "target" and is_event_noun(tok, res):
            continue  # "killed in an explosion in X" shares X; "rally against war in X" not
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in _NESTED_PREPS:
                for p in pobjs(c):
                    if p.ent_type_ in PLACE_ENTS and p.i not in have:
                        have.add(p.i)
                        out.append(("place", p))
    return out


def _with_appositions(tokens: list[Token], role: str) -> list[Token]:
    """Add the names in apposition to participants: "the opposition leader, Alexei
    Navalny" -> leader and Navalny; "presidents Emmanuel Macron and Joe Biden" -> both
    (places keep their own "City, Country" reading)."""
    if role in _PLACE_ROLES:
        return tokens
    out = list(tokens)
    for t in tokens:
        for c in t.children:
            if c.dep_ == "appos" and names_someone(c):
                out.extend(x for x in conjuncts(c) if x not in out)
    return out


def _clause_places(
    trigger: Token, pairs: list[tuple[str, Token]], frame: Frame, res: EventResources
) -> list[tuple[str, Token]]:
    """A trigger without a place of its own takes the place of the clause it continues:
    "the plane crashed into the sea in X, killing all on board", "left five dead in
    Dallas" (named places only, one clause up)."""
    roles = set(frame.preps.values())
    if trigger.dep_ not in _CLAUSE_DEPS or "place" not in roles or "destination" in roles:
        return []  # movements: the clause's place says neither where from nor where to
    if any(r in _PLACE_ROLES for r, _ in pairs):
        return []
    head = trigger.head
    if head.i == trigger.i or not is_verbal(head):
        return []
    out = []
    for c in head.children:
        if c.dep_ == "prep" and (c.lower_ in PLACE_PREPS or c.lower_ == "during"):
            for p in pobjs(c):  # "shot dead during a raid in X": the raid's place
                place = place_token(p, res)
                if place is not None and place.ent_type_ in PLACE_ENTS:
                    out.append(("place", place))
    return out


def _is_event_verb(tok: Token, res: EventResources) -> bool:
    lemma = tok.lemma_.lower()
    return lemma in res.support_verbs or (lemma, "V") in res.single or (lemma, "*") in res.single


def _owners(weapon: Token) -> list[Token]:
    """Actors named as modifiers of a weapon: "Russian artillery", "Israel's jets"."""
    return [
        c
        for c in weapon.children
        if c.dep_ in {"amod", "compound", "poss", "nmod"} and c.ent_type_ in ENTITYISH - {"LOC", "FAC"}
    ]


def _idiom(tok: Token, res: EventResources) -> bool:
    """A noun of a fixed phrase that names nothing: "on the spot", "their way"."""
    cue = res.manner_idioms.get(tok.lemma_.lower())
    if cue is None:
        return False
    if cue == "poss":
        return any(c.dep_ == "poss" for c in tok.children)
    return tok.dep_ == "pobj" and tok.head.lower_ == cue


def _body_owner(tok: Token, role: str, res: EventResources) -> Token:
    """"sprayed acid on her face": the one hit is whose face it is."""
    if role in _SUFFERERS and tok.lemma_.lower() in res.body_parts:
        return next((c for c in tok.children if c.dep_ == "poss"), tok)
    return tok


def partitive(tok: Token, res: EventResources) -> Token:
    """"thousands of civilians", "members of the group": the people named after "of"."""
    if tok.lemma_.lower() in res.partitive_heads or tok.like_num:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in pobjs(c):
                    return p
    return tok


_NOUN_PLACES = {"appos", "nsubj", "nsubjpass", "dobj", "pobj", "ROOT"}
_HOST_PREPS = {"during", "at", "after", "before", "following", "ahead", "in", "for", "to"}
_PLACE_ROLES = {"place", "destination", "origin"}
_NESTED_PREPS = {"in", "at", "near", "outside", "throughout", "across"}
_CLAUSE_DEPS = {"advcl", "conj", "xcomp", "oprd"}
