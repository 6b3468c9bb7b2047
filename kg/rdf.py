"""Map an :class:`~kg.records.Extraction` to RDF quads: the only place IRIs are minted.

IRI scheme (``B`` is ``Settings.base_iri``):

* article and its named graph: ``B article/<id>``; mentions ``B article/<id>#char=b,e``
* person ``B person/<slug>``, organisation ``B org/<slug>``, group ``B group/<slug>``
* place ``B place/<slug>`` or, when linked to GeoNames, ``B place/<slug>-<geonameid>``
* post ``B post/<role-slug>-<org-slug>``, role ``B role/<role-slug>``
* event ``B event/<hash>``: the hash of (type family, day, sorted place IRIs, else sorted participant
  IRIs) when the event has an explicit date, a place or participant and is not a statement
  or a possible/hypothetical/negated event, so one event told by two articles is one node;
  otherwise the hash of (article id, event key). Mentions of one event in one article
  (``Event.same_as``, :mod:`kg.extract.eventcoref`) share one IRI, and the node
  carries one type, label, confidence, factuality, date and count per kind and counted
  thing (rules in :mod:`kg.eventnodes`); each mention adds its own ``gaf:denotedBy`` mention (with
  the type its own word names, ``nkg:triggerType``) and arguments. At
  ingest, a shareable event that only overlaps one another article told (same family,
  overlapping dates, a shared place or participant) takes that event's IRI instead
  (:mod:`kg.eventlink`). Quantities are ``<event IRI>/quantity/<hash>`` (``-2``, ``-3``
  for further equal counts on one node).

Every quad of an article goes in the article's named graph.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

from pyoxigraph import Literal, NamedNode, Quad

from kg.eventnodes import EventNode, event_nodes
from kg.records import Entity, Event, Extraction, Mention, Post
from kg.vocab import (
    DCTERMS,
    EVENT_TYPE,
    GAF,
    GEO,
    GEONAMES_IRI,
    NIF,
    NKG,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SEM,
    SKOS,
    WGS,
    XSD,
)

_KIND_PATH = {"person": "person", "organization": "org", "place": "place", "group": "group"}
# Read back: the kind of a minted IRI from the first segment of its path.
KIND_OF_PATH = {path: kind for kind, path in _KIND_PATH.items()} | {"event": "event"}
_KIND_CLASSES = {
    "person": (SCHEMA.Person, SEM.Actor),
    "organization": (SCHEMA.Organization, SEM.Actor),
    "group": (NKG.GroupActor, SEM.Actor),
    "place": (SCHEMA.Place, SEM.Place),
}
_FACTUALITY = {
    "asserted": NKG.Asserted,
    "planned": NKG.Planned,
    "possible": NKG.Possible,
    "negated": NKG.Negated,
    "hypothetical": NKG.Hypothetical,
}
_ROLE_PROPERTY = {
    "agent": NKG.agent,
    "target": NKG.target,
    "victim": NKG.victim,
    "instrument": NKG.instrument,
    "speaker": NKG.speaker,
    "participant": NKG.participant,
}


def slugify(text: str) -> str:
    """Lower-case ASCII slug for readable IRIs.

    >>> slugify("Sergei Shoigu")
    'sergei-shoigu'
    >>> slugify("Homyel’ Oblast")
    'homyel-oblast'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if slug:
        return slug
    return "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def local_id(iri: str, base: str) -> str:
    """An IRI without the base, as the API names things ("person/sergei-shoigu").

    >>> local_id("https://newskg.org/id/org/nato", "https://newskg.org/id/")
    'org/nato'
    """
    return iri[len(base):] if iri.startswith(base) else iri


def kind_of(iri: str, base: str) -> str:
    """person, organization, place, group or event for an IRI minted here, else "other".

    >>> kind_of("https://newskg.org/id/org/nato", "https://newskg.org/id/")
    'organization'
    """
    if not iri.startswith(base):
        return "other"
    return KIND_OF_PATH.get(iri[len(base):].split("/", 1)[0], "other")


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


class IriMinter:
    """Mints every IRI newskg writes, from one configurable base."""

    def __init__(self, base_iri: str) -> None:
        self.base = base_iri

    def article(self, article_id: str) -> NamedNode:
        return NamedNode(f"{self.base}article/{article_id}")

    def mention(self, article_id: str, start: int, end: int) -> NamedNode:
        return NamedNode(f"{self.base}article/{article_id}#char={start},{end}")

    def entity(self, ent: Entity) -> NamedNode:
        slug = slugify(ent.canonical)
        if ent.kind == "place" and ent.geonames_id is not None:
            slug = f"{slug}-{ent.geonames_id}"
        return NamedNode(f"{self.base}{_KIND_PATH[ent.kind]}/{slug}")

    def role(self, role: str) -> NamedNode:
        return NamedNode(f"{self.base}role/{slugify(role)}")

    def post(self, role: str, org_iri: NamedNode | None) -> NamedNode:
        org_part = org_iri.value.rsplit("/", 1)[-1] if org_iri is not None else "unknown"
        return NamedNode(f"{self.base}post/{slugify(role)}-{org_part}")

    def event_key(self, event: Event, extraction: Extraction) -> EventKey | None:
        """What decides whether two articles tell one event, or None when the event stays
        scoped to its article: only dated (not defaulted), non-hypothetical,
        non-statement events with a place or participant are shared."""
        if (event.type == "statement" or event.time is None or event.time.defaulted
                or event.factuality in ("possible", "hypothetical", "negated")):
            return None
        place_ents = [extraction.entity(a.entity) for a in event.arguments if a.role == "place"]
        inner = [p for p in place_ents if not p.is_country]  # "Gomel region", not "Belarus"
        places = tuple(sorted({self.entity(p).value for p in (inner or place_ents)}))
        actors = tuple(sorted(
            {self.entity(extraction.entity(a.entity)).value for a in event.arguments if a.role != "place"}
        ))
        if not places and not actors:
            return None
        agents = tuple(sorted(
            {self.entity(extraction.entity(a.entity)).value for a in event.arguments if a.role == "agent"}
        ))
        t = event.time
        return EventKey(event.family or event.type, t.begin, t.end, places, actors, agents)

    def event(self, event: Event, extraction: Extraction) -> NamedNode:
        """One IRI per real-world event: (type family, day, places or else participants,
        and the agents where the article names any).

        The family is the type's top concept, so "talks" in one article and "met" in
        another, or "airstrikes" and "attack", can be one event. Events that only
        overlap (another day in the same week, one more place) get their own IRI here;
        :mod:`kg.eventlink` then links them to the event another article told.
        """
        key = self.event_key(event, extraction)
        return self._event_iri(event, extraction, key)

    def _event_iri(self, event: Event, extraction: Extraction, key: EventKey | None) -> NamedNode:
        if key is not None:
            # two sides shelling one town on one day are two events
            digest = _hash(key.family, key.begin.isoformat(), *(key.places or key.actors),
                           *(f"agent={a}" for a in key.agents))
        else:
            digest = _hash(extraction.article.id, event.key)
        return NamedNode(f"{self.event_prefix}{digest}")

    def event_iris(self, extraction: Extraction) -> dict[str, NamedNode]:
        """The IRI of every event of an article: mentions of one event (``same_as``
        chains, see :mod:`kg.extract.eventcoref`) share the IRI of their first member
        that can be shared across articles, else of their first member."""
        by_key = {ev.key: ev for ev in extraction.events}
        groups: dict[str, list[Event]] = {}
        for ev in extraction.events:
            root, seen = ev, {ev.key}
            while root.same_as in by_key and root.same_as not in seen:
                root = by_key[root.same_as]
                seen.add(root.key)
            groups.setdefault(root.key, []).append(ev)
        out: dict[str, NamedNode] = {}
        for members in groups.values():
            keys = [(m, k) for m in members if (k := self.event_key(m, extraction)) is not None]
            if keys:
                # the agents of every mention, as the stored node has them ("shelling hit
                # Kharkiv", then "Russian artillery shelled Kharkiv"): another article's
                # node with another agent must not get this IRI
                agents = sorted({a for _, k in keys for a in k.agents})
                first, key = keys[0]
                iri = self._event_iri(first, extraction, replace(key, agents=tuple(agents)))
            else:
                iri = self.event(members[0], extraction)
            for m in members:
                out[m.key] = iri
        return out

    @property
    def event_prefix(self) -> str:
        return f"{self.base}event/"


@dataclass(frozen=True)
class EventKey:
    """The identity of a shareable event: type family, dates, place and actor IRIs.

    ``places`` are the named places below country level where there are any (else the
    countries); ``actors`` every participant (agent, target, victim, ...); ``agents``
    those of them that are the event's agent (two reports naming different agents are
    two events, :func:`kg.eventlink.same_event`)."""

    family: str
    begin: date
    end: date
    places: tuple[str, ...]
    actors: tuple[str, ...]
    agents: tuple[str, ...] = ()


def decimal_literal(value: float, places: int = 5) -> Literal:
    """An xsd:decimal in Oxigraph's canonical form (what the store keeps and returns).

    >>> decimal_literal(0.5).value, decimal_literal(1.0).value, decimal_literal(-36.250001).value
    ('0.5', '1', '-36.25')
    """
    text = f"{round(value, places):.{places}f}".rstrip("0").rstrip(".")
    return Literal("0" if text in ("", "-0") else text, datatype=XSD.decimal)


def integer_literal(value: int) -> Literal:
    """An xsd:integer (Oxigraph stores xsd:nonNegativeInteger as xsd:integer anyway)."""
    return Literal(str(int(value)), datatype=XSD.integer)


def _date(value: object) -> Literal:
    return Literal(str(value), datatype=XSD.date)


class QuadBuilder:
    """Collects the quads of one article graph (no duplicates, stable order)."""

    def __init__(self, graph: NamedNode) -> None:
        self.graph = graph
        self._seen: dict[Quad, None] = {}
        self._done: set[object] = set()

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self._seen.setdefault(Quad(s, p, o, self.graph), None)

    def first_time(self, key: object) -> bool:
        """True the first time ``key`` is seen: skips rebuilding a block of quads (a
        sentence node every mention in it points to) only to drop them as duplicates."""
        if key in self._done:
            return False
        self._done.add(key)
        return True

    @property
    def quads(self) -> list[Quad]:
        return list(self._seen)


def extraction_to_quads(extraction: Extraction, minter: IriMinter) -> list[Quad]:
    """All quads for one article, in its own named graph.

    >>> from kg.records import Article
    >>> qs = extraction_to_quads(Extraction(Article("a1", "T", "x")), IriMinter("http://b/"))
    >>> str(qs[0].graph_name)
    '<http://b/article/a1>'
    """
    art = extraction.article
    article_iri = minter.article(art.id)
    out = QuadBuilder(article_iri)
    _article(out, extraction, article_iri)
    iris = {ent.key: minter.entity(ent) for ent in extraction.entities}
    for ent in extraction.entities:
        _entity(out, ent, iris[ent.key], art.id, article_iri, minter)
    for post in extraction.posts:
        _post(out, post, iris, minter)
    event_iris = minter.event_iris(extraction)
    # a node told by several mentions carries one type, label, confidence, factuality,
    # date and count per kind (rules in kg.eventnodes); each mention adds its provenance
    for iri, node in event_nodes(extraction.events, event_iris).items():
        _event_node(out, iri, node, article_iri)
        for ev in node.mentions:
            _event_mention(out, ev, iri, event_iris, iris, art.id, article_iri, minter)
    return out.quads


def _article(out: QuadBuilder, extraction: Extraction, iri: NamedNode) -> None:
    art = extraction.article
    out.add(iri, RDF.type, SCHEMA.NewsArticle)
    out.add(iri, RDF.type, NIF.Context)
    out.add(iri, DCTERMS.identifier, Literal(art.id))
    out.add(iri, DCTERMS.title, Literal(art.title))
    out.add(iri, NIF.isString, Literal(art.full_text))
    if art.published:
        out.add(iri, SCHEMA.datePublished, _date(art.published))
    if art.url:
        out.add(iri, SCHEMA.url, Literal(art.url, datatype=XSD.anyURI))
    if art.source:
        out.add(iri, SCHEMA.publisher, Literal(art.source))


def _mention(
    out: QuadBuilder, m: Mention, article_id: str, article_iri: NamedNode, minter: IriMinter
) -> NamedNode:
    iri = minter.mention(article_id, m.start, m.end)
    out.add(iri, RDF.type, NIF.String)
    out.add(iri, RDF.type, NKG.Mention)
    out.add(iri, NIF.beginIndex, integer_literal(m.start))
    out.add(iri, NIF.endIndex, integer_literal(m.end))
    out.add(iri, NIF.anchorOf, Literal(m.text))
    out.add(iri, NIF.referenceContext, article_iri)
    if m.sentence_start is not None and m.sentence_end is not None:
        sent = minter.mention(article_id, m.sentence_start, m.sentence_end)
        out.add(iri, NKG.sentence, sent)
        if out.first_time(("sentence", m.sentence_start)):
            out.add(sent, RDF.type, NIF.Sentence)
            out.add(sent, NIF.beginIndex, integer_literal(m.sentence_start))
            out.add(sent, NIF.endIndex, integer_literal(m.sentence_end))
            out.add(sent, NIF.referenceContext, article_iri)
    return iri


def _entity(
    out: QuadBuilder,
    ent: Entity,
    iri: NamedNode,
    article_id: str,
    article_iri: NamedNode,
    minter: IriMinter,
) -> None:
    for cls in _KIND_CLASSES[ent.kind]:
        out.add(iri, RDF.type, cls)
    if ent.kind == "place" and (ent.is_actor or ent.is_country):
        out.add(iri, RDF.type, SEM.Actor)
    if ent.is_country:
        out.add(iri, RDF.type, SCHEMA.Country)
    out.add(iri, RDFS.label, Literal(ent.label))
    for alt in sorted(ent.alt_labels - {ent.label}):
        out.add(iri, SKOS.altLabel, Literal(alt))
    out.add(iri, PROV.wasDerivedFrom, article_iri)
    for m in ent.mentions:
        out.add(iri, GAF.denotedBy, _mention(out, m, article_id, article_iri, minter))
    if ent.geonames_id is not None:
        out.add(iri, OWL.sameAs, NamedNode(f"{GEONAMES_IRI}{ent.geonames_id}/"))
    if ent.lat is not None and ent.lon is not None:
        out.add(iri, WGS.lat, decimal_literal(ent.lat))
        out.add(iri, WGS.long, decimal_literal(ent.lon))
        geom = NamedNode(iri.value + "/geometry")
        out.add(iri, GEO.hasGeometry, geom)
        out.add(geom, RDF.type, GEO.Geometry)
        wkt = f"POINT({decimal_literal(ent.lon).value} {decimal_literal(ent.lat).value})"
        out.add(geom, GEO.asWKT, Literal(wkt, datatype=GEO.wktLiteral))
    if ent.country_code:
        out.add(iri, NKG.countryCode, Literal(ent.country_code))
    if ent.link_confidence is not None:
        out.add(iri, NKG.linkConfidence, decimal_literal(ent.link_confidence, 3))


def _post(out: QuadBuilder, post: Post, iris: dict[str, NamedNode], minter: IriMinter) -> None:
    org_iri = iris.get(post.organization) if post.organization else None
    post_iri = minter.post(post.role, org_iri)
    role_iri = minter.role(post.role)
    out.add(post_iri, RDF.type, ORG.Post)
    out.add(post_iri, RDFS.label, Literal(post.label))
    out.add(post_iri, ORG.role, role_iri)
    out.add(role_iri, RDF.type, ORG.Role)
    out.add(role_iri, SKOS.prefLabel, Literal(post.role))
    if org_iri is not None:
        out.add(post_iri, ORG.postIn, org_iri)
    out.add(iris[post.holder], ORG.holds, post_iri)
    out.add(post_iri, ORG.heldBy, iris[post.holder])


def _event_node(out: QuadBuilder, iri: NamedNode, node: EventNode, article_iri: NamedNode) -> None:
    """The values the node carries once: type, label, confidence, factuality, date and
    counts."""
    typed = node.typed_by
    out.add(iri, RDF.type, SEM.Event)
    if typed.type == "statement":
        out.add(iri, RDF.type, NKG.Statement)
    out.add(iri, SEM.eventType, EVENT_TYPE[typed.type])
    out.add(iri, RDFS.label, Literal(typed.trigger.text))
    out.add(iri, PROV.wasDerivedFrom, article_iri)
    out.add(iri, NKG.confidence, decimal_literal(node.confidence, 3))
    out.add(iri, NKG.factuality, _FACTUALITY[node.factuality])
    t = node.dated_by.time
    if t is not None:
        out.add(iri, SEM.hasTimeStamp, _date(t.begin))
        if t.end != t.begin:
            out.add(iri, SEM.hasBeginTimeStamp, _date(t.begin))
            out.add(iri, SEM.hasEndTimeStamp, _date(t.end))
        out.add(iri, NKG.datePrecision, Literal(t.precision))
        if t.defaulted:
            out.add(iri, NKG.dateDefaulted, Literal("true", datatype=XSD.boolean))
    seen: dict[str, int] = {}
    for q in node.quantities:
        # a second equal count on one node ("three people ... and another three people")
        # is its own quantity; the first keeps the IRI other articles' equal count shares
        digest = _hash(q.kind, str(q.value), q.thing)
        seen[digest] = n = seen.get(digest, 0) + 1
        q_iri = NamedNode(f"{iri.value}/quantity/{digest}" + (f"-{n}" if n > 1 else ""))
        out.add(iri, NKG.quantity, q_iri)
        out.add(q_iri, RDF.type, NKG.Quantity)
        out.add(q_iri, NKG.quantityKind, Literal(q.kind))
        out.add(q_iri, NKG.count, integer_literal(q.value))
        out.add(q_iri, NKG.countedThing, Literal(q.thing))
        out.add(q_iri, NKG.countExact,
                Literal("true" if q.exact else "false", datatype=XSD.boolean))


def _event_mention(
    out: QuadBuilder,
    ev: Event,
    iri: NamedNode,
    event_iris: dict[str, NamedNode],
    iris: dict[str, NamedNode],
    article_id: str,
    article_iri: NamedNode,
    minter: IriMinter,
) -> None:
    """What one mention adds to its node: its trigger mention (with the type its own
    word names), arguments, content and attribution."""
    mention = _mention(out, ev.trigger, article_id, article_iri, minter)
    out.add(iri, GAF.denotedBy, mention)
    out.add(mention, NKG.triggerType, EVENT_TYPE[ev.type])
    for arg in ev.arguments:
        target = iris[arg.entity]
        if arg.role == "place":
            out.add(iri, SEM.hasPlace, target)
        else:
            out.add(iri, _ROLE_PROPERTY[arg.role], target)
            out.add(iri, SEM.hasActor, target)
            out.add(target, RDF.type, SEM.Actor)  # what fills a role acts (sem:hasActor range)
    if ev.content:
        out.add(iri, NKG.content, Literal(ev.content))
    if ev.attributed_to:
        out.add(iri, PROV.wasAttributedTo, iris[ev.attributed_to])
        out.add(iris[ev.attributed_to], RDF.type, SEM.Actor)
    if ev.reported_in and ev.reported_in in event_iris:
        out.add(iri, NKG.reportedIn, event_iris[ev.reported_in])
