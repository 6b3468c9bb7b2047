"""Namespaces and the closed vocabulary of our own terms.

Standard vocabularies are open namespaces (``SCHEMA.Person``); our own terms live in
``NKG``, a closed namespace: asking for a term not listed in ``NKG_TERMS`` raises
``AttributeError``, and a test checks every listed term is defined in
``ontology/newskg.ttl``. So a typo fails loudly, in code and in the ontology.
"""

from __future__ import annotations

from pyoxigraph import NamedNode


class Namespace:
    """An open namespace: ``Namespace("http://x/")["a"]`` or ``.a`` gives ``<http://x/a>``."""

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getitem__(self, local: str) -> NamedNode:
        return NamedNode(self.iri + local)

    def __getattr__(self, local: str) -> NamedNode:
        # only called on a miss: the term is then kept on the instance, so ``NS.term`` on
        # a hot path costs an attribute lookup, not a new NamedNode (an immutable value)
        if local.startswith("__"):
            raise AttributeError(local)
        node = self.__dict__[local] = self[local]
        return node


class ClosedNamespace(Namespace):
    """A namespace that only knows the terms it was given."""

    def __init__(self, iri: str, terms: frozenset[str]) -> None:
        super().__init__(iri)
        self.terms = terms

    def __getitem__(self, local: str) -> NamedNode:
        if local not in self.terms:
            raise AttributeError(f"{local!r} is not a term of {self.iri} (see ontology/newskg.ttl)")
        return NamedNode(self.iri + local)


RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SCHEMA = Namespace("http://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
TIME = Namespace("http://www.w3.org/2006/time#")
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SH = Namespace("http://www.w3.org/ns/shacl#")

NKG_IRI = "https://newskg.org/ontology#"
EVENT_TYPES_IRI = "https://newskg.org/event-type/"
GEONAMES_IRI = "https://sws.geonames.org/"

NKG_TERMS = frozenset(
    {
        # event roles: sub-properties of sem:hasActor
        "agent",
        "target",
        "victim",
        "instrument",
        "speaker",
        "participant",
        # counts on events
        "Quantity",
        "quantity",
        "quantityKind",
        "count",
        "countedThing",
        "countExact",
        # factuality
        "Factuality",
        "factuality",
        "Asserted",
        "Planned",
        "Possible",
        "Negated",
        "Hypothetical",
        # statements and attribution
        "Statement",
        "content",
        "reportedIn",
        # confidence and time precision
        "confidence",
        "linkConfidence",
        "datePrecision",
        "dateDefaulted",
        # mentions and provenance
        "Mention",
        "sentence",
        "triggerType",
        "mentionCount",
        # extraction metadata
        "extractedBy",
        "countryCode",
        "GroupActor",
    }
)
NKG = ClosedNamespace(NKG_IRI, NKG_TERMS)
EVENT_TYPE = Namespace(EVENT_TYPES_IRI)

PREFIXES: dict[str, str] = {
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "xsd": XSD.iri,
    "owl": OWL.iri,
    "skos": SKOS.iri,
    "dcterms": DCTERMS.iri,
    "schema": SCHEMA.iri,
    "sem": SEM.iri,
    "org": ORG.iri,
    "prov": PROV.iri,
    "time": TIME.iri,
    "wgs": WGS.iri,
    "geo": GEO.iri,
    "gaf": GAF.iri,
    "nif": NIF.iri,
    "nkg": NKG_IRI,
    "et": EVENT_TYPES_IRI,
}


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, for queries written in code."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
