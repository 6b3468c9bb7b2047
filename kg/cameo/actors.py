"""Read PETRARCH/TABARI-format actor, agent and discard dictionaries.

- Actors: ``NAME [CODE]`` (words joined by ``_`` or spaces), followed by optional
  ``+SYNONYM`` lines; the code may also stand on its own line(s) after the synonyms,
  possibly with date restrictions (``[HOB < 950601]``, ``[HOBGOV 19950601 - 19990815]``):
  on a story date the first restriction that holds gives the code, else the first code
  without a restriction, else the last code given. A name
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
    dated: tuple[tuple[str | None, int, int], ...] = ()  # (code, first day, last day) yyyymmdd

    def code_on(self, date: int | None) -> str | None:
        """The code valid on a date (the undated code when no restriction applies)."""
        if date is not None:
            for code, lo, hi in self.dated:
                if lo <= date <= hi:
                    return code
        return self.code

    def matches(self, words: list[str], i: int) -> bool:
        """Whether the phrase matches the (uppercase) words from position ``i``."""
        if i + len(self.words) > len(words):
            return False
        for j, (w, ex) in enumerate(zip(self.words, self.exact, strict=True)):
            text = words[i + j]
            if text == w or (not ex and len(w) >= STEM_MIN and text.startswith(w)):
                continue
            return False
        return True


def _words(span: Any) -> tuple[list[str], list[int]]:
    """Uppercase words of a span and the token index each comes from."""
    words, owner = [], []
    for tok in span:
        for part in str(tok.text).upper().split("_"):
            if part:
                words.append(part)
                owner.append(tok.i)
    return words, owner


def _day(raw: str) -> int:
    """yyyymmdd from yyyymmdd or yymmdd (yy < 30 is 20yy)."""
    if len(raw) == 6:
        return (2000 if int(raw[:2]) < 30 else 1900) * 10000 + int(raw)
    return int(raw)


def _restriction(raw: str) -> tuple[str | None, int, int] | None:
    """``HOB < 950601`` / ``HOBREB > 990816`` / ``HOBGOV 19950601 - 19990815``, else None."""
    m = re.fullmatch(r"(\S+)\s*([<>])\s*(\d{6}|\d{8})", raw.strip())
    if m:
        day = _day(m.group(3))
        lo, hi = (0, day - 1) if m.group(2) == "<" else (day + 1, 99999999)
    else:
        m = re.fullmatch(r"(\S+)\s*(\d{6}|\d{8})\s*-\s*(\d{6}|\d{8})", raw.strip())
        if m is None:
            return None
        lo, hi = _day(m.group(2)), _day(m.group(3))
    code = m.group(1)
    return (None if code == "---" else code), lo, hi


def _phrase(name: str, code: str | None, dated: tuple[tuple[str | None, int, int], ...] = ()) -> Phrase:
    raw = [p for p in re.split(r"\s+|(?<=[^_])_(?=[^_\s])", name.strip().upper()) if p]
    words, exact = [], []
    for part in raw:
        exact.append(part.endswith("_"))
        words.append(part.strip("_"))
    return Phrase(
        tuple(w for w in words if w), tuple(e for w, e in zip(words, exact, strict=True) if w), code, dated
    )


def _combine(actor: str, agent: str) -> str:
    """An actor code with an agent code: ``~GOV`` is appended, ``NGO~`` put in front."""
    agent = agent.replace(" ", "")
    if agent.startswith("~"):
        return actor if actor.endswith(agent[1:]) else actor + agent[1:]
    if agent.endswith("~"):
        return actor if actor.startswith(agent[:-1]) else agent[:-1] + actor
    return actor + agent


@dataclass
class ActorDictionary:
    """Actor and agent phrases, longest first, plus discard phrases."""

    actors: list[Phrase] = field(default_factory=list)
    agents: list[Phrase] = field(default_factory=list)
    discards: list[tuple[Phrase, bool]] = field(default_factory=list)  # (phrase, story level)

    def find(self, sent: Any) -> list[tuple[int, int, Phrase, str]]:
        """Non-overlapping actor/agent matches in a span: (start, end, phrase, kind).

        A token joined with underscores ("Dol_Amroth") counts as its words.
        """
        words, owner = _words(sent)
        out, i = [], 0
        phrases = [(p, "actor") for p in self.actors] + [(p, "agent") for p in self.agents]
        phrases.sort(key=lambda pk: -len(pk[0].words))
        while i < len(words):
            for p, kind in phrases:
                if p.words and p.matches(words, i):
                    end = i + len(p.words)
                    out.append((owner[i], owner[end - 1] + 1, p, kind))
                    while end < len(words) and owner[end] == owner[end - 1]:
                        end += 1
                    i = end
                    break
            else:
                i += 1
        return out

    def spans(self, sent: Any) -> dict[int, tuple[int, int]]:
        """Token index -> (start, end) of the actor or agent phrase covering it."""
        return {t: (s, e) for s, e, _, _ in self.find(sent) for t in range(s, e)}

    def codes(self, sent: Any, date: int | None = None) -> dict[int, str]:
        """Token index -> actor code, an actor combined with its agent where the parse links them.

        "Bree official" -> BRE + ~GOV = BREGOV, "soldiers from Gondor" -> GONMIL; an agent
        without an actor gets ``---`` ("students" -> ---EDU), an actor without an agent
        its own code. An agent code ``~X`` is a suffix, ``X~`` a prefix.
        """
        found = [(s, e, p.code_on(date), k) for s, e, p, k in self.find(sent) if p.code_on(date)]
        doc = sent.doc

        def linked(a: tuple[int, int], b: tuple[int, int]) -> bool:
            for t in range(*a):
                head = doc[t].head
                if head.pos_ == "ADP" and head.head.i != head.i:
                    head = head.head
                if b[0] <= head.i < b[1]:
                    return True
            return False

        out: dict[int, str] = {}
        agents = [(s, e, p) for s, e, p, k in found if k == "agent"]
        used: set[int] = set()
        for s, e, p, k in found:
            if k != "actor":
                continue
            code = str(p)
            for j, (gs, ge, gp) in enumerate(agents):
                if j not in used and (linked((gs, ge), (s, e)) or linked((s, e), (gs, ge))):
                    code = _combine(code, str(gp))
                    used.add(j)
                    out.update({t: code for t in range(gs, ge)})
                    break
            out.update({t: code for t in range(s, e)})
        for j, (gs, ge, gp) in enumerate(agents):
            if j not in used:
                out.update({t: _combine("---", str(gp)) for t in range(gs, ge)})
        return out

    def discard(self, doc: Any) -> str | None:
        """ "story" or "sentence" when a discard phrase occurs in the text, else None."""
        words, _ = _words(doc)
        for p, story in self.discards:
            if any(p.matches(words, i) for i in range(len(words))):
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
        restrictions = tuple(r for c, dated in codes if dated and (r := _restriction(c)) is not None)
        chosen = (plain[0] if plain else codes[-1][0]).split()
        code = chosen[0] if chosen and chosen[0] != "---" else None
        out.extend(_phrase(nm, code, restrictions) for nm in names)
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
