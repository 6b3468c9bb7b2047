"""The seeds graph: seeds/ ingested through the real pipeline, and query results as rows.

Shared by the ``seeds_store`` fixture (tests/conftest.py) and ``python -m
tests.regen_goldens``, so the goldens are made exactly the way the tests read them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.articles import read_articles
from kg.config import Settings
from kg.pipeline import Extractor, ingest_articles
from kg.query_library import NamedQuery
from kg.rdf import IriMinter
from kg.store import OxigraphStore

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
GOLDEN_DIR = REPO / "tests" / "golden" / "queries"


def build_seeds_store(nlp: Any, resources: Any, settings: Settings | None = None) -> OxigraphStore:
    """Ingest every article under seeds/ into a fresh in-memory store."""
    settings = settings or Settings()
    extractor = Extractor(
        nlp=nlp, resources=resources, minter=IriMinter(settings.base_iri), settings=settings
    )
    store = OxigraphStore(None)
    report = ingest_articles(
        read_articles([str(SEEDS)], max_chars=settings.max_chars), store, extractor
    )
    if report.failures or report.stored == 0:
        raise RuntimeError(f"seeds ingest failed: {report.summary()} {report.failures}")
    return store


def cell(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    """One result value as golden text: ``<iri>`` for IRIs, the lexical form for literals."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return "_:b"  # blank node labels are not stable
    return term.value


def query_rows(store: OxigraphStore, query: NamedQuery) -> dict[str, Any]:
    """Run a query over the union graph; variables and rows in result order."""
    result = store.query(query.sparql)
    names = [v.value for v in result.variables]  # type: ignore[attr-defined]
    rows = [[cell(solution[name]) for name in names] for solution in result]  # type: ignore[attr-defined]
    return {"query": query.name, "vars": names, "rows": rows}


def golden_path(name: str) -> Path:
    return GOLDEN_DIR / f"{name}.json"


def read_golden(name: str) -> dict[str, Any] | None:
    path = golden_path(name)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def write_golden(data: dict[str, Any]) -> Path:
    path = golden_path(data["query"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
