"""Shared fixtures.

* ``shared_dir``: the ../shared reference folder, located through ``KG_SHARED``
  (default ``../shared``); tests that need it skip with a visible reason when it is absent.
* ``nlp``: the real spaCy pipeline, loaded once per test session.
* ``resources``: extraction lexicons and gazetteer, loaded once per test session.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _shared_path() -> Path:
    return Path(os.environ.get("KG_SHARED", REPO.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = _shared_path()
    if not path.is_dir():
        pytest.skip(f"reference data folder {path} is absent (set KG_SHARED to use it)")
    return path


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline(os.environ.get("KG_SPACY_MODEL"))


@pytest.fixture(scope="session")
def resources():
    from kg.config import Settings
    from kg.extract import Resources

    return Resources.load(Settings.from_env().cache_dir)


@pytest.fixture(scope="session")
def seed_article_text(shared_dir: Path) -> str:
    return (shared_dir / "seeds" / "russia-ukraine-talks.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seeds_store(nlp, resources):
    """seeds/ ingested once per session through the real pipeline, in an in-memory store."""
    from seedgraph import build_seeds_store

    return build_seeds_store(nlp, resources)


@pytest.fixture(scope="session")
def blank():
    """A blank English pipeline with a sentencizer, for rule tests on hand-built Docs."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture(scope="session")
def res(resources):
    """The entity resources (lexicons, gazetteer) the entity rules take."""
    return resources.entities

