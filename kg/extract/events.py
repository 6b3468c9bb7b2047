"""Events (first cut): a subject-verb-object skeleton from the dependency parse.

The event issue replaces this with typed triggers, arguments, time, counts,
statements and factuality; the interface stays:
``extract_events(doc, article, entities, resources) -> events``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.spans import mention_of
from kg.records import Argument, Article, Entity, Event, TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SUBJ = {"nsubj", "nsubjpass"}
_OBJ = {"dobj", "obj", "attr"}


@dataclass(frozen=True)
class EventResources:
    @classmethod
    def load(cls) -> EventResources:
        return cls()


def _entity_at(token: Token, index: dict[int, str]) -> str | None:
    return index.get(token.idx)


def extract_events(
    doc: Doc, article: Article, entities: list[Entity], resources: EventResources
) -> list[Event]:
    index = {m.start: e.key for e in entities for m in e.mentions if e.kind != "place"}
    # Index every token start inside an entity mention, so heads of multi-word names hit.
    for e in entities:
        for m in e.mentions:
            for tok in doc.char_span(m.start, m.end, alignment_mode="expand") or []:
                index.setdefault(tok.idx, e.key)
    events: list[Event] = []
    for token in doc:
        if token.pos_ != "VERB":
            continue
        subj = next((c for c in token.children if c.dep_ in _SUBJ), None)
        obj = next((c for c in token.children if c.dep_ in _OBJ), None)
        if subj is None or obj is None:
            continue
        agent, target = _entity_at(subj, index), _entity_at(obj, index)
        if agent is None or target is None:
            continue
        time = None
        if article.published:
            time = TimeValue(article.published, article.published, "unknown", defaulted=True)
        events.append(
            Event(
                key=f"v{len(events)}",
                type="action",
                trigger=mention_of(doc[token.i : token.i + 1]),
                arguments=[Argument("agent", agent), Argument("target", target)],
                time=time,
                confidence=0.3,
            )
        )
    return events
