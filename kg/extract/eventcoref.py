"""One event told twice in one article is one event: the headline's "Strikes on Kharkiv"
and the body's "Russian airstrikes hit Kharkiv on Tuesday", or "the attack" pointing back.

Every mention stays an :class:`~kg.records.Event` record of its own (the evals score each
mention); ``Event.same_as`` names the earlier event it repeats, and the RDF mapping writes
the group as one node (:meth:`kg.rdf.IriMinter.event_iris`). A later event repeats the
nearest earlier one that fits:

* the same type, or a later broader word ("the attack" after "airstrikes"); the body's
  first event of a family may also be a sibling of a headline event of that family (a
  headline's "shelling", the lead's "artillery and airstrikes"); same factuality; no
  statements;
* compatible dates: the ranges overlap, and a date defaulted to the publication date
  fits dates within a week of it;
* no conflict: where both name places below country level they share one, and likewise
  for agents and for targets (two strikes on two towns stay two);
* evidence: a shared place below country level or a shared participant that is not a
  country (a country recurs across a whole article), or the later one points back ("the
  attack", "these strikes": a determiner, at most adjectives, no participant) to an
  event of its own type, or it is the body's first event of a headline event's family;
* a mention that says it is another one ("another strike", "a second attack", "also
  rallied", "separately, a sniper killed", "shelled Kharkiv again", and "killed" when
  another strike did the killing) repeats nothing in the body (it may still be the
  body's lead for the headline).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from kg.extract.candidates import ANAPHORIC
from kg.records import Entity, Event

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from kg.extract.event_resources import EventResources

_RECENT = timedelta(days=7)
# words telling that a mention is a new event, not the one told before
_ANOTHER = {"another", "second", "third", "separate"}
_AGAIN = {"again", "also", "separately"}
# what may hang on a noun that points back: adjectives, and a relative clause telling
# more of it ("the quake, which hit at 11:36 p.m.")
_POINTING_DEPS = {"det", "amod", "punct", "advmod", "relcl", "acl"}


def _ids(ev: Event, roles: set[str] | None, countries: set[str], *, keep_countries: bool) -> set[str]:
    return {a.entity for a in ev.arguments
            if (roles is None and a.role != "place" or roles is not None and a.role in roles)
            and (keep_countries or a.entity not in countries)}


def _head(ev: Event, doc: Doc) -> Token | None:
    span = doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
    return None if span is None else span.root


def _points_back(ev: Event, head: Token) -> bool:
    """A noun mention with a definite or demonstrative determiner, at most adjectives and
    a relative clause besides, and no participant ("the attack", "this horrific attack")."""
    if any(a.role != "place" for a in ev.arguments):
        return False
    deps = {c.dep_ for c in head.children}
    return (head.pos_ in {"NOUN", "PROPN"} and deps <= _POINTING_DEPS
            and any(c.dep_ == "det" and c.lower_ in ANAPHORIC for c in head.children))


def _tells_another(head: Token) -> bool:
    """"another strike", "a second attack", "shelled Kharkiv again", "also rallied",
    "separately, ... killed", or a verb whose subject is such a noun ("another strike
    killed three")."""
    nouns = [head, *(c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"})]
    if any(c.lower_ in _ANOTHER for n in nouns for c in n.children if c.dep_ in {"det", "amod"}):
        return True
    return any(c.lower_ in _AGAIN and c.dep_ == "advmod" for c in head.children)


def _dates_fit(a: Event, b: Event) -> bool:
    """Overlapping ranges; a date defaulted to the publication date stands for "recently",
    so it fits an explicit date within a week of it (not "the March 2011 earthquake")."""
    if a.time is None or b.time is None or (a.time.defaulted and b.time.defaulted):
        return True
    if a.time.defaulted or b.time.defaulted:
        default, other = (a.time, b.time) if a.time.defaulted else (b.time, a.time)
        return (other.begin <= default.begin + _RECENT
                and default.begin - _RECENT <= other.end)
    return a.time.begin <= b.time.end and b.time.begin <= a.time.end


def _types_fit(earlier: Event, later: Event, res: EventResources, headline_lead: bool) -> bool:
    """The same type, or a later broader word ("the attack" after "airstrikes": a later
    narrower word tells something new); for the body's lead, a headline's sibling of
    the same family."""
    if earlier.type == later.type or res.is_a(earlier.type, later.type):
        return True
    return headline_lead and (earlier.family or earlier.type) == (later.family or later.type)


def _fits(earlier: Event, later: Event, evidence_free: bool, res: EventResources,
          countries: set[str], headline_lead: bool) -> bool:
    if "statement" in (earlier.type, later.type) or earlier.factuality != later.factuality:
        return False
    if not _types_fit(earlier, later, res, headline_lead) or not _dates_fit(earlier, later):
        return False
    for roles in ({"place"}, {"agent"}, {"target"}):
        keep = roles != {"place"}
        x = _ids(earlier, roles, countries, keep_countries=keep)
        y = _ids(later, roles, countries, keep_countries=keep)
        if x and y and not x & y:
            return False
    shared = (_ids(earlier, {"place"}, countries, keep_countries=False)
              & _ids(later, {"place"}, countries, keep_countries=False)) or (
        _ids(earlier, None, countries, keep_countries=False)
        & _ids(later, None, countries, keep_countries=False))
    return bool(shared) or evidence_free


def link_repeats(events: list[Event], doc: Doc, entities: list[Entity],
                 res: EventResources, title_end: int) -> None:
    """Set ``same_as`` on every event that repeats an earlier one of the article.

    ``title_end`` is where the headline ends in the article's text (0 without one). The
    first body event of a family may repeat a headline event of that family with no
    shared argument: the lead tells what the headline announced."""
    countries = {e.key for e in entities if e.is_country}
    ordered = sorted(events, key=lambda e: e.trigger.start)
    body_families: set[str] = set()
    for i, later in enumerate(ordered):
        family = later.family or later.type
        lead = later.trigger.start >= title_end and family not in body_families
        head = _head(later, doc)
        points_back = head is not None and _points_back(later, head)
        another = head is not None and _tells_another(head)
        for earlier in reversed(ordered[:i]):
            headline_lead = lead and earlier.trigger.start < title_end
            if another and not headline_lead:
                continue
            free = (points_back and earlier.type == later.type) or headline_lead
            if _fits(earlier, later, free, res, countries, headline_lead):
                later.same_as = earlier.key
                break
        if later.trigger.start >= title_end:
            body_families.add(family)
