"""Helpers for tests that run a real server process on loopback."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
from typing import Any


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(base_url: str, proc: subprocess.Popen[Any], timeout: float = 60.0) -> dict[str, Any] | None:
    """``/healthz``'s JSON once the server at ``base_url`` answers (a readiness wait, not an
    assertion on speed); None if ``proc`` exits first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as resp:
                return json.load(resp)  # type: ignore[no-any-return]
        except OSError:
            time.sleep(0.1)
    return None
