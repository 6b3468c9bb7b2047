"""Export the graph: RDF formats straight from the store, GraphML through networkx.

GraphML view: every IRI that is a subject or object of a link is a node (attributes
``iri``, ``label``, ``type``); every IRI-to-IRI triple is a directed edge with its
``predicate``; literal values other than the label become node attributes. Gephi,
yEd and Cytoscape read it.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.config import Settings
from kg.errors import InputError
from kg.store import OxigraphStore, rdf_format_for
from kg.vocab import PREFIXES, RDF, RDFS

EXPORT_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld", "graphml")


def compact(iri: str) -> str:
    """``http://schema.org/Person`` -> ``schema:Person`` for readable attributes."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def serialize_quads(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """Serialise quads; triple-only formats (Turtle, JSON-LD) drop the graph name."""
    rdf_format = rdf_format_for(fmt)
    out = io.BytesIO()
    if rdf_format.supports_datasets:
        ox.serialize(list(quads), out, rdf_format, prefixes=dict(PREFIXES))
    else:
        ox.serialize([q.triple for q in quads], out, rdf_format, prefixes=dict(PREFIXES))
    return out.getvalue()


def graphml_graph(store: OxigraphStore):  # -> networkx.MultiDiGraph
    import networkx as nx

    graph = nx.MultiDiGraph()
    attrs: dict[str, dict[str, str]] = {}
    rows = store.query("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }")
    for row in rows:  # type: ignore[attr-defined]
        s, p, o = row["s"], row["p"], row["o"]
        if not isinstance(s, ox.NamedNode):
            continue
        node = attrs.setdefault(s.value, {"iri": s.value})
        if p == RDFS.label and isinstance(o, ox.Literal):
            node["label"] = o.value
        elif p == RDF.type and isinstance(o, ox.NamedNode):
            node["type"] = ";".join(
                sorted(set(filter(None, node.get("type", "").split(";"))) | {compact(o.value)})
            )
        elif isinstance(o, ox.NamedNode):
            attrs.setdefault(o.value, {"iri": o.value})
            graph.add_edge(s.value, o.value, predicate=compact(p.value))
        elif isinstance(o, ox.Literal) and len(o.value) <= 500:
            node.setdefault(compact(p.value).replace(":", "_"), o.value)
    for iri, data in attrs.items():
        if iri in graph:
            graph.add_node(iri, **data)
    return graph


def check_export_format(fmt: str) -> None:
    """InputError unless ``fmt`` is one of :data:`EXPORT_FORMATS`."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")


def write_export(store: OxigraphStore, fmt: str, output: IO[bytes]) -> None:
    check_export_format(fmt)
    if fmt == "graphml":
        import networkx as nx

        nx.write_graphml(graphml_graph(store), output)
    else:
        store.export(output, fmt)


def export_store(settings: Settings, fmt: str, output: str) -> int:
    """``kg export``: write the store to ``output`` (``-`` for stdout); return bytes written.

    When ``kg serve`` holds the store, the export is streamed from its ``/export``.
    A file is written under a temporary name and renamed when complete.
    """
    from kg.query import http_download, local_or_served

    check_export_format(fmt)

    def produce(fh: IO[bytes]) -> None:
        local_or_served(settings, lambda store: write_export(store, fmt, fh),
                        lambda url: http_download(f"{url}/export?format={fmt}", fh))

    if output == "-":
        counter = _CountingWriter(sys.stdout.buffer)
        produce(counter)  # type: ignore[arg-type]
        return counter.written
    path = Path(output)
    tmp = path.with_name(path.name + ".partial")
    try:
        with tmp.open("wb") as fh:
            produce(fh)
        tmp.replace(path)
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path.stat().st_size


class _CountingWriter:
    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.written = raw, 0

    def write(self, data: bytes) -> int:
        self.written += len(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()
