"""Read PETRARCH/TABARI-format actor, agent and discard dictionaries.

- Actors: ``NAME [CODE]`` (words joined by ``_`` or spaces), followed by optional
  ``+SYNONYM`` lines; the code may also stand on its own line(s) after the synonyms,
  possibly with date restrictions (``[HOB < 950601]``, ``[HOBGOV 19950601 - 19990815]``);
  we use the first code without a date restriction, else the last code given. A name
  word ending in ``_`` must match exactly; other words of four letters or more also
  match words they begin ("ARGENTIN" matches "Argentina").
- Agents: ``NAME {PLURALS} [~CODE]``; ``!MACRO! = A, B`` lines define substitutions
  used inside names (``CONGRESS!PERSON!``). A plural "S" is added unless ``{}`` is given.
- Discards: one phrase per line; ``+`` marks a story-level discard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.cameo.verbs import strip_comments
from kg.errors import InputError

_CODE = re.compile(r"\[([^\]]*)\]")
_DATED = re.compile(r"[<>]|\d{6}")
STEM_MIN = 4


@dataclass(frozen=True)
class Phrase:
    """A dictionary phrase: its words, which must match exactly, and its code."""

    words: tuple[str, ...]
    exact: tuple[bool, ...]
    code: str | None

    def matches(self, toks: list[Any], i: int) -> bool:
        if i + len(self.words) > len(toks):
            return False
        for j, (w, ex) in enumerate(zip(self.words, self.exact, strict=True)):
            text = str(toks[i + j].text).upper()
            if text == w or (not ex and len(w) >= STEM_MIN and text.startswith(w)):
                continue
            return False
        return True


def _phrase(name: str, code: str | None) -> Phrase:
    raw = [p for p in re.split(r"\s+|(?<=[^_])_(?=[^_\s])", name.strip().upper()) if p]
    words, exact = [], []
    for part in raw:
        exact.append(part.endswith("_"))
        words.append(part.strip("_"))
    return Phrase(
        tuple(w for w in words if w), tuple(e for w, e in zip(words, exact, strict=True) if w), code
    )


@dataclass
class ActorDictionary:
    """Actor and agent phrases, longest first, plus discard phrases."""

    actors: list[Phrase] = field(default_factory=list)
    agents: list[Phrase] = field(default_factory=list)
    discards: list[tuple[Phrase, bool]] = field(default_factory=list)  # (phrase, story level)

    def find(self, sent: Any) -> list[tuple[int, int, Phrase, str]]:
        """Non-overlapping actor/agent matches in a span: (start, end, phrase, kind)."""
        toks = list(sent)
        out, i = [], 0
        phrases = [(p, "actor") for p in self.actors] + [(p, "agent") for p in self.agents]
        phrases.sort(key=lambda pk: -len(pk[0].words))
        while i < len(toks):
            for p, kind in phrases:
                if p.words and p.matches(toks, i):
                    out.append((toks[i].i, toks[i].i + len(p.words), p, kind))
                    i += len(p.words)
                    break
            else:
                i += 1
        return out

    def spans(self, sent: Any) -> dict[int, tuple[int, int]]:
        """Token index -> (start, end) of the actor or agent phrase covering it."""
        return {t: (s, e) for s, e, _, _ in self.find(sent) for t in range(s, e)}

    def discard(self, doc: Any) -> str | None:
        """ "story" or "sentence" when a discard phrase occurs in the text, else None."""
        toks = list(doc)
        for p, story in self.discards:
            if any(p.matches(toks, i) for i in range(len(toks))):
                return "story" if story else "sentence"
        return None


def parse_actors(text: str, path: str = "<actors>") -> list[Phrase]:
    """Actor phrases with their codes (synonyms share the code of their entry)."""
    out: list[Phrase] = []
    names: list[str] = []
    codes: list[tuple[str, bool]] = []
    start = 0

    def flush() -> None:
        if not names:
            return
        if not codes:
            raise InputError(f"{path} line {start}: actor {names[0]!r} has no [code]")
        plain = [c for c, dated in codes if not dated]
        chosen = (plain[0] if plain else codes[-1][0]).split()
        code = chosen[0] if chosen and chosen[0] != "---" else None
        out.extend(_phrase(nm, code) for nm in names)
        names.clear()
        codes.clear()

    lines = strip_comments(text)
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if not s:
            continue
        if s.startswith("["):
            if not names:
                raise InputError(f"{path} line {n}: code {s!r} without an actor")
            codes.extend((m.strip(), bool(_DATED.search(m))) for m in _CODE.findall(s))
            continue
        if s.startswith("+"):
            if not names:
                raise InputError(f"{path} line {n}: synonym {s!r} without an actor")
            names.append(_CODE.sub("", s[1:]).strip())
            continue
        flush()
        start = n
        m = _CODE.search(s)
        names.append(_CODE.sub("", s).strip())
        if m:
            codes.append((m.group(1).strip(), bool(_DATED.search(m.group(1)))))
    flush()
    return out


def parse_agents(text: str, path: str = "<agents>") -> list[Phrase]:
    """Agent phrases (with plural forms) and their codes."""
    macros: dict[str, list[str]] = {}
    out: list[Phrase] = []
    for n, line in enumerate(strip_comments(text), 1):
        s = line.strip()
        if not s:
            continue
        mm = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", s, re.I)
        if mm:
            macros[mm.group(1).upper()] = [w.strip().upper() for w in mm.group(2).split(",") if w.strip()]
            continue
        m = _CODE.search(s)
        if m is None:
            raise InputError(f"{path} line {n}: agent without a [code]: {s!r}")
        fm = re.search(r"\{([^}]*)\}", s)
        name = s[: min(i for i in (s.find("{"), m.start()) if i >= 0)].strip().upper()
        code = m.group(1).strip() or None
        variants = [name]
        for macro, words in macros.items():
            if macro in name:
                variants = [v.replace(macro, w) for v in variants for w in words]
        forms = list(variants)
        if fm is None:
            forms += [v + "S" for v in variants]
        else:
            forms += [p for p in fm.group(1).upper().split()]
        out.extend(_phrase(f, code) for f in forms if "!" not in f)
    return out


def parse_discards(text: str) -> list[tuple[Phrase, bool]]:
    """Discard phrases and whether each discards the whole story."""
    out = []
    for line in strip_comments(text):
        s = line.strip()
        if s:
            story = s.startswith("+")
            words = tuple(s.lstrip("+").upper().replace("_", " ").split())
            out.append((Phrase(words, (True,) * len(words), None), story))
    return out


def load_actor_dictionary(actors: list[Path], agents: list[Path], discards: list[Path]) -> ActorDictionary:
    """Read the given actor, agent and discard files (each may be empty)."""

    def read(p: Path) -> str:
        if not p.is_file():
            raise InputError(f"dictionary not found: {p}")
        return p.read_text(encoding="utf-8", errors="replace")

    d = ActorDictionary()
    for p in actors:
        d.actors.extend(parse_actors(read(p), str(p)))
    for p in agents:
        d.agents.extend(parse_agents(read(p), str(p)))
    for p in discards:
        d.discards.extend(parse_discards(read(p)))
    return d
