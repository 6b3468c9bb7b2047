"""Run ``kg serve`` (our real server: ``api.app.create_app`` under uvicorn) on loopback.

:func:`running_server` starts ``python -m kg serve --store DIR --port P`` in a child
process, waits (bounded) for ``/healthz``, yields the base URL and pid, and always stops
the child it started.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import REPO, free_port


class Unavailable(Exception):
    """The server did not come up, or an endpoint is missing: skip, with the reason."""


@contextmanager
def running_server(store: Path, *, startup_timeout: float = 180.0) -> Iterator[tuple[str, int]]:
    import httpx

    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(REPO), KG_STORE=str(store), KG_MAX_ROWS="1000000",
               KG_QUERY_TIMEOUT="120")
    log = open(store.parent / f"server-{port}.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port)],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if proc.poll() is not None:
                log.flush()
                tail = (store.parent / f"server-{port}.log").read_text(errors="replace")[-600:]
                raise Unavailable(f"server exited with {proc.returncode}: {tail.strip()}")
            try:
                if httpx.get(f"{url}/healthz", timeout=2.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise Unavailable(f"server not healthy within {startup_timeout:.0f} s")
            time.sleep(0.2)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()
