"""A second strict parser: N3.js must accept the Turtle, TriG and N-Quads newskg writes.

pyoxigraph already parses every export in test_cli.py; N3.js (like pyoxigraph, it passes
all W3C Turtle tests, where rdflib is lenient) is an independent second opinion.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
CHECKER = REPO / "tests" / "strict" / "check_rdf.mjs"
N3_FORMATS = {"turtle": "Turtle", "trig": "TriG", "nquads": "N-Quads", "ntriples": "N-Triples"}


@pytest.fixture(scope="module")
def node() -> str:
    node = shutil.which("node")
    if node is None or not (REPO / "tests" / "strict" / "node_modules" / "n3").is_dir():
        pytest.skip("node or N3.js missing (make install runs `npm ci --prefix tests/strict`)")
    return node


def n3_parse(node: str, path: Path, fmt: str) -> dict:
    proc = subprocess.run([node, str(CHECKER), str(path), N3_FORMATS[fmt]],
                          capture_output=True, text=True, timeout=120)
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("strict") / "store"
    subprocess.run([sys.executable, "-m", "kg", "ingest", str(REPO / "seeds"), "--store", str(store)],
                   check=True, capture_output=True, cwd=REPO, timeout=600)
    return store


@pytest.mark.parametrize("fmt", sorted(N3_FORMATS))
def test_n3js_accepts_our_exports(node: str, seeds_store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    subprocess.run([sys.executable, "-m", "kg", "export", "--store", str(seeds_store), "-f", fmt,
                    "-o", str(out)], check=True, capture_output=True, cwd=REPO, timeout=600)
    result = n3_parse(node, out, fmt)
    assert result["ok"], result
    assert result["quads"] > 1000


def test_n3js_rejects_broken_turtle(node: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix : <http://x/> .\n:a :b "never closed .\n')
    result = n3_parse(node, bad, "turtle")
    assert not result["ok"] and "line 2" in result["error"]
