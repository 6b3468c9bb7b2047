"""``kg eval TASK --gold FILE [--json]``: each task module registers its own subcommand.

A task module exposes ``register(subparsers)`` adding a parser whose
``func(args, settings) -> int`` prints a table, or one JSON object with ``--json``.
"""

from __future__ import annotations

import argparse
import importlib

EVAL_MODULES: tuple[str, ...] = (
    "kg.eval.ner",
    "kg.eval.geo",
    "kg.eval.events",
    "kg.eval.cameo",
    "kg.eval.types",
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("eval", help="score extraction against gold data")
    tasks = parser.add_subparsers(dest="task", required=True, metavar="TASK")
    for name in EVAL_MODULES:
        importlib.import_module(name).register(tasks)
