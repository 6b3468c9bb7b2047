"""3. Query cost: the same SPARQL via our ``/sparql`` over HTTP, direct pyoxigraph, rdflib.

Queries: ``ontology/queries/*.rq`` when that folder has queries, else ``bench/queries/*.rq``.
Every engine gets the same text (our prefix block + the query) over the same data: the
on-disk store is bulk-loaded from the grown N-Quads; rdflib gets the union of its triples
in an in-memory ``Graph``. Every result is fully read (rows materialised / JSON parsed).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.common import REPO, Section, median, target, timed
from bench.rdflib_runner import run_queries
from bench.server import running_server


def load_queries() -> tuple[str, dict[str, str]]:
    for folder in (REPO / "ontology" / "queries", REPO / "bench" / "queries"):
        files = sorted(folder.glob("*.rq"))
        if files:
            return str(folder.relative_to(REPO)), {f.stem: f.read_text(encoding="utf-8") for f in files}
    return "none", {}


def _reps_until(fn: Any, reps: int, min_total: float = 0.3, cap: int = 50,
                slow: float = 5.0) -> list[float]:
    """At least ``reps`` timings (more for fast queries); 3 for queries over ``slow`` s."""
    out: list[float] = []
    while len(out) < reps or (sum(out) < min_total and len(out) < cap):
        out.append(timed(fn)[0])
        if len(out) >= 3 and min(out) > slow:
            break
    return out


PROBE = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
list(store.query(sys.stdin.read(), use_default_graph_as_union=True))
"""


def _probe(store_dir: Path, text: str, limit: float) -> str | None:
    """Run a query once in a child process on a read-only view: None if it ends in time."""
    try:
        out = subprocess.run([sys.executable, "-c", PROBE, str(store_dir)], input=text,
                             capture_output=True, text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return f"pyoxigraph did not finish this query in {limit:g} s (probe run); not timed"
    if out.returncode != 0:
        return f"query failed on pyoxigraph: {out.stderr.strip()[-200:]}"
    return None


def run(ctx: Any, section: Section) -> None:
    import pyoxigraph as ox

    from kg.vocab import sparql_prefixes

    p = ctx.profile
    source, queries = load_queries()
    nq = ctx.nquads_file(p.query_quads)
    store_dir = ctx.work / "query-store"
    store = ox.Store(str(store_dir))
    t_bulk, _ = timed(lambda: store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS))
    store.flush()
    n_quads = len(store)
    # rdflib: the union of the triples, as N-Triples
    nt_path = ctx.work / "query-union.nt"
    with nt_path.open("wb") as out:
        triples = (q.triple for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))
        ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
    section.settings = {"queries_from": source, "queries": sorted(queries), "quads": n_quads,
                        "reps": p.reps, "rdflib_timeout_s": p.rdflib_timeout_s}
    section.summary["pyoxigraph bulk_load s"] = t_bulk
    prefixes = sparql_prefixes()
    # our .rq files rely on the predeclared prefixes; ontology ones declare their own
    texts = {name: q if "PREFIX" in q.upper() else prefixes + q for name, q in queries.items()}

    def direct(text: str) -> int:
        res = store.query(text, use_default_graph_as_union=True)
        if isinstance(res, ox.QuerySolutions):
            return sum(1 for sol in res for _ in [tuple(sol)])
        return sum(1 for _ in res)  # type: ignore[arg-type]

    for name in list(texts):
        probe = _probe(store_dir, texts[name], p.rdflib_timeout_s)
        if probe is not None:
            section.skipped[name] = probe
            del texts[name]
    rows: dict[str, dict[str, int]] = {}
    direct_t: dict[str, list[float]] = {}
    rdflib_t: dict[str, list[float]] = {}
    for name, text in texts.items():
        direct_t[name] = _reps_until(lambda t=text: direct(t), p.reps)
        rows[name] = {"direct": direct(text)}
    rd = run_queries(nt_path, texts, p.reps, p.rdflib_timeout_s, ctx.work)
    section.summary["rdflib parse s"] = rd.get("_load", {}).get("load_s")
    for name in texts:
        got = rd.get(name, {})
        if "times" in got:
            rdflib_t[name] = got["times"]
            rows[name]["rdflib"] = got["rows"]
            if len(got["times"]) < p.reps:
                section.notes.append(f"rdflib {name}: {len(got['times'])} rep(s) only (> 5 s each)")
        else:
            section.notes.append(f"rdflib {name}: {got or 'no result'} (counted as the limit, "
                                 "a lower bound on its cost)")
            rdflib_t[name] = [float(got.get("timeout_s", "nan"))]
    store.flush()
    del store  # the server process needs the store's lock
    http_t: dict[str, list[float]] = {}
    try:
        with running_server(store_dir) as (url, _pid):
            import httpx

            with httpx.Client(base_url=url, timeout=120.0) as client:
                def over_http(text: str) -> int:
                    resp = client.post("/sparql", data={"query": text},
                                       headers={"Accept": "application/sparql-results+json"})
                    resp.raise_for_status()
                    return len(resp.json()["results"]["bindings"])

                for name, text in texts.items():
                    t_first, rows[name]["http"] = timed(lambda t=text: over_http(t))
                    http_t[name] = _reps_until(lambda t=text: over_http(t), p.reps)
    except Exception as exc:  # noqa: BLE001 - recorded, never fatal
        section.skipped["http"] = str(exc)[:300]
    section.raw = {"direct_s": direct_t, "rdflib_s": rdflib_t, "http_s": http_t, "rows": rows}
    worst_http_ratio = None
    rdflib_ratios = []
    for name in texts:
        d, r = median(direct_t[name]), median(rdflib_t[name])
        section.summary[f"{name}: direct ms"] = d * 1000
        section.summary[f"{name}: rdflib ms"] = r * 1000
        section.summary[f"{name}: rdflib/direct"] = r / d
        rdflib_ratios.append(r / median(http_t[name]) if name in http_t else r / d)
        if name in http_t:
            h = median(http_t[name])
            section.summary[f"{name}: http ms"] = h * 1000
            section.summary[f"{name}: http/direct"] = h / d
            if d > 0.010:
                worst_http_ratio = max(worst_http_ratio or 0.0, h / d)
        if len({v for v in rows[name].values()}) > 1:
            section.notes.append(f"{name}: row counts differ between engines: {rows[name]}")
    if rdflib_ratios:
        section.targets["rdflib_speedup_min"] = target(
            min(rdflib_ratios), 10.0, op=">=",
            what="slowest query: rdflib time / our time (HTTP if measured, else direct)")
    section.targets["http_overhead_max"] = target(
        worst_http_ratio, 1.5,
        what="worst /sparql HTTP time / direct for queries > 10 ms (None: none that slow)")
