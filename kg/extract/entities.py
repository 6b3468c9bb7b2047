"""Entities: who and where, resolved within an article, places linked to GeoNames.

``extract_entities(doc, resources) -> (entities, posts)`` runs three small stages:

1. :func:`kg.extract.repair.recognise` - spaCy's spans repaired with our data files;
2. :func:`kg.extract.coref.cluster` - mentions clustered into entities, places linked;
3. :func:`kg.extract.roles.find_posts` - people in their posts (W3C ORG), and
   ``add_role_mentions``: "the minister" as a mention of the one minister named.

Each entity keeps every mention (character offsets); ``canonical`` is the normalised
name that, with kind and GeoNames id, gives the cross-article IRI. Nationality words
that denote a country ("Russian airstrikes") are mentions of that country entity, which
is marked ``is_actor``; "Ukrainian soldiers" counts as the country too (the soldiers act
for the state), while plural nouns ("Indians") are a group.

>>> res = EntityResources.load()  # doctest: +SKIP
>>> ents, posts = extract_entities(nlp("Kremlin spokesman Dmitry Peskov spoke."), res)  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.extract.coref import cluster
from kg.extract.lexicon import Lexicons
from kg.extract.repair import Cand, recognise
from kg.extract.roles import add_role_mentions, find_posts
from kg.link import Gazetteer
from kg.records import Entity, Post

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class EntityResources:
    """Lexicons and gazetteer: built once per process, then read-only."""

    lexicons: Lexicons
    gazetteer: Gazetteer

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> EntityResources:
        """Read the lexicons and the gazetteer (cached in ``cache_dir`` if given)."""
        return cls(lexicons=Lexicons.load(), gazetteer=Gazetteer.load(cache_dir=cache_dir))


def recognise_names(doc: Doc, resources: EntityResources) -> list[Cand]:
    """The repaired name mentions alone (what ``kg eval ner`` scores)."""
    return recognise(doc, resources.lexicons, resources.gazetteer)


def extract_entities(doc: Doc, resources: EntityResources) -> tuple[list[Entity], list[Post]]:
    """Entities of one parsed article with their mentions, and the posts people hold."""
    cands = recognise(doc, resources.lexicons, resources.gazetteer)
    clustering = cluster(doc, cands, resources.lexicons, resources.gazetteer)
    cands = clustering.cands
    posts = find_posts(doc, cands, clustering, resources.lexicons)
    add_role_mentions(doc, cands, clustering, posts, resources.lexicons)
    return clustering.entities, posts
