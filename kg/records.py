"""Typed records passed between pipeline stages.

Data flows one way: ``Article`` (from :mod:`kg.articles`) -> spaCy ``Doc`` ->
``Extraction`` (from :mod:`kg.extract`) -> RDF quads (from :mod:`kg.rdf`).
Extraction records carry *keys*, never IRIs: :mod:`kg.rdf` is the only place
IRIs are minted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

EntityKind = Literal["person", "organization", "place", "group"]
"""``place`` covers countries, cities, regions and seas; a country acting (agent of
an attack, party to talks) stays a ``place`` with ``is_actor=True``. ``group`` is a
nationality or people ("Ukrainian soldiers") when it does not denote a state."""

Factuality = Literal["asserted", "planned", "possible", "negated", "hypothetical"]
Precision = Literal["day", "week", "month", "year", "unknown"]


@dataclass(frozen=True)
class Article:
    """One news article, read from a source, before any NLP.

    >>> Article(id="a1", title="T", text="Body.").id
    'a1'
    """

    id: str
    title: str
    text: str
    url: str | None = None
    published: date | None = None
    source: str | None = None
    origin: str | None = None  # file path or "<stdin>" it was read from

    @property
    def full_text(self) -> str:
        """Title and body as the NLP stage sees them; offsets refer to this string."""
        return f"{self.title}\n\n{self.text}" if self.title else self.text


@dataclass(frozen=True)
class Mention:
    """A span of ``Article.full_text`` (character offsets, end exclusive)."""

    start: int
    end: int
    text: str
    sentence_start: int | None = None
    sentence_end: int | None = None


@dataclass
class Entity:
    """A thing mentioned in one article, with all its mentions clustered.

    ``key`` is unique within the extraction; ``canonical`` is the normalised name
    that (with ``kind`` and ``geonames_id``) decides the cross-article IRI.
    """

    key: str
    kind: EntityKind
    label: str
    canonical: str
    mentions: list[Mention] = field(default_factory=list)
    alt_labels: set[str] = field(default_factory=set)
    ner_label: str | None = None  # spaCy label it came from (PERSON, ORG, GPE, ...)
    is_actor: bool = False
    is_country: bool = False
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None  # ISO 3166-1 alpha-2
    link_confidence: float | None = None


@dataclass
class Post:
    """A position held by a person: "Kremlin spokesman", "Foreign Minister of Ukraine"."""

    holder: str  # Entity.key of the person
    role: str  # normalised role title: "spokesman", "foreign minister"
    label: str  # human label: "Kremlin spokesman"
    organization: str | None = None  # Entity.key of the organisation or country
    mention: Mention | None = None


@dataclass
class Argument:
    role: str  # agent | target | victim | place | instrument | speaker | participant
    entity: str  # Entity.key
    mention: Mention | None = None


@dataclass
class Quantity:
    """A count on an event: 5 killed, 395 tanks destroyed."""

    kind: str  # killed | injured | destroyed | captured | arrested | displaced | other
    value: int
    thing: str  # what was counted: "people", "tanks and other armoured combat vehicles"
    mention: Mention | None = None
    exact: bool = True  # False for a bound or estimate: "more than 200", "at least four"


@dataclass
class TimeValue:
    """A normalised date: ``begin``..``end`` inclusive, with its precision."""

    begin: date
    end: date
    precision: Precision
    text: str | None = None  # the expression it came from; None when defaulted
    defaulted: bool = False  # True when taken from the publication date


@dataclass
class Event:
    key: str
    type: str  # concept id from ontology/event-types.ttl, e.g. "attack", "statement"
    trigger: Mention
    arguments: list[Argument] = field(default_factory=list)
    time: TimeValue | None = None
    quantities: list[Quantity] = field(default_factory=list)
    factuality: Factuality = "asserted"
    confidence: float = 0.5
    content: str | None = None  # for statements: the quoted or reported text
    attributed_to: str | None = None  # Entity.key of the speaker it is attributed to
    reported_in: str | None = None  # Event.key of the statement that reports it
    family: str | None = None  # top concept of the type ("airstrike" -> "attack"), for identity
    same_as: str | None = None  # Event.key of an earlier mention of the same event in the article
    type_depth: int = 0  # skos:broader steps from the type up to its family ("airstrike": 1)


@dataclass
class Extraction:
    """Everything extracted from one article. Pure data; no IRIs."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)

    def entity(self, key: str) -> Entity:
        for ent in self.entities:
            if ent.key == key:
                return ent
        raise KeyError(key)
