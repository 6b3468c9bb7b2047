"""Headlines and datelines run into a sentence: text pasted without line breaks ("Top
Militia Commander Killed in Syria The group buried a commander ...", "Envoy Says Talks
Stalled ROME — The envoy ...") reaches the parser as one sentence.

* A **headline** is the run of capitalised words at the start of a sentence, when it holds
  a capitalised verb after its first word ("Killed", "Says"). Its words are not the
  arguments of the body's events, nor the body's words of its events, and a pronoun of the
  body does not stand for a name in it.
* In a headline a past form is passive ("Mayor Shot in Lagos": the mayor was shot).
* A **dateline** ("ROME —", "NOVO PROGRESSO , BRAZIL —") is where the report was filed,
  never an argument of an event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

# small words that headline style leaves in lower case
_SMALL = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "with", "by",
          "from", "as", "over", "after", "into", "vs", "amid", "near"}
_DASHES = {"—", "–", "-", "--"}
_BODY_STARTS = {"The", "A", "An"}


def _headline_style(tok: Token) -> bool:
    if not tok.is_alpha:
        return True  # numbers, punctuation, "U.S."
    return tok.text[0].isupper() or tok.lower_ in _SMALL


def headline_end(tok: Token) -> int:
    """The index just after the headline at the start of ``tok``'s sentence, or the
    sentence start when the sentence has none. The capitalised run may go on into the
    body ("... Killed in Syria The Lebanese group"): the body starts at a dateline or at a
    capitalised "The" / "A" inside the run, when there is one."""
    sent = tok.sent
    end, verb, words, body = sent.start, False, 0, None
    for t in sent:
        if not _headline_style(t):
            break
        end = t.i + 1
        if t.is_alpha:
            if t.tag_.startswith("VB") and t.text[0].isupper() and not t.is_upper and words > 0:
                verb = True  # not the first word: "Detaining protesters is ..."
            words += 1
            if words > 1 and t.text in _BODY_STARTS and body is None:
                body = t.i
            if is_dateline(t):
                body = t.i if body is None or body > t.i else body
    if not verb or words < 3 or end >= sent.end:
        return sent.start
    return body if body is not None and body > sent.start else end


def in_headline(tok: Token) -> bool:
    """Is the token part of a headline run into its sentence?"""
    return tok.i < headline_end(tok)


def apart(a: Token, b: Token) -> bool:
    """One token in the sentence's headline and the other outside it (tokens of two
    sentences are never apart in this sense)."""
    if a.sent.start != b.sent.start:
        return False
    end = headline_end(a)
    return (a.i < end) != (b.i < end)


def headline_passive(verb: Token) -> bool:
    """"Commander Killed in Syria": a capitalised past form in a headline is passive."""
    return verb.tag_ in {"VBD", "VBN"} and verb.text[0].isupper() and in_headline(verb)


def is_dateline(tok: Token) -> bool:
    """A word of an all-capitals dateline ending in a dash: "ROME —", "NOVO PROGRESSO ,
    BRAZIL —", right after a headline or at the start of a sentence (not "the UN — which")."""
    if not (tok.is_alpha and tok.is_upper and len(tok) > 2):
        return False
    doc = tok.doc
    first = tok.i
    while first > tok.sent.start and _capitals(doc[first - 1]):
        first -= 1
    before = doc[first - 1] if first > tok.sent.start else None
    if before is not None and before.is_alpha and not before.text[0].isupper():
        return False  # "said the UN — which ...": an acronym in running text
    i = tok.i + 1
    while i < len(doc) and _capitals(doc[i]):
        i += 1
    return i < len(doc) and doc[i].text in _DASHES


def _capitals(tok: Token) -> bool:
    """A word of a dateline's run: all capitals, or the comma of "NOVO PROGRESSO , BRAZIL"."""
    return tok.text == "," or (tok.is_alpha and tok.is_upper)
