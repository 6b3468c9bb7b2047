"""Draw the data model from ontology/newskg.ttl and ontology/shapes.ttl (graphviz).

    PYTHONPATH=. python ontology/diagram.py            # writes ontology/model.dot and model.svg

Boxes are classes: every class a shape targets, with its literal-valued properties and
their datatypes listed inside. Solid arrows are properties whose shapes name a value
class (sh:class); arrows between the same two classes are merged into one label. Dashed
arrows are rdfs:subClassOf from the ontology; a shape over several classes (the entity
shape) is drawn as one yellow «box» that those classes point to. Needs the ``dot`` program (Debian: graphviz).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, SH, BNode, URIRef

HERE = Path(__file__).resolve().parent
PREFIXES = {
    "http://schema.org/": "schema:",
    "http://semanticweb.cs.vu.nl/2009/11/sem/": "sem:",
    "https://newskg.org/ontology#": "nkg:",
    "http://www.w3.org/ns/org#": "org:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/2003/01/geo/wgs84_pos#": "wgs:",
    "http://www.opengis.net/ont/geosparql#": "geo:",
    "http://groundedannotationframework.org/gaf#": "gaf:",
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#": "nif:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://purl.org/dc/terms/": "dcterms:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    "http://www.w3.org/2002/07/owl#": "owl:",
}
# Classes drawn as one box: a shape's focus class -> the box it is drawn in.
SKIP_CLASSES = {"schema:Country", "nif:Context"}


def short(term: object) -> str:
    text = str(term)
    for ns, prefix in PREFIXES.items():
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text


def _classes_of(shapes: rdflib.Graph, prop: BNode | URIRef) -> list[str]:
    """Value classes named by a property shape: sh:class, or sh:class inside sh:or."""
    found = [short(c) for c in shapes.objects(prop, SH["class"])]
    for lst in shapes.objects(prop, SH["or"]):
        for member in rdflib.collection.Collection(shapes, lst):
            found += [short(c) for c in shapes.objects(member, SH["class"])]
    return found


def _literal_type(shapes: rdflib.Graph, prop: BNode | URIRef) -> str | None:
    for dt in shapes.objects(prop, SH.datatype):
        return short(dt)
    for lst in shapes.objects(prop, SH["or"]):
        types = [short(d) for m in rdflib.collection.Collection(shapes, lst)
                 for d in shapes.objects(m, SH.datatype)]
        if types:
            return types[0]
    if (prop, SH["in"], None) in shapes:
        return "enum"
    return None


def model(ontology: rdflib.Graph, shapes: rdflib.Graph) -> tuple[
    dict[str, set[str]], dict[tuple[str, str], set[str]], set[tuple[str, str]]
]:
    """(box -> literal property lines, (from, to) -> property names, subclass pairs)."""
    boxes: dict[str, set[str]] = defaultdict(set)
    edges: dict[tuple[str, str], set[str]] = defaultdict(set)
    groups: set[tuple[str, str]] = set()
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        targets = sorted(short(t) for t in shapes.objects(shape, SH.targetClass))
        targets = [t for t in targets if t not in SKIP_CLASSES]
        if len(targets) > 1 and (shape, SH.property, None) not in shapes:
            continue  # a class-level check only (such as "actors are sem:Actor")
        if len(targets) > 1:
            # A shape over several classes (the entity shape) is drawn once, as its own box.
            box = f"«{shapes.value(shape, RDFS.label)}»"
            groups |= {(t, box) for t in targets}
            targets = [box]
        for cls in targets:
            boxes[cls]  # noqa: B018 - make sure the box exists
            for prop in shapes.objects(shape, SH.property):
                path = shapes.value(prop, SH.path)
                if not isinstance(path, URIRef) or path == RDF.type:
                    continue
                values = _classes_of(shapes, prop)
                if values:
                    for value in values:
                        edges[(cls, value)].add(short(path))
                        boxes[value]  # noqa: B018
                elif (dt := _literal_type(shapes, prop)) is not None:
                    boxes[cls].add(f"{short(path)}: {dt}")
    subclass = groups | {
        (short(s), short(o))
        for s, o in ontology.subject_objects(RDFS.subClassOf)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    }
    for s, o in subclass:
        boxes[s]  # noqa: B018
        boxes[o]  # noqa: B018
    # People, organisations and groups are sem:Actor; places are sem:Place (see rdf.py).
    subclass |= {("schema:Person", "sem:Actor"), ("schema:Organization", "sem:Actor"),
                 ("schema:Place", "sem:Place")}
    return boxes, edges, subclass


def to_dot(boxes: dict[str, set[str]], edges: dict[tuple[str, str], set[str]],
           subclass: set[tuple[str, str]]) -> str:
    ids = {name: f"n{i}" for i, name in enumerate(sorted(boxes))}
    out = [
        "digraph newskg {",
        '  graph [rankdir=LR, fontname="Helvetica", fontsize=11, nodesep=0.25, ranksep=0.6];',
        '  node [shape=plain, fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
    ]
    for name in sorted(boxes):
        colour = "#dbe8f7" if name.startswith("nkg:") else "#fff3c4" if name[0] == "«" else "#eeeeee"
        rows = "".join(
            f'<tr><td align="left">{html.escape(line)}</td></tr>' for line in sorted(boxes[name])
        )
        label = (f'<<table border="1" cellborder="0" cellspacing="0" cellpadding="3">'
                 f'<tr><td bgcolor="{colour}"><b>{html.escape(name)}</b></td></tr>{rows}</table>>')
        out.append(f"  {ids[name]} [label={label}];")
    for (src, dst), props in sorted(edges.items()):
        label = html.escape("\\n".join(sorted(props)))
        out.append(f'  {ids[src]} -> {ids[dst]} [label="{label}"];')
    for src, dst in sorted(subclass):
        out.append(f'  {ids[src]} -> {ids[dst]} [style=dashed, arrowhead=empty, color="#999999"];')
    out.append("}")
    return "\n".join(out) + "\n"


def main() -> int:
    ontology = rdflib.Graph().parse(HERE / "newskg.ttl", format="turtle")
    shapes = rdflib.Graph().parse(HERE / "shapes.ttl", format="turtle")
    dot_text = to_dot(*model(ontology, shapes))
    (HERE / "model.dot").write_text(dot_text, encoding="utf-8")
    dot = shutil.which("dot")
    if dot is None:
        print("wrote ontology/model.dot; install graphviz (`dot`) to render model.svg",
              file=sys.stderr)
        return 1
    svg = subprocess.run([dot, "-Tsvg"], input=dot_text.encode(), capture_output=True, check=True)
    (HERE / "model.svg").write_bytes(svg.stdout)
    print("wrote ontology/model.dot and ontology/model.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
