"""Place names found inside longer names and from the words around them (hand-built Docs)."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.eval.geo import haversine_km
from kg.extract.entities import extract_entities
from tests.handbuilt import make_doc


def make(blank, text: str, ents: list[tuple[str, str]]) -> Doc:
    return make_doc(blank, text, ents)


def places(ents):
    return {e.canonical: e for e in ents if e.kind == "place"}


def near(ent, lat: float, lon: float, km: float = 100) -> bool:
    return ent.lat is not None and haversine_km(ent.lat, ent.lon, lat, lon) <= km


def test_county_inside_an_organisation_name_is_a_place_mention(blank, res):
    text = "Deputies of the Alachua County Sheriff's Office in Gainesville, Fla., said so."
    doc = make(blank, text, [("Alachua County Sheriff's Office", "ORG"), ("Gainesville", "GPE"),
                             ("Fla.", "GPE")])
    ents, _ = extract_entities(doc, res)
    county = next(e for e in ents if e.kind == "place" and e.label.startswith("Alachua County"))
    assert near(county, 29.68, -82.39)
    assert [m.text for m in county.mentions] == ["Alachua County"]
    assert any(e.kind == "organization" and "Sheriff" in e.label for e in ents)


def test_street_named_like_a_town_is_not_the_town(blank, res):
    doc = make(blank, "He lives on Hampton Avenue in St. Louis, Missouri.",
               [("Hampton Avenue", "FAC"), ("St. Louis", "GPE"), ("Missouri", "GPE")])
    ents, _ = extract_entities(doc, res)
    assert not any(m.text == "Hampton" for e in ents for m in e.mentions)


def test_qualified_country_is_not_placed_at_the_country(blank, res):
    doc = make(blank, "Fires burned across Western Australia.", [("Western Australia", "GPE")])
    ents, _ = extract_entities(doc, res)
    assert not any(e.is_country for e in ents)


def test_qualified_state_is_a_mention_of_the_state(blank, res):
    doc = make(blank, "Most Northern Illinois school systems agreed.", [("Northern Illinois", "GPE")])
    ents, _ = extract_entities(doc, res)
    state = next(e for e in ents if any(m.text == "Illinois" for m in e.mentions))
    assert near(state, 40.0, -89.2, km=200) and not state.is_country


def test_names_before_counties_are_those_counties(blank, res):
    text = "Grass fires burned in Eastland and Callahan counties, Texas officials said."
    doc = make(blank, text, [("Eastland", "GPE"), ("Callahan", "PERSON"), ("Texas", "GPE")])
    ents, _ = extract_entities(doc, res)
    callahan = next(e for e in ents if any(m.text == "Callahan" for m in e.mentions))
    assert callahan.kind == "place" and near(callahan, 32.3, -99.4)
    eastland = next(e for e in ents if any(m.text == "Eastland" for m in e.mentions))
    assert near(eastland, 32.3, -98.8)


def test_town_before_a_resident_noun_is_a_place(blank, res):
    text = "A Chapin man died Tuesday in a crash in Lexington County, South Carolina."
    doc = make(blank, text, [("Chapin", "PERSON"), ("Lexington County", "GPE"),
                             ("South Carolina", "GPE")])
    ents, _ = extract_entities(doc, res)
    chapin = next(e for e in ents if any(m.text == "Chapin" for m in e.mentions))
    assert chapin.kind == "place" and near(chapin, 34.17, -81.35)


def test_surname_of_a_person_named_in_full_stays_a_person(blank, res):
    text = "Tom Chapin sang. The Chapin family thanked fans in South Carolina."
    doc = make(blank, text, [("Tom Chapin", "PERSON"), ("Chapin", "PERSON"),
                             ("South Carolina", "GPE")])
    ents, _ = extract_entities(doc, res)
    assert "Chapin" not in places(ents)
    assert [m.text for e in ents if e.kind == "person" for m in e.mentions] == ["Tom Chapin", "Chapin"]


def test_nested_town_is_dropped_without_support_and_linked_with_it(blank, res):
    bare = make(blank, "Officers of the Grand Ledge Police arrived.", [("Grand Ledge Police", "ORG")])
    ents, _ = extract_entities(bare, res)
    assert not places(ents)
    text = "Officers of the Grand Ledge Police arrived from Lansing, Michigan."
    doc = make(blank, text, [("Grand Ledge Police", "ORG"), ("Lansing", "GPE"), ("Michigan", "GPE")])
    ents, _ = extract_entities(doc, res)
    ledge = next(e for e in ents if any(m.text == "Grand Ledge" for m in e.mentions))
    assert near(ledge, 42.75, -84.75)


def test_dateline_in_capitals_is_a_place(blank, res):
    text = "Students vote on a new arena.\nBOWLING GREEN, Ohio (AP) Students at the university voted."
    doc = make(blank, text, [("Ohio", "GPE")])
    ents, _ = extract_entities(doc, res)
    town = next(e for e in ents if any(m.text == "BOWLING GREEN" for m in e.mentions))
    assert town.kind == "place" and near(town, 41.37, -83.65)


def test_untagged_town_before_a_resident_noun(nlp, res):
    doc = nlp("A Rolling Meadows resident used his car to stop a burglar in Illinois.")
    ents, _ = extract_entities(doc, res)
    town = next(e for e in ents if any(m.text == "Rolling Meadows" for m in e.mentions))
    assert town.kind == "place" and near(town, 42.08, -88.01)


def test_town_listed_with_towns_is_a_place(blank, res):
    text = "They visited residents in Sharon, Cornwall and Salisbury, Connecticut."
    doc = make(blank, text, [("Sharon", "GPE"), ("Cornwall", "PERSON"), ("Salisbury", "GPE"),
                             ("Connecticut", "GPE")])
    ents, _ = extract_entities(doc, res)
    cornwall = next(e for e in ents if any(m.text == "Cornwall" for m in e.mentions))
    assert cornwall.kind == "place"


def test_qualifier_inside_a_state_name_is_kept(blank, res):
    doc = make(blank, "The West Virginia Lottery Commission met.",
               [("West Virginia Lottery Commission", "ORG")])
    ents, _ = extract_entities(doc, res)
    state = next(e for e in ents if e.kind == "place")
    assert [m.text for m in state.mentions] == ["West Virginia"] and near(state, 38.5, -80.5)


def test_city_comma_state_picks_the_city_in_that_state(blank, res):
    doc = make(blank, "The council of Paris, Texas, met on Monday.", [("Paris", "GPE"), ("Texas", "GPE")])
    ents, _ = extract_entities(doc, res)
    paris = next(e for e in ents if e.label == "Paris")
    assert paris.country_code == "US" and near(paris, 33.66, -95.56)
    alone = make(blank, "The council of Paris met on Monday.", [("Paris", "GPE")])
    ents, _ = extract_entities(alone, res)
    assert next(e for e in ents if e.label == "Paris").country_code == "FR"
