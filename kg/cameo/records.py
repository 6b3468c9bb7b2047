"""Read PETRARCH validation XML: the ``<Environment>`` and the ``<Sentence>`` records.

The files are not strict XML (free text outside elements, ``<Sentence .../>`` followed
by its parts), so they are read with patterns. Each record has a text and one of:
expected event codings (``<EventCoding eventcode=...>``, possibly several), an expected
absence of events (``noevents="True"``) or an expected error (``error="..."``, e.g. a
story or sentence discard, a bad parse tree, a bad dateline). ``<Config>`` elements
between records set ``require_dyad`` (a verb is an event only with a source and a
target actor) and ``new_actor_length`` (a noun phrase of up to that many words that is
not in the actor dictionary may stand as an actor; 0: never) for the records after them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError

_SENTENCE = re.compile(r"<Sentence\b(.*?)</Sentence>", re.S)
_CODE = re.compile(r"""eventcode\s*=\s*["']([^"']+)["']""")
_NOEVENTS = re.compile(r"""noevents\s*=\s*["']true["']""", re.I)
_ERROR = re.compile(r"""<EventCoding[^>]*\berror\s*=\s*["']([^"']+)["']""")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_CODING = re.compile(r"<EventCoding\b([^>]*)>")
_ATTR = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENV = re.compile(r"<Environment>(.*?)</Environment>", re.S)
_XML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CONFIG = re.compile(r"""<Config\s+option\s*=\s*["'](\w+)["']\s+value\s*=\s*["'](\w+)["']""", re.I)


@dataclass(frozen=True)
class Record:
    """One validation record."""

    id: str
    category: str
    text: str
    codes: tuple[str, ...] = ()
    dyads: tuple[tuple[str, str, str], ...] = ()  # expected (source, target, event code)
    no_events: bool = False
    error: str | None = None
    require_dyad: bool = True
    new_actor_length: int = 0
    date: str = ""


@dataclass
class Environment:
    """Dictionaries and settings named by the file, resolved relative to it."""

    verbs: Path | None = None
    actors: list[Path] = field(default_factory=list)
    agents: list[Path] = field(default_factory=list)
    discards: list[Path] = field(default_factory=list)
    include: frozenset[str] = frozenset()


def _attrs(text: str) -> dict[str, str]:
    return {name: dq or sq for name, dq, sq in _ATTR.findall(text)}


def _paths(env: str, tag: str, base: Path) -> list[Path]:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", env, re.S)
    if m is None:
        return []
    return [base / p.strip() for p in m.group(1).split(",") if p.strip()]


def read_environment(raw: str, base: Path) -> Environment:
    """The ``<Environment>`` block (empty when the file has none)."""
    m = _ENV.search(_XML_COMMENT.sub("", raw))
    if m is None:
        return Environment()
    env = m.group(1)
    verbs = _paths(env, "Verbfile", base)
    inc = re.search(r"<Include>(.*?)</Include>", env, re.S)
    return Environment(
        verbs=verbs[0] if verbs else None,
        actors=_paths(env, "Actorfile", base),
        agents=_paths(env, "Agentfile", base),
        discards=_paths(env, "Discardfile", base),
        include=frozenset(inc.group(1).split()) if inc else frozenset(),
    )


def read_records(path: Path) -> tuple[Environment, list[Record]]:
    """The environment and every record with a text and an expectation."""
    if not path.is_file():
        raise InputError(f"gold file not found: {path}")
    raw = path.read_text(encoding="utf-8", errors="replace")
    env = read_environment(raw, path.parent)
    records = []
    body = _XML_COMMENT.sub("", raw)
    dyad, new_actors = True, 0
    pos = 0
    for m in _SENTENCE.finditer(body):
        for cfg in _CONFIG.finditer(body, pos, m.start()):  # <Config> between records
            option, value = cfg.group(1).lower(), cfg.group(2)
            if option == "require_dyad":
                dyad = value.lower() == "true"
            elif option == "new_actor_length" and value.isdigit():
                new_actors = int(value)
        pos = m.end()
        block = m.group(1)
        attrs = _attrs(block.split(">", 1)[0])
        text = _TEXT.search(block)
        if text is None:
            continue
        codes = tuple(_CODE.findall(block))
        dyads = []
        for tag in _CODING.findall(block):
            a = _attrs(tag)
            if "eventcode" in a:
                dyads.append((a.get("sourcecode", ""), a.get("targetcode", ""), a["eventcode"]))
        err = _ERROR.search(block)
        no_events = bool(_NOEVENTS.search(block))
        if not codes and not no_events and err is None:
            continue
        records.append(
            Record(
                id=attrs.get("id", ""),
                category=attrs.get("category", ""),
                text=" ".join(html.unescape(text.group(1)).split()),
                codes=codes,
                dyads=tuple(dyads),
                no_events=no_events and not codes,
                error=err.group(1) if err and not codes else None,
                require_dyad=dyad,
                new_actor_length=new_actors,
                date=attrs.get("date", "").strip(),
            )
        )
    if not records:
        raise InputError(f"no <Sentence> with <EventCoding ...> in {path}")
    return env, records
