"""``kg eval ner --gold FILE``: span-level P/R/F1 of our repaired names vs the bare pipeline.

Gold formats:

* UniversalNER IOB2 (``idx TAB token TAB tag ...``; ``# newdoc id`` / ``# sent_id``): PER,
  ORG, LOC spans. Sentences of one ``newdoc`` are parsed together as one document, so an
  article's context (a surname after the full name) is available, as in real use. With
  ``--subset news`` (the default) only sentences whose id is ``n`` + digits are scored
  when the file has any.
* GUM CoNLL-U (a file or a folder of ``*.conllu``): ``Entity=`` brackets in MISC; person,
  place and organization mentions whose first word (after "the") is a proper noun count as
  named entities (PER, LOC, ORG); common-noun mentions are not names and are skipped.

Mapping of our kinds: person -> PER, organization -> ORG, place -> LOC, except a place
acting as subject or owner ("Russia said", "Beijing's forces"), which UniversalNER
annotates as ORG (a government acting); nationality words and groups are not scored
(neither gold marks them). The baseline maps spaCy PERSON -> PER, ORG -> ORG,
GPE/LOC/FAC -> LOC.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.eval.metrics import prf

if TYPE_CHECKING:
    from kg.config import Settings

TYPES = ("PER", "ORG", "LOC")
_BASE = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
_GUM = {"person": "PER", "organization": "ORG", "place": "LOC"}
_NEWS_ID = re.compile(r"n\d")  # UniversalNER PUD: n01001-0001 news, w... Wikipedia
Span = tuple[int, int, str]  # token start, end (exclusive), type - within one document


@dataclass
class GoldDoc:
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    sent_starts: list[bool] = field(default_factory=list)
    scored: list[bool] = field(default_factory=list)  # per token: in a scored sentence
    spans: set[Span] = field(default_factory=set)
    n_sentences: int = 0
    upos: list[str] = field(default_factory=list)  # GUM only: to tell names from nouns


def _iob_spans(tags: list[str], offset: int) -> set[Span]:
    out: set[Span] = set()
    start, typ = None, ""
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == typ):
            out.add((offset + start, offset + i, typ))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, typ = i, tag[2:]
    return {s for s in out if s[2] in TYPES}


def read_iob2(path: Path, subset: str) -> list[GoldDoc]:
    """UniversalNER IOB2 documents (by ``newdoc``); sentences outside ``subset`` unscored."""
    docs: list[GoldDoc] = []
    sents: list[tuple[str, list[str], list[str]]] = []
    doc_bounds: list[int] = []
    sent_id = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc"):
            doc_bounds.append(len(sents))
        elif line.startswith("# sent_id"):
            sent_id = line.split("=", 1)[1].strip()
            sents.append((sent_id, [], []))
        elif line.strip() and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) < 3 or not sents:
                raise InputError(f"{path}: not an IOB2 line: {line[:60]!r}")
            sents[-1][1].append(parts[1])
            sents[-1][2].append(parts[2])
    has_news = any(_NEWS_ID.match(s[0]) for s in sents)
    starts = sorted(set([0, *doc_bounds])) + [len(sents)]
    for a, b in zip(starts, starts[1:], strict=False):
        gd = GoldDoc()
        for sid, words, tags in sents[a:b]:
            keep = subset == "all" or not has_news or bool(_NEWS_ID.match(sid))
            offset = len(gd.words)
            gd.words += words
            gd.spaces += [True] * len(words)
            gd.sent_starts += [True] + [False] * (len(words) - 1)
            gd.scored += [keep] * len(words)
            if keep:
                gd.spans |= _iob_spans(tags, offset)
                gd.n_sentences += 1
        if gd.n_sentences:
            docs.append(gd)
    return docs


def read_conllu(path: Path) -> list[GoldDoc]:
    """GUM CoNLL-U files: one document each; named person/place/organization mentions."""
    files = sorted(path.glob("*.conllu")) if path.is_dir() else [path]
    docs = []
    for file in files:
        gd = GoldDoc()
        open_: dict[str, list[tuple[int, str]]] = {}
        new_sent = True
        for line in file.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                new_sent = True
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 10 or not cols[0].isdigit():
                continue
            i = len(gd.words)
            gd.words.append(cols[1])
            gd.spaces.append("SpaceAfter=No" not in cols[9])
            gd.sent_starts.append(new_sent)
            gd.scored.append(True)
            gd.upos.append(cols[3])
            gd.n_sentences += new_sent
            new_sent = False
            _gum_entities(cols[9], i, gd, open_)
        docs.append(gd)
    return docs


_ENT = re.compile(r"\((\d+)-([a-z]+)[^()|]*(\))?|(\d+)\)")


def _gum_entities(misc: str, i: int, gd: GoldDoc,
                  open_: dict[str, list[tuple[int, str]]]) -> None:
    m = re.search(r"Entity=([^|]*)", misc)
    if not m:
        return
    for op in _ENT.finditer(m.group(1)):
        if op.group(1):
            eid, etype = op.group(1), op.group(2)
            if op.group(3):
                _close_gum(gd, i, i + 1, etype)
            else:
                open_.setdefault(eid, []).append((i, etype))
        elif op.group(4) and open_.get(op.group(4)):
            start, etype = open_[op.group(4)].pop()
            _close_gum(gd, start, i + 1, etype)


def _close_gum(gd: GoldDoc, start: int, end: int, etype: str) -> None:
    typ = _GUM.get(etype)
    if typ is None:
        return
    if gd.words[start].lower() == "the" and end - start > 1:
        start += 1
    if gd.words[start][:1].isupper() and "PROPN" in gd.upos[start:end]:
        gd.spans.add((start, end, typ))


def read_gold(path: Path, subset: str = "news") -> list[GoldDoc]:
    if not path.exists():
        raise InputError(f"gold file {path} does not exist")
    if path.is_dir() or path.suffix == ".conllu":
        return read_conllu(path)
    return read_iob2(path, subset)


def score(gold: list[set[Span]], pred: list[set[Span]]) -> dict[str, object]:
    tp: Counter[str] = Counter()
    npred: Counter[str] = Counter()
    ngold: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        for s in p:
            npred[s[2]] += 1
        for s in g:
            ngold[s[2]] += 1
        for s in g & p:
            tp[s[2]] += 1
    overall = prf(sum(tp.values()), sum(npred.values()), sum(ngold.values()))
    return {"overall": overall, "by_type": {t: prf(tp[t], npred[t], ngold[t]) for t in TYPES}}


def evaluate(gold_docs: list[GoldDoc], nlp: object, resources: object) -> dict[str, object]:
    """Score our repaired recognition and the bare pipeline on the same documents."""
    from spacy.tokens import Doc

    from kg.extract.entities import recognise_names

    docs = [Doc(nlp.vocab, words=g.words, spaces=g.spaces,  # type: ignore[attr-defined]
                sent_starts=list[bool | int | None](g.sent_starts)) for g in gold_docs]
    ours, base = [], []
    for g, doc in zip(gold_docs, nlp.pipe(docs, batch_size=16), strict=True):  # type: ignore[attr-defined]
        base.append({(e.start, e.end, _BASE[e.label_]) for e in doc.ents
                     if e.label_ in _BASE and g.scored[e.start]})
        pred = set()
        for c in recognise_names(doc, resources):  # type: ignore[arg-type]
            typ = _our_type(c)
            if typ and g.scored[c.start]:
                pred.add((c.start, c.end, typ))
        ours.append(pred)
    result = score([g.spans for g in gold_docs], ours)
    result["baseline"] = score([g.spans for g in gold_docs], base)
    result["n_docs"] = len(gold_docs)
    result["n_sentences"] = sum(g.n_sentences for g in gold_docs)
    return result


def _our_type(c: object) -> str | None:
    kind, source, actor = c.kind, c.source, c.government  # type: ignore[attr-defined]
    if source in ("DEMONYM", "NESTED") or kind == "group":
        return None
    if kind == "place":
        return "ORG" if actor else "LOC"
    return {"person": "PER", "organization": "ORG"}.get(kind)


def _table(result: dict[str, object]) -> str:
    rows = [f"{'':10} {'P':>7} {'R':>7} {'F1':>7}   {'base P':>7} {'base R':>7} {'base F1':>7}"]
    ours, base = result["by_type"], result["baseline"]["by_type"]  # type: ignore[index]
    for name, a, b in [("overall", result["overall"], result["baseline"]["overall"]),  # type: ignore[index]
                       *[(t, ours[t], base[t]) for t in TYPES]]:  # type: ignore[index]
        rows.append(f"{name:10} {a['p']:7.3f} {a['r']:7.3f} {a['f1']:7.3f}   "
                    f"{b['p']:7.3f} {b['r']:7.3f} {b['f1']:7.3f}")
    rows.append(f"documents: {result['n_docs']}  sentences: {result['n_sentences']}")
    return "\n".join(rows)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kg.extract.entities import EntityResources
    from kg.nlp import load_pipeline

    gold = read_gold(Path(args.gold), args.subset)
    if not gold:
        raise InputError(f"no sentences to score in {args.gold}")
    result = evaluate(gold, load_pipeline(settings.spacy_model), EntityResources.load(settings.cache_dir))
    print(json.dumps(result) if args.json else _table(result))
    return 0


def register(tasks: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = tasks.add_parser("ner", help="named entities vs UniversalNER IOB2 or GUM CoNLL-U gold")
    p.add_argument("--gold", required=True, help="IOB2 file, GUM .conllu file or folder")
    p.add_argument("--subset", choices=("news", "all"), default="news",
                   help="IOB2: score only news (n...) sentences when present (default)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)
