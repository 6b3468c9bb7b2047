"""kg/vocab.py is bound to ontology/newskg.ttl: code cannot use an undefined nkg: term."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.vocab import NKG, NKG_IRI, NKG_TERMS, ClosedNamespace

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontology" / "newskg.ttl"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
TERM_KINDS = {OWL + k for k in ("Class", "ObjectProperty", "DatatypeProperty", "NamedIndividual")}
PROPERTY_KINDS = {OWL + "ObjectProperty", OWL + "DatatypeProperty"}


@pytest.fixture(scope="module")
def ontology() -> ox.Store:
    store = ox.Store()
    store.load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    return store


def _values(store: ox.Store, subject: ox.NamedNode, predicate: str) -> list[str]:
    return [q.object.value for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]


def defined_terms(store: ox.Store) -> set[str]:
    return {
        q.subject.value[len(NKG_IRI):]
        for q in store.quads_for_pattern(None, RDF_TYPE, None)
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(NKG_IRI)
        and q.object.value in TERM_KINDS
    }


def terms_used_in_code() -> dict[str, set[str]]:
    """nkg terms referenced as NKG.term or NKG["term"] in kg/ and api/, by file."""
    pattern = re.compile(r"\bNKG(?:\.([A-Za-z_]\w*)|\[\s*[\"']([^\"']+)[\"']\s*\])")
    used: dict[str, set[str]] = {}
    for folder in ("kg", "api"):
        for path in sorted((REPO / folder).rglob("*.py")):
            for m in pattern.finditer(path.read_text(encoding="utf-8")):
                term = m.group(1) or m.group(2)
                if term in {"iri", "terms"}:  # Namespace attributes, not terms
                    continue
                used.setdefault(term, set()).add(str(path.relative_to(REPO)))
    return used


def nkg_iris_in(text: str) -> set[str]:
    """nkg terms written as nkg:term or <https://newskg.org/ontology#term> in a text file."""
    prefixed = set(re.findall(r"(?<![\w:])nkg:([A-Za-z_][\w-]*)", text))
    full = set(re.findall(re.escape(NKG_IRI) + r"([A-Za-z_][\w-]*)", text))
    return prefixed | full


def test_every_closed_term_is_defined_with_label_and_comment(ontology: ox.Store) -> None:
    defined = defined_terms(ontology)
    missing = sorted(NKG_TERMS - defined)
    assert not missing, f"in kg/vocab.py NKG_TERMS but not defined in {ONTOLOGY.name}: {missing}"
    for term in sorted(NKG_TERMS):
        node = ox.NamedNode(NKG_IRI + term)
        assert _values(ontology, node, RDFS + "label"), f"nkg:{term} has no rdfs:label"
        assert _values(ontology, node, RDFS + "comment"), f"nkg:{term} has no rdfs:comment"


def test_every_property_has_domain_and_range(ontology: ox.Store) -> None:
    for term in sorted(NKG_TERMS):
        node = ox.NamedNode(NKG_IRI + term)
        if set(_values(ontology, node, str(RDF_TYPE.value))) & PROPERTY_KINDS:
            assert _values(ontology, node, RDFS + "domain"), f"nkg:{term} has no rdfs:domain"
            assert _values(ontology, node, RDFS + "range"), f"nkg:{term} has no rdfs:range"


def test_ontology_defines_nothing_beyond_the_closed_list(ontology: ox.Store) -> None:
    extra = sorted(defined_terms(ontology) - NKG_TERMS)
    assert not extra, f"defined in {ONTOLOGY.name} but not in kg/vocab.py NKG_TERMS: {extra}"


def test_event_roles_are_sub_properties_of_sem_has_actor(ontology: ox.Store) -> None:
    for role in ("agent", "target", "victim", "instrument", "speaker", "participant"):
        supers = _values(ontology, ox.NamedNode(NKG_IRI + role), RDFS + "subPropertyOf")
        assert "http://semanticweb.cs.vu.nl/2009/11/sem/hasActor" in supers, role


def test_every_term_used_in_code_is_defined(ontology: ox.Store) -> None:
    used = terms_used_in_code()
    assert "agent" in used and "Mention" in used, "the scan found no NKG terms: pattern broken?"
    defined = defined_terms(ontology)
    unknown = {t: sorted(files) for t, files in used.items() if t not in defined}
    assert not unknown, f"nkg terms used in code but not defined in {ONTOLOGY.name}: {unknown}"


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "ontology").rglob("*.rq")) + [REPO / "ontology" / "shapes.ttl"],
    ids=lambda p: p.name,
)
def test_queries_and_shapes_use_only_defined_terms(path: Path, ontology: ox.Store) -> None:
    unknown = sorted(nkg_iris_in(path.read_text(encoding="utf-8")) - defined_terms(ontology))
    assert not unknown, f"{path.name} uses nkg terms the ontology does not define: {unknown}"


@pytest.mark.parametrize("typo", ["agnet", "Quantiy", "factualty", "Statment", "mention"])
def test_closed_namespace_rejects_typos(typo: str) -> None:
    with pytest.raises(AttributeError, match="newskg.ttl"):
        getattr(NKG, typo)
    with pytest.raises(AttributeError, match=typo):
        NKG[typo]


def test_closed_namespace_gives_iris_for_known_terms() -> None:
    assert NKG.agent == ox.NamedNode(NKG_IRI + "agent")
    assert NKG["Quantity"].value == NKG_IRI + "Quantity"
    assert ClosedNamespace("http://x/", frozenset({"a"})).a.value == "http://x/a"


@pytest.mark.slow
def test_seeds_graph_uses_only_defined_terms(seeds_store, ontology: ox.Store) -> None:
    used = {
        term.value[len(NKG_IRI):]
        for q in seeds_store.raw.quads_for_pattern(None, None, None, None)
        for term in (q.subject, q.predicate, q.object)
        if isinstance(term, ox.NamedNode) and term.value.startswith(NKG_IRI)
    }
    assert used, "the seeds graph uses no nkg terms at all"
    assert not sorted(used - defined_terms(ontology))
