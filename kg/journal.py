"""The ingest journal: which new article graphs a bulk write is putting into the store.

``OxigraphStore.add_new_articles`` writes the journal (fsync, atomic rename, fsync of
the folder) before its non-transactional bulk write and removes it once the write is
flushed. A journal found when the store is opened for writing therefore names graphs
that were new when an interrupted batch began: dropping them restores the store as it
was before the batch.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kg.errors import StoreError

JOURNAL = "ingest.journal"
_KIND = "newskg ingest journal"


def journal_path(store_path: Path) -> Path:
    return store_path / JOURNAL


def write_journal(store_path: Path, graphs: list[str]) -> None:
    """Durably record ``graphs`` (IRIs) as the batch being written."""
    final = journal_path(store_path)
    tmp = final.with_name(final.name + ".tmp")
    data = json.dumps({"kind": _KIND, "version": 1, "graphs": graphs}).encode()
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    _fsync_dir(store_path)


def read_journal(store_path: Path) -> list[str] | None:
    """The graph IRIs of an interrupted batch, None if there is no journal.

    StoreError (naming the file) if the journal cannot be read or is not one of ours.
    """
    path = journal_path(store_path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read the ingest journal {path}: {exc}") from exc
    try:
        doc = json.loads(raw)
        graphs = doc["graphs"] if doc.get("kind") == _KIND else None
        if not isinstance(graphs, list) or not all(isinstance(g, str) for g in graphs):
            raise ValueError("not a list of graph IRIs")
    except (ValueError, AttributeError, KeyError) as exc:
        raise StoreError(
            f"the ingest journal {path} is unreadable ({exc}); it should list the article "
            "graphs of an interrupted ingest batch, which cannot be rolled back without it. "
            "Move it away and check the store (e.g. `kg stats`), or rebuild the store"
        ) from exc
    return graphs


def remove_journal(store_path: Path) -> None:
    """Remove the journal (the batch is durable, or rolled back) and sync the folder."""
    try:
        journal_path(store_path).unlink()
    except FileNotFoundError:
        return
    _fsync_dir(store_path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
