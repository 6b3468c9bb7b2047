"""1. Extraction overhead: our extract path vs bare ``nlp.pipe`` over the same texts.

"Ours" is ``Extractor.extract_quads_many``, what ingest runs: ``nlp.pipe(as_tuples=True)`` +
:func:`kg.extract.extract` + :func:`kg.rdf.extraction_to_quads` (with ``n_process`` > 1 all
three run in forked workers, which send the quads back as N-Quads); "bare" is ``nlp.pipe`` over the same texts with the
same batch size and ``n_process``. Repetitions alternate bare and ours to share any drift.
A third split times our rules and mapping alone on already-parsed Docs.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from bench.common import Section, median, target, timed


def run(ctx: Any, section: Section) -> None:
    from kg.bench.corpus import word_count
    from kg.extract import extract
    from kg.rdf import extraction_to_quads

    p = ctx.profile
    ex = ctx.extractor
    articles = ctx.articles(p.extract_articles)
    texts = [a.full_text for a in articles]
    words = sum(word_count(a) for a in articles)
    batch = ex.settings.batch_size
    section.settings = {"articles": len(articles), "words": words, "reps": p.reps,
                        "batch_size": batch, "n_process": list(p.n_process),
                        "pipeline": ex.nlp.pipe_names}
    # warm-up: first calls pay for lazy initialisation in spaCy and in our resources
    list(ex.nlp.pipe(texts[:4], batch_size=batch))
    sum(len(e.quads) for e in ex.extract_quads_many(articles[:4]))
    for n_proc in p.n_process:
        runner = dataclasses.replace(ex, settings=ex.settings.with_(n_process=n_proc))
        bare_t: list[float] = []
        ours_t: list[float] = []
        for _ in range(p.reps):
            t, _docs = timed(lambda: sum(1 for _ in ex.nlp.pipe(texts, batch_size=batch,
                                                                   n_process=n_proc)))
            bare_t.append(t)
            t, n_quads = timed(lambda: sum(len(e.quads) for e in runner.extract_quads_many(articles)))
            ours_t.append(t)
        section.raw[f"n{n_proc}"] = {"bare_s": bare_t, "ours_s": ours_t, "quads": n_quads}
        b, o = median(bare_t), median(ours_t)
        section.summary[f"n_process={n_proc}: bare articles/s"] = len(articles) / b
        section.summary[f"n_process={n_proc}: ours articles/s"] = len(articles) / o
        section.summary[f"n_process={n_proc}: bare words/s"] = words / b
        section.summary[f"n_process={n_proc}: ours words/s"] = words / o
        section.summary[f"n_process={n_proc}: overhead ours/bare"] = o / b
        section.targets[f"overhead_n{n_proc}"] = target(
            o / b, 1.3, what=f"extraction overhead ours/bare (n_process={n_proc})")
    if len(p.n_process) > 1 and "n1" in section.raw:
        last = p.n_process[-1]
        section.summary[f"scaling ours n_process={last} vs 1"] = (
            median(section.raw["n1"]["ours_s"]) / median(section.raw[f"n{last}"]["ours_s"]))
    # Our rules and RDF mapping alone, on Docs parsed once.
    docs = list(ex.nlp.pipe(texts, batch_size=batch))
    rules_t: list[float] = []
    map_t: list[float] = []
    for _ in range(p.reps):
        t, exts = timed(lambda: [extract(a, d, ex.resources) for a, d in zip(articles, docs)])
        rules_t.append(t)
        t, _ = timed(lambda: [extraction_to_quads(e, ex.minter) for e in exts])
        map_t.append(t)
    section.raw["rules_only_s"] = rules_t
    section.raw["mapping_only_s"] = map_t
    section.summary["rules ms/article (parsed Docs)"] = median(rules_t) / len(articles) * 1000
    section.summary["RDF mapping ms/article"] = median(map_t) / len(articles) * 1000
    if "n1" in section.raw:
        section.summary["rules+mapping share of bare parse (n_process=1)"] = (
            (median(rules_t) + median(map_t)) / median(section.raw["n1"]["bare_s"]))
