"""Regenerate the expected results of ontology/queries/*.rq over the seeds graph.

    PYTHONPATH=. python -m tests.regen_goldens            # write all, print what changed
    PYTHONPATH=. python -m tests.regen_goldens --check    # only report differences

Review every changed file against the seed texts before committing: a golden is a claim
that these rows are the right answer for seeds/, not a snapshot of whatever came out.
"""

from __future__ import annotations

import argparse
import sys

from kg.extract import Resources
from kg.nlp import load_pipeline
from kg.query_library import load_queries
from tests.seedgraph import build_seeds_store, query_rows, read_golden, write_golden


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.regen_goldens")
    parser.add_argument("--check", action="store_true", help="report differences, write nothing")
    parser.add_argument("names", nargs="*", help="only these queries (file names without .rq)")
    args = parser.parse_args(argv)
    store = build_seeds_store(load_pipeline(None), Resources.load())
    changed = 0
    for query in load_queries():
        if args.names and query.name not in args.names:
            continue
        data = query_rows(store, query)
        old = read_golden(query.name)
        if old == data:
            print(f"same     {query.name} ({len(data['rows'])} rows)")
            continue
        changed += 1
        before = "new" if old is None else f"{len(old['rows'])} rows before"
        print(f"CHANGED  {query.name} ({len(data['rows'])} rows; {before})")
        if not args.check:
            write_golden(data)
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
