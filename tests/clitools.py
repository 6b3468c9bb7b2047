"""Running the real ``kg`` command and reading a store it wrote, for CLI tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.store import OxigraphStore

REPO = Path(__file__).resolve().parents[1]


def kg(*args: str, check: bool = False, **kw: Any) -> subprocess.CompletedProcess[str]:
    """``python -m kg ARGS`` from the repository root; with ``check``, fail on a non-zero exit."""
    proc = subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=REPO, timeout=600, **kw
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
    return proc


def ingest_json(root: Path, articles: dict[str, tuple[str, str, str]]) -> Path:
    """Write ``{id: (title, published, text)}`` as JSON articles under ``root/in`` and
    ``kg ingest`` them into ``root/store``; returns the store path."""
    folder = root / "in"
    folder.mkdir()
    for ident, (title, published, text) in articles.items():
        (folder / f"{ident}.json").write_text(json.dumps(
            {"id": ident, "title": title, "published": published, "text": text}))
    store = root / "store"
    kg("ingest", "--store", str(store), str(folder), check=True)
    return store


def store_quads(path: Path) -> set[ox.Quad]:
    """Every quad of the on-disk store at ``path`` (opened and closed again)."""
    s = OxigraphStore(path)
    try:
        return set(s.raw.quads_for_pattern(None, None, None, None))
    finally:
        s.close()
