"""A bounded HTTP load generator, run as its own process on loopback.

``python -m bench.loadgen URL [URL ...] --requests N --concurrency C --max-seconds S``
sends N GET requests (cycling through the URLs) from C concurrent connections, stops
after N requests or S seconds, whichever comes first, and prints one JSON object:
``{"latencies_ms": [...], "statuses": {code: n}, "elapsed_s", "requests", "rps", "bytes"}``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from typing import Any


async def _load(urls: list[str], requests: int, concurrency: int, max_seconds: float) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    statuses: dict[str, int] = {}
    sent = 0
    n_bytes = 0
    deadline = time.perf_counter() + max_seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(limits=limits, timeout=60.0) as client:

        async def worker() -> None:
            nonlocal sent, n_bytes
            while sent < requests and time.perf_counter() < deadline:
                url = urls[sent % len(urls)]
                sent += 1
                t0 = time.perf_counter()
                try:
                    resp = await client.get(url)
                    body = resp.content
                    code = str(resp.status_code)
                    n_bytes += len(body)
                except httpx.HTTPError as exc:
                    code = type(exc).__name__
                latencies.append((time.perf_counter() - t0) * 1000)
                statuses[code] = statuses.get(code, 0) + 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - t0
    return {"latencies_ms": latencies, "statuses": statuses, "elapsed_s": elapsed,
            "requests": len(latencies), "rps": len(latencies) / elapsed if elapsed else 0.0,
            "bytes": n_bytes}


def run_load(urls: list[str], *, requests: int, concurrency: int = 1,
             max_seconds: float = 30.0) -> dict[str, Any]:
    """Run the generator in a separate process and return its JSON report."""
    from bench.common import REPO

    cmd = [sys.executable, "-m", "bench.loadgen", *urls, "--requests", str(requests),
           "--concurrency", str(concurrency), "--max-seconds", str(max_seconds)]
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True,
                         timeout=max_seconds + 60, check=True)
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadgen")
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=30.0)
    args = parser.parse_args(argv)
    if not all(u.startswith(("http://127.0.0.1", "http://localhost")) for u in args.urls):
        parser.error("loopback URLs only")
    report = asyncio.run(_load(args.urls, max(1, args.requests), max(1, args.concurrency),
                               args.max_seconds))
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
