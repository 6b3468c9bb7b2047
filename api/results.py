"""SPARQL result formats and content negotiation, with a row limit.

SELECT answers in JSON, XML and TSV are written by pyoxigraph itself (in Rust, 5-10x
faster than building them here) into a sink that counts rows as the bytes stream past
(:class:`RowCountingSink`). pyoxigraph cannot stop after *n* rows, so when an answer
runs past the limit (or a JSON answer with empty rows leaves the count unsure) the
caller runs the query again and the rows are written here from lazily iterated
solutions, cut at the limit; CSV is always written here (a CSV field may hold a raw
newline, so its rows cannot be counted from the bytes). Graph results are cut to the
limit and handed to ``pyoxigraph``.

>>> negotiate("application/sparql-results+xml;q=0.9, */*;q=0.1", SELECT_FORMATS).name
'xml'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, cast
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.store import rdf_format_for

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    aliases: tuple[str, ...] = ()


SELECT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ("application/json",)),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)
BOOLEAN_FORMATS: tuple[Format, ...] = SELECT_FORMATS[:2] + (Format("text", "text/plain"),)
GRAPH_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", ("application/x-turtle",)),
    Format("ntriples", "application/n-triples", ("text/plain",)),
    Format("jsonld", "application/ld+json", ("application/json",)),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml")),
)


def _accept_ranges(accept: str | None) -> list[tuple[str, float, int]]:
    """Media ranges of an Accept header as (range, q, order), best first."""
    ranges = []
    for i, part in enumerate((accept or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        ranges.append((media, q, i))
    return sorted(ranges, key=lambda r: (-r[1], r[2]))


def negotiate(accept: str | None, formats: Sequence[Format], explicit: str | None = None) -> Format:
    """Pick the format for an Accept header; the first format is the default.

    ``explicit`` (a ``format=`` parameter: a name or media type) wins when it matches.
    Unknown or unacceptable types fall back to the default rather than 406, which is
    what browsers and most SPARQL clients expect.
    """
    if explicit:
        for fmt in formats:
            if explicit.lower() in (fmt.name, fmt.media_type, *fmt.aliases):
                return fmt
    for media, q, _ in _accept_ranges(accept):
        if q <= 0:
            continue
        for fmt in formats:
            if media in (fmt.media_type, *fmt.aliases):
                return fmt
        if media in ("*/*", "application/*", "text/*"):
            return formats[0]
    return formats[0]


# --- term rendering --------------------------------------------------------------------


def term_json(term: object) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def _term_xml(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            dt = quoteattr(term.datatype.value)
            return f"<literal datatype={dt}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_term_xml(term.subject)}</subject>"
            f"<predicate>{_term_xml(term.predicate)}</predicate>"
            f"<object>{_term_xml(term.object)}</object></triple>"
        )
    raise TypeError(f"not an RDF term: {term!r}")


def _term_csv(term: object) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


# --- native writers with a row count ------------------------------------------------

NATIVE_SELECT: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "tsv": ox.QueryResultsFormat.TSV,
}
# Where a row starts in pyoxigraph's output. Each mark can only be markup: a JSON string
# escapes '"', XML text escapes '<', TSV escapes newlines. The TSV header line is one
# more newline. In JSON every row but the first starts ',{"' and the first '[{"' (once,
# so it is looked for only until found). A JSON row with no bound variable is written
# '{}', which a string may also hold: such rows are only counted when the answer could
# be near the limit (see ``RowCountingSink.body``).
_ROW_MARK = {"json": b',{"', "xml": b"<result>", "tsv": b"\n"}
_FIRST_ROW = {"json": b'[{"'}
_HEADER_MARKS = {"json": 0, "xml": 0, "tsv": 1}
_EDGE = 15  # longer than any mark: a mark split across two chunks lies in 2 * _EDGE bytes
_EMPTY_JSON_ROW = b"{}"


class RowLimitExceeded(Exception):
    """Raised from inside pyoxigraph's writer to stop it once the limit is passed."""


class RowCountingSink:
    """A binary sink for ``QuerySolutions.serialize`` that counts rows as chunks arrive
    (one ``bytes.count`` pass per chunk)."""

    def __init__(self, fmt: str, max_rows: int) -> None:
        self.fmt = fmt
        self.mark = _ROW_MARK[fmt]
        self.first: bytes | None = _FIRST_ROW.get(fmt)
        self.max_rows = max_rows
        self.parts: list[bytes] = []
        self.rows = -_HEADER_MARKS[fmt]  # rows known so far (a lower bound for JSON)
        self.size = 0
        self._tail = b""

    def _count(self, mark: bytes, data: bytes, edge: bytes, head: bytes) -> int:
        # in this chunk, plus once where it straddles the previous chunk's end
        return data.count(mark) + edge.count(mark) - self._tail.count(mark) - head.count(mark)

    def write(self, data: bytes) -> int:
        data = bytes(data)
        head = data[:_EDGE]
        edge = self._tail + head
        self.rows += self._count(self.mark, data, edge, head)
        if self.first is not None and self._count(self.first, data, edge, head):
            self.rows += 1
            self.first = None
        if self.rows > self.max_rows:
            raise RowLimitExceeded
        self.parts.append(data)
        self.size += len(data)
        self._tail = edge[-_EDGE:] if len(data) < _EDGE else data[-_EDGE:]
        return len(data)

    def flush(self) -> None:
        pass

    def body(self) -> bytes | None:
        """The whole answer, or None when it may hold more rows than the limit."""
        body = b"".join(self.parts)
        if self.fmt == "json" and self.rows + self.size // 3 > self.max_rows:
            # an empty row takes at least 3 bytes (',{}'): only a big answer needs this
            if self.rows + body.count(_EMPTY_JSON_ROW) > self.max_rows:
                return None
        return body


def write_select_native(solutions: ox.QuerySolutions, fmt: str, max_rows: int) -> bytes | None:
    """The whole answer in ``fmt`` (a key of ``NATIVE_SELECT``) written by pyoxigraph, or
    None when it may exceed ``max_rows`` rows (then write it with :func:`write_select`
    from a fresh run of the query)."""
    sink = RowCountingSink(fmt, max_rows)
    try:
        solutions.serialize(cast("IO[bytes]", sink), NATIVE_SELECT[fmt])  # duck-typed writer
    except RowLimitExceeded:
        return None
    return sink.body()


# --- writers ---------------------------------------------------------------------------


def write_select(variables: list[str], rows: list, fmt: str) -> bytes:
    """Serialise pyoxigraph solutions (iterated in ``variables`` order, None where unbound)
    in a SPARQL result format."""
    if fmt == "json":
        # rows are read by position (a pyoxigraph solution looked up by name costs ~7x
        # more) and each distinct term is rendered once: rows repeat IRIs and labels
        rendered: dict[object, dict[str, object]] = {}
        bindings = []
        for row in rows:
            b = {}
            for v, term in zip(variables, row, strict=True):
                if term is not None:
                    out = rendered.get(term)
                    if out is None:
                        out = rendered[term] = term_json(term)
                    b[v] = out
            bindings.append(b)
        doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
                 "<head>", *(f"<variable name={quoteattr(v)}/>" for v in variables),
                 "</head><results>"]
        for row in rows:
            parts.append("<result>")
            for v, term in zip(variables, row, strict=True):
                if term is not None:
                    parts.append(f"<binding name={quoteattr(v)}>{_term_xml(term)}</binding>")
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if term is None else _term_csv(term) for term in row])
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        for row in rows:
            lines.append("\t".join("" if term is None else str(term) for term in row))
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown result format {fmt!r}")


def write_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    return b"true\n" if value else b"false\n"


def write_graph(triples: list[ox.Triple], fmt: str,
                prefixes: dict[str, str] | None = None) -> bytes:
    rdf_format = rdf_format_for(fmt)
    if prefixes and fmt == "turtle":
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""
    return ox.serialize(triples, format=rdf_format) or b""
