"""Extraction: a pure function ``(Article, Doc, Resources) -> Extraction``.

No I/O, no globals, deterministic. Lexicons and gazetteers are loaded once per process
into :class:`Resources` (see :meth:`Resources.load`) and passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.extract.entities import EntityResources, extract_entities
from kg.extract.events import EventResources, extract_events
from kg.records import Article, Extraction

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Resources:
    """Everything extraction reads besides the text: loaded once, then read-only."""

    entities: EntityResources
    events: EventResources

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> Resources:
        """Load every lexicon once; ``cache_dir`` keeps the built gazetteer between runs."""
        return cls(entities=EntityResources.load(cache_dir), events=EventResources.load())


def extract(article: Article, doc: Doc, resources: Resources) -> Extraction:
    """Extract entities, posts and events from one parsed article.

    ``doc`` must be the pipeline's parse of ``article.full_text``.
    """
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    entities, posts = extract_entities(doc, resources.entities)
    events = extract_events(doc, article, entities, resources.events)
    return Extraction(
        article=article, entities=entities, posts=posts, events=events, sentences=sentences
    )
