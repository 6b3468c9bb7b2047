"""Entity lexicons read from ``kg/data/entities`` once per process.

Every list is a plain data file (documented in its header); this module only parses
them into lookup tables keyed by lower-case surface text.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "entities"

ACTOR_NOUNS = "actor_nouns.txt"
SPEECH_VERBS = "speech_verbs.txt"


def read_lines(path: Path) -> list[str]:
    """The entries of a one-per-line data file (blank lines and ``#`` comments skipped)."""
    with path.open(encoding="utf-8") as fh:
        return [ln.strip() for ln in fh if ln.strip() and not ln.startswith("#")]


def _lines(name: str) -> list[str]:
    return read_lines(DATA / name)


def _tsv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_lines(name), delimiter="\t"))


@dataclass(frozen=True)
class Role:
    title: str  # lower-case surface, may be several words
    role: str  # normalised role label


@dataclass(frozen=True)
class OrgEntry:
    canonical: str
    iso: str | None


@dataclass(frozen=True)
class Lexicons:
    """Lookup tables; all keys lower-case."""

    demonyms: dict[str, str]  # "russian" -> "RU"; plural nouns "russians" -> "RU"
    plural_demonyms: frozenset[str]  # "russians", "indians" (people, not the state)
    aliases: dict[tuple[str, str], str]  # (kind, lower variant) -> canonical
    roles: dict[tuple[str, ...], Role]  # title tokens -> role
    max_role_len: int
    organizations: dict[str, OrgEntry]  # "kremlin" -> Kremlin (RU)
    furniture: frozenset[str]
    titles: frozenset[str]  # honorifics stripped from the front of person names
    actor_nouns: frozenset[str]  # heads that make a demonym denote the state acting
    speech_verbs: frozenset[str]  # lemmas: a bare capitalised subject of these is a person
    place_cues: frozenset[str]  # "town" in "the town of X": X is a place
    facility_heads: frozenset[str]  # "House" in "at Bush House": a place used as location
    place_modifiers: frozenset[str]  # "north" in "north Cambridge": qualifies a place name
    name_heads: frozenset[str]  # "Avenue" in "Hampton Avenue": the place name is part of a name
    resident_nouns: frozenset[str]  # "man" in "a Chapin man": the name before is a town

    @classmethod
    def load(cls) -> Lexicons:
        demonyms: dict[str, str] = {}
        plurals: set[str] = set()
        for row in _tsv("demonyms.tsv"):
            key = row["demonym"].lower()
            demonyms[key] = row["iso"]
            if key.endswith(("an", "i")) and " " not in key:
                demonyms[key + "s"] = row["iso"]
                plurals.add(key + "s")
        aliases = {(r["kind"], r["variant"].lower()): r["canonical"] for r in _tsv("aliases.tsv")}
        roles = {tuple(r["title"].split()): Role(r["title"], r["role"]) for r in _tsv("roles.tsv")}
        orgs = {r["surface"]: OrgEntry(r["canonical"], r["iso"] or None)
                for r in _tsv("organizations.tsv")}
        titles = set(_lines("titles.txt"))
        return cls(
            demonyms=demonyms,
            plural_demonyms=frozenset(plurals),
            aliases=aliases,
            roles=roles,
            max_role_len=max(len(k) for k in roles),
            organizations=orgs,
            furniture=frozenset(_lines("furniture.txt")),
            titles=frozenset(titles),
            actor_nouns=frozenset(_lines(ACTOR_NOUNS)),
            speech_verbs=frozenset(_lines(SPEECH_VERBS)),
            place_cues=frozenset(_lines("place_cues.txt")),
            facility_heads=frozenset(_lines("facility_heads.txt")),
            place_modifiers=frozenset(_lines("place_modifiers.txt")),
            name_heads=frozenset(_lines("name_heads.txt")),
            resident_nouns=frozenset(_lines("resident_nouns.txt")),
        )
