"""The Store contract: every store implementation passes these tests."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import NotFoundError, QueryError, QuerySyntaxError, StoreBusyError
from kg.export import EXPORT_FORMATS, write_export
from kg.store import OxigraphStore

EX = "http://example.org/"


def g(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{EX}article/{name}")


def quads(graph: ox.NamedNode, n: int, shared: bool = True) -> list[ox.Quad]:
    """n distinct triples, plus one triple every article shares (to test the union)."""
    out = [
        ox.Quad(ox.NamedNode(f"{graph.value}/s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(f"v{i}"), graph)
        for i in range(n)
    ]
    if shared:
        out.append(
            ox.Quad(ox.NamedNode(f"{EX}russia"), ox.NamedNode(f"{EX}label"), ox.Literal("Russia"), graph)
        )
    return out


@pytest.fixture(params=["disk", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OxigraphStore]:
    s = OxigraphStore(tmp_path / "store" if request.param == "disk" else None)
    yield s
    s.close()


def count(store: OxigraphStore, sparql: str) -> int:
    row = next(iter(store.query(sparql)))  # type: ignore[call-overload]
    return int(row["n"].value)


def test_replace_is_idempotent(store: OxigraphStore) -> None:
    store.replace_article(g("a"), quads(g("a"), 3))
    before = store.stats()
    store.replace_article(g("a"), quads(g("a"), 3))
    assert store.stats() == before
    assert before.articles == 1 and before.quads == 4


def test_replace_swaps_the_whole_graph(store: OxigraphStore) -> None:
    store.replace_article(g("a"), quads(g("a"), 5))
    store.replace_article(g("a"), quads(g("a"), 2))
    assert store.stats().quads == 3
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{g('a').value}/s4> ?p ?o }}") == 0


@pytest.mark.parametrize("n", [10, 3], ids=["small-change", "mostly-new"])
def test_replace_with_changed_quads_leaves_exactly_the_new_graph(store: OxigraphStore, n: int) -> None:
    store.replace_article(g("a"), quads(g("a"), n + 1))
    store.replace_article(g("b"), quads(g("b"), 2))
    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    changed = quads(g("a"), n, shared=False)[1:] + [  # s0 changed, s<n> and the shared one gone
        ox.Quad(ox.NamedNode(f"{g('a').value}/s0"), ox.NamedNode(f"{EX}p"), ox.Literal("v0 'x'\n"), g("a")),
        ox.Quad(ox.NamedNode(f"{EX}new"), ox.NamedNode(f"{EX}p"), ox.Literal("1.50", datatype=decimal),
                g("a")),
    ]
    for _ in range(2):  # the second time, only the non-canonical decimal differs
        assert store.replace_article(g("a"), changed) == n + 1
        in_a = {(q.subject, q.predicate, q.object.value)
                for q in store.raw.quads_for_pattern(None, None, None, g("a"))}
        assert in_a == {(q.subject, q.predicate, q.object.value.replace("1.50", "1.5")) for q in changed}
    assert set(store.raw.quads_for_pattern(None, None, None, g("b"))) == set(quads(g("b"), 2))
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{EX}russia> ?p ?o }}") == 1
    store.replace_article(g("a"), [])
    assert store.articles() == [g("b")]


def test_replace_with_blank_nodes_swaps_them_too(store: OxigraphStore) -> None:
    def with_blank() -> list[ox.Quad]:
        return [ox.Quad(ox.BlankNode(), ox.NamedNode(f"{EX}p"), ox.Literal("x"), g("a"))]

    store.replace_article(g("a"), with_blank())
    store.replace_article(g("a"), with_blank())
    assert store.stats().quads == 1


def test_delete_removes_exactly_one_graph(store: OxigraphStore) -> None:
    store.replace_article(g("a"), quads(g("a"), 3))
    store.replace_article(g("b"), quads(g("b"), 2))
    removed = store.delete_article(g("a"))
    assert removed == 4
    assert store.articles() == [g("b")]
    assert store.stats().quads == 3
    # The triple both articles shared survives through b.
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{EX}russia> ?p ?o }}") == 1
    with pytest.raises(NotFoundError):
        store.delete_article(g("a"))


def test_queries_see_the_union_with_distinct_triples(store: OxigraphStore) -> None:
    store.replace_article(g("a"), quads(g("a"), 1))
    store.replace_article(g("b"), quads(g("b"), 1))
    assert store.stats().triples == 3  # a/s0, b/s0, and the shared triple once
    assert store.stats().quads == 4
    assert count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }") == 3


def test_literals_and_special_characters_survive(store: OxigraphStore) -> None:
    graph = g("c")
    tricky = ox.Literal('He said "no" } ; \\ \n and left', language="en")
    q = ox.Quad(ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}says"), tricky, graph)
    store.replace_article(graph, [q])
    [row] = list(store.query(f"SELECT ?o WHERE {{ <{EX}s> <{EX}says> ?o }}"))  # type: ignore[call-overload]
    assert row["o"] == tricky


def test_bad_sparql_is_a_query_error(store: OxigraphStore) -> None:
    with pytest.raises(QueryError, match="syntax"):
        store.query("SELEC ?x WHERE {")


def test_bad_sparql_names_line_and_column(store: OxigraphStore) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        store.query("SELECT ?x WHERE {\n  ?x ?y }")
    assert err.value.extra["line"] == 2


def test_update_resolves_relative_iris_against_base(store: OxigraphStore) -> None:
    store.update("INSERT DATA { GRAPH <article/u> { <s> <p> 1 } }", base_iri=EX)
    assert store.has_article(g("u"))
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{EX}s> <{EX}p> 1 }}") == 1


def test_update_errors_are_query_errors(store: OxigraphStore) -> None:
    store.replace_article(g("a"), quads(g("a"), 2))
    with pytest.raises(QuerySyntaxError) as err:
        store.update("INSERT DATA {\n <http://x/s> }")
    assert err.value.extra["line"] == 2
    with pytest.raises(QueryError, match="does not exist"):
        store.update(f"DROP GRAPH <{EX}article/missing>")
    assert store.stats().quads == 3


@pytest.mark.parametrize("fmt", [f for f in EXPORT_FORMATS if f != "graphml"])
def test_export_round_trips(store: OxigraphStore, fmt: str) -> None:
    store.replace_article(g("a"), quads(g("a"), 3))
    store.replace_article(g("b"), quads(g("b"), 2))
    buf = io.BytesIO()
    write_export(store, fmt, buf)
    parsed = list(
        ox.parse(
            buf.getvalue(),
            {
                "turtle": ox.RdfFormat.TURTLE,
                "trig": ox.RdfFormat.TRIG,
                "nquads": ox.RdfFormat.N_QUADS,
                "ntriples": ox.RdfFormat.N_TRIPLES,
                "jsonld": ox.RdfFormat.JSON_LD,
            }[fmt],
        )
    )
    if fmt in ("trig", "nquads"):
        assert set(parsed) == set(store.raw.quads_for_pattern(None, None, None, None))
    else:
        triples = {p.triple if isinstance(p, ox.Quad) else p for p in parsed}
        assert triples == {q.triple for q in store.raw.quads_for_pattern(None, None, None, None)}


def test_second_writer_gets_a_clear_busy_error(tmp_path: Path) -> None:
    first = OxigraphStore(tmp_path / "s")
    try:
        with pytest.raises(StoreBusyError, match="locked by another process"):
            OxigraphStore(tmp_path / "s")
    finally:
        first.close()
