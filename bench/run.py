"""``python -m bench.run [--quick] [--name NAME] [--only SECTION ...]``: run the benchmarks.

Writes ``bench/results/<date>-<name>.json`` (or ``--out DIR``) with machine, versions,
settings, raw timings and medians, and prints a Markdown table. Nothing here passes or
fails: targets are recorded with the measured value, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import REPO, Section, machine_info, versions

SECTIONS = ("extraction", "ingest", "query", "neighbors", "memory")


@dataclass
class Profile:
    """Sizes for one run; ``quick`` stays under a minute, ``full`` a few minutes."""

    name: str
    reps: int = 5
    seed: int = 20220302
    extract_articles: int = 60
    n_process: tuple[int, ...] = (1, 2)
    base_articles: int = 120  # extracted once, replicated for scale
    ingest_quads: int = 100_000
    query_quads: int = 100_000
    query_timeout_s: float = 5.0  # per run of a query, either engine; over it = ">= limit"
    rdflib_budget_s: float = 3.0  # rdflib stops repeating a query once its runs add up to this
    min_total_s: float = 0.3  # fast queries repeat (>= reps) until their runs add up to this
    neighbor_sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)
    neighbor_requests: int = 200
    throughput_requests: int = 400
    memory_articles: int = 10_000
    memory_checkpoints: tuple[int, ...] = (1_000, 2_500, 5_000, 7_500, 10_000)
    memory_sentences: tuple[int, int] = (1, 3)  # short articles: 10k of them in ~1.5 min


FULL = Profile(name="full")
QUICK = Profile(
    name="quick", extract_articles=8, n_process=(1, 2), base_articles=24,
    ingest_quads=8_000, query_quads=10_000, query_timeout_s=2.0, rdflib_budget_s=0.5,
    min_total_s=0.1, neighbor_sizes=(10_000, 30_000),
    neighbor_requests=40, throughput_requests=80, memory_articles=150,
    memory_checkpoints=(50, 100, 150),
)


@dataclass
class Context:
    """What sections share: the profile, a scratch folder and lazily built inputs."""

    profile: Profile
    work: Path
    _extractor: Any = None
    _base: list[Any] | None = None
    _nquads: dict[int, Path] = field(default_factory=dict)

    @property
    def extractor(self) -> Any:
        if self._extractor is None:
            from kg.config import Settings
            from kg.pipeline import Extractor

            self._extractor = Extractor.load(Settings.from_env(store_path=self.work / "unused"))
        return self._extractor

    def articles(self, n: int, **kw: Any) -> list[Any]:
        from kg.bench.corpus import generate_articles

        return list(generate_articles(n, self.profile.seed, **kw))

    def base_extractions(self) -> list[Any]:
        """The real extraction of the base corpus (done once per run)."""
        if self._base is None:
            ex = self.extractor
            self._base = [e for e in ex.extract_many(self.articles(self.profile.base_articles))
                          if not hasattr(e, "message")]
        return self._base

    def nquads_file(self, target_quads: int) -> Path:
        """An N-Quads file of about ``target_quads`` quads grown by :mod:`bench.scale`."""
        if target_quads not in self._nquads:
            import pyoxigraph as ox

            from bench.scale import replicated_quads

            path = self.work / f"graph-{target_quads}.nq"
            with path.open("wb") as out:
                for quads in replicated_quads(self.base_extractions(), self.extractor.minter,
                                              target_quads):
                    ox.serialize(quads, out, ox.RdfFormat.N_QUADS)
            self._nquads[target_quads] = path
        return self._nquads[target_quads]


def _pivot(summary: dict[str, Any], bounds: set[str]) -> tuple[list[str], list[str]]:
    """Summary keys ``"row: column"`` as one table (rows x columns), the rest as a list."""
    from bench.common import fmt

    rows: dict[str, dict[str, str]] = {}
    cols: list[str] = []
    plain: list[str] = []
    for key, value in summary.items():
        text = ("≥ " if key in bounds else "") + fmt(value)
        row, sep, col = key.partition(": ")
        if not sep:
            plain.append(f"| {key} | {text} |")
            continue
        rows.setdefault(row, {})[col] = text
        if col not in cols:
            cols.append(col)
    table: list[str] = []
    if rows:
        table = ["| | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
        table += [f"| {r} | " + " | ".join(cells.get(c, "–") for c in cols) + " |"
                  for r, cells in rows.items()]
    return table, plain


def _markdown(results: dict[str, Any]) -> str:
    from bench.common import fmt

    m, v = results["machine"], results["versions"]
    lines = [f"## newskg benchmark `{results['name']}` ({results['started']}, "
             f"{results.get('seconds', 0):.0f} s)", "",
             f"{m['cpu']} × {m['cpus']}, Python {m['python']}, spaCy {v.get('spacy')}, "
             f"pyoxigraph {v.get('pyoxigraph')}, rdflib {v.get('rdflib')}, commit "
             f"{v.get('git_commit')}{' (dirty)' if v.get('git_dirty') else ''}", "",
             "### Targets", "", "| section | target | value | limit | met |",
             "|---|---|---|---|---|"]
    for name, sec in results["sections"].items():
        for key, t in sec["targets"].items():
            lines.append(f"| {name} | {t.get('what') or key} | {fmt(t['value'])} | "
                         f"{t['op']} {t['limit']} | {fmt(t['met'])} |")
    for name, sec in results["sections"].items():
        lines += ["", f"### {name} ({sec.get('seconds', 0):.0f} s)", ""]
        table, plain = _pivot(sec["summary"], set(sec.get("lower_bounds", [])))
        if table:
            lines += table + ([""] if plain else [])
        if plain:
            lines += ["| measurement | value |", "|---|---|"] + plain
        for key, reason in sec["skipped"].items():
            lines.append(f"- skipped {key}: {reason}")
        lines += [f"- {note}" for note in sec.get("notes", []) if not note.startswith("load average")]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes (under a minute)")
    parser.add_argument("--name", help="result name (default: full or quick)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results",
                        help="folder for the results JSON")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    profile = QUICK if args.quick else FULL
    name = args.name or profile.name
    started = datetime.now(UTC)
    work = Path(tempfile.mkdtemp(prefix="newskg-bench-"))
    ctx = Context(profile=profile, work=work)
    results: dict[str, Any] = {
        "name": name,
        "profile": profile.name,
        "started": started.isoformat(timespec="seconds"),
        "machine": machine_info(),
        "versions": versions(),
        "profile_settings": {k: v for k, v in vars(profile).items()},
        "scale_method": None,
        "sections": {},
    }
    import importlib

    t_all = time.perf_counter()
    try:
        for sec_name in args.only or SECTIONS:
            module = importlib.import_module(f"bench.{sec_name}")
            section = Section(sec_name)
            t0 = time.perf_counter()
            load_before = os.getloadavg()
            print(f"[bench] {sec_name} ...", file=sys.stderr, flush=True)
            try:
                module.run(ctx, section)
            except Exception as exc:  # noqa: BLE001 - record and go on with the others
                section.skipped["section"] = f"failed: {exc!r}"
            section.seconds = time.perf_counter() - t0
            section.notes.append(
                f"load average (1/5/15 min) before {[round(x, 2) for x in load_before]} after {[round(x, 2) for x in os.getloadavg()]}; other work on this machine "
                "shares its cores")
            print(f"[bench] {sec_name} done in {section.seconds:.1f} s", file=sys.stderr, flush=True)
            results["sections"][sec_name] = section.to_json()
        if ctx._extractor is not None:
            results["versions"]["spacy_pipeline"] = versions(ctx.extractor.nlp.meta)["spacy_pipeline"]
        if ctx._nquads:
            from bench.scale import METHOD

            results["scale_method"] = METHOD
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["seconds"] = round(time.perf_counter() - t_all, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"{started:%Y-%m-%d}-{name}.json"
    out.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    print(_markdown(results))
    print(f"[bench] wrote {out} ({results['seconds']} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
