"""Arguments an event takes from the clause around it rather than from its own
dependents: where it happened ("the city, where fighting resumed", "shot at a rally in
Maracay") and who was hit ("three guards were killed in a raid").

These follow ACE's conventions: the Place of an event is where it happened, also when the
text attaches the place to another word of the same clause; the people killed or hurt in
an attack are its targets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.depparse import pobjs, subject_of
from kg.extract.event_resources import EventResources, Frame
from kg.extract.headlines import is_dateline
from kg.extract.spans import is_verbal

if TYPE_CHECKING:
    from spacy.tokens import Token

PLACE_PREPS = {"in", "at", "near", "across", "outside", "throughout"}
PLACE_ENTS = {"GPE", "LOC", "FAC"}
NOUN_SLOTS = {"nsubj", "nsubjpass", "dobj", "obj"}
_HIT_PREPS = {"in", "during"}
_PLACE_ROLES = {"place", "destination", "origin"}
ENTITYISH = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}


def names_someone(tok: Token) -> bool:
    """An entity or a proper noun: a word that can name an actor or a place."""
    return tok.ent_type_ in ENTITYISH or tok.pos_ == "PROPN"


def is_event_noun(tok: Token, res: EventResources) -> bool:
    """A word the trigger lexicon lists as a noun (or any part of speech)."""
    lemma = tok.lemma_.lower()
    return (lemma, "N") in res.single or (lemma, "*") in res.single


def event_antecedent(trigger: Token, res: EventResources) -> Token | None:
    """The event noun a relative clause verb is about: "the attacks in Tehran that killed
    17 people" -> attacks. The parse may hang the clause on another noun ("the victims of
    the explosion in Kabul on Friday that killed"); then the nearest event noun before
    "that", when it lies after the noun the parse chose."""
    if not is_verbal(trigger) or trigger.dep_ != "relcl":
        return None
    rel = next((c for c in trigger.children if c.dep_ in {"nsubj", "nsubjpass"}
                and c.lower_ in {"that", "which"}), None)
    if rel is None:
        return None
    if is_event_noun(trigger.head, res):
        return trigger.head
    misparsed = trigger.head.ent_type_ in {"DATE", "TIME"}  # "on Saturday that killed"
    for tok in reversed(trigger.doc[max(trigger.sent.start, rel.i - 8):rel.i]):
        if tok.is_punct or tok.pos_ in {"VERB", "AUX"}:
            break
        if tok.pos_ == "NOUN" and is_event_noun(tok, res) and (misparsed or trigger.head.i < tok.i):
            return tok
    return None


def event_antecedent_places(
    trigger: Token, pairs: list[tuple[str, Token]], res: EventResources
) -> list[tuple[str, Token]]:
    """A verb in a relative clause about an event noun happened where that event did
    (named places only): "the attacks in Tehran that killed 17 people" -> Tehran."""
    if any(r in _PLACE_ROLES for r, _ in pairs):
        return []
    event = event_antecedent(trigger, res)
    if event is None or event.i == trigger.i:
        return []
    out: list[tuple[str, Token]] = []
    for c in event.children:
        if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
            out.extend(("place", p) for p in pobjs(c) if p.ent_type_ in PLACE_ENTS)
    return out


def place_token(tok: Token, res: EventResources) -> Token | None:
    """The token naming a place: itself, or "the town of <X>" -> X; None for non-places
    ("killed in an attack"). A dateline is no place ("in Pyongyang WASHINGTON —": the
    parse took the dateline for the head of Pyongyang)."""
    if is_dateline(tok):
        return next((c for c in tok.children if c.dep_ == "compound" and c.ent_type_ in PLACE_ENTS
                     and not is_dateline(c)), None)
    if tok.lemma_.lower() in res.place_parts and any(
        c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children
    ):
        return tok  # "the Hamra quarter of Beirut": a named part, not the city
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in pobjs(c):
                if p.ent_type_ in PLACE_ENTS or p.pos_ == "PROPN":
                    return p
    if tok.ent_type_ in PLACE_ENTS or tok.pos_ == "PROPN" or tok.lemma_.lower() in res.place_nouns:
        return tok
    for c in tok.children:  # "killed in a raid in Yemen": the attack's place
        if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
            for p in pobjs(c):
                if p.ent_type_ in PLACE_ENTS or p.pos_ == "PROPN" or p.lemma_.lower() in res.place_nouns:
                    return p
    return None


def hit_in_attack(trigger: Token, etype: str, res: EventResources) -> list[tuple[str, Token]]:
    """"three guards were killed in a raid", "he was caught in a raid", "migrants
    died in the attack": the clause's sufferers are the targets of the attack noun."""
    if is_verbal(trigger) or not res.is_a(etype, "attack"):
        return []
    prep = trigger.head
    if trigger.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in _HIT_PREPS:
        return []
    verb = prep.head
    if verb.i == trigger.i or not is_verbal(verb):
        return []
    subj, passive = subject_of(verb)
    if subj is None:
        return []
    if passive or res.subj_by_lemma.get(verb.lemma_.lower()) == "victim":
        return [("target", subj)]
    return []


def _where_clause(trigger: Token) -> Token | None:
    """The noun a "where" relative clause of the trigger describes: "Kampala, where he
    was arrested", "the city, where heavy fighting resumed"."""
    verb = trigger if is_verbal(trigger) else trigger.head
    if verb.i != trigger.i and trigger.dep_ not in NOUN_SLOTS:
        return None
    if verb.dep_ != "relcl" or not any(
        c.dep_ == "advmod" and c.lower_ == "where" for c in verb.children
    ):
        return None
    return verb.head


def context_places(trigger: Token, res: EventResources) -> list[tuple[str, Token]]:
    """Named places of the clause around a trigger that has none of its own."""
    where = _where_clause(trigger)
    if where is not None:
        place = place_token(where, res)
        return [("place", place)] if place is not None else []
    if is_verbal(trigger):
        return []
    # "a summit held at a lakeside villa in Stresa": the participle says where
    verbs = [c for c in trigger.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    prep = trigger.head
    if trigger.dep_ == "pobj" and prep.dep_ == "prep" and is_verbal(prep.head):
        verbs.append(prep.head)  # "was shot at a rally Friday in Maracay"
    out: list[tuple[str, Token]] = []
    for verb in verbs:
        for c in verb.children:
            if c.dep_ == "prep" and c.i != prep.i and c.lower_ in PLACE_PREPS:
                out.extend(("place", p) for p in _named_places(pobjs(c), res))
        if out:
            break
    return out


def _named_places(tokens: list[Token], res: EventResources) -> list[Token]:
    """Named places among phrase heads: "Kabul", "the city of Barquisimeto"."""
    out = []
    for p in tokens:
        place = place_token(p, res)
        if place is not None and (place.ent_type_ in PLACE_ENTS or place.head.head.i == p.i):
            out.append(place)
    return out


def around_noun(trigger: Token, frame: Frame) -> list[tuple[str, Token]]:
    """Arguments of a noun or adjective trigger held by the words around it: "a boy whose
    death ..." (the boy), "the torture and death of X" (X), "was shot dead", "left 21
    people dead", "the dead migrants" (who died)."""
    if is_verbal(trigger):
        return []
    out: list[tuple[str, Token]] = []
    head = trigger.head
    if "poss" in frame.nominal and any(c.lower_ == "whose" for c in trigger.children):
        if head.dep_ == "relcl" and trigger.dep_ in NOUN_SLOTS:
            out.append((frame.nominal["poss"], head.head))
    if trigger.dep_ == "conj" and head.pos_ in {"NOUN", "PROPN"} and not any(
        c.dep_ == "prep" for c in trigger.children
    ):
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in frame.nominal:
                out.extend((frame.nominal[c.lower_], p) for p in pobjs(c))
    if trigger.pos_ == "ADJ":
        if trigger.dep_ == "amod":
            out.append((frame.pass_subj, head))
        elif trigger.dep_ in _PREDICATIVE and is_verbal(head):
            obj = next((c for c in head.children if c.dep_ in {"dobj", "obj"}), None)
            subj, _ = subject_of(head)
            who = obj if obj is not None else subj
            if who is not None:
                out.append((frame.pass_subj, who))
    return out


_PREDICATIVE = {"oprd", "acomp", "advcl", "xcomp", "ccomp"}


def put_into(trigger: Token, frame: Frame) -> list[tuple[str, Token]]:
    """"were put into custody by Italian police", "putting Clinton in jail": a noun trigger after
    "in/into" of a verb: the verb's object (or passive subject) undergoes the event and its
    subject (or "by" phrase) does it."""
    prep = trigger.head
    if is_verbal(trigger) or trigger.dep_ != "pobj" or prep.lower_ not in {"in", "into"}:
        return []
    verb = prep.head
    if verb.i == prep.i or not is_verbal(verb):
        return []
    out: list[tuple[str, Token]] = []
    subj, passive = subject_of(verb)
    if subj is not None:
        out.append((frame.pass_subj if passive else frame.subj, subj))
    for c in verb.children:
        if c.dep_ in {"dobj", "obj"}:
            out.append((frame.obj, c))
        elif c.dep_ == "agent":
            out.extend((frame.by, p) for p in pobjs(c))
    return out


def responsible(trigger: Token, frame: Frame, res: EventResources) -> list[tuple[str, Token]]:
    """"IS claimed responsibility for the attack" (IS did it), "police blamed the group
    for the attack", "X was accused of the killing" (the group, X): who the clause says
    carried out an event noun."""
    prep = trigger.head
    if is_verbal(trigger) or trigger.dep_ != "pobj" or prep.dep_ != "prep":
        return []
    if trigger.tag_ in {"NNS", "NNPS"} and not any(
        c.dep_ in {"det", "poss", "nummod"} for c in trigger.children
    ):
        return []  # "groups rarely claim credit for attacks": generic, no event of its own
    host = prep.head
    spec = res.responsibility
    if prep.lower_ == "for" and host.lemma_.lower() in spec.get("nouns", ()):
        host = host.head if host.dep_ in {"dobj", "obj"} else host  # "claimed responsibility"
    if prep.lower_ == "for" and host.lemma_.lower() in spec.get("claim_verbs", ()):
        if any(c.dep_ in {"dobj", "obj"} and c.lemma_.lower() in spec.get("nouns", ())
               for c in host.children):
            subj, passive = subject_of(host)  # "IS claimed responsibility for the attack"
            return [(frame.subj, subj)] if subj is not None and not passive else []
        return []
    if prep.lower_ in {"for", "of"} and host.lemma_.lower() in spec.get("blame_verbs", ()):
        obj = next((c for c in host.children if c.dep_ in {"dobj", "obj"}), None)
        if obj is not None:  # "blamed the group for the attack"
            return [(frame.subj, obj)]
        subj, passive = subject_of(host)  # "X was accused of the killing"
        return [(frame.subj, subj)] if subj is not None and passive else []
    return []


def payer_role(verb: Token, default: str, res: EventResources) -> str:
    """The role of a money-moving verb's subject: "received aid" makes it the recipient."""
    return "recipient" if verb.lemma_.lower() in res.recipient_verbs else default


def is_dative_recipient(tok: Token) -> bool:
    """The indirect object of a paying verb: "gave Ukraine $5 million", "paid the officials"."""
    return tok.dep_ == "dative" and tok.pos_ in {"NOUN", "PROPN"}


def amount_in(trigger: Token, frame: Frame, res: EventResources) -> list[tuple[str, Token]]:
    """"the EU pledged $2 billion in aid to Ukraine", "Ukraine received $5 million in aid
    from Germany", "gave Kyiv $300 million in military aid": a money or aid noun after an
    amount takes the giver and recipient of the verb that moves the amount."""
    if is_verbal(trigger) or "recipient" not in frame.preps.values():
        return []
    prep = trigger.head
    if trigger.dep_ != "pobj" or prep.lower_ != "in" or prep.dep_ != "prep":
        return []
    amount = prep.head
    if not (amount.ent_type_ == "MONEY" or amount.like_num) or amount.dep_ not in {"dobj", "obj"}:
        return []
    verb = amount.head
    if not is_verbal(verb):
        return []
    out: list[tuple[str, Token]] = []
    subj, passive = subject_of(verb)
    if subj is not None and not passive:
        out.append((payer_role(verb, "giver", res), subj))
    for c in verb.children:
        if is_dative_recipient(c):
            out.append(("recipient", c))
        elif c.dep_ in {"prep", "dative"} and frame.preps.get(c.lower_) in {"giver", "recipient"}:
            out.extend((frame.preps[c.lower_], p) for p in pobjs(c))
    return out


def at_hands(trigger: Token, frame: Frame) -> list[tuple[str, Token]]:
    """"perished at the hands of rebels", "deaths at the hands of police": whoever
    the hands belong to did it (and the hands are no place)."""
    out: list[tuple[str, Token]] = []
    for c in trigger.children:
        if c.dep_ == "prep" and c.lower_ == "at":
            for hand in pobjs(c):
                if hand.lemma_.lower() == "hand":
                    for of in hand.children:
                        if of.dep_ == "prep" and of.lower_ == "of":
                            out.extend((frame.by, p) for p in pobjs(of))
    return out


def is_hands(tok: Token) -> bool:
    """The "hands" of "at the hands of X"."""
    return tok.lemma_.lower() == "hand" and tok.head.lower_ == "at"


def purpose_noun(verb: Token, subj: Token, res: EventResources) -> bool:
    """"a plan to evacuate civilians", "efforts to combat IS": an infinitive modifying a
    noun that names no actor (unlike "the first country to recognise X")."""
    if verb.dep_ not in {"relcl", "acl"} or subj.i != verb.head.i or verb.tag_ != "VB":
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    if any(c.dep_ == "poss" for c in subj.children):
        return False  # "Putin's decision to invade": the possessor acts
    nouns = res.antecedent_nouns
    lemma = subj.lemma_.lower()
    actor = lemma in nouns.get("person", ()) or lemma in nouns.get("group", ())
    return not (actor or names_someone(subj))
