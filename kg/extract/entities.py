"""Entities (first cut): spaCy's entity spans grouped by normalised name.

The entity issue replaces this with repaired recognition, in-article coreference,
cross-article identity and GeoNames linking; the interface stays:
``extract_entities(doc, resources) -> (entities, posts)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.spans import mention_of
from kg.records import Entity, EntityKind, Post

if TYPE_CHECKING:
    from spacy.tokens import Doc

_KIND: dict[str, EntityKind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}


@dataclass(frozen=True)
class EntityResources:
    @classmethod
    def load(cls) -> EntityResources:
        return cls()


def _canonical(text: str) -> str:
    text = re.sub(r"^(the)\s+", "", text.strip(), flags=re.I)
    return re.sub(r"['’]s?$", "", text).strip()


def extract_entities(doc: Doc, resources: EntityResources) -> tuple[list[Entity], list[Post]]:
    by_name: dict[tuple[str, str], Entity] = {}
    for span in doc.ents:
        kind = _KIND.get(span.label_)
        if kind is None:
            continue
        canonical = _canonical(span.text)
        if not canonical:
            continue
        key = (kind, canonical.lower())
        ent = by_name.get(key)
        if ent is None:
            ent = Entity(
                key=f"e{len(by_name)}",
                kind=kind,
                label=canonical,
                canonical=canonical,
                ner_label=span.label_,
                is_actor=kind != "place",
            )
            by_name[key] = ent
        ent.mentions.append(mention_of(span))
        ent.alt_labels.add(span.text)
    return list(by_name.values()), []
