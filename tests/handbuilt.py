"""Hand-built spaCy Docs for rule tests that need no statistical model."""

from __future__ import annotations

from typing import Any


def make_doc(blank: Any, text: str, ents: list[tuple[str, str]]) -> Any:
    """A Doc of ``text`` whose entities are the first occurrences of the given strings
    (each searched after the previous one), labelled as given."""
    from spacy.tokens import Span

    doc = blank(text)
    spans, cursor = [], 0
    for surface, label in ents:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        spans.append(doc.char_span(start, cursor, label=label))
    doc.ents = [s for s in spans if isinstance(s, Span)]
    return doc

