"""The ontology files parse strictly, and the SHACL shapes hold on the seeds graph."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.store import OxigraphStore
from kg.validate import Validator

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY_DIR = REPO / "ontology"
TTL_FILES = sorted(ONTOLOGY_DIR.rglob("*.ttl"))
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
DCTERMS_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
ANCHOR_OF = ox.NamedNode(NIF + "anchorOf")
DATE_PUBLISHED = ox.NamedNode("http://schema.org/datePublished")


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator.load(ONTOLOGY_DIR)


def test_ontology_folder_has_the_contract_files() -> None:
    names = {p.name for p in TTL_FILES}
    assert {"newskg.ttl", "shapes.ttl"} <= names


@pytest.mark.parametrize("path", TTL_FILES, ids=lambda p: p.name)
def test_every_turtle_file_parses_strictly(path: Path) -> None:
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert len(triples) > 10


def test_a_turtle_error_is_caught_by_the_strict_parser(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    # rdflib accepts some invalid Turtle; pyoxigraph must reject this undefined prefix.
    bad.write_text("<http://x/a> <http://x/b> nkg:c .\n", encoding="utf-8")
    with pytest.raises(SyntaxError):
        list(ox.parse(path=str(bad), format=ox.RdfFormat.TURTLE))


@pytest.mark.slow
def test_seeds_graph_conforms_to_the_shapes(seeds_store: OxigraphStore, validator: Validator) -> None:
    quads = list(seeds_store.raw.quads_for_pattern(None, None, None, None))
    report = validator.validate_quads(quads)
    assert report.graphs == len(seeds_store.articles()) >= 6
    assert report.violations == 0, report.format(limit=40)


def _one_article(seeds_store: OxigraphStore) -> tuple[ox.NamedNode, list[ox.Quad]]:
    graph = seeds_store.articles()[0]
    return graph, list(seeds_store.raw.quads_for_pattern(None, None, None, graph))


def _write_nquads(path: Path, quads: list[ox.Quad]) -> None:
    with path.open("wb") as out:
        ox.serialize(quads, out, ox.RdfFormat.N_QUADS)


@pytest.mark.slow
def test_a_broken_graph_fails_with_readable_messages(
    seeds_store: OxigraphStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph, quads = _one_article(seeds_store)
    anchor = next(q for q in quads if q.predicate == ANCHOR_OF)
    broken = [q for q in quads if q.predicate != DCTERMS_TITLE and q is not anchor]
    broken.append(ox.Quad(anchor.subject, ANCHOR_OF, ox.Literal("Atlantis"), graph))
    broken.append(ox.Quad(graph, DATE_PUBLISHED, ox.Literal("last Tuesday"), graph))
    path = tmp_path / "broken.nq"
    _write_nquads(path, broken)

    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "missing title: needs at least 1" in out
    expected = f'"Atlantis" differs from the article text at its offsets: "{anchor.object.value}"'
    assert f"mention text {expected}" in out
    assert "publication date must be a literal of type xsd:date" in out
    assert re.search(r"1 graph\(s\) checked: [34] violation\(s\)", out)
    assert "does NOT conform" in out


@pytest.mark.slow
def test_kg_validate_on_a_store_reports_zero_violations(
    seeds_store: OxigraphStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    disk = OxigraphStore(tmp_path / "store")
    for graph in seeds_store.articles():
        disk.replace_article(graph, seeds_store.raw.quads_for_pattern(None, None, None, graph))
    disk.close()
    code = main(["validate", "--store", str(tmp_path / "store")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"{len(seeds_store.articles())} graph(s) checked: 0 violation(s)" in out
    assert "conforms" in out


def test_kg_validate_json_on_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A hand-written article graph missing its mention's offsets, as JSON."""
    ttl = tmp_path / "one.ttl"
    ttl.write_text(
        """@prefix schema: <http://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix nkg: <https://newskg.org/ontology#> .
@prefix gaf: <http://groundedannotationframework.org/gaf#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
<https://newskg.org/id/article/a1> a schema:NewsArticle, nif:Context ;
    dcterms:identifier "a1" ; dcterms:title "T" ; nif:isString "T\\n\\nKyiv is calm." .
<https://newskg.org/id/place/kyiv> a schema:Place, sem:Place ; rdfs:label "Kyiv" ;
    prov:wasDerivedFrom <https://newskg.org/id/article/a1> ;
    gaf:denotedBy <https://newskg.org/id/article/a1#char=3,7> .
<https://newskg.org/id/article/a1#char=3,7> a nif:String, nkg:Mention ;
    nif:anchorOf "Kyiv" ; nif:referenceContext <https://newskg.org/id/article/a1> .
""",
        encoding="utf-8",
    )
    import json

    assert main(["validate", "--json", str(ttl)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["conforms"] is False and report["violations"] == 2
    paths = sorted(f["path"] for f in report["findings"])
    assert paths == ["nif:beginIndex", "nif:endIndex"]
    assert all(f["focus"] == "<article/a1#char=3,7>" for f in report["findings"])


def test_committed_diagram_matches_the_ontology_and_shapes() -> None:
    import importlib.util

    import rdflib

    spec = importlib.util.spec_from_file_location("diagram", ONTOLOGY_DIR / "diagram.py")
    diagram = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(diagram)  # type: ignore[union-attr]
    ontology = rdflib.Graph().parse(ONTOLOGY_DIR / "newskg.ttl", format="turtle")
    shapes = rdflib.Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    expected = diagram.to_dot(*diagram.model(ontology, shapes))
    committed = (ONTOLOGY_DIR / "model.dot").read_text(encoding="utf-8")
    assert committed == expected, "model.dot is stale: run PYTHONPATH=. python ontology/diagram.py"
    assert (ONTOLOGY_DIR / "model.svg").stat().st_mtime > 0


SPARQL_BROKEN = """@prefix schema: <http://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix nkg: <https://newskg.org/ontology#> .
@prefix gaf: <http://groundedannotationframework.org/gaf#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix a: <https://newskg.org/id/article/a1#> .
<https://newskg.org/id/article/a1> a schema:NewsArticle, nif:Context ;
    dcterms:identifier "a1" ; dcterms:title "T" ;
    nif:isString "T\\n\\nRussia shelled Kyiv. Kyiv is calm." .
<https://newskg.org/id/place/kyiv> a schema:Place, sem:Place, sem:Actor ; rdfs:label "Kyiv" ;
    prov:wasDerivedFrom <https://newskg.org/id/article/a1> ;
    gaf:denotedBy <https://newskg.org/id/article/a1#char=18,22> .
<https://newskg.org/id/article/a1#char=18,22> a nif:String, nkg:Mention ;
    nif:beginIndex "18"^^xsd:nonNegativeInteger ; nif:endIndex "22"^^xsd:nonNegativeInteger ;
    nif:anchorOf "Kiev" ; nif:referenceContext <https://newskg.org/id/article/a1> ;
    nkg:sentence <https://newskg.org/id/article/a1#char=24,37> .
<https://newskg.org/id/article/a1#char=24,37> a nif:Sentence ;
    nif:beginIndex "24"^^xsd:nonNegativeInteger ; nif:endIndex "37"^^xsd:nonNegativeInteger ;
    nif:referenceContext <https://newskg.org/id/article/a1> .
<https://newskg.org/id/event/e1> a sem:Event ;
    sem:eventType <https://newskg.org/event-type/attack> ; rdfs:label "shelled" ;
    gaf:denotedBy <https://newskg.org/id/article/a1#char=18,22> ;
    prov:wasDerivedFrom <https://newskg.org/id/article/a1> ;
    nkg:factuality nkg:Asserted ; nkg:confidence 0.5 ;
    nkg:target <https://newskg.org/id/place/kyiv> .
<https://newskg.org/event-type/attack> a <http://www.w3.org/2004/02/skos/core#Concept> .
"""


def test_sparql_constraints_run_by_oxigraph_match_pyshacl(tmp_path: Path) -> None:
    """The three SHACL-SPARQL checks find the same problems as pySHACL running them itself."""
    path = tmp_path / "sparql.ttl"
    path.write_text(SPARQL_BROKEN, encoding="utf-8")
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    fast = Validator.load(ONTOLOGY_DIR)
    slow = Validator(shapes=fast.shapes, ontology=fast.ontology)  # pySHACL runs sh:sparql
    got = fast.validate_triples(triples, "g")
    assert {(f.focus, f.shape) for f in got} == {
        (f.focus, f.shape) for f in slow.validate_triples(triples, "g")
    }
    messages = sorted(f.message for f in got)
    assert messages == [
        "mention lies outside its sentence <article/a1#char=24,37>",
        'mention text "Kiev" differs from the article text at its offsets: "Kyiv"',
        "nkg:target <place/kyiv> is not also given as sem:hasActor",
    ], messages


def test_every_count_kind_the_extractor_knows_is_allowed_by_the_shapes() -> None:
    """Kinds in kg/data/events/quantities.json (when present) are all in QuantityShape's sh:in."""
    import json

    import rdflib

    data = REPO / "kg" / "data" / "events" / "quantities.json"
    kinds = set(json.loads(data.read_text(encoding="utf-8"))["kinds"].values())
    shapes = rdflib.Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    allowed = {
        str(v)
        for row in shapes.query(
            "PREFIX sh: <http://www.w3.org/ns/shacl#> SELECT ?v WHERE { "
            "?p sh:path <https://newskg.org/ontology#quantityKind> ; sh:in/rdf:rest*/rdf:first ?v }"
        )
        for v in row
    }
    assert "killed" in allowed
    assert kinds <= allowed, f"count kinds the shapes reject: {sorted(kinds - allowed)}"


@pytest.mark.slow
def test_readme_worked_example_is_real_output(seeds_store: OxigraphStore) -> None:
    """Every triple of the README's Turtle example is in the seeds graph.

    Event IRIs are hashes of extraction keys, so they become variables: the example must
    match some events with exactly the properties shown.
    """
    text = (ONTOLOGY_DIR / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```turtle\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1, "the README should hold one Turtle example"
    triples = list(ox.parse(blocks[0], format=ox.RdfFormat.TURTLE))
    assert len(triples) >= 30
    event_prefix = "https://newskg.org/id/event/"

    def term(t: ox.NamedNode | ox.Literal | ox.BlankNode) -> str:
        if isinstance(t, ox.NamedNode) and t.value.startswith(event_prefix):
            return "?e_" + re.sub(r"\W", "_", t.value[len(event_prefix):])
        return str(t)

    patterns = " .\n".join(f"{term(t.subject)} {term(t.predicate)} {term(t.object)}" for t in triples)
    found = seeds_store.query(f"ASK {{ {patterns} }}")
    if not bool(found):
        missing = [t for t in triples if not t.subject.value.startswith(event_prefix)
                   and not any(seeds_store.raw.quads_for_pattern(t.subject, t.predicate, t.object))]
        pytest.fail("README example does not match the seeds graph; triples not found:\n"
                    + "\n".join(str(t) for t in missing[:20]))
