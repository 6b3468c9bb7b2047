"""Run SPARQL queries on an rdflib in-memory ``Graph`` in a child process, with a time cap.

rdflib can take minutes on a query Oxigraph answers in milliseconds, so every query has
a wall-clock limit: a query over the limit is recorded as timed out (a lower bound on its
cost), the child is killed, and a fresh child goes on with the remaining queries.
``python -m bench.rdflib_runner NT_FILE QUERIES_JSON REPS`` is the child: it prints one
JSON line per query ``{"name", "times", "rows", "load_s"}``.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import REPO

LOAD_TIMEOUT_S = 300.0


def run_queries(nt_file: Path, queries: dict[str, str], reps: int, timeout_s: float,
                work: Path) -> dict[str, dict[str, Any]]:
    """Per query: ``{"times": [...], "rows": n}`` or ``{"timeout_s": limit}``."""
    results: dict[str, dict[str, Any]] = {}
    remaining = list(queries)
    while remaining:
        qfile = work / "rdflib-queries.json"
        qfile.write_text(json.dumps({n: queries[n] for n in remaining}), encoding="utf-8")
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.rdflib_runner", str(nt_file), str(qfile), str(reps)],
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
                    results[name] = {"error": "rdflib could not load the graph in time"}
                return results
            results.setdefault("_load", loaded)
            while remaining:
                report = next_line(timeout_s)
                if report is None:
                    results[remaining.pop(0)] = {"timeout_s": timeout_s}
                    break
                results[report["name"]] = report
                remaining.remove(report["name"])
        finally:
            proc.kill()
            proc.wait(timeout=30)
    return results


def _child(nt_file: str, query_file: str, reps: int) -> int:
    import rdflib

    queries = json.loads(Path(query_file).read_text(encoding="utf-8"))
    graph = rdflib.Graph()
    t0 = time.perf_counter()
    graph.parse(nt_file, format="nt")
    print(json.dumps({"loaded": True, "load_s": time.perf_counter() - t0,
                      "triples": len(graph)}), flush=True)
    for name, text in queries.items():
        times: list[float] = []
        rows = 0
        for _ in range(reps):
            t = time.perf_counter()
            rows = len(list(graph.query(text)))
            times.append(time.perf_counter() - t)
            if times[-1] > 5.0:  # slow: fewer repetitions (recorded by their count)
                break
        print(json.dumps({"name": name, "times": times, "rows": rows}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], sys.argv[2], int(sys.argv[3])))
