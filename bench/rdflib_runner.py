"""Run SPARQL queries on one engine in a child process, with a wall-clock cap per query.

Engines: ``rdflib`` (an in-memory ``Graph`` parsed from an N-Triples file) and
``oxigraph`` (the pyoxigraph store on disk, union default graph; the parent must not
hold it open). A query can take minutes on either (a bad plan, or rdflib's evaluator),
so every query has a limit:
a query over the limit is recorded as timed out (a lower bound on its cost), the child
is killed, and a fresh child goes on with the remaining queries. This also replaces a
separate "does it finish" probe per query.

``python -m bench.rdflib_runner ENGINE DATA QUERIES_JSON REPS BUDGET_S MIN_TOTAL_S`` is the
child: it prints one JSON line when the data is loaded, then one per run of a query
``{"name", "t", "rows", "last"}``.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

from bench.common import REPO

LOAD_TIMEOUT_S = 300.0
CAP = 50  # at most this many runs of a fast query


def run_queries(data: Path, queries: dict[str, str], reps: int, timeout_s: float,
                work: Path, *, engine: str = "rdflib", budget_s: float = float("inf"),
                min_total_s: float = 0.3) -> dict[str, dict[str, Any]]:
    """Per query: ``{"times": [...], "rows": n}``, plus ``"timeout_s"`` if a run hit the cap.

    At least ``reps`` timings per query (more, up to ``CAP``, until they add up to
    ``min_total_s``), except that a query whose timings add up to ``budget_s`` stops
    there (at least one run; the count is in ``times``).
    """
    results: dict[str, dict[str, Any]] = {}
    remaining = list(queries)
    while remaining:
        qfile = work / f"{engine}-queries.json"
        qfile.write_text(json.dumps({n: queries[n] for n in remaining}), encoding="utf-8")
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.rdflib_runner", engine, str(data), str(qfile),
             str(reps), str(budget_s), str(min_total_s)],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
        )
        assert proc.stdout is not None

        def next_line(limit: float) -> dict[str, Any] | None:
            ready, _, _ = select.select([proc.stdout], [], [], limit)
            line = proc.stdout.readline() if ready else b""  # type: ignore[union-attr]
            return json.loads(line) if line else None

        try:
            loaded = next_line(LOAD_TIMEOUT_S)
            if loaded is None:
                for name in remaining:
                    results[name] = {"error": f"{engine} could not load the data in time"}
                return results
            results.setdefault("_load", loaded)
            while remaining:
                report = next_line(timeout_s)  # one line per run: the cap is per run
                if report is None:
                    name = remaining.pop(0)
                    results[name] = {"timeout_s": timeout_s, **results.get(name, {})}
                    break
                got = results.setdefault(report["name"], {"times": []})
                got["times"].append(report["t"])
                got["rows"] = report["rows"]
                if report["last"]:
                    remaining.remove(report["name"])
        finally:
            proc.kill()
            proc.wait(timeout=30)
    return results


def _open(engine: str, data: str) -> Any:
    """A ``run(text) -> rows`` function over the data (every row materialised)."""
    if engine == "rdflib":
        import rdflib

        graph = rdflib.Graph()
        graph.parse(data, format="nt")
        return lambda text: len(list(graph.query(text)))
    import pyoxigraph as ox

    store = ox.Store(data)  # opened as the server opens it
    return partial(count_rows, store)


def _child(engine: str, data: str, query_file: str, reps: int, budget_s: float,
           min_total_s: float) -> int:
    queries = json.loads(Path(query_file).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    run = _open(engine, data)
    print(json.dumps({"loaded": True, "load_s": time.perf_counter() - t0}), flush=True)
    for name, text in queries.items():
        times: list[float] = []
        last = False
        while not last:
            t = time.perf_counter()
            rows = run(text)
            times.append(time.perf_counter() - t)
            total = sum(times)
            last = total >= budget_s or (
                len(times) >= reps and (total >= min_total_s or len(times) >= CAP))
            print(json.dumps({"name": name, "t": times[-1], "rows": rows, "last": last}),
                  flush=True)
    return 0


def count_rows(store: Any, text: str) -> int:
    """Run a query on pyoxigraph over the union graph, materialising every row."""
    import pyoxigraph as ox

    res = store.query(text, use_default_graph_as_union=True)
    if isinstance(res, ox.QuerySolutions):
        return sum(1 for sol in res for _ in [tuple(sol)])
    return sum(1 for _ in res)


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]),
                    float(sys.argv[6])))

