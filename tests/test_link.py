"""GeoNames linking: spelling variants meet, ambiguity stays unlinked, context decides."""

from __future__ import annotations

import pytest

from kg.link import LinkContext, normalise


@pytest.fixture(scope="module")
def gaz(resources):
    return resources.entities.gazetteer


def test_normalise_drops_article_possessive_and_accents():
    assert normalise("the Sea of Azov") == "sea of azov"
    assert normalise("Russia's") == "russia"
    assert normalise("Belarus’") == "belarus"
    assert normalise("Kíev") == "kiev"


@pytest.mark.parametrize(
    ("name", "geonames_id"),
    [("Kiev", 703448), ("Kyiv", 703448), ("Kharkiv", 706483), ("Gomel", 627907),
     ("Homyel'", 627907), ("Belarus", 630336), ("Sea of Azov", 630673), ("U.S.", 6252001)],
)
def test_variants_link_to_one_geonames_place(gaz, name, geonames_id):
    link = gaz.link(name, LinkContext())
    assert link is not None and link.place.geonames_id == geonames_id
    assert -90 <= link.place.lat <= 90 and -180 <= link.place.lon <= 180
    assert 0 < link.confidence <= 1


def test_unknown_name_is_not_linked(gaz):
    assert gaz.link("Zzyzxqua Flats", LinkContext()) is None
    assert gaz.link("", LinkContext()) is None


def test_ambiguous_name_without_context_is_left_unlinked(gaz):
    # several US Springfields of similar size and nothing in the article to choose
    assert gaz.link("Springfield", LinkContext()) is None


def test_article_context_picks_the_local_place(gaz):
    assert gaz.link("Paris", LinkContext()).place.country_code == "FR"
    local = gaz.link("Paris", LinkContext(countries={"US"}, admin1={("US", "TX")}))
    assert local is not None and (local.place.country_code, local.place.admin1) == ("US", "TX")


def test_country_context_turns_georgia_into_the_us_state(gaz):
    assert gaz.link("Georgia", LinkContext()).place.feature == "country"
    assert gaz.link("Georgia", LinkContext(countries={"US"})).place.feature == "admin1"
