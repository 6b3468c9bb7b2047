"""``kg eval cameo --gold FILE``: event-code accuracy on PETRARCH validation XML.

Two coders are scored on the same parsed sentences:

- **dictionary**: the PETRARCH-format verbs dictionary named in the gold file's
  ``<Environment><Verbfile>`` (with its actor, agent and discard files), resolved beside
  the gold file as PETRARCH's own test runner does, coded by :mod:`kg.cameo.coder`;
  ``--dictionary PATH`` names another verbs file (used with the file's actor files),
  ``--dictionary own`` skips it. When the named file is absent (the GSR file names
  ``CAMEO.2.0.txt``, which is not shipped) our own lexicon is the main result and the
  output says so.
- **own lexicon**: our event rules and the CAMEO codes of our types and triggers, with
  the CAMEO conventions of ``kg/data/events/cameo_codes.json`` (:mod:`kg.cameo.own`).

An item is right at the root level when the two leading characters of our code equal
those of any gold code, and right in full when the code is one of them. Which records
count: with a dictionary, every record the file expects something of and that we can
test from the text: expected codes (CAMEO or not: the dictionary can produce them),
expected absence of events (right when nothing is coded) and expected discards (right
when a discard phrase is found); records of categories not in ``<Include>`` are left
out as PETRARCH's runner leaves them out, and expected errors about the parse tree or
dateline are left out since we parse the text ourselves. Our own lexicon can only
produce CAMEO codes, so it is scored on the records with CAMEO gold codes. With a
dictionary, ``dyad`` also gives the share of records with expected codings whose
source actor, target actor and event code all equal one expected coding.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.cameo.coder import Coding, Options
from kg.cameo.own import OwnRules, code_sentence
from kg.cameo.records import Environment, Record, read_records

if TYPE_CHECKING:
    from kg.cameo.actors import ActorDictionary
    from kg.cameo.verbs import VerbDictionary
    from kg.config import Settings

_CAMEO = re.compile(r"^(0[1-9]|1\d|20)\d{0,2}$")
_DISCARDS = {"storydiscard", "sentencediscard"}


def root(code: str) -> str:
    """The two-digit root of a code ("0871" -> "08", "190" -> "19")."""
    return code[:2]


def score(pairs: list[tuple[Record, str | None]]) -> dict[str, Any]:
    """Root and full accuracy of (record, our code) pairs; "discarded" is our code for a discard."""
    right_root = right_full = 0
    for rec, code in pairs:
        if rec.codes:
            if code is None or code == "discarded":
                continue
            right_root += root(code) in {root(g) for g in rec.codes}
            right_full += code in rec.codes
        else:
            expected = "discarded" if rec.error in _DISCARDS else None
            ok = code == expected
            right_root += ok
            right_full += ok
    n = len(pairs)
    return {
        "root_accuracy": round(right_root / n, 4) if n else 0.0,
        "full_accuracy": round(right_full / n, 4) if n else 0.0,
        "n": n,
    }


def dictionary_items(
    env: Environment, records: list[Record], discards: bool
) -> tuple[list[Record], Counter[str]]:
    """Records scored with a dictionary, and why the others were left out."""
    kept: list[Record] = []
    left: Counter[str] = Counter()
    for r in records:
        if env.include and r.category not in env.include:
            left["category not in <Include>"] += 1
        elif r.error is not None and (r.error not in _DISCARDS or not discards):
            left[f"expected error {r.error}"] += 1
        else:
            kept.append(r)
    return kept, left


def own_items(records: list[Record]) -> tuple[list[Record], Counter[str]]:
    """Records scored with our own lexicon (CAMEO gold codes only), and the rest."""
    kept: list[Record] = []
    left: Counter[str] = Counter()
    for r in records:
        valid = tuple(c for c in r.codes if _CAMEO.match(c))
        if valid:
            kept.append(Record(r.id, r.category, r.text, valid))
        else:
            left["no CAMEO gold code" if r.codes else "no event code expected"] += 1
    return kept, left


def dictionary_coding(
    doc: Any,
    vd: VerbDictionary,
    actors: ActorDictionary | None,
    reporting: frozenset[str],
    options: Options,
) -> Coding | str | None:
    """Our main coding of a parsed record with a PETRARCH dictionary ("discarded" for a discard)."""
    from kg.cameo.coder import code_sentence as code_with_dictionary
    from kg.cameo.coder import main_coding

    if actors is not None and actors.discard(doc):
        return "discarded"
    codings = [c for sent in doc.sents for c in code_with_dictionary(sent, vd, actors, options)]
    return main_coding(doc, codings, reporting)


def dyad_score(pairs: list[tuple[Record, Coding | str | None]]) -> dict[str, Any]:
    """Share of records with expected codings whose (source, target, code) we got exactly."""
    scored = [(r, c) for r, c in pairs if r.dyads]
    right = sum(
        isinstance(c, Coding) and (c.source or "", c.target or "", c.code or "") in r.dyads for r, c in scored
    )
    return {"accuracy": round(right / len(scored), 4) if scored else 0.0, "n": len(scored)}


def _load_dictionary(arg: str, env: Environment) -> tuple[VerbDictionary | None, ActorDictionary | None, str]:
    """The verbs dictionary to score (None: our own lexicon), the actor dictionaries, a name.

    Actor, agent and discard files named by the gold file that exist beside it are used
    with either verbs dictionary (the file's own or ``--dictionary PATH``).
    """
    from kg.cameo.actors import load_actor_dictionary
    from kg.cameo.verbs import load_verbs

    if arg == "own":
        return None, None, "own"
    verbs = Path(arg) if arg != "auto" else env.verbs
    if verbs is None:
        return None, None, "own"
    if arg == "auto" and not verbs.is_file():
        print(
            f"note: {verbs.name} named by the gold file is not beside it; scoring our own lexicon",
            file=sys.stderr,
        )
        return None, None, "own"
    vd = load_verbs(verbs)
    present = [p for p in env.actors + env.agents + env.discards if p.is_file()]
    if not present:
        return vd, None, verbs.name
    actors = load_actor_dictionary(
        [p for p in env.actors if p in present],
        [p for p in env.agents if p in present],
        [p for p in env.discards if p in present],
    )
    return vd, actors, verbs.name


def _options(r: Record) -> Options:
    date = int(r.date) if r.date.isdigit() and len(r.date) == 8 else None
    return Options(require_dyad=r.require_dyad, new_actor_length=r.new_actor_length, date=date)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kg.extract.event_resources import EventResources
    from kg.nlp import load_pipeline

    env, records = read_records(Path(args.gold))
    vd, actors, which = _load_dictionary(args.dictionary, env)
    nlp = load_pipeline(settings.spacy_model)
    docs = dict(
        zip((r.text for r in records), nlp.pipe([r.text for r in records], batch_size=64), strict=True)
    )

    res = EventResources.load()
    own, own_left = own_items(records)
    rules = OwnRules.load()
    own_result = score([(r, code_sentence(docs[r.text], res, rules)) for r in own])
    if vd is None:
        result, left = dict(own_result), own_left
    else:
        reporting = rules.reporting
        items, left = dictionary_items(env, records, discards=actors is not None and bool(actors.discards))
        coded = [(r, dictionary_coding(docs[r.text], vd, actors, reporting, _options(r))) for r in items]
        result = score([(r, c if isinstance(c, str) or c is None else c.code) for r, c in coded])
        result["dyad"] = dyad_score(coded)
    result["dictionary"] = which
    result["own_lexicon"] = own_result
    if args.json:
        print(json.dumps(result))
        return 0
    print(
        f"dictionary {which}: root accuracy {result['root_accuracy']:.3f}  "
        f"full accuracy {result['full_accuracy']:.3f}  n {result['n']}"
    )
    if "dyad" in result:
        print(
            f"  source, target and code all right: {result['dyad']['accuracy']:.3f}  n {result['dyad']['n']}"
        )
    for why, k in sorted(left.items()):
        print(f"  left out: {k} records ({why})")
    print(
        f"own lexicon: root accuracy {own_result['root_accuracy']:.3f}  "
        f"full accuracy {own_result['full_accuracy']:.3f}  n {own_result['n']}"
    )
    return 0


def register(tasks: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = tasks.add_parser("cameo", help="CAMEO event codes vs PETRARCH validation XML")
    p.add_argument("--gold", required=True, help="PETR.UnitTest.records.xml (or another PETRARCH XML)")
    p.add_argument(
        "--dictionary",
        default="auto",
        help="'auto' (default): the verbs/actors/agents/discards files named in the gold file's "
        "<Environment>, resolved beside it, else our own lexicon; 'own': our own lexicon only; "
        "or the path of a PETRARCH-format verbs dictionary",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)
