"""Cross-article identity through the real pipeline: one IRI per real thing."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.rdf import IriMinter, extraction_to_quads
from kg.records import Article
from kg.vocab import GEO, OWL, RDFS, SKOS

pytestmark = pytest.mark.slow

ARTICLE_A = Article(
    id="a", title="Strikes on Kiev",
    text="Russian Defence Minister Sergei Shoigu said troops advanced towards Kiev. "
         "Shoigu gave no details. Officials in Gomel prepared for talks.",
)
ARTICLE_B = Article(
    id="b", title="Talks near Homyel'",
    text="Ukrainian officials travelled from Kyiv to Homyel', Belarus, on Monday. "
         "Sergei Shoigu did not attend.",
)


def iris(article, nlp, resources, minter):
    extraction = extract(article, nlp(article.full_text), resources)
    return {e.canonical: minter.entity(e).value for e in extraction.entities}, extraction


def test_same_person_and_place_get_the_same_iri_in_two_articles(nlp, resources):
    minter = IriMinter("https://newskg.org/id/")
    a, _ = iris(ARTICLE_A, nlp, resources, minter)
    b, _ = iris(ARTICLE_B, nlp, resources, minter)
    assert a["Kyiv"] == b["Kyiv"] == "https://newskg.org/id/place/kyiv-703448"
    assert a["Homyel'"] == b["Homyel'"]
    assert a["Sergei Shoigu"] == b["Sergei Shoigu"] == "https://newskg.org/id/person/sergei-shoigu"


def test_place_quads_carry_geonames_coordinates_and_variants(nlp, resources):
    minter = IriMinter("https://newskg.org/id/")
    _, extraction = iris(ARTICLE_A, nlp, resources, minter)
    quads = extraction_to_quads(extraction, minter)
    kyiv = [q for q in quads if q.subject.value == "https://newskg.org/id/place/kyiv-703448"]
    preds = {q.predicate: q.object.value for q in kyiv}
    assert preds[OWL.sameAs] == "https://sws.geonames.org/703448/"
    assert preds[RDFS.label] == "Kyiv" and preds[SKOS.altLabel] == "Kiev"
    assert GEO.hasGeometry in preds
