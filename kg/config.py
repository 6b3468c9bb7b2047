"""Settings: one immutable object, built from the environment at the edge and passed in.

Nothing in the library reads the environment except :meth:`Settings.from_env`.

| variable          | default                      | meaning                                    |
|-------------------|------------------------------|--------------------------------------------|
| KG_STORE          | ./data/store                 | on-disk Oxigraph store directory           |
| KG_BASE_IRI       | https://newskg.org/id/       | base of every IRI newskg mints             |
| KG_SPACY_MODEL    | (resolved, see kg.nlp)       | spaCy pipeline name or path                |
| KG_SHARED         | ../shared                    | reference data folder (eval, W3C tests)    |
| KG_MAX_CHARS      | 1000000                      | longest article text accepted              |
| KG_WRITE_TOKEN    | (unset: writes over HTTP off)| bearer token for SPARQL Update / POST      |
| KG_QUERY_TIMEOUT  | 10                           | seconds a SPARQL query may run             |
| KG_MAX_ROWS       | 10000                        | most result rows a SPARQL query returns    |
| KG_N_PROCESS      | 1                            | spaCy worker processes during ingest       |
| KG_BATCH_SIZE     | 32                           | articles per nlp.pipe batch                |
| KG_CACHE_DIR      | ~/.cache/newskg              | built gazetteer index, reused between runs |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import ConfigError

DEFAULT_BASE_IRI = "https://newskg.org/id/"


@dataclass(frozen=True)
class Settings:
    store_path: Path = Path("data/store")
    base_iri: str = DEFAULT_BASE_IRI
    spacy_model: str | None = None
    shared_path: Path = Path("../shared")
    max_chars: int = 1_000_000
    write_token: str | None = None
    query_timeout: float = 10.0
    max_rows: int = 10_000
    n_process: int = 1
    batch_size: int = 32
    cache_dir: Path | None = Path.home() / ".cache" / "newskg"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from ``KG_*`` variables, then apply non-None ``overrides``.

        >>> Settings.from_env({"KG_STORE": "/tmp/s"}).store_path
        PosixPath('/tmp/s')
        """
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        try:
            if "KG_STORE" in env:
                values["store_path"] = Path(env["KG_STORE"])
            if "KG_BASE_IRI" in env:
                values["base_iri"] = env["KG_BASE_IRI"]
            if env.get("KG_SPACY_MODEL"):
                values["spacy_model"] = env["KG_SPACY_MODEL"]
            if "KG_SHARED" in env:
                values["shared_path"] = Path(env["KG_SHARED"])
            if "KG_MAX_CHARS" in env:
                values["max_chars"] = int(env["KG_MAX_CHARS"])
            if env.get("KG_WRITE_TOKEN"):
                values["write_token"] = env["KG_WRITE_TOKEN"]
            if "KG_QUERY_TIMEOUT" in env:
                values["query_timeout"] = float(env["KG_QUERY_TIMEOUT"])
            if "KG_MAX_ROWS" in env:
                values["max_rows"] = int(env["KG_MAX_ROWS"])
            if "KG_N_PROCESS" in env:
                values["n_process"] = int(env["KG_N_PROCESS"])
            if "KG_CACHE_DIR" in env:
                values["cache_dir"] = Path(env["KG_CACHE_DIR"]) if env["KG_CACHE_DIR"] else None
            if "KG_BATCH_SIZE" in env:
                values["batch_size"] = int(env["KG_BATCH_SIZE"])
        except ValueError as exc:
            raise ConfigError(f"bad value in a KG_* environment variable: {exc}") from exc
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "store_path" in values:
            values["store_path"] = Path(str(values["store_path"]))
        settings = cls(**values)  # type: ignore[arg-type]
        settings.validate()
        return settings

    def validate(self) -> None:
        if not self.base_iri.startswith(("http://", "https://")) or not self.base_iri.endswith(
            ("/", "#")
        ):
            raise ConfigError(
                f"KG_BASE_IRI must be an http(s) IRI ending in '/' or '#', got {self.base_iri!r}"
            )
        if self.max_chars < 1:
            raise ConfigError("KG_MAX_CHARS must be positive")
        if self.n_process < 1 or self.batch_size < 1:
            raise ConfigError("KG_N_PROCESS and KG_BATCH_SIZE must be at least 1")

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]
