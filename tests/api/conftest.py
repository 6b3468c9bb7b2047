"""API fixtures: one store built once per session (the seeds through the real pipeline,
plus two hand-built articles with events), a read-only app over it, and fresh copies
of it for tests that write."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.config import Settings
from kg.store import OxigraphStore

REPO = Path(__file__).resolve().parents[2]
TOKEN = "test-token-123"


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory, nlp) -> Path:
    """A closed on-disk store holding the seeds and the hand-made articles."""
    from kg.articles import read_articles
    from kg.extract import Resources
    from kg.pipeline import Extractor, ingest_articles
    from kg.rdf import IriMinter, extraction_to_quads
    from tests.api.handmade import article_one, article_two

    path = tmp_path_factory.mktemp("api") / "store"
    settings = Settings(store_path=path)
    store = OxigraphStore(path)
    minter = IriMinter(settings.base_iri)
    extractor = Extractor(nlp=nlp, resources=Resources.load(), minter=minter, settings=settings)
    report = ingest_articles(read_articles([str(REPO / "seeds")]), store, extractor)
    assert report.stored >= 6, report.summary()
    for extraction in (article_one(), article_two()):
        graph = minter.article(extraction.article.id)
        store.replace_article(graph, extraction_to_quads(extraction, minter))
    store.close()
    return path


def settings_for(path: Path, **kw: object) -> Settings:
    values: dict[str, object] = {"store_path": path, "write_token": TOKEN, "query_timeout": 5.0}
    values.update(kw)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def client(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client of an app over a private copy of the built store (tests here only read)."""
    from api.app import create_app

    path = tmp_path_factory.mktemp("api-read") / "store"
    shutil.copytree(built_store, path)
    with TestClient(create_app(settings_for(path))) as c:
        yield c


@pytest.fixture
def fresh_settings(built_store: Path, tmp_path: Path) -> Settings:
    """Settings over a new copy of the built store, for tests that write."""
    path = tmp_path / "store"
    shutil.copytree(built_store, path)
    return settings_for(path)


@pytest.fixture
def writable(fresh_settings: Settings) -> Iterator[TestClient]:
    from api.app import create_app

    with TestClient(create_app(fresh_settings)) as c:
        yield c
