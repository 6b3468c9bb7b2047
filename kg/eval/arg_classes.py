"""Entity classes of event arguments and the gold schemes' type constraints (eval only).

ACE 2005 and KAIROS allow each argument role only some entity types (an ACE Attack
Target is a person, organization, vehicle, facility or weapon, never a city; a Die Victim
is a person). Our product roles carry no such limit, so ``kg eval events`` checks them
here: :meth:`ArgClasses.classes` gives the possible classes of an argument's head token
(the name mentions of our entity stage, i.e. spaCy's labels repaired with our gazetteer
and data files (:func:`kg.extract.entities.recognise_names`), else the spaCy label, else
our own noun lexicons; ``None`` when unknown), and
:meth:`ArgClasses.resolve` turns ``(our role, classes)`` into the gold role to score, a
counterpart role, or nothing. Data: ``kg/data/events/eval_arg_types.json`` (ACE table,
class lists) and, for KAIROS, the ``role_types`` of the role file shipped with the gold.

>>> ac = ArgClasses.load()
>>> ac.resolve("ace", "Life:Die", "agent", frozenset({"WEA"}), {"agent": "Agent", "instrument": "Instrument"})
'Instrument'
>>> ac.resolve("ace", "Life:Die", "victim", frozenset({"GPE"}), {"victim": "Victim"}) is None
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.extract.lexicon import read_lines

if TYPE_CHECKING:
    from kg.extract.entities import EntityResources

DATA_ROOT = Path(__file__).resolve().parents[1] / "data"
ARG_TYPES_FILE = DATA_ROOT / "events" / "eval_arg_types.json"
KAIROS_ROLE_FILE = "wikievents-event_role_KAIROS.json"


def _dig(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = obj[part]
    return obj


def _noun_classes(raw: dict[str, Any], data_root: Path) -> dict[str, frozenset[str]]:
    """Lemma -> classes from the event and entity lexicons named in ``raw['sources']``."""
    found: dict[str, set[str]] = {}
    files: dict[str, Any] = {}
    for src in raw["sources"]:
        path = data_root / src["file"]
        if path.suffix == ".txt":
            lists = [read_lines(path)]
        else:
            data = files.setdefault(src["file"], json.loads(path.read_text(encoding="utf-8")))
            lists = [_dig(data, key) for key in src["keys"]]
        for words in lists:
            for word in words:
                found.setdefault(word.lower(), set()).update(src["classes"])
    places = set(_dig(files["events/frames.json"], "place_nouns"))
    for key, cls in (("place_gpe", "GPE"), ("place_loc", "LOC")):
        stray = set(raw[key]) - places
        if stray:
            raise ValueError(f"eval_arg_types.json {key} names words not in place_nouns: {sorted(stray)}")
        for word in raw[key]:
            found[word].discard("FAC")
            found[word].add(cls)
    return {w: frozenset(c) for w, c in found.items()}


@dataclass(frozen=True)
class ArgClasses:
    """Argument classes and per-scheme role constraints."""

    ner: dict[str, frozenset[str]]
    nouns: dict[str, frozenset[str]]
    # scheme -> gold type -> gold role -> allowed classes
    allowed: dict[str, dict[str, dict[str, frozenset[str]]]]
    counterparts: dict[str, dict[str, Any]]
    person_pronouns: frozenset[str] = frozenset()  # "he", "her": always a person
    kairos_file: Path | None = field(default=None)
    entities: EntityResources | None = None  # names repaired by our entity stage

    @classmethod
    def load(
        cls,
        kairos_roles: Path | None = None,
        entities: EntityResources | None = None,
        data_root: Path = DATA_ROOT,
    ) -> ArgClasses:
        """Read the class data; ``kairos_roles`` is the KAIROS role file (no KAIROS
        constraints without it); ``entities`` lets names be classed as our entity stage
        repairs them (else by spaCy's label)."""
        raw = json.loads((data_root / "events" / ARG_TYPES_FILE.name).read_text(encoding="utf-8"))
        ner = {k: frozenset(v) for k, v in raw["ner"].items() if not k.startswith("_")}
        ace = {
            t: {role: frozenset(c) for role, c in roles.items()}
            for t, roles in raw["ace"].items()
            if not t.startswith("_")
        }
        allowed = {"ace": ace, "kairos": {}}
        if kairos_roles is not None and kairos_roles.is_file():
            allowed["kairos"] = _kairos_allowed(kairos_roles, raw["kairos_codes"])
        counterparts = {k: v for k, v in raw["counterparts"].items() if not k.startswith("_")}
        return cls(
            ner=ner,
            nouns=_noun_classes(raw["nouns"], data_root),
            allowed=allowed,
            counterparts=counterparts,
            person_pronouns=frozenset(raw["nouns"]["person_pronouns"]),
            kairos_file=kairos_roles if allowed["kairos"] else None,
            entities=entities,
        )

    def name_classes(self, doc: Any) -> dict[int, frozenset[str]]:
        """Token index -> classes for the name mentions our entity stage finds in ``doc``
        (empty without entity resources)."""
        if self.entities is None:
            return {}
        from kg.extract.entities import recognise_names

        out: dict[int, frozenset[str]] = {}
        for cand in recognise_names(doc, self.entities):
            key = cand.kind if cand.kind != "place" else f"place:{cand.source}"
            found = self.ner.get(key) or self.ner.get("place:*" if cand.kind == "place" else "")
            if found:  # the head word says what a name is: "Tahrir Square"
                found |= self.nouns.get(doc[cand.end - 1].lemma_.lower(), frozenset())
            if found:
                for i in range(cand.start, cand.end):
                    out[i] = found
        return out

    def classes(self, tok: Any, names: dict[int, frozenset[str]] | None = None) -> frozenset[str] | None:
        """Possible classes of an argument head token, ``None`` when nothing is known;
        ``names`` is :meth:`name_classes` of its doc."""
        if names and tok.i in names:
            return names[tok.i]
        if tok.ent_type_:
            return self.ner.get(tok.ent_type_)
        if tok.pos_ == "PRON":  # "them" may be towns or troops; "she" is a person
            return frozenset({"PER"}) if tok.lower_ in self.person_pronouns else None
        return self.nouns.get(tok.lemma_.lower()) or self.nouns.get(tok.lower_)

    def takes(self, scheme: str, gold_type: str, gold_role: str, classes: frozenset[str] | None) -> bool:
        """Whether the gold role may be filled by an entity of one of ``classes``."""
        if classes is None:
            return True
        allowed = self.allowed.get(scheme, {}).get(gold_type, {}).get(gold_role)
        return allowed is None or bool(allowed & classes)

    def resolve(
        self, scheme: str, gold_type: str, role: str, classes: frozenset[str] | None, rmap: dict[str, str]
    ) -> str | None:
        """The gold role to score our ``role`` as, or ``None`` (not scored).

        The mapped role when it takes the class; else the role of a natural counterpart
        (``counterparts`` in the data) that takes it; else nothing.
        """
        ext = rmap.get(role)
        if ext is None or self.takes(scheme, gold_type, ext, classes):
            return ext
        if classes is None:
            return None
        for ours, spec in self.counterparts.items():
            if (
                not spec.get("enabled", True)
                or role not in spec["from"]
                or not classes & set(spec["classes"])
            ):
                continue
            alt = rmap.get(ours)
            if alt is None or ("gold_role" in spec and alt != spec["gold_role"]):
                continue
            if self.takes(scheme, gold_type, alt, classes & frozenset(spec["classes"])):
                return alt
        return None


def _kairos_allowed(path: Path, codes: dict[str, list[str]]) -> dict[str, dict[str, frozenset[str]]]:
    """Gold type -> role -> our classes, from the KAIROS file's ``role_types``."""
    by_code: dict[str, set[str]] = {}
    for cls, names in codes.items():
        if cls.startswith("_"):
            continue
        for code in names:
            by_code.setdefault(code, set()).add(cls)
    out: dict[str, dict[str, frozenset[str]]] = {}
    for etype, spec in json.loads(path.read_text(encoding="utf-8")).items():
        roles: dict[str, set[str]] = {}
        for role, types in zip(spec["roles"], spec["role_types"], strict=True):
            roles.setdefault(role, set()).update(c for t in types for c in by_code.get(t, ()))
        out[etype] = {r: frozenset(c) for r, c in roles.items()}
    return out


def kairos_role_file(gold: Path, shared: Path) -> Path | None:
    """The KAIROS role file: next to the gold file, else under the shared folder."""
    for cand in (gold.parent / KAIROS_ROLE_FILE, shared / "eval" / "events" / KAIROS_ROLE_FILE):
        if cand.is_file():
            return cand
    return None
