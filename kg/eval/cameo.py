"""``kg eval cameo --gold FILE``: CAMEO event-code accuracy on PETRARCH unit-test XML.

Each ``<Sentence>`` with at least one ``<EventCoding eventcode=...>`` is one item. We
parse its ``<Text>`` with the real pipeline, run our event rules, and code the sentence
with the CAMEO code (``skos:notation`` of our type in ``ontology/event-types.ttl``, or a
finer code from the trigger lexicon) of its main event: the coded event highest in the
parse tree, skipping a reporting verb whose content holds another coded event ("...,
a senior official said") and casualties when the sentence has an attack ("killed in
shelling" codes the shelling). An item is right at the root level when our two-digit root
equals the root of any of its gold codes, and right in full when our code equals one of
them.

Documented choice: the unit-test file also uses codes that are not CAMEO (roots 21-99
such as ``224``, ``345``, ``901`` and letter suffixes like ``174K``) to exercise the
PETRARCH dictionaries; items whose gold codes are all outside CAMEO's roots 01-20 are
not scored (their number is shown in the table).
"""

from __future__ import annotations

import argparse
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError

if TYPE_CHECKING:
    from kg.config import Settings
    from kg.extract.event_resources import EventResources

_SENTENCE = re.compile(r"<Sentence\b(.*?)</Sentence>", re.S)
_CODE = re.compile(r'eventcode="([^"]+)"')
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_CONSEQUENCES = {"kill", "injure", "destroy", "damage"}
_CAMEO = re.compile(r"^(0[1-9]|1\d|20)\d{0,2}$")


@dataclass(frozen=True)
class Item:
    text: str
    codes: tuple[str, ...]


def root(code: str) -> str:
    """The two-digit CAMEO root of a code ("0871" -> "08", "190" -> "19")."""
    return code[:2]


def read_gold(path: Path) -> tuple[list[Item], int]:
    """Scored items and the number of items skipped for non-CAMEO gold codes."""
    if not path.is_file():
        raise InputError(f"gold file not found: {path}")
    raw = path.read_text(encoding="utf-8", errors="replace")
    items, skipped = [], 0
    for block in _SENTENCE.findall(raw):
        codes = tuple(_CODE.findall(block))
        text = _TEXT.search(block)
        if not codes or text is None:
            continue
        valid = tuple(c for c in codes if _CAMEO.match(c))
        if not valid:
            skipped += 1
            continue
        items.append(Item(" ".join(html.unescape(text.group(1)).split()), valid))
    if not items and not skipped:
        raise InputError(f"no <Sentence> with <EventCoding eventcode=...> in {path}")
    return items, skipped


def _depth(tok: Any) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok, d = tok.head, d + 1
    return d


def code_sentence(doc: Any, res: EventResources) -> str | None:
    """The CAMEO code of a parsed sentence's main event, or None."""
    from kg.extract.candidates import find_candidates

    coded = []
    for c in find_candidates(doc, res):
        info = res.types.get(c.type)
        code = c.cameo or (info.cameo if info else None)
        if code:
            coded.append((c, code))
    if not coded:
        return None
    heads = {c.head.i for c, _ in coded}
    main = [
        (c, code)
        for c, code in coded
        if not (c.type == "statement" and c.speech and heads & (set(c.speech.scope) - {c.head.i}))
    ] or coded
    # casualties and damage are consequences: an attack in the same sentence is the event
    if any(res.is_a(c.type, "attack") for c, _ in main):
        main = [(c, code) for c, code in main if c.type not in _CONSEQUENCES]
    best = min(main, key=lambda cc: (_depth(cc[0].head), cc[0].head.i))
    return best[1]


def evaluate(items: list[Item], nlp: Any, res: EventResources) -> dict[str, Any]:
    right_root = right_full = 0
    for item, doc in zip(items, nlp.pipe([i.text for i in items], batch_size=64), strict=True):
        code = code_sentence(doc, res)
        if code is None:
            continue
        right_root += root(code) in {root(g) for g in item.codes}
        right_full += code in item.codes
    n = len(items)
    return {
        "root_accuracy": round(right_root / n, 4) if n else 0.0,
        "full_accuracy": round(right_full / n, 4) if n else 0.0,
        "n": n,
    }


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kg.extract.event_resources import EventResources
    from kg.nlp import load_pipeline

    items, skipped = read_gold(Path(args.gold))
    result = evaluate(items, load_pipeline(settings.spacy_model), EventResources.load())
    if args.json:
        print(json.dumps(result))
    else:
        print(f"root accuracy {result['root_accuracy']:.3f}  full accuracy {result['full_accuracy']:.3f}  "
              f"n {result['n']}  (skipped {skipped} items with non-CAMEO gold codes)")
    return 0


def register(tasks: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = tasks.add_parser("cameo", help="CAMEO event codes vs PETRARCH unit-test XML")
    p.add_argument("--gold", required=True, help="PETR.UnitTest.records.xml (or another PETRARCH XML)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)
