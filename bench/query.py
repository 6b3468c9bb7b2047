"""3. Query cost: the same SPARQL via our ``/sparql`` over HTTP, direct pyoxigraph, rdflib.

Queries: ``ontology/queries/*.rq`` when that folder has queries, else ``bench/queries/*.rq``.
Every engine gets the same text (our prefix block + the query) over the same data: the
on-disk store is bulk-loaded from the grown N-Quads; rdflib gets the union of its triples
in an in-memory ``Graph``. Every result is fully read (rows materialised / JSON parsed).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from bench.common import REPO, Section, median, target, timed
from bench.rdflib_runner import count_rows, run_queries
from bench.server import running_server


def load_queries() -> tuple[str, dict[str, str]]:
    for folder in (REPO / "ontology" / "queries", REPO / "bench" / "queries"):
        files = sorted(folder.glob("*.rq"))
        if files:
            return str(folder.relative_to(REPO)), {f.stem: f.read_text(encoding="utf-8") for f in files}
    return "none", {}


def _engine_times(got: dict[str, Any], timeout_s: float) -> tuple[list[float], bool]:
    """Timings of one query on one engine, and whether it hit the cap (then the cap)."""
    if "timeout_s" in got or not got.get("times"):
        return [float(got.get("timeout_s", timeout_s))], True
    return list(got["times"]), False


def run(ctx: Any, section: Section) -> None:
    import pyoxigraph as ox

    from kg.vocab import sparql_prefixes

    p = ctx.profile
    source, queries = load_queries()
    nq = ctx.nquads_file(p.query_quads)
    store_dir = ctx.work / "query-store"
    store = ox.Store(str(store_dir))
    t_bulk, _ = timed(partial(store.bulk_load, path=str(nq), format=ox.RdfFormat.N_QUADS))
    store.flush()
    n_quads = len(store)
    del store  # the engine child, then the server, open it (one process at a time)
    # rdflib: the union of the triples, as N-Triples
    nt_path = ctx.work / "query-union.nt"
    with nt_path.open("wb") as out:
        triples = (q.triple for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))
        ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
    section.settings = {
        "queries_from": source, "queries": sorted(queries), "quads": n_quads, "reps": p.reps,
        "query_timeout_s": p.query_timeout_s, "rdflib_budget_s": p.rdflib_budget_s,
        "note": ("a capped probe run first; then direct (pyoxigraph, read-only view of the "
                 "same on-disk store) and HTTP runs alternate, at least "
                 f"{p.reps} runs and {p.min_total_s:g} s per query; rdflib = "
                 f"in-memory Graph of the union of the same triples, {p.reps} runs or until "
                 "its runs add up to "
                 f"{p.rdflib_budget_s:g} s; a run over {p.query_timeout_s:g} s is stopped and "
                 "counted as that limit (a lower bound: the ratio is then '>=')")}
    section.summary["pyoxigraph bulk_load s"] = t_bulk
    prefixes = sparql_prefixes()
    # our .rq files rely on the predeclared prefixes; ontology ones declare their own
    texts = {name: q if "PREFIX" in q.upper() else prefixes + q for name, q in queries.items()}
    # the documented name parameters belong to the seeds: bind values of the bench graph
    from bench.params import bind

    picker_store = ox.Store.read_only(str(store_dir))
    texts, section.settings["bound_parameters"] = bind(picker_store, texts)
    del picker_store
    # a capped probe run on pyoxigraph: which queries finish at all, and their row counts
    probe = run_queries(store_dir, texts, 1, p.query_timeout_s, ctx.work, engine="oxigraph",
                        min_total_s=0.0)
    rows: dict[str, dict[str, int]] = {}
    for name in list(texts):
        if _engine_times(probe.get(name, {}), p.query_timeout_s)[1]:
            section.skipped[name] = (f"pyoxigraph did not finish this query in "
                                     f"{p.query_timeout_s:g} s; not timed")
            del texts[name]
        else:
            rows[name] = {"direct": probe[name]["rows"]}
    rd = run_queries(nt_path, texts, p.reps, p.query_timeout_s, ctx.work, engine="rdflib",
                     budget_s=p.rdflib_budget_s, min_total_s=p.min_total_s)
    section.summary["rdflib parse s"] = rd.get("_load", {}).get("load_s")
    rdflib_t: dict[str, list[float]] = {}
    rdflib_capped: set[str] = set()
    for name in texts:
        rdflib_t[name], capped = _engine_times(rd.get(name, {}), p.query_timeout_s)
        if capped:
            rdflib_capped.add(name)
        else:
            rows[name]["rdflib"] = rd[name]["rows"]

    direct_t: dict[str, list[float]] = {}
    http_t: dict[str, list[float]] = {}
    try:
        with running_server(store_dir) as (url, _pid):
            import httpx

            # direct runs alternate with HTTP runs on a read-only view of the same store
            # (the server holds the write lock; nothing writes), so load from other work
            # on the machine falls on both sides of the ratio alike
            view = ox.Store.read_only(str(store_dir))
            with httpx.Client(base_url=url, timeout=120.0) as client:
                def over_http(text: str) -> int:
                    resp = client.post("/sparql", data={"query": text},
                                       headers={"Accept": "application/sparql-results+json"})
                    resp.raise_for_status()
                    return len(resp.json()["results"]["bindings"])

                for name, text in texts.items():
                    count_rows(view, text)  # warm-up
                    _, rows[name]["http"] = timed(partial(over_http, text))
                    d_runs: list[float] = []
                    h_runs: list[float] = []
                    while len(d_runs) < p.reps or (sum(d_runs) < p.min_total_s
                                                   and len(d_runs) < 50):
                        d_runs.append(timed(partial(count_rows, view, text))[0])
                        h_runs.append(timed(partial(over_http, text))[0])
                    direct_t[name], http_t[name] = d_runs, h_runs
    except Exception as exc:  # noqa: BLE001 - recorded, never fatal
        section.skipped["http"] = str(exc)[:300]
    if len(direct_t) < len(texts):  # no server: direct runs on their own
        own = ox.Store(str(store_dir))
        for name, text in texts.items():
            if name not in direct_t:
                direct_t[name] = _reps_until(partial(count_rows, own, text), p.reps, p.min_total_s)
        del own
    section.raw = {"direct_s": direct_t, "rdflib_s": rdflib_t, "http_s": http_t, "rows": rows,
                   "rdflib_timed_out": sorted(rdflib_capped)}
    worst_http: tuple[float, str] | None = None
    worst_rdflib: tuple[float, str, bool] | None = None
    for name in texts:
        d, r = median(direct_t[name]), median(rdflib_t[name])
        ours = median(http_t[name]) if name in http_t else d
        section.summary[f"{name}: direct ms"] = d * 1000
        if name in http_t:
            section.summary[f"{name}: http ms"] = ours * 1000
            section.summary[f"{name}: http/direct"] = ours / d
        # a capped rdflib time is the cap: both numbers below are then lower bounds
        section.summary[f"{name}: rdflib ms"] = r * 1000
        section.summary[f"{name}: rdflib/ours"] = r / ours
        if name in http_t and d > 0.010 and (worst_http is None or ours / d > worst_http[0]):
            worst_http = (ours / d, name)
        if name in rdflib_capped:
            section.lower_bounds += [f"{name}: rdflib ms", f"{name}: rdflib/ours"]
        if worst_rdflib is None or r / ours < worst_rdflib[0]:
            worst_rdflib = (r / ours, name, name in rdflib_capped)
        if len({v for v in rows[name].values()}) > 1:
            section.notes.append(f"{name}: row counts differ between engines: {rows[name]}")
    if rdflib_capped:
        section.notes.append(
            f"rdflib did not finish in {p.query_timeout_s:g} s: {', '.join(sorted(rdflib_capped))} "
            "(counted as the limit, so their ratios are lower bounds)")
    if worst_rdflib is not None:
        section.targets["rdflib_speedup_min"] = target(
            worst_rdflib[0], 10.0, op=">=",
            what=f"slowest ratio rdflib / ours (HTTP): {worst_rdflib[1]}"
                 + (" (rdflib timed out: lower bound)" if worst_rdflib[2] else ""))
    section.targets["http_overhead_max"] = target(
        worst_http[0] if worst_http else None, 1.5,
        what=("worst /sparql HTTP / direct for queries > 10 ms"
              + (f": {worst_http[1]}" if worst_http else " (none that slow)")))


def _reps_until(fn: Any, reps: int, min_total: float, cap: int = 50) -> list[float]:
    """At least ``reps`` timings, more for fast queries (until ``min_total`` s or ``cap``)."""
    out: list[float] = []
    while len(out) < reps or (sum(out) < min_total and len(out) < cap):
        out.append(timed(fn)[0])
    return out
