"""2. Store ingest: our ingest of new articles vs ``bulk_load`` of the same N-Quads.

The quads are already extracted (grown with :mod:`bench.scale`), so this isolates the
store. "Ours" is the path ``kg ingest`` takes for new articles: the same
:class:`kg.batches.NewArticleBatches` (journaled bulk batches of growing size, small
ones one transaction per article) on ``OxigraphStore``. Each repetition writes into
fresh on-disk stores. Also measured: the per-article transactional path
(``replace_article`` per article, the first ingest before batching), re-ingest (every
article replaced in a full store: with the same quads, and with every article's quads
swapped for another's), per-article replace latency (same quads), and ``Store.extend``
per article (one transaction each: the transactional limit).
"""

from __future__ import annotations

import io
import time
from functools import partial
from pathlib import Path
from typing import Any

from bench.common import Section, median, percentile, target, timed


def _articles(ctx: Any) -> tuple[list[list[Any]], bytes]:
    import pyoxigraph as ox

    from bench.scale import replicated_quads

    per_article = list(replicated_quads(ctx.base_extractions(), ctx.extractor.minter,
                                        ctx.profile.ingest_quads))
    buf = io.BytesIO()
    for quads in per_article:
        ox.serialize(quads, buf, ox.RdfFormat.N_QUADS)
    return per_article, buf.getvalue()


def run(ctx: Any, section: Section) -> None:
    import pyoxigraph as ox

    from kg.batches import BATCH_QUADS, FIRST_BATCH_QUADS, NewArticleBatches
    from kg.store import BULK_MIN_QUADS, OxigraphStore

    p = ctx.profile
    per_article, nquads = _articles(ctx)
    n_quads = sum(len(q) for q in per_article)
    section.settings = {"articles": len(per_article), "quads": n_quads,
                        "nquads_bytes": len(nquads), "reps": p.reps, "on_disk": True,
                        "batch_quads": BATCH_QUADS, "first_batch_quads": FIRST_BATCH_QUADS,
                        "bulk_min_quads": BULK_MIN_QUADS}
    raw: dict[str, list[float]] = {k: [] for k in (
        "ours_s", "per_article_s", "bulk_load_s", "extend_per_article_s", "reingest_s",
        "reingest_changed_s")}
    changed = [[ox.Quad(q.subject, q.predicate, q.object, graph[0].graph_name) for q in other]
               for graph, other in zip(per_article, per_article[1:] + per_article[:1])]
    latencies: list[float] = []
    batch_sizes: list[int] = []
    for rep in range(p.reps):
        root: Path = ctx.work / f"ingest-{rep}"
        # the per-article transactional path (what first ingest did before batching)
        single = OxigraphStore(root / "per-article")
        raw["per_article_s"].append(timed(partial(_replace_each, single, per_article))[0])
        single.close()
        # ours: the batches `kg ingest` writes new articles in, on the real store class
        store = OxigraphStore(root / "ours")

        def ours() -> None:
            batches: NewArticleBatches[int] = NewArticleBatches(store)
            for quads in per_article:
                written = batches.add(len(quads), quads[0].graph_name, quads)
                if written and rep == 0:
                    batch_sizes.append(sum(w.quads for w in written))
            last = batches.write()
            if last and rep == 0:
                batch_sizes.append(sum(w.quads for w in last))
            store.flush()

        raw["ours_s"].append(timed(ours)[0])
        # re-ingest: replace every article again in the now-full store
        raw["reingest_s"].append(timed(partial(_replace_each, store, per_article, latencies))[0])
        # re-ingest with different content: every article gets another article's quads
        raw["reingest_changed_s"].append(timed(partial(_replace_each, store, changed))[0])
        store.close()
        # physical limit: bulk_load of the same N-Quads
        bulk = ox.Store(str(root / "bulk"))
        raw["bulk_load_s"].append(timed(lambda: (bulk.bulk_load(nquads, ox.RdfFormat.N_QUADS),
                                                 bulk.flush()))[0])
        if rep == 0:
            section.raw["quads_in_bulk_store"] = len(bulk)
        del bulk
        # the transactional limit: raw extend() per article (one transaction each)
        ext = ox.Store(str(root / "extend"))

        def extend() -> None:
            for quads in per_article:
                ext.extend(quads)
            ext.flush()

        raw["extend_per_article_s"].append(timed(extend)[0])
        del ext
    section.raw.update(raw)
    section.raw["replace_latency_ms_sample"] = [round(x * 1000, 3) for x in latencies[:: max(1, len(latencies) // 500)]]
    section.raw["batch_quads_written"] = batch_sizes
    ours_m, bulk_m = median(raw["ours_s"]), median(raw["bulk_load_s"])
    single_m, extend_m = median(raw["per_article_s"]), median(raw["extend_per_article_s"])
    section.summary.update({
        "ours quads/s": n_quads / ours_m,
        "bulk_load quads/s": n_quads / bulk_m,
        "per-article transactions quads/s": n_quads / single_m,
        "raw extend per article quads/s": n_quads / extend_m,
        "ratio ours/bulk_load": ours_m / bulk_m,
        "ratio per-article transactions/bulk_load": single_m / bulk_m,
        "ratio extend-per-article/bulk_load": extend_m / bulk_m,
        "ratio ours/per-article transactions": ours_m / single_m,
        "batches written": len(batch_sizes),
        "batches written in bulk": sum(b >= BULK_MIN_QUADS for b in batch_sizes),
        "re-ingest (same quads) quads/s": n_quads / median(raw["reingest_s"]),
        "re-ingest (same quads)/first ingest": median(raw["reingest_s"]) / ours_m,
        "re-ingest (all quads changed)/first ingest": median(raw["reingest_changed_s"]) / ours_m,
        "replace_article p50 ms": percentile(latencies, 50) * 1000,
        "replace_article p99 ms": percentile(latencies, 99) * 1000,
        "quads/article": n_quads / len(per_article),
    })
    section.targets["ingest_vs_bulk"] = target(ours_m / bulk_m, 2.0,
                                               what="store ingest time / bulk_load time")
    _breakdown(per_article, section)


def _breakdown(per_article: list[list[Any]], section: Section) -> None:
    """Where replace_article spends its time: building the update text vs running it."""
    import pyoxigraph as ox

    sample = per_article[: min(200, len(per_article))]
    store = ox.Store()

    def build() -> list[str]:
        out = []
        for quads in sample:
            g = quads[0].graph_name.value
            nt = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
            out.append(f"DROP SILENT GRAPH <{g}> ;\nINSERT DATA {{ GRAPH <{g}> {{\n{nt}\n}} }}")
        return out

    t_build, texts = timed(build)
    t_run, _ = timed(lambda: [store.update(t) for t in texts])
    store2 = ox.Store()
    t_extend, _ = timed(lambda: [store2.extend(q) for q in sample])
    n = len(sample)
    section.summary["in-memory: build update text ms/article"] = t_build / n * 1000
    section.summary["in-memory: run update ms/article"] = t_run / n * 1000
    section.summary["in-memory: extend ms/article"] = t_extend / n * 1000


def _replace_each(store: Any, articles: list[list[Any]], latencies: list[float] | None = None) -> None:
    """Replace every article in its own transaction (timing each into ``latencies``), then flush."""
    for quads in articles:
        t0 = time.perf_counter()
        store.replace_article(quads[0].graph_name, quads)
        if latencies is not None:
            latencies.append(time.perf_counter() - t0)
    store.flush()
