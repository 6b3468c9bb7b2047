"""Two hand-built extractions (our own sentences) with events, posts, places and a
statement, so API tests do not depend on how rich the current extractors are.

They go through the real record types and :func:`kg.rdf.extraction_to_quads`.
"""

from __future__ import annotations

import re
from datetime import date

from kg.records import (
    Argument,
    Article,
    Entity,
    Event,
    Extraction,
    Mention,
    Post,
    Quantity,
    TimeValue,
)

TEXT_1 = (
    "Russian forces shelled Kharkiv on Tuesday, killing five people, regional officials said. "
    "Kremlin spokesman Dmitry Peskov said Moscow was not targeting civilians. "
    "Ukrainian Foreign Minister Dmytro Kuleba met Russian Foreign Minister Sergei Lavrov "
    "in Antalya on March 10. Defence Minister Sergei Shoigu of Russia did not appear in public."
)
TEXT_2 = "Sergei Shoigu visited troops near Kharkiv, the ministry said. Shoigu gave no interview."


def _finder(article: Article):
    full = article.full_text
    sentences = []
    for m in re.finditer(r"[^.\n]+\.?", full):  # our sentences have no inner full stops
        text = m.group(0)
        lead = len(text) - len(text.lstrip())
        if text.strip():
            sentences.append((m.start() + lead, m.end()))

    def mention(text: str, nth: int = 0) -> Mention:
        pos = -1
        for _ in range(nth + 1):
            pos = full.index(text, pos + 1)
        sent = next((s for s in sentences if s[0] <= pos < s[1]), None)
        return Mention(pos, pos + len(text), text, *(sent or (None, None)))

    return mention, sentences


def _ent(key, kind, label, mentions, **kw) -> Entity:
    return Entity(key=key, kind=kind, label=label, canonical=label, mentions=mentions,
                  alt_labels={m.text for m in mentions}, **kw)


def article_one() -> Extraction:
    art = Article("handmade-kharkiv", "Shelling in Kharkiv as ministers meet", TEXT_1,
                  url="https://example.test/kharkiv", published=date(2022, 3, 2),
                  source="Fixture Times")
    m, sentences = _finder(art)
    ents = [
        _ent("forces", "organization", "Russian Armed Forces", [m("Russian forces")],
             is_actor=True),
        _ent("kharkiv", "place", "Kharkiv", [m("Kharkiv", 1)], geonames_id=706483,
             lat=49.98081, lon=36.25272, country_code="UA", link_confidence=0.9),
        _ent("kremlin", "organization", "Kremlin", [m("Kremlin")], is_actor=True),
        _ent("peskov", "person", "Dmitry Peskov", [m("Dmitry Peskov")], is_actor=True),
        _ent("kuleba", "person", "Dmytro Kuleba", [m("Dmytro Kuleba")], is_actor=True),
        _ent("lavrov", "person", "Sergei Lavrov", [m("Sergei Lavrov")], is_actor=True),
        _ent("shoigu", "person", "Sergei Shoigu", [m("Sergei Shoigu")], is_actor=True),
        _ent("antalya", "place", "Antalya", [m("Antalya")], geonames_id=323777,
             lat=36.90812, lon=30.69556, country_code="TR"),
        _ent("ukraine", "place", "Ukraine", [m("Ukrainian")], geonames_id=690791,
             lat=49.0, lon=32.0, country_code="UA", is_country=True),
        _ent("russia", "place", "Russia", [m("Russia", 2)], geonames_id=2017370,
             lat=60.0, lon=100.0, country_code="RU", is_country=True),
    ]
    posts = [
        Post("peskov", "spokesman", "Kremlin spokesman", "kremlin"),
        Post("kuleba", "foreign minister", "Foreign Minister of Ukraine", "ukraine"),
        Post("lavrov", "foreign minister", "Foreign Minister of Russia", "russia"),
        Post("shoigu", "defence minister", "Defence Minister of Russia", "russia"),
    ]
    events = [
        Event("attack", "attack", m("shelled"),
              [Argument("agent", "forces"), Argument("place", "kharkiv")],
              time=TimeValue(date(2022, 3, 1), date(2022, 3, 1), "day", "Tuesday"),
              quantities=[Quantity("killed", 5, "people")], confidence=0.8),
        Event("said", "statement", m("said", 1), [Argument("speaker", "peskov")],
              time=TimeValue(date(2022, 3, 2), date(2022, 3, 2), "day", defaulted=True),
              content="Moscow was not targeting civilians", confidence=0.9),
        Event("meet", "meeting", m("met"),
              [Argument("participant", "kuleba"), Argument("participant", "lavrov"),
               Argument("place", "antalya")],
              time=TimeValue(date(2022, 3, 10), date(2022, 3, 10), "day", "March 10"),
              factuality="asserted", confidence=0.7),
        Event("appear", "appearance", m("appear"), [Argument("participant", "shoigu")],
              factuality="negated", confidence=0.4),
    ]
    return Extraction(art, ents, posts, events, sentences)


def article_two() -> Extraction:
    art = Article("handmade-visit", "Shoigu visits troops", TEXT_2,
                  url="https://example.test/visit", published=date(2022, 3, 5),
                  source="Fixture Times")
    m, sentences = _finder(art)
    ents = [
        _ent("shoigu", "person", "Sergei Shoigu", [m("Sergei Shoigu"), m("Shoigu", 2)],
             is_actor=True),
        _ent("kharkiv", "place", "Kharkiv", [m("Kharkiv")], geonames_id=706483,
             lat=49.98081, lon=36.25272, country_code="UA"),
    ]
    events = [
        Event("visit", "visit", m("visited"),
              [Argument("participant", "shoigu"), Argument("place", "kharkiv")],
              time=TimeValue(date(2022, 3, 5), date(2022, 3, 5), "day", defaulted=True)),
    ]
    return Extraction(art, ents, [], events, sentences)
