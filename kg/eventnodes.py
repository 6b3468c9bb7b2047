"""One value per event node: what a node told by several mentions of one article says.

Mentions of one event in one article share one IRI (``Event.same_as`` chains, see
:mod:`kg.extract.eventcoref`, and mentions whose shared identity key is the same, see
:meth:`kg.rdf.IriMinter.event_iris`). Every mention keeps its own
:class:`~kg.records.Event` record, and in the graph its own ``gaf:denotedBy`` mention
(with the type its own word names, ``nkg:triggerType``). The node carries one value of
each property a query reads as single-valued, chosen by these rules:

* **type** (``sem:eventType``): the most specific type among the mentions, the one with
  the most ``skos:broader`` steps above it ("airstrikes" over "the attack"); between
  equally deep types (airstrike, missile strike), the earliest mention's.
* **label** (``rdfs:label``): the trigger text of the earliest mention of that type.
* **confidence** (``nkg:confidence``): the highest of the mentions' (a second mention
  makes the event no less certain).
* **date**: an explicit date over a defaulted one, a day inside an explicit week or month
  over that range; otherwise the earliest mention's.
* **counts** (``nkg:quantity``): for each quantity kind and counted thing, the counts
  of one mention, so a SUM over the node's counts adds nothing twice. An exact number
  beats a bound or estimate ("225 people had been injured" over "injuring more than
  200"); between two equally exact ones the larger (a toll that grew, a bound that was
  raised), then the earliest mention's. A mention giving two counts of one kind and
  thing ("killed three people in Kyiv and two in Kharkiv") keeps both: they add up.

Places, actors and mentions are many by nature: the node keeps all of them. Across
articles nothing is merged here: each article's named graph keeps its own claims about
an event that :mod:`kg.eventlink` linked to one IRI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from kg.records import Event, Quantity

K = TypeVar("K")


@dataclass
class EventNode:
    """The mentions of one event node, in text order, and the values the node carries."""

    mentions: list[Event] = field(default_factory=list)

    @property
    def typed_by(self) -> Event:
        """The mention whose type and trigger text name the node."""
        return max(self.mentions, key=lambda ev: ev.type_depth)  # first of the deepest

    @property
    def confidence(self) -> float:
        return max(ev.confidence for ev in self.mentions)

    @property
    def dated_by(self) -> Event:
        """The mention whose date the node carries."""
        best = self.mentions[0]
        for ev in self.mentions[1:]:
            if weaker_time(best, ev):
                best = ev
        return best

    @property
    def quantities(self) -> list[Quantity]:
        """For each (kind, counted thing), the counts of one mention: exact ones over
        bounds, then the larger total, then the earliest mention's."""
        best: dict[tuple[str, str], tuple[tuple[bool, int], list[Quantity]]] = {}
        for ev in self.mentions:
            told: dict[tuple[str, str], list[Quantity]] = {}
            for q in ev.quantities:
                told.setdefault((q.kind, q.thing), []).append(q)
            for key, counts in told.items():
                rank = (all(q.exact for q in counts), sum(q.value for q in counts))
                if key not in best or rank > best[key][0]:
                    best[key] = (rank, counts)
        return [q for _, counts in best.values() for q in counts]


def event_nodes(events: list[Event], iri_of: dict[str, K]) -> dict[K, EventNode]:
    """Group an article's events by the node (IRI) they are mapped to, mentions in text
    order.

    >>> from kg.records import Mention
    >>> a = Event("ev0", "attack", Mention(0, 6, "attack"), confidence=0.4)
    >>> b = Event("ev1", "airstrike", Mention(9, 19, "airstrikes"), confidence=0.7, type_depth=1)
    >>> node = event_nodes([a, b], {"ev0": "e1", "ev1": "e1"})["e1"]
    >>> node.typed_by.type, node.typed_by.trigger.text, node.confidence
    ('airstrike', 'airstrikes', 0.7)
    """
    nodes: dict[K, EventNode] = {}
    for ev in sorted(events, key=lambda e: (e.trigger.start, e.trigger.end)):
        nodes.setdefault(iri_of[ev.key], EventNode()).mentions.append(ev)
    return nodes


def weaker_time(current: Event, other: Event) -> bool:
    """Whether ``other``'s date should replace ``current``'s on their shared node: an
    explicit date over a defaulted one, a day inside an explicit week or month over it."""
    if other.time is None or other.time.defaulted:
        return False
    if current.time is None or current.time.defaulted:
        return True
    cur, new = current.time, other.time
    inside = cur.begin <= new.begin and new.end <= cur.end
    return inside and new.end - new.begin < cur.end - cur.begin
