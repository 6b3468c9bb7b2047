"""The seed article's events, end to end through the real pipeline (issue 4's pinned facts)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import extract
from kg.records import Article, Event, Extraction


@pytest.fixture(scope="module")
def seed(nlp, resources, seed_article_text: str) -> Extraction:
    title, body = seed_article_text.split("\n", 1)
    article = Article(id="seed", title=title, text=body.strip(), published=date(2022, 3, 2))
    return extract(article, nlp(article.full_text), resources)


def _names(x: Extraction, ev: Event, role: str) -> set[str]:
    return {x.entity(a.entity).canonical for a in ev.arguments if a.role == role}


def _events(x: Extraction, *types: str) -> list[Event]:
    return [ev for ev in x.events if ev.type in types]


def test_kharkiv_airstrikes_on_tuesday_by_russia(seed: Extraction) -> None:
    hits = [
        ev
        for ev in _events(seed, "airstrike")
        if "Kharkiv" in _names(seed, ev, "target") | _names(seed, ev, "place")
    ]
    assert hits, "no airstrike on Kharkiv"
    ev = hits[0]
    assert "Russia" in _names(seed, ev, "agent")
    assert ev.time is not None and ev.time.begin == date(2022, 3, 1) and not ev.time.defaulted
    assert ev.time.precision == "day"
    assert ev.factuality == "asserted"


def test_kyiv_tv_tower_attack_counts_five_killed_five_injured(seed: Extraction) -> None:
    hits = [ev for ev in _events(seed, "attack", "airstrike") if "Kyiv" in _names(seed, ev, "target")]
    assert hits, "no attack with target Kyiv"
    counts = {(q.kind, q.value) for q in hits[0].quantities}
    assert {("killed", 5), ("injured", 5)} <= counts
    assert "Russia" in _names(seed, hits[0], "agent")


def test_konashenkov_briefing_statement_carries_destroyed_counts(seed: Extraction) -> None:
    statements = [
        ev for ev in _events(seed, "statement") if "Igor Konashenkov" in _names(seed, ev, "speaker")
    ]
    assert statements
    assert any(s.time and s.time.begin == date(2022, 3, 1) and s.time.text for s in statements)
    konashenkov = next(e.key for e in seed.entities if e.canonical == "Igor Konashenkov")
    statement_keys = {s.key for s in statements}
    for s in statements:
        assert s.time is not None and s.time.begin == date(2022, 3, 1)
    destroyed = {
        q.value
        for ev in seed.events
        if ev.attributed_to == konashenkov and ev.reported_in in statement_keys
        for q in ev.quantities
        if q.kind == "destroyed"
    }
    assert {1325, 395, 59, 179, 286} <= destroyed
    # claims are attributed, never made by the article itself
    for ev in seed.events:
        if any(q.value == 395 for q in ev.quantities):
            assert ev.attributed_to == konashenkov


def test_kuleba_urges_poland_france_germany_on_sanctions_and_arms(seed: Extraction) -> None:
    appeals = [ev for ev in _events(seed, "appeal") if "Dmytro Kuleba" in _names(seed, ev, "agent")]
    assert appeals
    appeal = appeals[0]
    assert {"Poland", "France", "Germany"} <= _names(seed, appeal, "target")
    assert appeal.content and "sanctions" in appeal.content and "arms" in appeal.content
    requested = [ev for ev in seed.events if ev.reported_in == appeal.key]
    assert {"sanction", "provide-arms"} <= {ev.type for ev in requested}
    assert all(ev.factuality != "asserted" for ev in requested)


def test_delegations_met_on_monday_in_gomel_region(seed: Extraction) -> None:
    hits = [ev for ev in _events(seed, "meet", "negotiate") if ev.time and ev.time.begin == date(2022, 2, 28)]
    assert hits
    ev = hits[0]
    assert ev.factuality == "asserted"
    assert {"Russia", "Ukraine"} <= _names(seed, ev, "participant")
    places = [seed.entity(a.entity) for a in ev.arguments if a.role == "place"]
    assert any("Gomel" in p.alt_labels | {p.label} or "Homyel" in p.canonical for p in places)


def test_second_round_on_wednesday_is_planned_not_happened(seed: Extraction) -> None:
    hits = [
        ev
        for ev in _events(seed, "negotiate", "meet")
        if ev.time and ev.time.text and "Wednesday" in ev.time.text
    ]
    assert hits
    for ev in hits:
        assert ev.factuality == "planned"
        assert ev.time is not None and ev.time.begin == date(2022, 3, 2)


def test_presidents_meeting_is_never_asserted(seed: Extraction) -> None:
    lukashenko = next(e.key for e in seed.entities if e.canonical == "Alexander Lukashenko")
    peskov = next(e.key for e in seed.entities if e.canonical == "Dmitry Peskov")
    meetings = [ev for ev in _events(seed, "meet") if ev.attributed_to in {lukashenko, peskov}]
    assert {ev.attributed_to for ev in meetings} == {lukashenko, peskov}
    assert all(ev.factuality in {"possible", "hypothetical"} for ev in meetings)
    # the only asserted Russia-Ukraine meeting is the delegations' one on Monday
    for ev in _events(seed, "meet", "negotiate"):
        if ev.factuality == "asserted" and {"Russia", "Ukraine"} <= _names(seed, ev, "participant"):
            assert ev.time is not None and ev.time.begin == date(2022, 2, 28)
