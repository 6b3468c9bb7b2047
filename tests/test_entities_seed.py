"""The seed article through the real pipeline: one entity per real thing, posts, links."""

from __future__ import annotations

import pytest

from kg.extract.entities import EntityResources, extract_entities
from kg.link import Gazetteer

pytestmark = [pytest.mark.slow, pytest.mark.shared]


@pytest.fixture(scope="module")
def seed(nlp, resources, seed_article_text):
    doc = nlp(seed_article_text)
    entities, posts = extract_entities(doc, resources.entities)
    return seed_article_text, entities, posts


def matching(entities, name):
    return [e for e in entities if e.canonical == name or name in e.alt_labels]


PEOPLE = ["Sergei Shoigu", "Igor Konashenkov", "Dmytro Kuleba", "Alexander Lukashenko",
          "Dmitry Peskov"]
PLACES = {"Kharkiv": 706483, "Kyiv": 703448, "Gomel": 627907, "Belarus": 630336,
          "Sea of Azov": 630673}


@pytest.mark.parametrize("name", PEOPLE)
def test_exactly_one_person_each(seed, name):
    _, entities, _ = seed
    found = matching(entities, name)
    assert len(found) == 1 and found[0].kind == "person" and found[0].canonical == name


@pytest.mark.parametrize(("name", "geonames_id"), PLACES.items())
def test_exactly_one_linked_place_each(seed, name, geonames_id):
    _, entities, _ = seed
    found = matching(entities, name)
    assert len(found) == 1
    place = found[0]
    assert place.kind == "place" and place.geonames_id == geonames_id
    assert place.lat is not None and place.lon is not None and place.link_confidence


def test_surnames_are_mentions_of_the_full_name(seed):
    text, entities, _ = seed
    shoigu = matching(entities, "Sergei Shoigu")[0]
    konashenkov = matching(entities, "Igor Konashenkov")[0]
    assert len(shoigu.mentions) == 2 and len(konashenkov.mentions) == 3
    for m in shoigu.mentions + konashenkov.mentions:
        assert text[m.start:m.end] == m.text


def test_kiev_and_kyiv_are_one_place(seed):
    text, entities, _ = seed
    kyiv = matching(entities, "Kyiv")[0]
    tower = text.index("Kiev TV tower")
    assert {m.text for m in kyiv.mentions} == {"Kiev", "Kyiv"}
    assert any(m.start == tower and m.end == tower + 4 for m in kyiv.mentions)


def test_russian_in_airstrikes_is_russia_acting(seed):
    text, entities, _ = seed
    russia = matching(entities, "Russia")
    assert len(russia) == 1 and russia[0].is_country and russia[0].is_actor
    at = text.index("huge Russian airstrikes") + len("huge ")
    assert any(m.start == at and m.text == "Russian" for m in russia[0].mentions)


def test_no_page_furniture(seed):
    _, entities, _ = seed
    labels = {e.canonical.lower() for e in entities} | {
        a.lower() for e in entities for a in e.alt_labels}
    for junk in ("related news", "newstrack whatsapp", "newstrack", "whatsapp"):
        assert junk not in labels


EXPECTED_POSTS = {
    "Igor Konashenkov": ("spokesperson", "Russian Defence Ministry", "organization"),
    "Sergei Shoigu": ("defence minister", "Russia", "place"),
    "Dmytro Kuleba": ("foreign minister", "Ukraine", "place"),
    "Alexander Lukashenko": ("president", "Belarus", "place"),
    "Dmitry Peskov": ("spokesperson", "Kremlin", "organization"),
}


@pytest.mark.parametrize("person", EXPECTED_POSTS)
def test_people_hold_their_posts(seed, person):
    _, entities, posts = seed
    by_key = {e.key: e for e in entities}
    holder = matching(entities, person)[0]
    held = [p for p in posts if p.holder == holder.key]
    assert len(held) == 1
    role, org, kind = EXPECTED_POSTS[person]
    assert held[0].role == role
    assert by_key[held[0].organization].canonical == org
    assert by_key[held[0].organization].kind == kind
    assert held[0].mention is not None and held[0].label


def test_extraction_does_not_reload_the_gazetteer(nlp, resources, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("gazetteer loaded per article")

    monkeypatch.setattr(Gazetteer, "load", classmethod(refuse))
    for text in ["Kiev and Kharkiv were shelled.", "", "No names here at all."]:
        extract_entities(nlp(text), resources.entities)
    assert isinstance(resources.entities, EntityResources)
