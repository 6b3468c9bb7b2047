"""Code a spaCy-parsed sentence with a PETRARCH-format verbs dictionary.

For every verb of the sentence (a token tagged ``VB*``) we look its form, then its
lemma, up in the dictionary; a multi-word verb ("break down", "wire tap") also needs its
other words right beside it or as particles (``prt``) of the verb. The patterns of the
verb's block are then matched against the words before and after the verb (see
:mod:`kg.cameo.verbs` for the pattern language); the most specific matching pattern
gives the code, else the verb's own code. Actor markers (``$ + % ^``) match a noun
phrase: a spaCy noun chunk, or an actor from the actor dictionaries when given.

The sentence's main coding is the highest coded verb in the parse tree, except that a
reporting verb ("said", "reported") gives way to a coded verb inside its complement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.cameo.verbs import STEM_MIN, Element, Pattern, Verb, VerbDictionary

if TYPE_CHECKING:
    from kg.cameo.actors import ActorDictionary

_NOMINAL = {"NOUN", "PROPN", "PRON", "NUM"}


@dataclass(frozen=True)
class Options:
    """Per-record coding settings: PETRARCH's ``<Config>`` options and the story date."""

    require_dyad: bool = False
    new_actor_length: int = 0
    date: int | None = None  # yyyymmdd, for date-restricted actor codes


@dataclass(frozen=True)
class Coding:
    """One coded verb: the event code (None: matched a ``[---]`` null code)."""

    code: str | None
    verb: int  # token index of the verb in the doc
    verb_text: str
    pattern: str | None  # pattern text, None when the verb's own code was used
    line: int  # dictionary line of the pattern or verb
    source: str | None = None
    target: str | None = None


def _word(tok: Any) -> str:
    return str(tok.text).upper()


def word_matches(word: str, tok: Any) -> bool:
    """A dictionary word against a token: same form, same lemma, or a stem of it."""
    text = _word(tok)
    if text == word or str(tok.lemma_).upper() == word:
        return True
    return len(word) >= STEM_MIN and text.startswith(word)


class _Matcher:
    """Pattern matching over one direction (before or after the verb) of a sentence."""

    def __init__(self, seq: Sequence[Any], forward: bool, nps: dict[int, tuple[int, int]]):
        self.seq, self.forward, self.nps = seq, forward, nps

    def _np_end(self, q: int) -> int | None:
        tok = self.seq[q]
        span = self.nps.get(tok.i)
        if span is None:
            return q + 1 if tok.pos_ in _NOMINAL else None
        end = q
        while end < len(self.seq) and span[0] <= self.seq[end].i < span[1]:
            end += 1
        return end

    def _consume(self, e: Element, q: int, synsets: dict[str, tuple[tuple[str, ...], ...]]) -> list[int]:
        if e.kind == "word":
            return [q + 1] if word_matches(e.value, self.seq[q]) else []
        if e.kind == "synset":
            ends = []
            for member in synsets.get(e.value, ()):
                words = member if self.forward else tuple(reversed(member))
                if q + len(words) <= len(self.seq) and all(
                    word_matches(w, self.seq[q + j]) for j, w in enumerate(words)
                ):
                    ends.append(q + len(words))
            return ends
        end = self._np_end(q)
        return [end] if end is not None else []

    def match(
        self,
        elems: Sequence[Element],
        synsets: dict[str, tuple[tuple[str, ...], ...]],
        k: int = 0,
        p: int = 0,
        found: dict[str, int] | None = None,
    ) -> dict[str, int] | None:
        """Positions of the actor markers if ``elems[k:]`` match from ``p``, else None."""
        found = {} if found is None else found
        if k == len(elems):
            return found
        e = elems[k]
        starts = [p] if e.joined else range(p, len(self.seq))
        for q in starts:
            if q >= len(self.seq):
                break
            for end in self._consume(e, q, synsets):
                marks = dict(found)
                if e.kind in ("source", "target", "compound"):
                    marks[e.kind] = self.seq[q].i
                got = self.match(elems, synsets, k + 1, end, marks)
                if got is not None:
                    return got
        return None


def _verb_span(verb: Verb, tok: Any) -> tuple[int, int, list[int]] | None:
    """Doc start/end of the verb's words around ``tok`` and particle token ids, or None."""
    doc = tok.doc
    start = tok.i - verb.head
    if start < tok.sent.start:
        return None
    for j in range(verb.head):
        if not word_matches(verb.words[j], doc[start + j]):
            return None
    rest = verb.words[verb.head + 1 :]
    if not rest:
        return start, tok.i + 1, []
    prts = [c for c in tok.children if c.dep_ == "prt" and c.i > tok.i]
    if len(prts) >= len(rest) and all(word_matches(w, prts[j]) for j, w in enumerate(rest)):
        return start, tok.i + 1, [p.i for p in prts[: len(rest)]]
    end = tok.i + 1 + len(rest)
    if end <= tok.sent.end and all(word_matches(w, doc[tok.i + 1 + j]) for j, w in enumerate(rest)):
        return start, end, []
    return None


def _is_verb(tok: Any) -> bool:
    return str(tok.tag_).startswith("VB") or tok.pos_ == "VERB"


def _usable(code: str | None) -> bool:
    """Codes made only of punctuation (``[+++]``, ``[###]``) are placeholders, not events."""
    return code is None or any(ch.isalnum() for ch in code)


def code_verb(
    tok: Any, vd: VerbDictionary, actors: ActorDictionary | None = None, options: Options = Options()
) -> Coding | None:
    """Code one verb token, or None when the dictionary does not know it.

    Every dictionary verb with this form is tried (a form may sit in several blocks);
    the most specific matching pattern of any of them wins, else the first verb's code.
    """
    sent = tok.sent
    nps = actors.spans(sent) if actors is not None else {}
    for chunk in sent.noun_chunks:
        for t in chunk:
            nps.setdefault(t.i, (chunk.start, chunk.end))
    first: Verb | None = None
    anchor = tok  # the verb's syntactic head: "wire" of "wire tap" when the parse says so
    best: tuple[Pattern, dict[str, int]] | None = None
    for verb in vd.lookup(_word(tok), str(tok.lemma_).upper()):
        span = _verb_span(verb, tok)
        if span is None:
            continue
        start, end, prts = span
        if first is None:
            first = verb
            words = [t for t in sent.doc[start:end] if not (start <= t.head.i < end) or t.head.i == t.i]
            anchor = words[0] if len(words) == 1 else tok
        before = [t for t in reversed(sent[: start - sent.start]) if not t.is_punct]
        after = [t for t in sent[end - sent.start :] if not t.is_punct and t.i not in prts]
        for pat in vd.blocks[verb.block].patterns:
            if not _usable(pat.code) or (best is not None and pat.weight <= best[0].weight):
                continue
            mb = _Matcher(before, False, nps).match(pat.before, vd.synsets)
            if mb is None:
                continue
            ma = _Matcher(after, True, nps).match(pat.after, vd.synsets)
            if ma is not None:
                best = (pat, {**mb, **ma})
    if best is not None:
        return Coding(
            best[0].code,
            tok.i,
            tok.text,
            best[0].text,
            best[0].line,
            *_dyad(anchor, best[1], actors, options),
        )
    if first is None:
        return None
    code = first.code if _usable(first.code) else None
    return Coding(code, tok.i, tok.text, None, first.line, *_dyad(anchor, {}, actors, options))


_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_CLIMB = {"xcomp", "acomp", "conj", "ccomp", "advcl", "aux", "auxpass"}
_SUBORDINATE = {"advcl", "relcl", "acl", "csubj", "csubjpass"}


def _new_actor(tok: Any | None, limit: int) -> str | None:
    """A noun phrase outside the dictionaries as a quoted actor, if short enough."""
    if tok is None or limit <= 0 or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    words = [str(t.text).upper() for t in tok.subtree if not t.is_punct and t.tag_ != "POS"]
    return '"' + " ".join(words) + '"' if len(words) <= limit else None


def _dyad(
    tok: Any, marks: dict[str, int], actors: ActorDictionary | None, options: Options = Options()
) -> tuple[str | None, str | None]:
    """Source and target actor codes of a verb: pattern markers first, then the parse.

    The source is an actor in the verb's subject (or, when the subject is missing or a
    pronoun, the subject of the verb it hangs from: "Arnor is about to restore ...",
    "Ethiopia indicated it would act"), or the "by" agent of a passive, whose subject is
    then the target ("Eriador was opposed by Osgiliath"); otherwise the target is an actor
    elsewhere in the verb's subtree, outside adverbial clauses ("... after Rohan crowds
    burned its embassy"). A compound marker (``%``) gives both from one noun phrase
    ("Arnor and Gondor agreed"). An agent alone ("an official") is not an actor, except
    as the direct object ("police arrested students"); "troops from Gondor" is Gondor.
    With ``options.new_actor_length`` > 0 a subject or object noun phrase of up to that many
    words that no dictionary knows stands as an actor in quotes.
    """
    if actors is None:
        return None, None
    cover = actors.codes(tok.sent, options.date)

    def codes_in(tokens: Any, agents: bool = False) -> list[str]:
        found = [cover[t.i] for t in tokens if t.i in cover]
        return list(dict.fromkeys(c for c in found if agents or not c.startswith("---")))

    def first(tokens: Any) -> str | None:
        got = codes_in(tokens)
        return got[0] if got else None

    doc = tok.doc
    source = first(doc[marks["source"]].subtree) if "source" in marks else None
    target = first(doc[marks["target"]].subtree) if "target" in marks else None
    if "compound" in marks:
        both = codes_in(doc[marks["compound"]].head.subtree)
        if len(both) >= 2:
            source, target = both[0], both[1]
    # a passive with a "by" agent: "Eriador was opposed by Osgiliath" is Osgiliath -> Eriador
    by = [c for c in tok.children if c.dep_ == "agent"]
    patient = [c for c in tok.children if c.dep_ == "nsubjpass"]
    if by and patient and source is None and target is None:
        source = first([t for c in by for t in c.subtree])
        target = first([t for c in patient for t in c.subtree])
        if source is not None and target is not None:
            return source, target
        source = target = None
    head, subj_ids, subject = tok, set(), None
    for _ in range(8):
        subs = [c for c in head.children if c.dep_ in _SUBJECTS or c.dep_ == "agent"]
        subject = subject or next(iter(subs), None)
        for c in subs:
            subj_ids |= {t.i for t in c.subtree}
            if source is None:
                source = first(c.subtree)
        if source is not None or (subs and not all(c.tag_ == "PRP" for c in subs)):
            break
        if head.dep_ not in _CLIMB or head.head.i == head.i:
            break
        head = head.head
    if target is None:
        skip = set(subj_ids)
        for c in tok.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ != "to" for m in c.children):
                skip |= {t.i for t in c.subtree}
        target = first([t for t in tok.subtree if t.i not in skip and t.i != tok.i])
        if target is None:  # "police arrested students": an agent as direct object
            objs = [c for c in tok.children if c.dep_ == "dobj"]  # the object noun itself
            target = next(iter(codes_in(objs, agents=True)), None)
    limit = options.new_actor_length
    if limit > 0:
        source = source or _new_actor(subject, limit)
        if target is None:
            objs = [c for c in tok.children if c.dep_ == "dobj"]
            objs += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
            target = next((a for a in (_new_actor(o, limit) for o in objs) if a), None)
    return source, target


def code_sentence(
    sent: Any,
    vd: VerbDictionary,
    actors: ActorDictionary | None = None,
    options: Options = Options(),
) -> list[Coding]:
    """Every coded verb of a sentence (a spaCy ``Span``), in text order.

    With ``options.require_dyad`` (PETRARCH's default when actors are known) a verb without both a
    source and a target actor is not an event.
    """
    out = []
    for tok in sent:
        if _is_verb(tok):
            c = code_verb(tok, vd, actors, options)
            if c is None:
                continue
            if options.require_dyad and actors is not None and (c.source is None or c.target is None):
                continue
            out.append(c)
    return out


def _depth(tok: Any) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok, d = tok.head, d + 1
    return d


def _clause_depth(tok: Any) -> int:
    """How many subordinate clauses (adverbial, relative) hold the token."""
    d = 0
    for _ in range(50):
        if tok.head.i == tok.i:
            break
        d += tok.dep_ in _SUBORDINATE
        tok = tok.head
    return d


def main_coding(doc: Any, codings: list[Coding], reporting: frozenset[str]) -> Coding | None:
    """The coding that stands for the sentence (see the module docstring)."""
    coded = [c for c in codings if c.code is not None]
    if not coded:
        return None
    verbs = {c.verb for c in coded}

    def gives_way(c: Coding) -> bool:
        tok = doc[c.verb]
        if str(tok.lemma_).lower() not in reporting:
            return False
        return any(t.i in verbs for t in tok.subtree if t.i != tok.i)

    main = [c for c in coded if not gives_way(c)] or coded
    return min(main, key=lambda c: (_clause_depth(doc[c.verb]), _depth(doc[c.verb]), c.verb))
