"""Pronouns as event arguments, resolved inside their sentence: "the FBI says it detained
14 suspects" -> the FBI; "Soleimani led the force until he was killed" -> Soleimani;
"the attacker wounded a guard before he was arrested" -> the attacker.

The sentence is searched first; a subject "he"/"she" with no agreeing antecedent in it
may stand for the main subject of the sentence before (see ``_previous_subject``); any
other pronoun without an agreeing antecedent stays as it is. A subject pronoun first
looks at the subjects of the clauses above its own; then any pronoun takes the nearest
agreeing noun before it, never the subject of its own clause nor a noun that only
describes someone named ("Mughniyah, who was the commander until he was assassinated":
Mughniyah), nor, from outside a quotation, someone inside it.
Agreement (nouns from ``kg/data/events/antecedents.json``):

* he/him and she/her: a PERSON name, a nationality used as a noun ("the Palestinian"),
  or a singular noun naming one person of a fitting sex ("the boy", "the aunt", "the
  ambassador"); as the subject of a clause above also an untagged proper name;
* they/them: a plural noun or a coordination; as the subject of a clause above also an
  organisation or a body of people ("Hezbollah said they", "police said they");
* it: a singular organisation, place or nationality name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from kg.extract.depparse import conjuncts, subject_of
from kg.extract.headlines import apart

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_MALE = {"he", "him"}
_FEMALE = {"she", "her"}
_PERSONAL = _MALE | _FEMALE
_PLURAL = {"they", "them"}
_NEUTER = {"it"}
_PRONOUNS = _PERSONAL | _PLURAL | _NEUTER
_SUBJECTS = {"nsubj", "nsubjpass"}
_NOT_PEOPLE = {"DATE", "TIME", "MONEY", "CARDINAL", "PERCENT", "QUANTITY", "ORDINAL"}
_NO_NOUNS: Mapping[str, frozenset[str]] = {}
_NO_PERSON = _NOT_PEOPLE | {"GPE", "LOC", "FAC", "NORP"}
_QUOTES = {'"', "“", "”", "‘"}  # (marks that open or close a quotation)


def _one_person(pron: str, tok: Token, nouns: Mapping[str, frozenset[str]], chain: bool) -> bool:
    """Can ``tok`` (singular) be the one person "he"/"she" stands for?"""
    ent = tok.ent_type_
    if ent == "PERSON":
        return True
    if ent == "NORP":  # "the Palestinian", not "Palestinian officials"
        return tok.dep_ not in {"amod", "compound"} and any(c.dep_ == "det" for c in tok.children)
    if ent:
        return False
    lemma = tok.lemma_.lower()
    sex = nouns.get("male" if pron in _MALE else "female", frozenset())
    if lemma in sex or lemma in nouns.get("person", frozenset()):
        return True
    return chain and tok.pos_ == "PROPN"  # "Kurdi has said she": a name the tagger missed


def _agrees(pron: str, tok: Token, nouns: Mapping[str, frozenset[str]], chain: bool = False) -> bool:
    if tok.pos_ == "PRON" or tok.lower_ in _PRONOUNS:
        return False
    plural = tok.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in tok.children)
    if pron in _PERSONAL:
        return not plural and _one_person(pron, tok, nouns, chain)
    if pron in _PLURAL:
        if plural:
            return tok.ent_type_ not in _NOT_PEOPLE
        # "Hezbollah said they", "police said they would": a body of people
        return chain and (
            tok.ent_type_ in {"ORG", "NORP"}
            or (not tok.ent_type_ and tok.lemma_.lower() in nouns.get("group", frozenset()))
        )
    return not plural and tok.ent_type_ in {"ORG", "GPE", "NORP"}


def antecedent(pron: Token, nouns: Mapping[str, frozenset[str]] = _NO_NOUNS) -> Token | None:
    """The phrase head a third-person pronoun stands for in its sentence, or None.
    ``nouns`` are the lists of ``antecedents.json`` (``EventResources.antecedent_nouns``)."""
    low = pron.lower_
    if low not in _PRONOUNS:
        return None
    # an object pronoun never stands for the subject of its own clause ("officials escort
    # them", "contacted rebels and told them to withdraw")
    own: set[int] = set()
    if pron.dep_ not in _SUBJECTS:
        subj, _ = subject_of(pron.head)
        own = {t.i for t in conjuncts(subj)} if subj is not None else set()
    # "X says it / he ...": the subject of a clause above the pronoun's clause
    verb = pron.head
    for _ in range(4):
        if verb.head.i == verb.i:
            break
        verb = verb.head
        subj = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if (subj is not None and subj.i < pron.i and subj.i not in own and not apart(pron, subj)
                and _agrees(low, subj, nouns, True)):
            return subj
    # else the nearest agreeing name or noun before it in the sentence
    before = pron.doc[pron.sent.start:pron.i]
    quoted = _quoted_before(pron) if any(t.text in _QUOTES for t in before) else set()
    for tok in reversed(list(pron.sent)[: pron.i - pron.sent.start]):
        if pron.i not in quoted and tok.i in quoted:
            continue  # '"My neighbour was killed," she said': not someone in the quote
        if tok.dep_ in {"compound", "amod", "poss"} or tok.i in own or apart(pron, tok):
            continue  # (a headline run into the sentence names someone else)
        if tok.dep_ in {"attr", "appos"} and not tok.ent_type_:
            continue  # "Mughniyah, who was the commander until he ...": the name, not its role
        if tok.pos_ in {"PROPN", "NOUN"} and _agrees(low, tok, nouns):
            return tok
    return _previous_subject(pron, nouns)


def _previous_subject(pron: Token, nouns: Mapping[str, frozenset[str]], depth: int = 2) -> Token | None:
    """"Kuleba flew to Warsaw on Monday. He met ...": a subject "he"/"she" with nobody
    before it in its sentence stands for the main subject of the sentence before, when
    that subject agrees and is the only one person that sentence names (a name's sex is
    unknown, so a second person there makes it unsure). A "he" there is followed back
    in the same way. A named speaker there who speaks for someone else ("Police
    spokesman Enanga said ...") is taken only by a "he" that reports in turn ("He added ...")."""
    if pron.lower_ not in _PERSONAL or pron.dep_ not in _SUBJECTS or pron.sent.start == 0:
        return None
    if _quoted(pron):
        return None  # "Maria said, “she picked anger. She picked ...": the quote's own people
    low, sent = pron.lower_, pron.sent
    if any(t.text[:1].isupper() and t.pos_ in {"PROPN", "NOUN"} and t.ent_type_ not in _NO_PERSON
           for t in pron.doc[sent.start:pron.i]):
        return None  # "Vereshchuk accused ..., where she said": a name nearer, even mistagged
    prev = pron.doc[sent.start - 1].sent
    if any(t.text in _QUOTES for t in pron.doc[prev.start:pron.i]):
        return None  # '"... My neighbour was killed," she said': the quote's people are not her
    subj = next((c for c in prev.root.children if c.dep_ in _SUBJECTS), None)
    if subj is None:
        return None
    reporting = nouns.get("reporting", frozenset())
    if (prev.root.lemma_.lower() in reporting and subj.lower_ not in _PRONOUNS
            and _speaks_for_another(subj, prev, nouns)
            and not any(v.lemma_.lower() in reporting for v in conjuncts(pron.head))):
        # "Spokesman Enanga said ... He was released": a speaker for someone else, not
        # him ("Zelensky told reporters ... He visited the site": Zelensky goes on);
        # "He added ...", "He did not rule out ... and said ...": the speaker goes on
        return None
    inside = {t.i for t in subj.subtree}
    others = [t for t in prev if t.i not in inside and t.pos_ in {"PROPN", "NOUN"}
              and t.dep_ != "compound" and _agrees(low, t, nouns)]
    if others:
        return None
    if subj.lower_ == low and depth > 0:
        return _previous_subject(subj, nouns, depth - 1)
    return subj if _agrees(low, subj, nouns, True) else None


def _speaks_for_another(subj: Token, sent: Span, nouns: Mapping[str, frozenset[str]]) -> bool:
    """The subject of a reporting sentence comments on someone else: a spokesman, lawyer
    or official by title, or anyone when the sentence before it is about another person
    ("Otieno was detained ... Police commander Mwangi said ...")."""
    if any(t.lemma_.lower() in nouns.get("go_between", ()) for t in subj.subtree):
        return True
    if sent.start == 0:
        return False
    before = subj.doc[sent.start - 1].sent
    names = {t.text for t in subj.subtree}
    return any(t.ent_type_ == "PERSON" and t.text not in names for t in before)


def _quoted_before(tok: Token) -> set[int]:
    """Indices of the tokens of ``tok``'s paragraph up to ``tok`` that lie inside a
    quotation: after an opening mark (“ ‘, or an odd straight ") and before its close."""
    doc = tok.doc
    start = tok.i
    while start > 0 and "\n" not in doc[start - 1].whitespace_ and not doc[start - 1].is_space:
        start -= 1
    inside: set[int] = set()
    curly = straight = False
    for t in doc[start : tok.i + 1]:
        if t.text in {"“", "‘"}:
            curly = True
        elif t.text == "”":
            curly = False
        elif t.text == '"':
            straight = not straight
        elif curly or straight:
            inside.add(t.i)
    return inside


def _quoted(tok: Token) -> bool:
    """Is the token inside a quotation?"""
    return tok.i in _quoted_before(tok)
