"""Check graphs against ``ontology/shapes.ttl`` with pySHACL; report violations readably.

Shapes describe one article's graph, so each named graph is validated on its own, with
the ontology (``newskg.ttl``) and the event types (``event-types.ttl``, when present)
loaded beside it for class checks. A triple file (Turtle, N-Triples) counts as one graph,
such as the output of ``kg extract``.

>>> report = validate_quads([])
>>> report.conforms, report.graphs
(True, 0)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.config import DEFAULT_BASE_IRI, Settings
from kg.errors import ConfigError, InputError, NotFoundError
from kg.vocab import PREFIXES

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
ONTOLOGY_FILES = ("newskg.ttl", "event-types.ttl")
SHAPES_FILE = "shapes.ttl"
SH = "http://www.w3.org/ns/shacl#"
DEFAULT_GRAPH = "(default graph)"


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result, with terms already shortened for people."""

    graph: str
    severity: str  # Violation | Warning | Info
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str

    def line(self) -> str:
        where = self.focus + (f" {self.path}" if self.path else "")
        value = f" = {self.value}" if self.value and self.value != self.focus else ""
        return f"  {self.severity:<9} {where}{value}\n            {self.message} [{self.shape}]"


@dataclass
class ValidationReport:
    """Findings over every graph checked."""

    graphs: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> int:
        return sum(1 for f in self.findings if f.severity == "Violation")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "Warning")

    @property
    def conforms(self) -> bool:
        return self.violations == 0

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does NOT conform"
        return (
            f"{self.graphs} graph(s) checked: {self.violations} violation(s), "
            f"{self.warnings} warning(s); {verdict}"
        )

    def format(self, limit: int | None = None) -> str:
        """Findings grouped by graph, violations first, then the summary line."""
        by_graph: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            by_graph[f.graph].append(f)
        lines: list[str] = []
        shown = 0
        for graph in sorted(by_graph):
            if limit is not None and shown >= limit:
                break
            items = sorted(by_graph[graph], key=lambda f: (f.severity != "Violation", f.focus))
            lines.append(f"{graph}: {len(items)} finding(s)")
            for f in items:
                if limit is not None and shown >= limit:
                    break
                lines.append(f.line())
                shown += 1
        if limit is not None and len(self.findings) > limit:
            lines.append(f"... {len(self.findings) - limit} more finding(s) not shown")
        lines.append(self.summary())
        return "\n".join(lines)

    def to_json(self) -> dict[str, object]:
        return {
            "conforms": self.conforms,
            "graphs": self.graphs,
            "violations": self.violations,
            "warnings": self.warnings,
            "findings": [asdict(f) for f in self.findings],
        }


@dataclass(frozen=True)
class SparqlCheck:
    """A SHACL-SPARQL constraint, run by Oxigraph over every focus node at once."""

    shape: str
    query: str
    message: str
    severity: str


def split_sparql_constraints(shapes: Any) -> tuple[Any, list[SparqlCheck]]:
    """The shapes without their ``sh:sparql`` constraints, and those constraints as queries.

    pySHACL parses a SPARQL constraint's query again for every focus node (seconds per
    article); each of ours binds ``$this`` through its own triple patterns, so one run
    with ``?this`` restricted to the shape's targets finds exactly the same results.
    """
    import rdflib

    sh = rdflib.Namespace(SH)
    core = rdflib.Graph()
    core += shapes
    checks: list[SparqlCheck] = []
    for shape, constraint in list(shapes.subject_objects(sh.sparql)):
        prefixes = "".join(
            f"PREFIX {shapes.value(d, sh.prefix)}: <{shapes.value(d, sh.namespace)}>\n"
            for decl in shapes.objects(constraint, sh.prefixes)
            for d in shapes.objects(decl, sh.declare)
        )
        targets = [f"?this a <{c}> ." for c in shapes.objects(shape, sh.targetClass)]
        targets += [f"?this <{p}> [] ." for p in shapes.objects(shape, sh.targetSubjectsOf)]
        select = str(shapes.value(constraint, sh.select)).replace("$this", "?this")
        head, brace, body = select.partition("{")
        for target in targets:
            checks.append(SparqlCheck(
                shape=str(shapes.value(shape, rdflib.RDFS.label) or shape),
                query=f"{prefixes}{head}{brace} {target}\n{body}",
                message=str(shapes.value(constraint, sh.message) or "SPARQL constraint not met"),
                severity=str(shapes.value(constraint, sh.severity) or sh.Violation).rsplit("#")[-1],
            ))
        core.remove((shape, sh.sparql, constraint))
        core.remove((constraint, None, None))
    return core, checks


@dataclass(frozen=True)
class Validator:
    """Shapes and ontology parsed once; validate as many graphs as you like."""

    shapes: Any  # rdflib.Graph: every shape, for labels and messages
    ontology: Any  # rdflib.Graph
    base_iri: str = DEFAULT_BASE_IRI
    core_shapes: Any = None  # rdflib.Graph: the shapes pySHACL runs (no sh:sparql)
    sparql_checks: tuple[SparqlCheck, ...] = ()

    @classmethod
    def load(cls, ontology_dir: Path = ONTOLOGY_DIR, base_iri: str = DEFAULT_BASE_IRI) -> Validator:
        import rdflib

        shapes_path = ontology_dir / SHAPES_FILE
        if not shapes_path.is_file():
            raise NotFoundError(f"no SHACL shapes at {shapes_path}")
        shapes = rdflib.Graph().parse(shapes_path, format="turtle")
        ontology = rdflib.Graph()
        for name in ONTOLOGY_FILES:
            if (ontology_dir / name).is_file():
                ontology.parse(ontology_dir / name, format="turtle")
        core, checks = split_sparql_constraints(shapes)
        return cls(shapes=shapes, ontology=ontology, base_iri=base_iri, core_shapes=core,
                   sparql_checks=tuple(checks))

    def validate_triples(self, triples: Iterable[ox.Triple | ox.Quad], graph: str) -> list[Finding]:
        """Validate one graph given as pyoxigraph triples (or quads: graph names ignored)."""
        import pyshacl
        import rdflib

        plain = [ox.Triple(t.subject, t.predicate, t.object) for t in triples]
        nt = "".join(f"{t} .\n" for t in plain)
        data = rdflib.Graph().parse(data=nt, format="nt")
        _, results, text = pyshacl.validate(
            data,
            shacl_graph=self.core_shapes if self.core_shapes is not None else self.shapes,
            ont_graph=self.ontology,
            inference="none",
            allow_warnings=True,
            abort_on_first=False,
        )
        if not isinstance(results, rdflib.Graph):  # the shapes themselves are broken
            raise ConfigError(f"SHACL shapes cannot be used: {text}")
        return sorted(
            self._findings(results, graph) + self._sparql_findings(plain, graph),
            key=lambda f: (f.graph, f.focus, f.path or "", f.message),
        )

    def _sparql_findings(self, triples: list[ox.Triple], graph: str) -> list[Finding]:
        if not self.sparql_checks:
            return []
        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
        out: list[Finding] = []
        for check in self.sparql_checks:
            for row in store.query(check.query):  # type: ignore[union-attr]
                message = re.sub(
                    r"\{[?$](\w+)\}",
                    lambda m, r=row: self._plain(r[m.group(1)]),  # type: ignore[misc]
                    check.message,
                )
                out.append(Finding(graph, check.severity, self.short(row["this"]), None, None,
                                   message, check.shape))
        return out

    def _findings(self, results: object, graph: str) -> list[Finding]:
        import rdflib

        g: rdflib.Graph = results  # type: ignore[assignment]
        sh = rdflib.Namespace(SH)
        out: list[Finding] = []
        for result in g.subjects(rdflib.RDF.type, sh.ValidationResult):
            def one(p: rdflib.URIRef, _r: Any = result) -> Any:
                return g.value(_r, p)

            path = one(sh.resultPath)
            value = one(sh.value)
            shape = one(sh.sourceShape)
            label = self.shapes.value(shape, rdflib.RDFS.label) or self.shapes.value(shape, sh.name)
            message = self._message(shape, one(sh.sourceConstraintComponent))
            out.append(
                Finding(
                    graph=graph,
                    severity=str(one(sh.resultSeverity)).rsplit("#", 1)[-1],
                    focus=self.short(one(sh.focusNode)),
                    path=self.short(path) if isinstance(path, rdflib.URIRef) else None,
                    value=self.short(value) if value is not None else None,
                    message=message or str(one(sh.resultMessage) or "constraint not met"),
                    shape=str(label) if label else self.short(one(sh.sourceConstraintComponent)),
                )
            )
        return sorted(out, key=lambda f: (f.graph, f.focus, f.path or "", f.message))

    def _message(self, shape: object, component: object) -> str | None:
        """A plain-words message for common constraints, from the shape's own values."""
        import rdflib

        sh = rdflib.Namespace(SH)
        g = self.shapes
        if g.value(shape, sh.message) is not None:
            return None  # the shape's own message (already in the result) wins
        name = str(g.value(shape, sh.name) or g.value(shape, rdflib.RDFS.label) or "value")
        kind = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
        param = {
            "MinCount": sh.minCount, "MaxCount": sh.maxCount, "Datatype": sh.datatype,
            "Class": sh["class"], "Pattern": sh.pattern, "NodeKind": sh.nodeKind,
            "HasValue": sh.hasValue, "MinInclusive": sh.minInclusive,
            "MaxInclusive": sh.maxInclusive, "LessThan": sh.lessThan,
        }.get(kind)
        arg = g.value(shape, param) if param is not None else None
        shown = self.short(arg) if arg is not None else ""
        templates = {
            "MinCount": f"missing {name}: needs at least {arg}",
            "MaxCount": f"too many values of {name}: at most {arg} allowed",
            "Datatype": f"{name} must be a literal of type {shown}",
            "Class": f"{name} must be an instance of {shown}",
            "Pattern": f"{name} does not match the pattern {arg}",
            "NodeKind": f"{name} must be a {shown.removeprefix('<').removesuffix('>')}",
            "HasValue": f"{name} must include {shown}",
            "In": f"{name} is not one of the allowed values",
            "MinInclusive": f"{name} is below the minimum {arg}",
            "MaxInclusive": f"{name} is above the maximum {arg}",
            "LessThan": f"{name} must be less than {shown}",
            "Or": f"{name} has the wrong type",
        }
        return templates.get(kind)

    def _plain(self, term: object) -> str:
        """A term's text inside a message: short IRIs, literals without quotes."""
        if isinstance(term, ox.Literal):
            return term.value
        return "" if term is None else self.short(term)

    def short(self, term: object) -> str:
        """A compact rendering: prefixed names, base-relative IRIs, quoted literals."""
        import rdflib

        if isinstance(term, ox.NamedNode):
            term = rdflib.URIRef(term.value)
        elif isinstance(term, ox.Literal):
            term = rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))

        if isinstance(term, rdflib.URIRef):
            iri = str(term)
            if iri.startswith(self.base_iri):
                return "<" + iri[len(self.base_iri):] + ">"
            for prefix, ns in PREFIXES.items():
                if iri.startswith(ns) and len(iri) > len(ns):
                    return f"{prefix}:{iri[len(ns):]}"
            return f"<{iri}>"
        if isinstance(term, rdflib.Literal):
            text = str(term)
            text = text if len(text) <= 60 else text[:57] + "..."
            return json.dumps(text, ensure_ascii=False) + (
                f"^^{self.short(term.datatype)}" if term.datatype else ""
            )
        if isinstance(term, rdflib.BNode):
            return "[path]" if term is not None else ""
        return str(term)

    def validate_quads(self, quads: Iterable[ox.Quad | ox.Triple]) -> ValidationReport:
        """Validate each named graph of ``quads`` (triples form one default graph)."""
        graphs: dict[str, list[ox.Quad | ox.Triple]] = defaultdict(list)
        for q in quads:
            g = getattr(q, "graph_name", None)
            name = g.value if isinstance(g, ox.NamedNode) else DEFAULT_GRAPH
            graphs[name].append(q)
        report = ValidationReport()
        for name in sorted(graphs):
            shown = "<" + name[len(self.base_iri):] + ">" if name.startswith(self.base_iri) else name
            report.graphs += 1
            report.findings += self.validate_triples(graphs[name], shown)
        return report


def validate_quads(
    quads: Iterable[ox.Quad | ox.Triple], ontology_dir: Path = ONTOLOGY_DIR
) -> ValidationReport:
    """Validate quads (one SHACL run per named graph) against the shapes in ``ontology_dir``."""
    return Validator.load(ontology_dir).validate_quads(quads)


def read_rdf_file(path: Path) -> list[ox.Quad | ox.Triple]:
    """Parse an RDF file strictly with pyoxigraph; format from the extension."""
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    if fmt is None:
        raise InputError(f"{path}: cannot tell the RDF format from the extension")
    try:
        return list(ox.parse(path=str(path), format=fmt))
    except (SyntaxError, OSError) as exc:
        raise InputError(f"{path}: {exc}") from exc


def validate_store(settings: Settings, ontology_dir: Path = ONTOLOGY_DIR) -> ValidationReport:
    """Validate every article graph of the store at ``settings.store_path`` (read-only)."""
    from kg.store import OxigraphStore

    if not settings.store_path.is_dir():
        raise NotFoundError(f"no store at {settings.store_path} (run `kg ingest` first)")
    store = OxigraphStore(settings.store_path, read_only=True)
    quads = store.raw.quads_for_pattern(None, None, None, None)
    return Validator.load(ontology_dir, settings.base_iri).validate_quads(quads)


# --- CLI ---------------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "validate",
        help="check the store (or an RDF file) against the SHACL shapes",
        description="Validate each article graph against ontology/shapes.ttl with pySHACL. "
        "Exit status 0 when there are no violations (warnings allowed), 1 otherwise.",
    )
    p.add_argument("file", nargs="?", type=Path,
                   help="RDF file to check instead of the store (.ttl .nt .nq .trig)")
    p.add_argument("--store", type=Path, help="store directory (default: $KG_STORE or ./data/store)")
    p.add_argument("--ontology", type=Path, default=ONTOLOGY_DIR,
                   help="folder with shapes.ttl, newskg.ttl, event-types.ttl")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--limit", type=int, default=50, help="most findings to print (default 50)")
    p.set_defaults(func=cmd_validate)


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    if args.file is not None:
        validator = Validator.load(args.ontology, settings.base_iri)
        report = validator.validate_quads(read_rdf_file(args.file))
    else:
        report = validate_store(settings, args.ontology)
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        print(report.format(limit=args.limit))
    sys.stdout.flush()
    return 0 if report.conforms else 1
