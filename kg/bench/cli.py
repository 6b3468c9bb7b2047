"""``kg bench corpus --articles N --seed S [-o DIR|FILE]``: write a synthetic news corpus.

Output: JSON Lines on stdout (default), a ``.jsonl`` file, or a folder with one
``<id>.json`` file per article. Both formats are what ``kg ingest`` reads.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO

from kg.config import Settings
from kg.errors import InputError


def _range(value: str) -> tuple[int, int]:
    try:
        lo, _, hi = value.partition("-")
        low, high = int(lo), int(hi or lo)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected N or LO-HI, got {value!r}") from None
    if not 1 <= low <= high:
        raise argparse.ArgumentTypeError(f"expected 1 <= LO <= HI, got {value!r}")
    return low, high


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("bench", help="benchmark helpers (synthetic corpus)")
    cmds = parser.add_subparsers(dest="bench_command", required=True, metavar="COMMAND")
    p = cmds.add_parser("corpus", help="write a synthetic news corpus (deterministic per seed)")
    p.add_argument("--articles", type=int, required=True, metavar="N", help="how many articles")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    p.add_argument("--start", type=int, default=0, help="index of the first article (default 0)")
    p.add_argument("--sentences", type=_range, default=None, metavar="LO-HI",
                   help="sentences per article (default 8-16)")
    p.add_argument("-o", "--output", default="-",
                   help="FILE.jsonl, a folder (one JSON file per article), or - for stdout")
    p.set_defaults(func=cmd_corpus)


def _write_jsonl(articles: object, out: IO[str]) -> int:
    from kg.bench.corpus import article_to_json

    n = 0
    for article in articles:  # type: ignore[attr-defined]
        out.write(json.dumps(article_to_json(article), ensure_ascii=False) + "\n")
        n += 1
    return n


def cmd_corpus(args: argparse.Namespace, settings: Settings) -> int:
    from kg.bench.corpus import DEFAULT_SENTENCES, article_to_json, generate_articles

    if args.articles < 0 or args.start < 0:
        raise InputError("--articles and --start must not be negative")
    articles = generate_articles(args.articles, args.seed, start=args.start,
                                 sentences=args.sentences or DEFAULT_SENTENCES)
    if args.output == "-":
        _write_jsonl(articles, sys.stdout)
        return 0
    target = Path(args.output)
    try:
        if target.suffix in (".jsonl", ".ndjson"):
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("w", encoding="utf-8") as out:
                n = _write_jsonl(articles, out)
        else:
            target.mkdir(parents=True, exist_ok=True)
            n = 0
            for article in articles:
                (target / f"{article.id}.json").write_text(
                    json.dumps(article_to_json(article), ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8",
                )
                n += 1
    except OSError as exc:
        raise InputError(f"cannot write corpus to {target}: {exc}") from exc
    print(f"wrote {n:,} articles (seed {args.seed}) to {target}", file=sys.stderr)
    return 0
