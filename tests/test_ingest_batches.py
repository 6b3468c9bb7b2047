"""Batched ingest of new articles: same store as per-article ingest, and the ingest journal.

A batch of new articles is written with Oxigraph's non-transactional bulk writer under a
journal (``<store>/ingest.journal``); opening the store after an interrupted batch rolls
the batch back. The interrupted batch is simulated by writing the journal and part of the
batch's quads into a store folder directly, as a crash in the middle would leave them.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.batches import BATCH_QUADS, FIRST_BATCH_QUADS
from kg.bench.corpus import generate_articles
from kg.config import Settings
from kg.errors import StoreError
from kg.journal import JOURNAL, write_journal
from kg.pipeline import Extractor, ingest_articles
from kg.rdf import IriMinter
from kg.store import BULK_MIN_QUADS, OxigraphStore
from tests.clitools import kg, store_quads

EX = "http://example.org/"


def g(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{EX}article/{name}")


def quads(graph: ox.NamedNode, n: int) -> list[ox.Quad]:
    out = [ox.Quad(ox.NamedNode(f"{graph.value}/s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(f"v{i}"), graph)
           for i in range(n)]
    out.append(ox.Quad(ox.NamedNode(f"{EX}russia"), ox.NamedNode(f"{EX}label"), ox.Literal("Russia"), graph))
    return out


@pytest.fixture
def old_store(tmp_path: Path) -> tuple[Path, set[ox.Quad]]:
    """A store holding articles a and b, written the transactional way."""
    path = tmp_path / "store"
    s = OxigraphStore(path)
    s.replace_article(g("a"), quads(g("a"), 20))
    s.replace_article(g("b"), quads(g("b"), 30))
    s.close()
    return path, store_quads(path)


def interrupt_a_batch(path: Path, graphs: list[ox.NamedNode], written: list[ox.Quad]) -> None:
    """What a crash in the middle of a bulk batch leaves: its journal and some of its quads."""
    write_journal(path, [x.value for x in graphs])
    raw = ox.Store(str(path))
    raw.bulk_extend(written)
    raw.flush()
    del raw


def test_interrupted_batch_is_rolled_back_when_a_command_opens_the_store(
    old_store: tuple[Path, set[ox.Quad]],
) -> None:
    path, before = old_store
    new = [g("c"), g("d"), g("e")]
    interrupt_a_batch(path, new, quads(g("c"), 3000) + quads(g("d"), 3000)[:1000])  # e: nothing yet
    proc = kg("stats", "--store", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    assert "recovered from an interrupted ingest: 3 article graphs rolled back; re-run the ingest" \
        in proc.stderr
    assert not (path / JOURNAL).exists()
    assert '"articles": 2' in proc.stdout
    assert store_quads(path) == before  # a and b untouched, c and d gone
    again = kg("stats", "--store", str(path))
    assert again.returncode == 0 and "recovered" not in again.stderr  # said once


def test_recovery_on_open_names_the_graphs_and_a_re_ingest_succeeds(
    old_store: tuple[Path, set[ox.Quad]],
) -> None:
    path, before = old_store
    interrupt_a_batch(path, [g("c")], quads(g("c"), 6000))
    s = OxigraphStore(path)
    try:
        assert s.rolled_back == [g("c").value]
        assert s.articles() == [g("a"), g("b")]
        assert s.add_new_articles([(g("c"), quads(g("c"), 6000))]) == [6001]
        assert not (path / JOURNAL).exists()
    finally:
        s.close()
    assert store_quads(path) == before | set(quads(g("c"), 6000))


@pytest.mark.parametrize("content", [b"{\"kind\": \"newskg ingest jour", b"\x00\xff\x10", b"[1, 2]",
                                     b'{"kind": "newskg ingest journal", "graphs": ["not an iri"]}'])
def test_unreadable_journal_is_a_clear_error_naming_the_file(
    old_store: tuple[Path, set[ox.Quad]], content: bytes,
) -> None:
    path, before = old_store
    (path / JOURNAL).write_bytes(content)
    proc = kg("stats", "--store", str(path))
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr.startswith("kg stats: error:") and str(path / JOURNAL) in proc.stderr
    assert "Traceback" not in proc.stderr
    with pytest.raises(StoreError, match="ingest journal"):
        OxigraphStore(path)
    (path / JOURNAL).unlink()  # the failed open released the store: it opens, unchanged
    assert store_quads(path) == before


@pytest.mark.parametrize("on_disk", [True, False], ids=["disk", "memory"])
@pytest.mark.parametrize("size", [BULK_MIN_QUADS * 2, 40], ids=["bulk", "small"])
def test_add_new_articles_equals_one_replace_per_article(tmp_path: Path, on_disk: bool, size: int) -> None:
    batch = [(g(f"n{i}"), quads(g(f"n{i}"), size // 4)) for i in range(4)]
    stores = [OxigraphStore(tmp_path / name if on_disk else None) for name in ("batch", "one")]
    try:
        stores[0].replace_article(g("a"), quads(g("a"), 5))
        stores[1].replace_article(g("a"), quads(g("a"), 5))
        assert stores[0].add_new_articles(batch) == [size // 4 + 1] * 4
        for graph, qs in batch:
            stores[1].replace_article(graph, qs)
        assert set(stores[0].raw) == set(stores[1].raw)
        assert stores[0].articles() == stores[1].articles()
        assert not (tmp_path / "batch" / JOURNAL).exists()
        with pytest.raises(ValueError, match="not in the store yet"):
            stores[0].add_new_articles([(g("a"), quads(g("a"), 2))])
        with pytest.raises(ValueError, match="each once"):
            stores[0].add_new_articles([(g("z"), []), (g("z"), [])])
    finally:
        for s in stores:
            s.close()


@pytest.mark.slow
def test_batched_ingest_stores_what_per_article_ingest_stores(tmp_path: Path, nlp, resources) -> None:
    settings = Settings.from_env({}, store_path=tmp_path / "unused")
    ex = Extractor(nlp=nlp, resources=resources, minter=IriMinter(settings.base_iri), settings=settings)
    arts = list(generate_articles(36, seed=7))
    # article 5 is in the store before (re-ingest); 3 and 0 come twice
    stream = arts[:20] + [arts[3]] + arts[20:] + [arts[0]]
    old = ex.minter.article(arts[5].id)
    runs = {}
    for name, budget in (("batched", BATCH_QUADS), ("per-article", 0)):
        store = OxigraphStore(tmp_path / name)
        try:
            store.replace_article(old, [ox.Quad(old, old, ox.Literal("stale"), old)])
            order: list[str] = []
            report = ingest_articles(stream, store, ex, batch_quads=budget,
                                     on_stored=lambda e, n, seen=order: seen.append(e.article.id))
            runs[name] = (report.summary(), order, set(store.raw))
        finally:
            store.close()
    assert runs["batched"] == runs["per-article"]
    summary, order, stored = runs["batched"]
    assert order == [a.id for a in stream]
    assert "ingested 38 article(s) (3 replaced)" in summary and "0 failure(s)" in summary
    assert ox.Quad(old, old, ox.Literal("stale"), old) not in stored
    # Batches double from FIRST_BATCH_QUADS (1k, 2k, 4k, 8k, ...), cut short by the three
    # articles that already exist: this many quads makes at least one batch a bulk write.
    assert len(stored) > FIRST_BATCH_QUADS * 15 + BULK_MIN_QUADS
