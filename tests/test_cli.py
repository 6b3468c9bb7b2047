"""The `kg` command line end to end, with the real spaCy pipeline and an on-disk store."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.articles import read_articles
from kg.cli import main
from kg.config import Settings
from kg.pipeline import Extractor
from kg.store import SERVE_INFO, OxigraphStore
from tests.clitools import kg, store_quads

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    proc = kg("ingest", str(SEEDS), "--store", str(path), check=True)
    assert "ingested 7 article(s) (0 replaced)" in proc.stdout
    assert "0 failure(s)" in proc.stdout
    return path


def test_reingest_leaves_the_graph_unchanged(seeds_store: Path) -> None:
    before = store_quads(seeds_store)
    proc = kg("ingest", str(SEEDS), "--store", str(seeds_store), check=True)
    assert "ingested 7 article(s) (7 replaced)" in proc.stdout
    assert store_quads(seeds_store) == before


def test_two_extraction_processes_store_the_same_graph(seeds_store: Path, tmp_path: Path) -> None:
    """KG_N_PROCESS=2 parses and extracts in worker processes; the store must come out the
    same as with one process, and the report the same."""
    path = tmp_path / "store2"
    env = {**os.environ, "KG_N_PROCESS": "2", "KG_BATCH_SIZE": "2"}
    proc = kg("ingest", str(SEEDS), "--store", str(path), check=True, env=env)
    assert "ingested 7 article(s) (0 replaced)" in proc.stdout
    assert "0 failure(s)" in proc.stdout
    assert store_quads(path) == store_quads(seeds_store)


def test_stats_counts_what_was_stored(seeds_store: Path) -> None:
    stats = json.loads(kg("stats", "--store", str(seeds_store), "--json", check=True).stdout)
    assert stats["articles"] == 7
    assert stats["triples"] == len({q.triple for q in store_quads(seeds_store)})
    assert stats["persons"] > 5 and stats["places"] > 5


def test_query_formats(seeds_store: Path) -> None:
    q = "SELECT ?title WHERE { ?a a schema:NewsArticle ; dcterms:title ?title } ORDER BY ?title"
    doc = json.loads(kg("query", q, "--store", str(seeds_store), "-f", "json", check=True).stdout)
    titles = [b["title"]["value"] for b in doc["results"]["bindings"]]
    assert doc["head"]["vars"] == ["title"] and len(titles) == 7
    assert "Strong earthquake off Fukushima kills four, derails bullet train" in titles
    rows = list(csv.reader(io.StringIO(kg("query", q, "--store", str(seeds_store), "-f", "csv").stdout)))
    assert rows[0] == ["title"] and [r[0] for r in rows[1:]] == titles
    tsv = kg("query", q, "--store", str(seeds_store), "-f", "tsv").stdout.splitlines()
    assert tsv[0] == "?title" and len(tsv) == 8
    table = kg("query", q, "--store", str(seeds_store)).stdout
    assert "(7 rows)" in table and titles[0] in table


def test_bad_query_is_one_line_and_exit_7(seeds_store: Path) -> None:
    proc = kg("query", "SELECT ?x WHERE { ?x ", "--store", str(seeds_store))
    assert proc.returncode == 7
    assert proc.stderr.startswith("kg query: error: SPARQL syntax error")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_parses_strictly_and_matches_the_store(seeds_store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    kg("export", "--store", str(seeds_store), "-f", fmt, "-o", str(out), check=True)
    parsed = list(ox.parse(path=str(out), format=FORMATS[fmt]))
    stored = store_quads(seeds_store)
    if fmt in ("trig", "nquads"):
        assert set(parsed) == stored
    else:
        assert {p.triple if isinstance(p, ox.Quad) else p for p in parsed} == {q.triple for q in stored}


def test_export_graphml_is_readable_by_networkx(seeds_store: Path, tmp_path: Path) -> None:
    import networkx as nx

    out = tmp_path / "graph.graphml"
    kg("export", "--store", str(seeds_store), "-f", "graphml", "-o", str(out), check=True)
    graph = nx.read_graphml(out)
    labels = {d.get("label") for _, d in graph.nodes(data=True)}
    assert "Dmitry Peskov" in labels
    assert graph.number_of_edges() > 50


def test_extract_prints_turtle_without_touching_the_store(tmp_path: Path) -> None:
    env = {**os.environ, "KG_STORE": str(tmp_path / "untouched")}
    proc = kg("extract", str(SEEDS / "kharkiv-shelling.txt"), check=True, env=env)
    triples = list(ox.parse(proc.stdout.encode(), ox.RdfFormat.TURTLE))
    labels = {t.object.value for t in triples if t.predicate.value.endswith("rdf-schema#label")}
    assert "Kharkiv" in labels
    assert not (tmp_path / "untouched").exists()


def test_delete_removes_exactly_that_article(seeds_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    kg("ingest", str(SEEDS), "--store", str(copy), check=True)
    url = "https://example-news.org/asia/2022/03/17/fukushima-earthquake-kills-four"
    before = store_quads(copy)
    anyuri = ox.NamedNode("http://www.w3.org/2001/XMLSchema#anyURI")
    graph = next(q.graph_name for q in before if q.object == ox.Literal(url, datatype=anyuri))
    graph_quads = {q for q in before if q.graph_name == graph}
    assert len(graph_quads) > 20
    proc = kg("delete", url, "--store", str(copy), check=True)
    assert f"({len(graph_quads):,} quads)" in proc.stdout
    assert store_quads(copy) == before - graph_quads
    again = kg("delete", url, "--store", str(copy))
    assert again.returncode == 6 and "no article" in again.stderr


def test_bad_inputs_are_reported_and_the_rest_stored(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "empty.txt").write_bytes(b"")
    (batch / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")
    (batch / "latin1.txt").write_bytes(
        "Grève à Marseille\n\nLes dockers ont cessé le travail.".encode("latin-1")
    )
    (batch / "lines.jsonl").write_text(
        '{"title": "Port strike in Marseille", '
        '"text": "Dock workers in Marseille walked out on Monday, the union said."}\n'
        '{"title": "broken", "text": \n'
    )
    (batch / "notes.pdf").write_bytes(b"%PDF-1.4 ...")
    with (batch / "huge.txt").open("wb") as fh:
        fh.write(b"Huge\n\n" + b"All work and no play makes a dull story. " * 1_300_000)  # ~53 MB
    (batch / "good.txt").write_text(
        "Title: Storm closes Lisbon port\nPublished: 2022-03-05\n\n"
        "A storm forced the closure of Lisbon port on Friday, the harbour authority said."
    )
    store = tmp_path / "store"
    proc = kg("ingest", str(batch), "--store", str(store))
    assert proc.returncode == 1
    assert "ingested 2 article(s)" in proc.stdout and "6 failure(s)" in proc.stdout
    err = proc.stderr
    for needle in (
        "empty.txt: empty file",
        "image.txt: binary data",
        "latin1.txt: not valid UTF-8",
        "lines.jsonl line 2: malformed JSON",
        "notes.pdf: unknown extension '.pdf'",
        "huge.txt: 5",
    ):
        assert needle in err, (needle, err)
    assert "more than the article limit" in err
    titles = kg(
        "query",
        "SELECT ?t WHERE { ?a dcterms:title ?t } ORDER BY ?t",
        "--store",
        str(store),
        "-f",
        "csv",
        check=True,
    ).stdout.split()
    assert "Storm" in " ".join(titles) and "Marseille" in " ".join(titles)


def test_only_bad_input_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = kg("ingest", str(tmp_path / "empty.txt"), "--store", str(tmp_path / "s"))
    assert proc.returncode == 2 and "empty file" in proc.stderr


def test_stdin_ingest_with_published_date(tmp_path: Path) -> None:
    store = tmp_path / "s"
    kg(
        "ingest",
        "-",
        "--published",
        "2022-03-06",
        "--store",
        str(store),
        check=True,
        input="Protest in Berlin\n\nThousands of people protested in Berlin on Sunday, police said.",
    )
    out = kg(
        "query",
        "SELECT ?d WHERE { ?a schema:datePublished ?d }",
        "--store",
        str(store),
        "-f",
        "csv",
        check=True,
    ).stdout
    assert "2022-03-06" in out


def test_store_held_by_another_process_is_reported(tmp_path: Path) -> None:
    store = tmp_path / "s"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
            "print('held', flush=True); sys.stdin.read()",
            str(store),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        proc = kg("ingest", str(SEEDS / "kharkiv-shelling.txt"), "--store", str(store))
        assert proc.returncode == 5
        assert "locked by another process" in proc.stderr
        (store / SERVE_INFO).write_text(json.dumps({"pid": holder.pid, "url": "http://127.0.0.1:9"}))
        proc = kg("delete", "abc", "--store", str(store))
        assert proc.returncode == 5 and "held by `kg serve`" in proc.stderr
    finally:
        holder.communicate("", timeout=30)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["crash", "ctrl-c"])
def test_interrupted_batch_leaves_only_whole_articles(tmp_path: Path, sig: signal.Signals) -> None:
    """A crash or Ctrl-C in the middle of a batch: every stored article is whole, the store opens."""
    batch = tmp_path / "batch"
    batch.mkdir()
    for i in range(60):
        (batch / f"a{i:02d}.txt").write_text(
            f"Title: Strike number {i} in Kharkiv\nPublished: 2022-03-0{1 + i % 9}\n\n"
            f"Russian forces shelled Kharkiv on Tuesday, killing {i + 2} people, governor Oleh "
            f"Synehubov said. Ukrainian Foreign Minister Dmytro Kuleba urged Poland to send aid.\n\n"
            + "Residents sheltered in the metro as sirens sounded across the city. "
            * 40
        )
    store = tmp_path / "s"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "ingest", str(batch), "--store", str(store), "--verbose"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    seen = [proc.stdout.readline() for _ in range(5)]  # five articles committed...
    proc.send_signal(sig)  # ...then a crash or Ctrl-C in the middle of the batch
    proc.wait(timeout=60)
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert "interrupted; articles already stored are intact" in proc.stderr.read()
    assert all(line.startswith("stored ") for line in seen), seen
    settings = Settings.from_env({}, store_path=store)
    extractor = Extractor.load(settings)
    by_id = {a.id: a for a in read_articles(str(batch))}  # type: ignore[union-attr]
    s = OxigraphStore(store)
    try:
        assert 5 <= len(s.articles()) < 60
        # every article announced as stored is in the store (batches are announced once written)
        in_store = {graph.value.rsplit("/", 1)[-1] for graph in s.articles()}
        assert {line.split()[1] for line in seen} <= in_store
        for graph in s.articles():
            article = by_id[graph.value.rsplit("/", 1)[-1]]
            expected = set(extractor.quads(extractor.extract_one(article)))  # type: ignore[arg-type]
            assert set(s.raw.quads_for_pattern(None, None, None, graph)) == expected
    finally:
        s.close()


def test_doctor_names_the_pipeline() -> None:
    proc = kg("doctor", check=True)
    assert "spaCy pipeline" in proc.stdout and "core_web_md" in proc.stdout
    assert "store" in proc.stdout


def test_main_in_process_reports_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["stats", "--store", str(tmp_path / "none")])
    assert code == 6
    assert "no store at" in capsys.readouterr().err
