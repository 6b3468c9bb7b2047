"""4. Neighbourhood and paths over HTTP at growing graph sizes; 5b. server memory.

For each size the grown N-Quads are bulk-loaded into a fresh on-disk store; a hub (the
entity linked to most events) and a typical entity (the median of entities linked to at
least two events) are picked by SPARQL; then our API serves the store in a child process
and a separate load-generator process measures, on loopback and bounded:
``/entities/{kind}/{slug}/neighbors?depth=2`` latency (one connection) and requests/s
(four connections), and ``/paths`` from the typical entity to the hub.
"""

from __future__ import annotations

from typing import Any

from bench.common import Section, percentile, rss_kb, target, timed
from bench.loadgen import run_load
from bench.server import Unavailable, running_server

DEGREE_QUERY = """
SELECT ?e (COUNT(DISTINCT ?ev) AS ?n) WHERE {
  { ?ev sem:hasActor ?e } UNION { ?ev sem:hasPlace ?e }
  ?ev a sem:Event .
} GROUP BY ?e ORDER BY DESC(?n)
"""


def _pick_entities(store: Any, base: str) -> dict[str, Any]:
    from kg.vocab import sparql_prefixes

    ranked = [(s["e"].value, int(s["n"].value)) for s in
              store.query(sparql_prefixes() + DEGREE_QUERY, use_default_graph_as_union=True)]
    ranked = [(iri[len(base):], n) for iri, n in ranked if iri.startswith(base)]
    if not ranked:
        raise Unavailable("no entity linked to an event in the grown graph")
    hub = ranked[0]
    multi = [r for r in ranked if r[1] >= 2] or ranked
    typical = multi[len(multi) // 2]
    other = multi[min(len(multi) - 1, len(multi) // 2 + 1)]
    return {"hub": hub, "typical": typical, "other": other, "entities_linked": len(ranked)}


def _summarise(report: dict[str, Any]) -> dict[str, Any]:
    lat = report["latencies_ms"]
    return {"p50_ms": percentile(lat, 50), "p99_ms": percentile(lat, 99), "rps": report["rps"],
            "requests": report["requests"], "statuses": report["statuses"]}


def _routes(client: Any) -> set[str] | None:
    """Paths the app declares in its OpenAPI document (None if it has none)."""
    try:
        resp = client.get("/openapi.json")
        return set(resp.json().get("paths", {})) if resp.status_code == 200 else None
    except ValueError:
        return None


def _route_missing(routes: set[str] | None, template: str) -> bool:
    return routes is not None and template not in routes


def run(ctx: Any, section: Section) -> None:
    import httpx
    import pyoxigraph as ox

    p = ctx.profile
    base = ctx.extractor.minter.base
    section.settings = {"sizes_quads": list(p.neighbor_sizes), "latency_requests": p.neighbor_requests,
                        "throughput_requests": p.throughput_requests, "throughput_concurrency": 4,
                        "latency_concurrency": 1, "depth": 2, "paths_max_len": 4}
    for size in p.neighbor_sizes:
        nq = ctx.nquads_file(size)
        store_dir = ctx.work / f"nb-{size}"
        store = ox.Store(str(store_dir))
        t_load, _ = timed(lambda: store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS))
        store.flush()
        picks = _pick_entities(store, base)
        n_quads = len(store)
        del store
        entry: dict[str, Any] = {"quads": n_quads, "bulk_load_s": t_load, "picks": picks}
        section.raw[str(size)] = entry
        try:
            with running_server(store_dir) as (url, pid):
                entry["server_rss_after_start"] = rss_kb(pid)
                with httpx.Client(base_url=url, timeout=60) as client:
                    routes = _routes(client)
                    for role in ("hub", "typical"):
                        ent_id = picks[role][0]
                        path = f"/entities/{ent_id}/neighbors?depth=2"
                        if _route_missing(routes, "/entities/{kind}/{slug}/neighbors"):
                            section.skipped["neighbors"] = "no /entities/{kind}/{slug}/neighbors route"
                            break
                        first = client.get(path)
                        entry[f"{role}_status"] = first.status_code
                        if first.status_code == 200:
                            body = first.json()
                            entry[f"{role}_nodes"] = len(body.get("nodes", []))
                            entry[f"{role}_truncated"] = body.get("truncated")
                        lat = run_load([url + path], requests=p.neighbor_requests, concurrency=1)
                        thr = run_load([url + path], requests=p.throughput_requests, concurrency=4)
                        entry[f"{role}_latency"] = _summarise(lat)
                        entry[f"{role}_throughput"] = _summarise(thr)
                        entry[f"{role}_latency_ms_raw"] = [round(x, 3) for x in lat["latencies_ms"]]
                    a, b = picks["typical"][0], picks["hub"][0]
                    ppath = f"/paths?from={a}&to={b}&max_len=4"
                    if _route_missing(routes, "/paths"):
                        section.skipped["paths"] = "no /paths route"
                    else:
                        first = client.get(ppath)
                        entry["paths_status"] = first.status_code
                        if first.status_code == 200:
                            entry["paths_found"] = len(first.json().get("paths", []))
                        lat = run_load([url + ppath], requests=p.neighbor_requests, concurrency=1)
                        thr = run_load([url + ppath], requests=p.throughput_requests, concurrency=4)
                        entry["paths_latency"] = _summarise(lat)
                        entry["paths_throughput"] = _summarise(thr)
                entry["server_rss_after_load"] = rss_kb(pid)
        except Unavailable as exc:
            section.skipped[f"server {size}"] = str(exc)[:300]
            continue
        label = f"{n_quads / 1000:,.0f}k quads"
        for role in ("hub", "typical"):
            if f"{role}_latency" in entry:
                section.summary[f"{label}: {role} depth-2 p50 ms"] = entry[f"{role}_latency"]["p50_ms"]
                section.summary[f"{label}: {role} depth-2 p99 ms"] = entry[f"{role}_latency"]["p99_ms"]
                section.summary[f"{label}: {role} depth-2 req/s (4 conn)"] = entry[f"{role}_throughput"]["rps"]
        if "paths_latency" in entry:
            section.summary[f"{label}: paths p50 ms"] = entry["paths_latency"]["p50_ms"]
            section.summary[f"{label}: paths p99 ms"] = entry["paths_latency"]["p99_ms"]
            section.summary[f"{label}: paths req/s (4 conn)"] = entry["paths_throughput"]["rps"]
        section.summary[f"{label}: server RSS MB"] = entry["server_rss_after_load"]["rss_kb"] / 1024
    sizes = [str(s) for s in p.neighbor_sizes if "typical_latency" in section.raw.get(str(s), {})]
    if sizes:
        last = section.raw[sizes[-1]]
        section.targets["typical_p50_largest"] = target(
            last["typical_latency"]["p50_ms"], 20.0,
            what=f"typical depth-2 p50 ms at {last['quads']:,} quads")
        if len(sizes) > 1:
            first = section.raw[sizes[0]]
            section.targets["typical_p50_growth"] = target(
                last["typical_latency"]["p50_ms"] / first["typical_latency"]["p50_ms"], 2.0, op="<",
                what=f"typical p50 growth {first['quads']:,} -> {last['quads']:,} quads")
