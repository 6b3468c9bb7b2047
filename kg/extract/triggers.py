"""Event triggers: lexicon lookups on token lemmas (one dict lookup per token).

Multi-word entries ("air strike", "according to", "rule out") are keyed by their first
lemma and compared against the next tokens; the longest match wins. Particle verbs
("blow up", "rule out") match through the verb's ``prt`` child as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.depparse import pobjs
from kg.extract.event_resources import EventResources, TriggerEntry
from kg.extract.spans import is_verbal

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_NOUN_POS = {"NOUN", "PROPN"}
_ADJ_POS = {"ADJ"}


@dataclass(frozen=True)
class Trigger:
    """A matched trigger: its span, the token that heads it, and the lexicon entry."""

    span: Span
    head: Token
    entry: TriggerEntry

    @property
    def type(self) -> str:
        return self.entry.type


_CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "xcomp", "conj", "relcl", "acl"}


def _headline_verb(token: Token) -> bool:
    """A capitalised word of a title-case headline that the tagger took for a proper noun
    but the parse heads a clause with ("Thousands Flee into Bush", "Kerry Heading to
    Ukraine"): a verb, when it names no entity."""
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and not token.ent_type_
        and token.dep_ in _CLAUSE_DEPS
        and any(c.dep_ in {"prep", "dobj", "nsubj", "compound"} for c in token.children)
    )


def _coarse(token: Token) -> str:
    if is_verbal(token):
        return "V"
    if token.pos_ in _NOUN_POS or token.pos_ in _ADJ_POS:
        return "N"
    return "?"


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


_NOMINAL_SLOTS = {"pobj", "dobj", "nsubj", "nsubjpass"}


def _lookup(token: Token, res: EventResources) -> TriggerEntry | None:
    pos = _coarse(token)
    if pos == "V" and token.dep_ in _NOMINAL_SLOTS and token.tag_ in {"VB", "VBP", "VBZ"}:
        # a finite or bare verb tag in a noun's slot ("following a government forces
        # airstrike on ...") is a tagging slip: the parse says it is a noun
        pos = "N"
    if pos == "?" and token.pos_ not in {"ADP", "ADV"}:
        return None
    tries = [pos, "V"] if pos == "N" and _headline_verb(token) else [pos]
    for p in tries:  # a headline's "Flee" is a verb only where no noun reading exists ("Airstrike on")
        for key in (_lemma(token), token.lower_):
            entry = res.single.get((key, p)) or res.single.get((key, "*"))
            if entry is not None and (entry.pos == "*" or entry.pos == p):
                return entry
    return None


def _pos_ok(entry: TriggerEntry, token: Token) -> bool:
    return entry.pos == "*" or entry.pos == _coarse(token)


_OBJ_DEPS = {"dobj", "obj", "nsubjpass", "attr"}
_SUBJ_DEPS = {"nsubj", "csubj"}


def _lemmas(tokens: object) -> set[str]:
    return {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}  # type: ignore[attr-defined]


_DATE_NOUNS = {"day", "night", "morning", "afternoon", "evening", "ago", "date", "anniversary", "eve"}


def _datelike_entity(token: Token, res: EventResources) -> bool:
    """The date or time entity around a token has a number or a date word in it ("Victory
    Day", "March 16"), so the word is part of a date; a bare "an airstrike" that the
    tagger took for a date is still an event."""
    words = set(_DATE_NOUNS) | set(res.timex.get("weekdays", {})) | set(res.timex.get("months", {}))
    words |= set(res.timex.get("day_offsets", {})) | set(res.timex.get("units", {}))
    doc = token.doc
    lo = token.i
    while lo > 0 and doc[lo].ent_iob_ == "I":
        lo -= 1
    hi = token.i + 1
    while hi < len(doc) and doc[hi].ent_iob_ == "I":
        hi += 1
    return any(
        t.like_num or t.lemma_.lower() in words or t.lower_ in words
        for t in doc[lo:hi]
        if t.i != token.i
    )


def _under(token: Token) -> set[str]:
    """What a noun hangs from: its preposition ("as"; "as/sg" when the noun is
    singular, "in/mod" when it has a determiner or modifier), the preposition with the
    word it attaches to ("letter of"), or the verb it is the object of ("lodged")."""
    up = token.head
    if token.dep_ == "pobj" and (up.dep_ == "prep" or up.pos_ == "ADP"):
        found = {up.lower_, f"{up.head.lemma_.lower()} {up.lower_}"}
        if token.tag_ in {"NN", "NNP"}:
            found.add(f"{up.lower_}/sg")
        if any(c.dep_ in {"det", "amod", "compound", "poss"} for c in token.children):
            found.add(f"{up.lower_}/mod")
        return found
    if token.dep_ in {"dobj", "obj"}:
        return {up.lemma_.lower()}
    return set()


_REL_WORDS = {"that", "which", "who", "whom", "what"}
_TIME_ENTS = {"DATE", "TIME"}


def _shared_objects(verb: Token) -> list[Token]:
    """The object a verb has through the parse's structure rather than a child of its own:
    the noun a relative clause with its own subject modifies ("conditions Tehran would
    have to meet": the conditions are met) and the object coordinated verbs share
    ("reinforce and extend sanctions")."""
    if not is_verbal(verb):
        return []
    clause = verb
    while clause.dep_ == "xcomp" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ == "relcl":
        subj = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subj and all(s.lower_ not in _REL_WORDS for s in subj) and clause.head.pos_ in _NOUN_POS:
            return [clause.head]
    return [
        o
        for c in verb.children
        if c.dep_ == "conj" and is_verbal(c)
        for o in c.children
        if o.dep_ in {"dobj", "obj"}
    ]


def _retort(kids: list[Token], targets: list[str]) -> bool:
    """"fired back at Trump", "hit back at her critics": a verb with "back" aimed "at" a
    named person or one of ``targets`` is a verbal reply, not shooting or striking ("fired
    back at the gunmen" stays an attack)."""
    if not any(c.lower_ == "back" and c.dep_ in {"advmod", "prt"} for c in kids):
        return False
    aimed = [p for c in kids if c.dep_ == "prep" and c.lower_ == "at" for p in pobjs(c)]
    return any(_named_person(p) or p.lemma_.lower() in targets for p in aimed)


def _labour_action(token: Token, kids: list[Token], spec: dict[str, list[str]]) -> bool:
    """"the teachers' strike", "a strike by dock workers", "a 24-hour strike", "nurses
    staged a strike", "workers struck at three plants": a stoppage of work, not an attack
    ("Russian strikes on Kharkiv", "air strikes by the coalition" stay attacks)."""
    people = set(spec.get("people", ()))

    def working(tok: Token) -> bool:  # "rail workers", "the union"
        return tok.lemma_.lower() in people or tok.lower_ in people

    if is_verbal(token):
        subj = [c for c in kids if c.dep_ == "nsubj"]
        return any(working(s) for s in subj) and not any(c.dep_ in {"dobj", "obj"} for c in kids)
    named = [c for c in kids if c.dep_ in {"poss", "compound", "nmod"}]
    named += [p for c in kids if c.dep_ == "prep" and c.lower_ == "by" for p in pobjs(c)]
    if token.dep_ in {"dobj", "obj"}:  # "nurses staged a strike"
        named += [c for c in token.head.children if c.dep_ == "nsubj"]
    if any(working(t) for t in named):
        return True
    units = set(spec.get("units", ()))
    return any(  # "a 24-hour strike", "a three-day strike": spaCy splits the hyphenated number
        c.dep_ in {"compound", "amod", "nmod"} and c.lemma_.lower() in units
        and any(n.dep_ == "nummod" or n.like_num for n in c.children)
        for c in kids
    )


_PERSONAL = {"me", "him", "her", "us", "them", "you"}
_PERSONAL_SUBJ = {"i", "he", "she", "we", "they", "who", "whom"}  # "they were caught"


def _person_object_only(kids: list[Token], res: EventResources) -> bool:
    """The verb's one object is a person and nothing is predicated of them: "the
    president called me" (a phone call), not "called him a liar", "called the vote"."""
    objs = [c for c in kids if c.dep_ in {"dobj", "obj"}]
    said = [c for c in kids if c.dep_ in {"oprd", "attr", "ccomp", "npadvmod", "dative"}]
    if not objs and len(said) == 1 and _named_person(said[0]) and any(c.dep_ == "nsubj" for c in kids):
        objs, said = said, []  # "Biden called Zelensky": the parser reads a naming
    if len(objs) != 1 or said:
        return False
    o = objs[0]
    if any(c.dep_ in {"appos", "acl"} for c in o.children):
        return False
    if _named_person(o) or o.lower_ in _PERSONAL:
        return True
    lemma = o.lemma_.lower()  # "called the emir"; not "called his supporters to march"
    return lemma in res.senses.get("person_objects", {}).get("nouns", ()) or (
        o.tag_ == "NN" and lemma in res.person_nouns
    )


def _a_person(tok: Token, nouns: frozenset[str]) -> bool:
    """A person, or some of them: "the suspect", "Ali", "him", "two of the gunmen"."""
    if tok.ent_type_ in {"PERSON", "NORP"} or _named_person(tok) or tok.lower_ in _PERSONAL | _PERSONAL_SUBJ:
        return True
    if tok.lemma_.lower() in nouns:
        return True
    of = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in pobjs(c)]
    return tok.pos_ in {"NUM", "PRON"} and any(p.lemma_.lower() in nouns for p in of)


def _named_person(token: Token) -> bool:
    """A PERSON entity, or a capitalised name the tagger left untyped ("Scholz", "Trump")."""
    return token.ent_type_ == "PERSON" or (token.is_title and token.pos_ in _NOUN_POS and not token.ent_type_)


def other_sense(token: Token, res: EventResources) -> bool:
    """True when the context gives an ambiguous trigger word its non-event sense
    ("sent a message", "carried out", "fired the director", "the war enters its seventh
    day", "March 16"); the restrictions are data in ``senses.json``."""
    senses = res.senses
    lemma = _lemma(token)
    if lemma in senses.get("month_names", ()) and token.text[:1].isupper():
        if any(c.dep_ == "poss" for c in token.children):  # "the Women's March"
            return False
        if not token.is_sent_start or token.ent_type_ == "DATE":
            return True
    elif token.ent_type_ in {"DATE", "TIME"} and _datelike_entity(token, res):
        return True
    if token.ent_type_ == "ORG" and token.i + 1 < len(token.doc):
        after = token.doc[token.i + 1]
        before = token.doc[token.i - 1] if token.i else token
        # "the Conference of European Churches"; not "Russia's Arrest of ..."
        if after.lower_ == "of" and after.ent_type_ == "ORG" and before.tag_ != "POS":
            return True
    rule = senses.get("by_lemma", {}).get(lemma)
    if not rule:
        return False
    if rule.get("nominal") and any(c.dep_ == "det" for c in token.children):
        return True  # "the displaced": people, not an event
    if rule.get("forms") and token.lower_ not in rule["forms"]:
        return True  # "hung a portrait", not "was hanged"
    kids = list(token.children)
    objs = [c for c in kids if c.dep_ in _OBJ_DEPS]
    subjs = [c for c in kids if c.dep_ in _SUBJ_DEPS]
    if token.dep_ in {"acl", "relcl", "amod"}:  # "any deal struck", "flags flying"
        subjs.append(token.head)
        if token.tag_ == "VBN":  # "the testimony gathered by HRW": a passive participle's noun is its object
            objs.append(token.head)
    if not objs:
        objs = _shared_objects(token)
    if _lemmas(objs) & set(rule.get("obj", ())) or _lemmas(subjs) & set(rule.get("subj", ())):
        return True
    if any(c.dep_ == "prt" and c.lower_ in rule.get("prt", ()) for c in kids):
        return True
    if rule.get("oprd") and any(c.dep_ == "oprd" for c in kids):
        return True
    if rule.get("plural_only") and token.tag_ in {"NN", "NNP"}:
        return True
    bare = not objs and not any(c.dep_ == "oprd" for c in kids)
    if rule.get("xcomp") and (rule["xcomp"] != "bare" or bare) and any(
        c.dep_ in {"xcomp", "advcl"} and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)
        for c in kids
    ):
        return True
    if rule.get("transitive") and any(c.dep_ in {"dobj", "obj", "ccomp"} for c in kids):
        return True
    if rule.get("as_modifier") and token.dep_ == "amod" and token.i < token.head.i:
        return True
    if rule.get("under") and _under(token) & set(rule["under"]) and not any(
        c.dep_ == "prep" and c.lower_ in rule.get("under_unless_prep", ())
        and any(o.ent_type_ not in _TIME_ENTS for o in c.children if o.dep_ == "pobj")
        for c in kids
    ):  # "ended its strikes on Gaza" (not "ended their strike on Friday")
        return True
    mods = [c for c in kids if c.dep_ in {"amod", "compound", "advmod", "npadvmod"}]
    if _lemmas(mods) & set(rule.get("mod", ())):
        return True
    if any(o.ent_type_ in rule.get("obj_ents", ()) for o in objs):
        return True
    if rule.get("person_obj_only") and is_verbal(token) and (
        token.dep_ in {"acl", "amod", "advcl"} or not _person_object_only(kids, res)
    ):  # "a man called Shaker", "operations, often called Cross Check": naming
        return True
    if rule.get("person_obj") and is_verbal(token) and not any(_a_person(o, res.person_nouns) for o in objs):
        return True  # "caught a shark": not an arrest; "caught the suspect": one
    if rule.get("labour") and _labour_action(token, kids, rule["labour"]):
        return True
    if rule.get("retort") and _retort(kids, rule["retort"]):
        return True
    if rule.get("person_vs_person") and any(s.ent_type_ == "PERSON" for s in subjs) and any(
        o.ent_type_ == "PERSON" for o in objs
    ):
        return True
    for prep, words in rule.get("prep", {}).items():
        for c in kids:
            if c.dep_ in {"prep", "agent"} and c.lower_ == prep:  # "caught by surprise" parses as an agent
                named = pobjs(c)
                first = next((t for t in c.subtree if t.i > c.i and t.pos_ in _NOUN_POS), None)
                if "*" not in words and first is not None and (
                    all(p.pos_ not in _NOUN_POS for p in named)
                    or (first.i + 1 < len(first.doc) and first.nbor(1).tag_ == "VBG")
                ):  # "caught on camera setting fire", "on video throwing stones": misparsed
                    named = [*named, first]
                if "*" in words:  # any object but a time: "pay for equipment", not "for three months"
                    named = [p for p in named if p.ent_type_ not in _TIME_ENTS and p.lemma_.lower() != "time"]
                if named and ("*" in words or _lemmas(named) & set(words)):
                    return True
    return False


def find_triggers(doc: Doc, res: EventResources) -> list[Trigger]:
    """All lexicon triggers of a parsed document, left to right, without overlaps.

    >>> # doctest: +SKIP
    >>> [t.type for t in find_triggers(nlp("Russian airstrikes hit Kharkiv."), res)]
    ['airstrike', 'attack']
    """
    out: list[Trigger] = []
    covered_until = -1
    for token in doc:
        if token.i <= covered_until or token.is_punct:
            continue
        lemma = _lemma(token)
        match = None
        for entry in res.multi.get(lemma, ()) or res.multi.get(token.lower_, ()):
            n = len(entry.lemmas)
            window = doc[token.i : token.i + n]
            if len(window) == n and all(
                _lemma(t) == w or t.lower_ == w for t, w in zip(window, entry.lemmas, strict=True)
            ):
                head = window.root
                if _pos_ok(entry, head) or entry.pos == "*":
                    match = Trigger(window, head, entry)
                    break
            # particle verbs split by an object: "ruled the meeting out"
            if n == 2 and _coarse(token) == "V":
                prt = [c for c in token.children if c.dep_ == "prt" and c.lower_ == entry.lemmas[1]]
                if prt:
                    match = Trigger(doc[token.i : token.i + 1], token, entry)
                    break
        if match is None and lemma in res.verb_objects and _coarse(token) == "V":
            objs = res.verb_objects[lemma]
            related = [c for c in token.children if c.dep_ in {"dobj", "obj", "nsubjpass"}]
            related += [p for c in token.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
            if token.dep_ == "acl":  # "rockets fired from Iran"
                related.append(token.head)
            for c in related:
                if c.lemma_.lower() in objs:
                    match = Trigger(doc[token.i : token.i + 1], token, objs[c.lemma_.lower()])
                    break
        if match is None:
            found = _lookup(token, res)
            if found is None or (token.dep_ == "compound" and found.pos != "V"):
                continue
            if other_sense(token, res):
                continue
            match = Trigger(doc[token.i : token.i + 1], token, found)
        out.append(match)
        covered_until = match.span.end - 1
    return out
