"""``kg eval events --gold FILE``: trigger and argument P/R/F1 against M2E2 or WikiEvents.

Gold formats: M2E2 JSON (a list of sentences with ``words`` and
``golden-event-mentions``; ACE types) or WikiEvents JSONL (documents with ``tokens``,
``entity_mentions``, ``event_mentions``; KAIROS types). The gold tokens are parsed by our
real pipeline (``Doc(words=...)`` then every component), and our event rules run on that
parse (:func:`kg.extract.candidates.find_candidates`).

Scoring (documented choices):

* Our types are mapped to the gold scheme through ``ontology/event-types.ttl``
  (``skos:closeMatch``/``broadMatch`` to the ACE or KAIROS concept); types without a
  mapping produce no prediction, and neither do types the gold file never annotates (M2E2
  covers only eight ACE types; our Life:Injure or Justice:Sentence events are outside its
  task, not errors). A trigger is correct when its token span and mapped type
  equal a gold trigger's (exact match).
* Arguments: the gold gives argument spans, we give the head token of each argument
  phrase found in the parse (no entity filter, since gold arguments include common nouns
  such as "protesters"). A predicted argument is correct when its trigger is correct,
  its role (mapped through ``kg/data/events/eval_roles.json``) equals the gold role and
  its head token lies inside the gold argument span (head match). Arguments that our
  product layer adds from the sentence context (inherited places) are not scored, nor
  are verbs or adverbs found in an argument slot (parse errors: the product maps an
  argument to an entity and drops these).
* Argument types (``kg/eval/arg_classes.py``, data ``eval_arg_types.json``): ACE and
  KAIROS allow each role only some entity types (an ACE Attack Target is a person,
  organization, vehicle, facility or weapon, not a city; a Die Victim is a person),
  while our roles have no such limit. Each argument head gets its possible classes (our
  entity stage's repaired names, else spaCy's label, else our own noun lexicons; unknown
  = no constraint, never a drop). An argument whose class the gold role cannot take is
  (a) read as a natural counterpart role of ours when one is enabled and the gold role
  it maps to takes the class (a weapon or vehicle as the actor -> instrument), else (b)
  not scored as a prediction. The ACE table restates the ACE 2005 event guideline; the
  KAIROS one is the ``role_types`` of the role file found beside ``--gold`` (or under the
  shared folder). ``--role-names-only`` scores by role names alone, as before session 5
  (M2E2 argument F1 0.297 -> 0.300, WikiEvents 0.274 -> 0.280 with the check).
* Generic or anaphoric noun mentions with no participant, date or count ("claim credit
  for attacks", "condemned the attack") stay in the product at a lower confidence but
  are not scored: the gold marks specific event mentions.
* Triggers: ACE and KAIROS mark one word, so a multi-word trigger of ours ("news
  conference") is scored by its head word unless the gold marks the whole phrase; a
  verb phrase whose object is the event noun ("opened fire") by the noun, the word ACE
  marks in such light-verb phrases.
* Factuality is not a filter: planned, possible, negated and hypothetical events are
  scored like asserted ones. ACE annotates such events (with modality and polarity
  attributes), and the M2E2 gold does too (a future deployment of police, troops that have
  not crossed into a region); leaving them out would move M2E2 trigger F1 from
  0.469 to 0.476 only by following the gold's gaps (session 3).
* No confidence threshold: on the M2E2 dev set no cut-off of ``nkg:confidence`` raises
  trigger F1 (at 0.3: 0.463, 0.5: 0.459, 0.7: 0.332; 0.469 with none; session 3),
  so every specific event is scored.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError
from kg.eval.metrics import prf

if TYPE_CHECKING:
    from kg.config import Settings
    from kg.eval.arg_classes import ArgClasses
    from kg.extract.event_resources import EventResources

ROLES_FILE = Path(__file__).resolve().parents[1] / "data" / "events" / "eval_roles.json"
_NOMINAL_POS = {"NOUN", "PROPN", "NUM", "ADJ", "X", "PRON"}
Trig = tuple[int, int, str]  # token start, end (exclusive), gold-scheme type
Arg = tuple[int, int, str, str, int, int]  # trigger start, end, type, role, arg start, end


@dataclass
class GoldDoc:
    words: list[str]
    triggers: set[Trig] = field(default_factory=set)
    args: set[Arg] = field(default_factory=set)


def read_gold(path: Path) -> tuple[str, list[GoldDoc]]:
    """``(scheme, documents)`` from an M2E2 ``.json`` or a WikiEvents ``.jsonl`` file."""
    if not path.is_file():
        raise InputError(f"gold file not found: {path}")
    try:
        if path.suffix == ".jsonl":
            lines = path.read_text(encoding="utf-8").splitlines()
            return "kairos", [_wikievents(json.loads(line)) for line in lines if line.strip()]
        return "ace", [_m2e2(s) for s in json.loads(path.read_text(encoding="utf-8"))]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read event gold {path}: {exc}") from exc


def _m2e2(sent: dict[str, Any]) -> GoldDoc:
    doc = GoldDoc(list(sent["words"]))
    for ev in sent["golden-event-mentions"]:
        t = ev["trigger"]
        doc.triggers.add((t["start"], t["end"], ev["event_type"]))
        for a in ev["arguments"]:
            doc.args.add((t["start"], t["end"], ev["event_type"], a["role"], a["start"], a["end"]))
    return doc


def _wikievents(d: dict[str, Any]) -> GoldDoc:
    doc = GoldDoc(list(d["tokens"]))
    ents = {m["id"]: m for m in d["entity_mentions"]}
    for ev in d["event_mentions"]:
        t = ev["trigger"]
        doc.triggers.add((t["start"], t["end"], ev["event_type"]))
        for a in ev["arguments"]:
            m = ents.get(a["entity_id"])
            if m is not None:
                doc.args.add((t["start"], t["end"], ev["event_type"], a["role"], m["start"], m["end"]))
    return doc


def _role_map(roles: dict[str, Any], scheme: str, gold_type: str) -> dict[str, str]:
    table = roles[scheme]
    if gold_type in table:
        return table[gold_type]  # type: ignore[no-any-return]
    parts = gold_type.split(".")
    for k in range(len(parts), 0, -1):
        key = ".".join(parts[:k]) + ".*"
        if key in table:
            return table[key]  # type: ignore[no-any-return]
    return {}


def _trigger_span(span: Any, head: int, gold_type: str, gold: set[Trig]) -> Trig:
    """The scored span of a trigger: ACE and KAIROS mark one word (the head), so a
    multi-word trigger ("news conference", "chemical attack") counts by its head word
    unless the gold marks the whole phrase."""
    whole = (span.start, span.end, gold_type)
    if span.end - span.start == 1 or whole in gold:
        return whole
    # a verb with its event noun as object ("opened fire"): ACE marks the noun
    noun = next((t.i for t in span if t.dep_ in {"dobj", "obj"} and t.head.i == head), None)
    if noun is not None:
        return (noun, noun + 1, gold_type)
    return (head, head + 1, gold_type)


def predict(
    doc: Any,
    scheme: str,
    res: EventResources,
    roles: dict[str, Any],
    allowed: set[str] | None = None,
    gold_triggers: set[Trig] | None = None,
    classes: ArgClasses | None = None,
) -> tuple[set[Trig], list[tuple[Trig, str, int]]]:
    """Our triggers (mapped to the gold scheme) and ``(trigger, role, head index)`` arguments;
    with ``classes``, each argument is checked against the gold role's entity types."""
    from kg.extract.candidates import find_candidates

    triggers: set[Trig] = set()
    args: list[tuple[Trig, str, int]] = []
    gold_triggers = gold_triggers or set()
    names: dict[int, frozenset[str]] | None = None  # classes of the names, once per doc
    for c in find_candidates(doc, res):
        if not c.specific:
            continue  # generic and anaphoric mentions without participants: not annotated
        info = res.types.get(c.type)
        gold_type = info.matches.get(scheme) if info else None
        if not gold_type or (allowed is not None and gold_type not in allowed):
            continue
        trig = _trigger_span(c.trigger.span, c.head.i, gold_type, gold_triggers)
        if trig in triggers:
            continue
        triggers.add(trig)
        rmap = _role_map(roles, scheme, gold_type)
        seen = set()
        if classes is not None and names is None:
            names = classes.name_classes(doc)
        for role, tok in c.args:
            if tok.pos_ not in _NOMINAL_POS:
                continue  # a verb or adverb as argument is a parse error, never an entity
            if classes is None:
                ext = rmap.get(role)
            else:
                ext = classes.resolve(scheme, gold_type, role, classes.classes(tok, names), rmap)
            if ext and (ext, tok.i) not in seen:
                seen.add((ext, tok.i))
                args.append((trig, ext, tok.i))
    return triggers, args


def evaluate(
    scheme: str, gold: list[GoldDoc], nlp: Any, res: EventResources, classes: ArgClasses | None = None
) -> dict[str, Any]:
    """Score our events against gold documents; the JSON shape of ``kg eval events``.
    ``classes`` applies the gold scheme's argument types (``None``: role names only)."""
    from spacy.tokens import Doc

    roles = json.loads(ROLES_FILE.read_text(encoding="utf-8"))
    docs = [Doc(nlp.vocab, words=g.words) for g in gold]
    allowed = {t[2] for g in gold for t in g.triggers}
    t_tp, t_pred, t_gold = Counter(), Counter(), Counter()  # type: ignore[var-annotated]
    a_tp, a_pred, a_gold = Counter(), Counter(), Counter()  # type: ignore[var-annotated]
    for g, doc in zip(gold, nlp.pipe(docs, batch_size=64), strict=True):
        triggers, args = predict(doc, scheme, res, roles, allowed, g.triggers, classes)
        for t in triggers:
            t_pred[t[2]] += 1
        for t in g.triggers:
            t_gold[t[2]] += 1
        for t in triggers & g.triggers:
            t_tp[t[2]] += 1
        for a in g.args:
            a_gold[(a[2], a[3])] += 1
        unmatched = set(g.args)
        for trig, role, head in args:
            a_pred[(trig[2], role)] += 1
            hit = next(
                (a for a in unmatched if a[:3] == trig and a[3] == role and a[4] <= head < a[5]),
                None,
            )
            if hit is not None:
                unmatched.discard(hit)
                a_tp[(trig[2], role)] += 1
    by_type: dict[str, Any] = {}
    for typ in sorted(set(t_gold) | set(t_pred)):
        entry: dict[str, Any] = dict(prf(t_tp[typ], t_pred[typ], t_gold[typ]))
        entry["n_gold"], entry["n_pred"] = t_gold[typ], t_pred[typ]
        entry["roles"] = {
            role: {
                **prf(a_tp[(typ, role)], a_pred[(typ, role)], a_gold[(typ, role)]),
                "n_gold": a_gold[(typ, role)],
                "n_pred": a_pred[(typ, role)],
            }
            for (ty, role) in sorted(set(a_gold) | set(a_pred))
            if ty == typ
        }
        by_type[typ] = entry
    return {
        "trigger": prf(sum(t_tp.values()), sum(t_pred.values()), sum(t_gold.values())),
        "argument": prf(sum(a_tp.values()), sum(a_pred.values()), sum(a_gold.values())),
        "by_type": by_type,
        "n_docs": len(gold),
    }


def _table(result: dict[str, Any]) -> str:
    rows = [f"{'':40} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}"]
    for name in ("trigger", "argument"):
        m = result[name]
        rows.append(f"{name:40} {m['p']:6.3f} {m['r']:6.3f} {m['f1']:6.3f}")
    for typ, m in result["by_type"].items():
        rows.append(
            f"  {typ:38} {m['p']:6.3f} {m['r']:6.3f} {m['f1']:6.3f} {m['n_gold']:5d} {m['n_pred']:5d}"
        )
        for role, r in m["roles"].items():
            score = f"{r['p']:6.3f} {r['r']:6.3f} {r['f1']:6.3f}"
            rows.append(f"      arg {role:30} {score} {r['n_gold']:5d} {r['n_pred']:5d}")
    rows.append(f"documents: {result['n_docs']}")
    return "\n".join(rows)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kg.eval.arg_classes import KAIROS_ROLE_FILE, ArgClasses, kairos_role_file
    from kg.extract.entities import EntityResources
    from kg.extract.event_resources import EventResources
    from kg.nlp import load_pipeline

    scheme, gold = read_gold(Path(args.gold))
    if args.annotated_only:  # a diagnostic, not the standard score: see --help
        gold = [g for g in gold if g.triggers]
    if not gold:
        raise InputError(f"no documents to score in {args.gold}")
    classes = None
    if not args.role_names_only:
        classes = ArgClasses.load(
            kairos_role_file(Path(args.gold), settings.shared_path),
            EntityResources.load(cache_dir=settings.cache_dir),
        )
        if scheme == "kairos" and classes.kairos_file is None:
            note = f"note: no {KAIROS_ROLE_FILE} beside the gold or in the shared folder"
            print(f"{note}: KAIROS argument roles are not type-checked", file=sys.stderr)
    nlp = load_pipeline(settings.spacy_model)
    result = evaluate(scheme, gold, nlp, EventResources.load(), classes)
    print(json.dumps(result) if args.json else _table(result))
    return 0


def register(tasks: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = tasks.add_parser("events", help="event triggers and arguments vs M2E2 JSON or WikiEvents JSONL")
    p.add_argument("--gold", required=True, help="m2e2_text_events.json or wikievents.jsonl")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--annotated-only", action="store_true",
                   help="diagnostic: score only the documents (M2E2: sentences) where the gold "
                        "marks at least one event, to see how far errors come from text the "
                        "annotators left unmarked; not the standard score")
    p.add_argument(
        "--role-names-only",
        action="store_true",
        help="map argument roles by name only, without the gold scheme's entity-type constraints",
    )
    p.set_defaults(func=run)
