"""The documented example queries in ``ontology/queries/*.rq``.

Each file starts with a comment header of ``# key: value`` fields (title, description,
parameters, returns); a ``#`` line that does not start a new field continues the one
before. Parameters are ``VALUES`` rows at the top of the query body: edit them (or
replace ``UNDEF``) to ask about something else.

>>> q = parse_query("events-x", "# title: T\\n# description: one\\n#   two\\nSELECT * {}")
>>> q.title, q.description
('T', 'one two')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import NotFoundError

QUERIES_DIR = Path(__file__).resolve().parents[1] / "ontology" / "queries"
FIELDS = ("title", "description", "parameters", "returns")
_FIELD = re.compile(r"^#\s*(" + "|".join(FIELDS) + r")\s*:\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    """One example query: its file name (without ``.rq``), header fields and text."""

    name: str
    title: str
    description: str
    parameters: str
    returns: str
    sparql: str

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "title": self.title, "description": self.description,
                "parameters": self.parameters, "returns": self.returns, "sparql": self.sparql}


def parse_query(name: str, text: str) -> NamedQuery:
    """Read the comment header of one query; the full text (header included) is kept."""
    fields: dict[str, list[str]] = {f: [] for f in FIELDS}
    current: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _FIELD.match(line)
        if match:
            current = match.group(1)
            if match.group(2).strip():
                fields[current].append(match.group(2).strip())
        elif current is not None and line[1:].strip():
            fields[current].append(line[1:].strip())
    sep = {"parameters": "\n", "returns": " "}
    joined = {k: sep.get(k, " ").join(v) for k, v in fields.items()}
    return NamedQuery(name=name, sparql=text, **joined)


def load_queries(directory: Path = QUERIES_DIR) -> list[NamedQuery]:
    """Every ``*.rq`` query in ``directory``, sorted by name."""
    return [
        parse_query(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.rq"))
    ]


def load_query(name: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    path = directory / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(q.name for q in load_queries(directory))
        raise NotFoundError(f"no example query {name!r}; known: {known}")
    return parse_query(name, path.read_text(encoding="utf-8"))
