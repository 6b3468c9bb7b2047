"""kg.graph.GraphProjection on small synthetic stores: hub caps, incremental updates."""

from __future__ import annotations

from datetime import date

from kg.config import DEFAULT_BASE_IRI
from kg.graph import GraphProjection
from kg.rdf import IriMinter, extraction_to_quads
from kg.records import Argument, Article, Entity, Event, Extraction, Mention
from kg.store import OxigraphStore

MINTER = IriMinter(DEFAULT_BASE_IRI)


def _article(n: int, people: list[str], place: str = "Hubtown") -> Extraction:
    """One article: each person takes part in one protest in ``place``."""
    art = Article(f"a{n}", f"Title {n}", "text " * 20, published=date(2022, 3, 1))
    ents = [Entity("place", "place", place, place, [Mention(0, 4, place)], is_actor=False)]
    events = []
    for i, name in enumerate(people):
        ents.append(Entity(f"p{i}", "person", name, name, [Mention(10 + i, 11 + i, name)],
                           is_actor=True))
        events.append(Event(f"v{i}", "protest", Mention(50 + i, 51 + i, "marched"),
                            [Argument("participant", f"p{i}"), Argument("place", "place")]))
    return Extraction(art, ents, [], events)


def _store(extractions: list[Extraction]) -> OxigraphStore:
    store = OxigraphStore(None)
    for ex in extractions:
        store.replace_article(MINTER.article(ex.article.id), extraction_to_quads(ex, MINTER))
    return store


def test_hub_neighbourhood_is_capped_and_flagged():
    store = _store([_article(0, [f"Person {i}" for i in range(60)])])
    proj = GraphProjection.build(store, DEFAULT_BASE_IRI)
    hub = MINTER.article("x").value.replace("article/x", "place/hubtown")
    nodes, edges, truncated = proj.neighbors(hub, depth=2, limit=1000, fanout=10)
    assert truncated is True
    events = [n for n in nodes if proj.kind_of(n) == "event"]
    assert len(events) == 10  # the hub contributed only 10 of its 60 events
    assert {proj.kind_of(n) for n in nodes} == {"place", "event", "person"}
    full, _, cut = proj.neighbors(hub, depth=2, limit=1000, fanout=1000)
    assert cut is False and len(full) == 1 + 60 + 60


def test_node_limit_stops_the_search():
    store = _store([_article(0, [f"Person {i}" for i in range(30)])])
    proj = GraphProjection.build(store, DEFAULT_BASE_IRI)
    hub = f"{DEFAULT_BASE_IRI}place/hubtown"
    nodes, edges, truncated = proj.neighbors(hub, depth=3, limit=7)
    assert len(nodes) == 7 and truncated
    assert all(e.source in nodes and e.target in nodes for e in edges)


def test_incremental_updates_match_a_rebuild():
    a0 = _article(0, ["Ann Lee", "Bo Chan"])
    a1 = _article(1, ["Bo Chan", "Cy Diaz"], place="Port Elm")
    store = _store([a0])
    proj = GraphProjection.build(store, DEFAULT_BASE_IRI)
    for ex in (a1,):
        store.replace_article(MINTER.article(ex.article.id), extraction_to_quads(ex, MINTER))
        proj.update_article(MINTER.article(ex.article.id).value)
    rebuilt = GraphProjection.build(store, DEFAULT_BASE_IRI)
    assert set(proj.graph.edges(keys=True)) == set(rebuilt.graph.edges(keys=True))
    # re-ingesting a changed article replaces its contribution
    a0b = _article(0, ["Ann Lee"])
    store.replace_article(MINTER.article("a0"), extraction_to_quads(a0b, MINTER))
    proj.update_article(MINTER.article("a0").value)
    rebuilt = GraphProjection.build(store, DEFAULT_BASE_IRI)
    assert set(proj.graph.edges(keys=True)) == set(rebuilt.graph.edges(keys=True))
    assert set(proj.graph.nodes) == set(rebuilt.graph.nodes)
    # deleting leaves nothing of the article behind
    store.delete_article(MINTER.article("a1"))
    proj.remove_article(MINTER.article("a1").value)
    assert f"{DEFAULT_BASE_IRI}person/cy-diaz" not in proj.graph
    assert set(proj.graph.nodes) == set(GraphProjection.build(store, DEFAULT_BASE_IRI).graph.nodes)


def test_paths_and_top():
    store = _store([_article(0, ["Ann Lee", "Bo Chan"]),
                    _article(1, ["Bo Chan", "Cy Diaz"], place="Port Elm")])
    proj = GraphProjection.build(store, DEFAULT_BASE_IRI)
    ann, cy = f"{DEFAULT_BASE_IRI}person/ann-lee", f"{DEFAULT_BASE_IRI}person/cy-diaz"
    paths = proj.paths(ann, cy, max_len=8)
    assert paths and all(p[0] == ann and p[-1] == cy for p in paths)
    assert f"{DEFAULT_BASE_IRI}person/bo-chan" in paths[0]
    assert proj.paths(ann, cy, max_len=2) == []
    top = proj.top("degree", 1, ["person"])
    assert top[0][0] == f"{DEFAULT_BASE_IRI}person/bo-chan"
    assert proj.top("betweenness", 1, ["person"])[0][0] == f"{DEFAULT_BASE_IRI}person/bo-chan"
