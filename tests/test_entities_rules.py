"""Repair and clustering rules on hand-built spaCy Docs (no statistical model)."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.entities import extract_entities
from tests.handbuilt import make_doc


def make(blank, text: str, ents: list[tuple[str, str]]) -> Doc:
    return make_doc(blank, text, ents)


def by_label(entities):
    return {e.canonical: e for e in entities}


def test_surname_tagged_org_joins_the_full_name(blank, res):
    doc = make(blank, "Sergei Shoigu spoke. Later Shoigu said more.",
               [("Sergei Shoigu", "PERSON"), ("Shoigu", "ORG")])
    ents, _ = extract_entities(doc, res)
    assert [e.canonical for e in ents] == ["Sergei Shoigu"]
    assert ents[0].kind == "person" and len(ents[0].mentions) == 2
    assert "Shoigu" in ents[0].alt_labels


def test_untagged_surname_is_a_mention_too(blank, res):
    doc = make(blank, "Dmitry Peskov spoke. Peskov added nothing.", [("Dmitry Peskov", "PERSON")])
    ents, _ = extract_entities(doc, res)
    peskov = by_label(ents)["Dmitry Peskov"]
    assert [m.text for m in peskov.mentions] == ["Dmitry Peskov", "Peskov"]


def test_known_place_tagged_norp_is_the_place(blank, res):
    text = "The attack on the Kiev TV tower was reported."
    doc = make(blank, text, [("Kiev", "NORP")])
    ents, _ = extract_entities(doc, res)
    kyiv = by_label(ents)["Kyiv"]
    assert kyiv.kind == "place" and kyiv.geonames_id == 703448
    assert kyiv.mentions[0].start == text.index("Kiev") and "Kiev" in kyiv.alt_labels


def test_page_furniture_is_not_an_entity(blank, res):
    doc = make(blank, "Join NewsTrack Whatsapp group\nRelated News",
               [("NewsTrack Whatsapp", "ORG"), ("Related News", "ORG")])
    assert extract_entities(doc, res) == ([], [])


def test_titles_are_stripped_from_names(blank, res):
    doc = make(blank, "Foreign Minister Dmytro Kuleba and Dr Lee met.",
               [("Foreign Minister Dmytro Kuleba", "PERSON"), ("Dr Lee", "PERSON")])
    names = [e.canonical for e in extract_entities(doc, res)[0]]
    assert names == ["Dmytro Kuleba", "Lee"]


def test_nationality_adjective_is_a_mention_of_the_country(blank, res):
    text = "Russian forces entered. Russia denied it."
    doc = make(blank, text, [("Russian", "NORP"), ("Russia", "GPE")])
    ents, _ = extract_entities(doc, res)
    russia = by_label(ents)["Russia"]
    assert russia.is_country and russia.kind == "place" and russia.geonames_id == 2017370
    assert [m.text for m in russia.mentions] == ["Russian", "Russia"]


def test_plural_nationality_is_a_group_not_the_country(blank, res):
    doc = make(blank, "Indians were advised to leave.", [("Indians", "NORP")])
    ents, _ = extract_entities(doc, res)
    assert [(e.kind, e.canonical) for e in ents] == [("group", "Indians")]


def test_alias_table_normalises_person_names(blank, res):
    doc = make(blank, "Sergey Shoigu arrived.", [("Sergey Shoigu", "PERSON")])
    ent = extract_entities(doc, res)[0][0]
    assert ent.canonical == "Sergei Shoigu" and "Sergey Shoigu" in ent.alt_labels


def test_unknown_and_odd_names_do_not_crash(blank, res):
    doc = make(blank, "Xqzt Vrrbl met ((( ))) Ñandú Qqq in Zzyzxqua Flats.",
               [("Xqzt Vrrbl", "PERSON"), ("Ñandú Qqq", "ORG"), ("Zzyzxqua Flats", "GPE")])
    ents, posts = extract_entities(doc, res)
    place = by_label(ents)["Zzyzxqua Flats"]
    assert place.geonames_id is None and place.lat is None
    assert posts == []


def test_no_entities_and_empty_text(blank, res):
    assert extract_entities(blank("nothing to see here."), res) == ([], [])
    assert extract_entities(blank(""), res) == ([], [])


def test_post_before_name_and_the_minister_mention(blank, res):
    text = ("Ukrainian Foreign Minister Dmytro Kuleba spoke on Monday. "
            "The talks were hard, the minister said.")
    doc = make(blank, text, [("Ukrainian", "NORP"), ("Dmytro Kuleba", "PERSON")])
    ents, posts = extract_entities(doc, res)
    kuleba = by_label(ents)["Dmytro Kuleba"]
    ukraine = by_label(ents)["Ukraine"]
    assert [(p.holder, p.role, p.organization) for p in posts] == [
        (kuleba.key, "foreign minister", ukraine.key)]
    assert posts[0].label == "Foreign Minister of Ukraine"
    assert [m.text for m in kuleba.mentions] == ["Dmytro Kuleba", "minister"]
    assert kuleba.mentions[1].start == text.index("minister said")


def test_apposition_post_with_country_possessive(blank, res):
    text = "Sergei Shoigu, Russia's defence minister, spoke."
    doc = make(blank, text, [("Sergei Shoigu", "PERSON"), ("Russia", "GPE")])
    ents, posts = extract_entities(doc, res)
    assert len(posts) == 1
    post = posts[0]
    assert (post.role, by_label(ents)["Russia"].key) == ("defence minister", post.organization)
    assert post.mention.text == "Russia's defence minister"


def test_title_without_organisation_gives_a_post_without_post_in(blank, res):
    doc = make(blank, "Spokesman John Smith declined.", [("John Smith", "PERSON")])
    _, posts = extract_entities(doc, res)
    assert [(p.role, p.organization) for p in posts] == [("spokesperson", None)]


def test_organisation_words_tagged_as_places_are_organisations(blank, res):
    doc = make(blank, "The EU and Congress met at the White House.",
               [("EU", "GPE"), ("Congress", "ORG"), ("White House", "FAC")])
    ents, _ = extract_entities(doc, res)
    assert {(e.canonical, e.kind) for e in ents} == {
        ("European Union", "organization"), ("Congress", "organization"),
        ("White House", "organization")}
