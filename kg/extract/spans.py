"""Small helpers shared by extraction modules: spaCy spans to typed mentions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.records import Mention

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def mention_of(span: Span) -> Mention:
    """A :class:`Mention` for a span, with its sentence's character offsets."""
    sent = span.sent
    return Mention(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
    )


def is_verbal(token: Token) -> bool:
    """A verb or auxiliary, by coarse or fine part of speech (taggers disagree on some)."""
    return token.pos_ in {"VERB", "AUX"} or token.tag_.startswith("VB")
