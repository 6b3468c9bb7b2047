"""5a. Ingest memory: resident memory while our real ingest streams N synthetic articles.

A child process (``python -m bench.memory --child ...``) runs the lead's
:func:`kg.pipeline.ingest_articles` over a lazy generator of synthetic articles into a
fresh on-disk store, and records its RSS (and peak RSS) each time the pipeline pulls
a checkpoint article. Flat memory = streaming, no accumulation.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.common import REPO, Section, rss_kb, target


def run(ctx: Any, section: Section) -> None:
    p = ctx.profile
    lo, hi = p.memory_sentences
    cmd = [sys.executable, "-m", "bench.memory", "--child", "--articles", str(p.memory_articles),
           "--seed", str(p.seed), "--sentences", f"{lo}-{hi}", "--store", str(ctx.work / "mem-store"),
           "--checkpoints", ",".join(str(c) for c in p.memory_checkpoints)]
    section.settings = {"articles": p.memory_articles, "sentences_per_article": [lo, hi],
                        "checkpoints": list(p.memory_checkpoints), "n_process": 1,
                        "path": "kg.pipeline.ingest_articles (real extraction + store)"}
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=1800, check=False)
    if out.returncode != 0:
        section.skipped["memory"] = f"child failed ({out.returncode}): {out.stderr[-400:]}"
        return
    report = json.loads(out.stdout.strip().splitlines()[-1])
    section.raw = report
    points = report["checkpoints"]
    for point in points:
        section.summary[f"RSS MB at article {point['article']:,}"] = point["rss_kb"] / 1024
    section.summary["peak RSS MB"] = report["final"]["peak_kb"] / 1024
    section.summary["articles/s (whole ingest)"] = report["articles"] / report["seconds"]
    section.summary["words"] = report["words"]
    if len(points) >= 2:
        growth = points[-1]["rss_kb"] / points[0]["rss_kb"]
        section.summary[f"RSS growth {points[0]['article']:,} -> {points[-1]['article']:,}"] = growth
        section.targets["memory_flat"] = target(
            growth - 1.0, 0.20,
            what=f"RSS growth between article {points[0]['article']:,} and {points[-1]['article']:,}")


def _child(args: argparse.Namespace) -> int:
    from kg.bench.corpus import generate_articles, word_count
    from kg.config import Settings
    from kg.pipeline import Extractor, ingest_articles
    from kg.records import Article
    from kg.store import OxigraphStore

    lo, _, hi = args.sentences.partition("-")
    checkpoints = sorted(int(c) for c in args.checkpoints.split(","))
    settings = Settings.from_env(store_path=args.store, n_process=1)
    extractor = Extractor.load(settings)
    points: list[dict[str, Any]] = []
    words = 0
    t0 = time.perf_counter()

    def stream() -> Iterator[Article]:
        nonlocal words
        for i, article in enumerate(generate_articles(args.articles, args.seed,
                                                       sentences=(int(lo), int(hi))), start=1):
            words += word_count(article)
            if i in checkpoints:
                points.append({"article": i, "seconds": time.perf_counter() - t0, **rss_kb()})
            yield article

    store = OxigraphStore(Path(args.store))
    try:
        report = ingest_articles(stream(), store, extractor)
    finally:
        store.close()
    print(json.dumps({"articles": report.stored, "failures": len(report.failures),
                      "quads": report.quads, "words": words, "checkpoints": points,
                      "seconds": time.perf_counter() - t0, "final": rss_kb()}))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.memory")
    parser.add_argument("--child", action="store_true", required=True)
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sentences", default="3-5")
    parser.add_argument("--store", required=True)
    parser.add_argument("--checkpoints", required=True)
    return _child(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
