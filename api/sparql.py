"""SPARQL 1.1 Protocol pieces: request parsing, the network guard, the service description.

The network guard refuses any operation that uses the ``SERVICE`` or ``LOAD`` keyword,
because Oxigraph would otherwise fetch remote IRIs from the server (SSRF). It scans the
text with comments, strings and IRIs blanked out, so ``"SERVICE"`` in a literal or an
IRI is fine, while the keyword in any case is caught; the worker processes additionally
run without network access where the OS allows (see :mod:`api.query_worker`).

>>> network_keywords("SELECT * { SeRvIcE <http://127.0.0.1:9/> { ?s ?p ?o } }")
['SERVICE']
>>> network_keywords("SELECT * { ?service ?p 'SERVICE' } # SERVICE")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import pyoxigraph as ox

from api.errors import MethodNotAllowed, Unauthorized, UnsupportedMediaType
from api.results import GRAPH_FORMATS, SELECT_FORMATS, negotiate, write_graph
from kg.errors import ForbiddenError, QueryError

_BLANKABLE = re.compile(
    r"""\#[^\n\r]*               # comment
      | '''(?:[^'\\]|\\.|'(?!''))*'''   # long strings
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '(?:[^'\\\n\r]|\\.)*'    # short strings
      | "(?:[^"\\\n\r]|\\.)*"
      | <[^<>"{}|^`\\\x00-\x20]*>   # IRI references (a lone '<' is an operator)
    """,
    re.VERBOSE | re.DOTALL,
)
_KEYWORDS = re.compile(r"(?<![\w?$:@.\-])(SERVICE|LOAD)(?![\w:\-])", re.IGNORECASE)


def network_keywords(text: str) -> list[str]:
    """The network-reaching keywords (SERVICE, LOAD) used in a query or update."""
    code = _BLANKABLE.sub(lambda m: " " * len(m.group(0)), text)
    return sorted({m.group(1).upper() for m in _KEYWORDS.finditer(code)})


_TOP_WORDS = re.compile(r"(?<![\w?$:@.\-])(WHERE|USING|WITH)(?![\w:\-])", re.IGNORECASE)


def apply_using(update: str, graphs: list[str], named: list[str]) -> str:
    """Give every top-level ``WHERE`` of an update the protocol's ``using-graph-uri`` /
    ``using-named-graph-uri`` as ``USING`` / ``USING NAMED`` clauses.

    >>> apply_using("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", ["http://g"], [])
    'INSERT { ?s ?p 1 } USING <http://g> WHERE { ?s ?p ?o }'
    """
    code = _BLANKABLE.sub(lambda m: " " * len(m.group(0)), update)
    depth, cuts = 0, []
    for i, ch in enumerate(code):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and ch.upper() in "WU":
            m = _TOP_WORDS.match(code, i)
            if m and (i == 0 or not (code[i - 1].isalnum() or code[i - 1] in "?$:@.-_")):
                word = m.group(1).upper()
                if word in ("USING", "WITH"):
                    raise QueryError(f"the update has its own {word}; it cannot be combined "
                                     "with using-graph-uri / using-named-graph-uri")
                cuts.append(i)
    clause = "".join(f"USING <{g}> " for g in graphs) + "".join(
        f"USING NAMED <{g}> " for g in named)
    for i in reversed(cuts):
        update = update[:i] + clause + update[i:]
    return update


def refuse_network(text: str) -> None:
    found = network_keywords(text)
    if found:
        raise ForbiddenError(
            f"{' and '.join(found)} is disabled on this endpoint: it never fetches remote data"
        )




@dataclass
class Operation:
    """One parsed protocol request: a query, an update, or neither (service description)."""

    query: str | None = None
    update: str | None = None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    using_graphs: list[str] = field(default_factory=list)
    using_named_graphs: list[str] = field(default_factory=list)
    format: str | None = None


def _media(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    parts = [p.strip() for p in content_type.split(";")]
    charset = None
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p[8:].strip('"').lower()
    return parts[0].lower(), charset


def _decode(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedMediaType(f"only UTF-8 is accepted, not charset={charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"the request body is not valid UTF-8: {exc}") from exc


def parse_operation(
    method: str, url_params: list[tuple[str, str]], content_type: str | None, body: bytes
) -> Operation:
    """Turn a protocol request into an :class:`Operation` (raises for protocol errors)."""
    params = list(url_params)
    op = Operation()
    if method == "GET":
        pass
    elif method == "POST":
        media, charset = _media(content_type)
        if media == "application/x-www-form-urlencoded":
            text = _decode(body, charset)
            params += parse_qsl(text, keep_blank_values=True)
        elif media == "application/sparql-query":
            op.query = _decode(body, charset)
        elif media == "application/sparql-update":
            op.update = _decode(body, charset)
        else:
            raise UnsupportedMediaType(
                "POST a query as application/sparql-query or application/x-www-form-urlencoded, "
                f"an update as application/sparql-update; got {content_type or 'no Content-Type'!r}"
            )
    else:
        raise MethodNotAllowed(f"{method} is not a SPARQL protocol method; use GET or POST")
    for key, value in params:
        if key == "query":
            if op.query is not None or op.update is not None:
                raise QueryError("give exactly one query (or update) per request")
            op.query = value
        elif key == "update":
            if method == "GET":
                raise MethodNotAllowed("SPARQL Update must be sent with POST")
            if op.update is not None or op.query is not None:
                raise QueryError("give exactly one update (or query) per request")
            op.update = value
        elif key == "default-graph-uri":
            op.default_graphs.append(value)
        elif key == "named-graph-uri":
            op.named_graphs.append(value)
        elif key == "using-graph-uri":
            op.using_graphs.append(value)
        elif key == "using-named-graph-uri":
            op.using_named_graphs.append(value)
        elif key in ("format", "output"):
            op.format = value
    if op.update is not None and (op.default_graphs or op.named_graphs):
        raise QueryError("default-graph-uri / named-graph-uri apply to queries, not updates")
    if op.query is not None and (op.using_graphs or op.using_named_graphs):
        raise QueryError("using-graph-uri / using-named-graph-uri apply to updates, not queries")
    for iri in op.default_graphs + op.named_graphs + op.using_graphs + op.using_named_graphs:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise QueryError(f"not an IRI: {iri!r}") from None
    if op.update is not None and (op.using_graphs or op.using_named_graphs):
        op.update = apply_using(op.update, op.using_graphs, op.using_named_graphs)
    return op


def check_token(authorization: str | None, token: str | None) -> None:
    """Refuse a write unless it carries ``Authorization: Bearer <token>``."""
    if not token:
        raise ForbiddenError("writes are disabled on this server (no KG_WRITE_TOKEN set)")
    if not authorization:
        raise Unauthorized("this write needs an 'Authorization: Bearer <token>' header")
    scheme, _, given = authorization.partition(" ")
    import hmac

    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), token):
        raise ForbiddenError("the bearer token is wrong")


SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"


def service_description(endpoint: str, accept: str | None, writable: bool) -> tuple[str, bytes]:
    """SPARQL 1.1 Service Description of this endpoint, content-negotiated."""
    sd = lambda t: ox.NamedNode(SD + t)  # noqa: E731
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    svc, dataset, graph = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("dg")
    triples = [
        ox.Triple(svc, rdf_type, sd("Service")),
        ox.Triple(svc, sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(svc, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(svc, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(svc, sd("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), graph),
        ox.Triple(graph, rdf_type, sd("Graph")),
    ]
    if writable:
        triples.append(ox.Triple(svc, sd("supportedLanguage"), sd("SPARQL11Update")))
    names = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
             "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
    for name in names:
        triples.append(ox.Triple(svc, sd("resultFormat"), ox.NamedNode(FORMATS_NS + name)))
    fmt = negotiate(accept, GRAPH_FORMATS)
    prefixes = {"sd": SD, "formats": FORMATS_NS}
    return fmt.media_type, write_graph(triples, fmt.name, prefixes)


__all__ = [
    "Operation",
    "apply_using",
    "SELECT_FORMATS",
    "check_token",
    "network_keywords",
    "parse_operation",
    "refuse_network",
    "service_description",
]
