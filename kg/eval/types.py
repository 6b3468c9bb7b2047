"""``kg eval types --gold FILE``: event subtype accuracy and macro F1 on CASE 2021 snippets.

Gold: TSV ``id, EventSnippet, SubType`` (ACLED-style subtypes). Each snippet is parsed
with the real pipeline and our event rules run on it; each event type found votes for
its ACLED subtype (``skos:closeMatch``/``broadMatch`` into the ACLED scheme of
``ontology/event-types.ttl``) with its confidence, plus a bonus for specific types (the
deeper a type sits under its top concept, the more it tells) and for asserted events.
The subtype with most votes is the prediction; ``OTHER`` when no event is found.
Casualty events weigh less (they follow from an attack), and a protest is refined by
what happens around it (``kg/data/events/case_rules.json``: arrests, tear gas, rioting).
Macro F1 averages per-subtype F1 over the gold subtypes.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError

if TYPE_CHECKING:
    from kg.config import Settings
    from kg.extract.event_resources import EventResources

FALLBACK = "OTHER"
RULES_FILE = Path(__file__).resolve().parents[1] / "data" / "events" / "case_rules.json"


def read_gold(path: Path) -> list[tuple[str, str]]:
    """``(snippet, subtype)`` pairs."""
    if not path.is_file():
        raise InputError(f"gold file not found: {path}")
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        if reader.fieldnames is None or not {"EventSnippet", "SubType"} <= set(reader.fieldnames):
            raise InputError(f"{path}: expected TSV columns id, EventSnippet, SubType")
        for row in reader:
            if row["EventSnippet"] and row["SubType"]:
                rows.append((row["EventSnippet"], row["SubType"].strip()))
    return rows


def _depth(etype: str, res: EventResources) -> int:
    d, cur = 0, res.types.get(etype)
    while cur is not None and cur.broader:
        d, cur = d + 1, res.types.get(cur.broader)
    return d


def classify(doc: Any, res: EventResources, rules: dict[str, Any] | None = None) -> str:
    """The ACLED subtype our events vote for in one snippet."""
    from kg.extract.candidates import find_candidates

    rules = rules or json.loads(RULES_FILE.read_text(encoding="utf-8"))
    votes: dict[str, float] = {}
    cands = find_candidates(doc, res)
    for c in cands:
        info = res.types.get(c.type)
        label = info.matches.get("acled") if info else None
        if not c.specific:
            continue  # a generic or back-pointing mention is not what the snippet reports
        if not label or label == FALLBACK:
            continue
        weight = c.confidence + 0.3 * _depth(c.type, res)
        if c.factuality == "asserted":
            weight += 0.2
        if c.type in rules["consequence_types"]:
            weight *= rules["consequence_weight"]
        votes[label] = votes.get(label, 0.0) + weight
    for c in cands:
        dominant = rules["dominant_types"].get(c.type)
        if dominant:
            return str(dominant)
    if not votes:
        return FALLBACK
    best = max(votes, key=lambda k: votes[k])
    if best == rules["protest_label"]:
        found = {c.type for c in cands}
        for rule in rules["protest_rules"]:
            if found & set(rule["if_types"]):
                return str(rule["then"])
    return best


def _macro_f1(gold: list[str], pred: list[str]) -> float:
    labels = sorted(set(gold))
    f1s = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        npred = sum(1 for p in pred if p == lab)
        ngold = sum(1 for g in gold if g == lab)
        prec = tp / npred if npred else 0.0
        rec = tp / ngold if ngold else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0


def evaluate(rows: list[tuple[str, str]], nlp: Any, res: EventResources) -> dict[str, Any]:
    gold = [g for _, g in rows]
    rules = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    pred = [classify(doc, res, rules) for doc in nlp.pipe([t for t, _ in rows], batch_size=32)]
    n = len(rows)
    acc = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / n if n else 0.0
    return {"accuracy": round(acc, 4), "macro_f1": round(_macro_f1(gold, pred), 4), "n": n}


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kg.extract.event_resources import EventResources
    from kg.nlp import load_pipeline

    rows = read_gold(Path(args.gold))
    if not rows:
        raise InputError(f"no snippets to score in {args.gold}")
    result = evaluate(rows, load_pipeline(settings.spacy_model), EventResources.load())
    if args.json:
        print(json.dumps(result))
    else:
        print(f"accuracy {result['accuracy']:.3f}  macro F1 {result['macro_f1']:.3f}  n {result['n']}")
    return 0


def register(tasks: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = tasks.add_parser("types", help="event subtypes vs CASE 2021 task 2 snippets (TSV)")
    p.add_argument("--gold", required=True, help="case2021_task2.tsv")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)
