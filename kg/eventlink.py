"""Same event across articles: an article's events take the IRI of one another article told.

The minter (:meth:`kg.rdf.IriMinter.event`) already gives two articles the same event IRI
when type family, day, places (else participants) and agents are all equal. Real reports differ
more: one names Kharkiv, the next Kharkiv and Kyiv; one says "on Tuesday", the next "last
week". Here two shareable events (:meth:`kg.rdf.IriMinter.event_key`) are one event when

* their type family is the same ("airstrike" and "attack" are both attacks),
* their date ranges overlap (a day inside a "last week" overlaps it), and
* they share a place, where both name places; where either names none, they share a
  participant (agent, target, victim, ...), and
* they do not name different agents: "Russian artillery shelled Kharkiv on Tuesday"
  and "Ukrainian forces shelled Kharkiv on Tuesday" are two attacks.

A report that fits more than one stored event (a week of strikes on a city that had
several; two strikes that day and no place named) stays unlinked rather than be merged
with the wrong one; a stored event that fits two events one article keeps apart is
taken by the first of them only, so the article's graph keeps one node per event. The
article's own quads then use that IRI (its mention, confidence and arguments are added
to the event in the article's own graph), so re-ingesting or deleting the article
stays clean. Which IRI a merged event gets depends on which article came first; the
graph is the same either way.

:class:`EventIndex` holds the shareable events of other articles, found by (family,
place or participant, ISO week), so a lookup reads only events that could match.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from sys import intern

from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions

from kg.rdf import EventKey, IriMinter
from kg.records import Extraction
from kg.store import OxigraphStore
from kg.vocab import EVENT_TYPES_IRI, NKG, RDF, SCHEMA, SEM, sparql_prefixes


@dataclass(frozen=True)
class _Entry:
    graph: str
    digest: str
    key: EventKey


def _weeks(begin: date, end: date) -> Iterator[tuple[int, int]]:
    """The ISO weeks a date range touches (a month touches five or six)."""
    day = begin - timedelta(days=begin.weekday())
    while day <= end:
        iso = day.isocalendar()
        yield iso[0], iso[1]
        day += timedelta(days=7)


def same_event(a: EventKey, b: EventKey) -> int:
    """How many places and participants two events share when they are one event, else 0."""
    if a.family != b.family or a.begin > b.end or b.begin > a.end:
        return 0
    if a.agents and b.agents and not set(a.agents) & set(b.agents):
        return 0  # two reports, two different agents: two events
    shared_places = len(set(a.places) & set(b.places))
    shared_actors = len(set(a.actors) & set(b.actors))
    if a.places and b.places and not shared_places:
        return 0  # two named places, none in common: two events
    if not shared_places and not shared_actors:
        return 0
    return shared_places + shared_actors


class EventIndex:
    """Shareable events by (family, anchor, ISO week), and by article graph."""

    def __init__(self, minter: IriMinter) -> None:
        self.prefix = minter.event_prefix
        # a dict per cell (an ordered set): forgetting an article is a pop, not a rebuild
        self._cells: dict[tuple[str, str, tuple[int, int]], dict[_Entry, None]] = defaultdict(dict)
        self._by_graph: dict[str, list[_Entry]] = defaultdict(list)
        self._by_digest: dict[str, dict[_Entry, None]] = defaultdict(dict)

    def _cells_of(self, key: EventKey) -> Iterator[tuple[str, str, tuple[int, int]]]:
        for week in _weeks(key.begin, key.end):
            for anchor in (*key.places, *key.actors):
                yield key.family, anchor, week

    def add(self, graph: str, digest: str, key: EventKey) -> None:
        # hub IRIs (countries, capitals) recur in thousands of keys: keep one copy of each
        key = EventKey(intern(key.family), key.begin, key.end,
                       tuple(map(intern, key.places)), tuple(map(intern, key.actors)),
                       tuple(map(intern, key.agents)))
        entry = _Entry(intern(graph), digest, key)
        self._by_graph[graph].append(entry)
        self._by_digest[digest][entry] = None
        for cell in set(self._cells_of(key)):
            self._cells[cell][entry] = None

    def forget(self, graph: str) -> set[str]:
        """Drop an article's events (it was deleted or is being replaced); returns the
        event digests it used."""
        entries = self._by_graph.pop(graph, [])
        for entry in entries:
            told = self._by_digest[entry.digest]
            told.pop(entry, None)
            if not told:
                del self._by_digest[entry.digest]
            for cell in set(self._cells_of(entry.key)):
                self._cells[cell].pop(entry, None)
        return {entry.digest for entry in entries}

    def match(self, key: EventKey, graph: str, own: str | None = None,
              before: frozenset[str] = frozenset()) -> str | None:
        """The event of *another* article that this one is, or None.

        ``own`` (the event's own IRI digest) wins when another article already used it.
        Otherwise exactly one other event may match: a report that fits two (a week of
        strikes on Kharkiv, two strikes that day and no place named) stays unlinked, as
        an unsure merge would be worse than a duplicate. ``before`` holds the digests the
        article used when it was last stored: a re-ingested article keeps the decision it
        got then (its own IRI, or the one matching event it took), so ingesting the same
        articles again gives the same graph even where later articles made a match
        unique or ambiguous."""
        found: set[str] = set()
        for cell in self._cells_of(key):
            for entry in self._cells.get(cell, ()):
                if entry.graph != graph and entry.digest not in found and same_event(key, entry.key):
                    found.add(entry.digest)
        # an event another article linked to names its agent there: a report naming a
        # different agent is not that event ("shelling hit Kharkiv", then Russian and
        # Ukrainian reports of shelling there: the second one to come stays apart)
        found = {d for d in found if not self._other_agent(d, key, graph)}
        if own is not None and (own in found or own in before):
            return own
        kept = found & before
        if len(kept) == 1:
            return next(iter(kept))
        return next(iter(found)) if len(found) == 1 else None

    def _other_agent(self, digest: str, key: EventKey, graph: str) -> bool:
        """Whether another article tells event ``digest`` with agents ``key`` does not name."""
        if not key.agents:
            return False
        return any(e.graph != graph and e.key.agents and not set(e.key.agents) & set(key.agents)
                   for e in self._by_digest.get(digest, ()))

    @classmethod
    def from_store(cls, store: OxigraphStore, minter: IriMinter,
                   family: Callable[[str], str]) -> EventIndex:
        """The shareable events already stored (one query over every article graph)."""
        index = cls(minter)
        index._load(store, family)
        return index

    def reload(self, store: OxigraphStore, family: Callable[[str], str], graph: str) -> None:
        """Read one article's events again from the store: after a write of the article
        failed, the index holds what is stored, not what was about to be."""
        self.forget(graph)
        self._load(store, family, graph)

    def _load(self, store: OxigraphStore, family: Callable[[str], str],
              graph: str | None = None) -> None:
        query = _STORED_EVENTS
        if graph is not None:
            query = query.replace("WHERE {", f"WHERE {{\n  VALUES ?g {{ {NamedNode(graph)} }}", 1)
        rows = store.query(sparql_prefixes() + query, use_default_graph_as_union=False)
        assert isinstance(rows, QuerySolutions)
        nodes: dict[tuple[str, str], tuple[str, _Node]] = {}
        countries: set[str] = set()
        for g, e, etype, begin, end, anchor, is_place, is_country, is_agent in rows:
            if not (isinstance(g, NamedNode) and isinstance(e, NamedNode)
                    and e.value.startswith(self.prefix) and isinstance(etype, NamedNode)
                    and etype.value.startswith(EVENT_TYPES_IRI)):
                continue
            _, node = nodes.setdefault((g.value, e.value), (
                etype.value[len(EVENT_TYPES_IRI):], _Node(begin=_day(begin), end=_day(end))))
            if isinstance(anchor, NamedNode):
                if _true(is_agent):
                    node.agents.add(anchor.value)
                    continue
                (node.places if _true(is_place) else node.actors).add(anchor.value)
                if _true(is_place) and _true(is_country):
                    countries.add(anchor.value)
        for (g, e), (etype, node) in nodes.items():
            key = _key(node, family(etype), countries)
            if key is not None:
                self.add(g, e[len(self.prefix):], key)


_STORED_EVENTS = """
SELECT ?g ?e ?type ?begin ?end ?anchor ?isPlace ?isCountry ?isAgent WHERE {
  GRAPH ?g {
    ?e sem:eventType ?type ; nkg:factuality ?f ; sem:hasTimeStamp ?ts .
    FILTER(?f = nkg:Asserted || ?f = nkg:Planned)
    FILTER NOT EXISTS { ?e a nkg:Statement }
    FILTER NOT EXISTS { ?e nkg:dateDefaulted true }
    OPTIONAL { ?e sem:hasBeginTimeStamp ?b0 }
    OPTIONAL { ?e sem:hasEndTimeStamp ?end }
    BIND(COALESCE(?b0, ?ts) AS ?begin)
    { ?e sem:hasPlace ?anchor BIND(true AS ?isPlace) }
    UNION { ?e sem:hasActor ?anchor BIND(false AS ?isPlace) }
    UNION { ?e nkg:agent ?anchor BIND(false AS ?isPlace) BIND(true AS ?isAgent) }
  }
  OPTIONAL { GRAPH ?g { ?anchor a schema:Country } BIND(true AS ?isCountry) }
}"""


def _day(term: object) -> date | None:
    if isinstance(term, Literal):
        try:
            return date.fromisoformat(term.value[:10])
        except ValueError:
            return None
    return None


def _true(term: object) -> bool:
    return isinstance(term, Literal) and term.value == "true"


_TYPE, _COUNTRY, _STATEMENT = RDF.type, SCHEMA.Country, NKG.Statement
_FACT, _DEFAULTED = NKG.factuality, NKG.dateDefaulted
_SHARED_FACTS = {NKG.Asserted, NKG.Planned}
_TS, _BEGIN, _END = SEM.hasTimeStamp, SEM.hasBeginTimeStamp, SEM.hasEndTimeStamp
_PLACE, _ACTOR, _AGENT = SEM.hasPlace, SEM.hasActor, NKG.agent


@dataclass
class _Node:
    shared: bool = False
    out: bool = False
    ts: date | None = None
    begin: date | None = None
    end: date | None = None
    places: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    agents: set[str] = field(default_factory=set)


def _key(node: _Node, family: str, countries: set[str]) -> EventKey | None:
    """The one rule both a stored node and a node about to be stored are keyed by: begin
    is the begin date else the timestamp; places below country level, else countries;
    no key without a place or a participant."""
    begin = node.begin or node.ts
    if begin is None:
        return None
    places = {p for p in node.places if p not in countries} or node.places & countries
    if not places and not node.actors:
        return None
    return EventKey(family, begin, node.end or begin, tuple(sorted(places)),
                    tuple(sorted(node.actors)), tuple(sorted(node.agents)))


def _node_keys(quads: list[Quad], families: dict[str, str]) -> dict[str, EventKey]:
    """The key of each shareable event node (IRI -> key) in an article's quads, read the
    way :meth:`EventIndex.from_store` reads stored ones: a node told twice in the article
    has one date and the places and participants of all its mentions, so a later run
    finds it by the same key this run does."""
    countries: set[str] = set()
    nodes = {NamedNode(iri): _Node() for iri in families}
    for q in quads:
        s, p, o = q.subject, q.predicate, q.object
        if p == _TYPE and o == _COUNTRY:
            countries.add(s.value)  # type: ignore[union-attr]
        node = nodes.get(s)  # type: ignore[arg-type]
        if node is None:
            continue
        if p == _FACT:
            node.shared |= o in _SHARED_FACTS
        elif p == _TYPE and o == _STATEMENT or p == _DEFAULTED and _true(o):
            node.out = True
        elif p == _TS:
            node.ts = _day(o)
        elif p == _BEGIN:
            node.begin = _day(o)
        elif p == _END:
            node.end = _day(o)
        elif p == _PLACE and isinstance(o, NamedNode):
            node.places.add(o.value)
        elif p == _AGENT and isinstance(o, NamedNode):
            node.agents.add(o.value)
        elif p == _ACTOR and isinstance(o, NamedNode):
            node.actors.add(o.value)
    keys: dict[str, EventKey] = {}
    for iri, node in nodes.items():
        if node.out or not node.shared or node.ts is None:
            continue
        key = _key(node, families[iri.value], countries)
        if key is not None:
            keys[iri.value] = key
    return keys


def link_events(extraction: Extraction, quads: list[Quad], minter: IriMinter,
                index: EventIndex) -> tuple[list[Quad], dict[str, NamedNode]]:
    """The article's quads with its events renamed to events other articles told, and the
    IRI each event (by ``Event.key``) is stored under; the article's shareable events
    join ``index``."""
    graph = minter.article(extraction.article.id).value
    before = frozenset(index.forget(graph))  # a re-ingested article keeps its decisions
    renames: dict[str, str] = {}
    own: list[tuple[str, EventKey]] = []
    prefix = index.prefix
    iris = minter.event_iris(extraction)
    families: dict[str, str] = {}
    for event in extraction.events:
        families.setdefault(iris[event.key].value, event.family or event.type)
    keys = _node_keys(quads, families)
    # two nodes the article keeps apart stay apart: an event another article told is
    # taken by at most one of them ("shelled Kharkiv on Tuesday" and "shelled Kharkiv
    # again this week" both fit one stored Tuesday shelling)
    taken = {iri[len(prefix):] for iri in keys}
    for iri, key in keys.items():  # in the article's event order
        digest = iri[len(prefix):]
        found = index.match(key, graph, own=digest, before=before)
        if found is not None and found not in taken:
            renames[digest] = found
            taken.add(found)
        own.append((renames.get(digest, digest), key))
    for digest, key in own:
        index.add(graph, digest, key)
    stored = {k: NamedNode(f"{prefix}{renames[d]}") if (d := v.value[len(prefix):]) in renames
              else v for k, v in iris.items()}
    if not renames:
        return quads, stored

    def renamed(term: object) -> object:
        if type(term) is NamedNode and term.value.startswith(prefix):
            head, sep, rest = term.value[len(prefix):].partition("/")
            new = renames.get(head)
            if new is not None:
                return NamedNode(f"{prefix}{new}{sep}{rest}")
        return term

    out = [Quad(renamed(q.subject), q.predicate, renamed(q.object), q.graph_name)  # type: ignore[arg-type]
           for q in quads]
    return out, stored
