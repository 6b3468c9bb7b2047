"""The ``kg`` command line: a thin shell over the library, one command per job.

Errors from the library (``KGError``) become one line on stderr and the error's exit
code. Other areas add commands through ``COMMAND_MODULES``: each module has
``register(subparsers)`` adding parsers whose ``func(args, settings) -> int`` runs them.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from datetime import date
from pathlib import Path

from kg import __version__
from kg.articles import INPUT_FORMATS
from kg.config import Settings
from kg.errors import InputError, KGError

COMMAND_MODULES: tuple[str, ...] = ("kg.eval.cli", "kg.validate", "kg.bench.cli")

QUERY_FORMATS = ("table", "json", "csv", "tsv")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, help="store directory (default: $KG_STORE or ./data/store)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="Build and query a knowledge graph of news articles."
    )
    parser.add_argument("--version", action="version", version=f"newskg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="extract articles and store them (one graph per article)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for stdin")
    store_option(p)
    p.add_argument("--published", type=_date, help="publication date for articles without one")
    p.add_argument("--format", dest="input_format", choices=INPUT_FORMATS,
                   help="input format for stdin or files with an unusual extension")
    p.add_argument("--n-process", type=int, help="spaCy worker processes (default 1)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("-v", "--verbose", action="store_true", help="print a line per stored article")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("extract", help="print the RDF of one article without touching the store")
    p.add_argument("file", help="article file, or - for stdin")
    p.add_argument("-f", "--format", default="turtle", choices=("turtle", "trig", "jsonld", "nquads"))
    p.add_argument("--published", type=_date, help="publication date if the article has none")
    p.add_argument("--input-format", choices=INPUT_FORMATS)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("query", help="run a SPARQL query over all articles")
    p.add_argument("sparql", help="the query text, or @FILE to read it from a file")
    store_option(p)
    p.add_argument("-f", "--format", default="table", choices=QUERY_FORMATS)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("export", help="write the whole graph to a file")
    store_option(p)
    p.add_argument("-f", "--format", required=True,
                   choices=("turtle", "trig", "nquads", "ntriples", "jsonld", "graphml"))
    p.add_argument("-o", "--output", required=True, help="output file, or - for stdout")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("stats", help="count articles, triples, entities and events")
    store_option(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("delete", help="remove one article's graph (by id or URL)")
    p.add_argument("id", help="article id, article IRI or source URL")
    store_option(p)
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser("serve", help="serve SPARQL, the REST API and the web explorer")
    store_option(p)
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("doctor", aliases=["info"], help="show pipeline, versions and settings")
    store_option(p)
    p.set_defaults(func=cmd_doctor)

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings.from_env(store_path=getattr(args, "store", None))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = settings_from(args)
        return int(args.func(args, settings) or 0)
    except KGError as exc:
        print(f"kg {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted; articles already stored are intact", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


# --- commands --------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from kg.pipeline import ingest_paths

    if args.n_process:
        settings = settings.with_(n_process=args.n_process)
    report = ingest_paths(
        args.paths,
        settings,
        published=args.published,
        input_format=args.input_format,
        progress=not args.no_progress and not args.verbose and sys.stderr.isatty(),
        verbose=args.verbose,
    )
    for failure in report.failures:
        print(f"kg ingest: failed: {failure.origin}: {failure.message}", file=sys.stderr)
    print(report.summary())
    if report.stored == 0 and report.failures:
        return InputError.exit_code
    return 0 if not report.failures else 1


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from kg.articles import read_articles
    from kg.pipeline import Extractor

    articles = list(
        read_articles(args.file, published=args.published, input_format=args.input_format,
                      max_chars=settings.max_chars)
    )
    bad = [a for a in articles if isinstance(a, Exception)]
    if bad:
        raise bad[0]  # type: ignore[misc]
    if len(articles) != 1:
        raise InputError(f"{args.file}: expected one article, found {len(articles)}")
    extractor = Extractor.load(settings)
    quads = extractor.quads(extractor.extract_one(articles[0]))  # type: ignore[arg-type]
    from kg.export import serialize_quads

    sys.stdout.buffer.write(serialize_quads(quads, args.format))
    return 0


def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    from kg.query import format_results, run_query

    text = args.sparql
    if text.startswith("@"):
        try:
            text = Path(text[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read query file {text[1:]}: {exc}") from exc
    result = run_query(settings, text, args.format)
    sys.stdout.buffer.write(result if isinstance(result, bytes) else format_results(result, args.format))
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from kg.export import export_store

    n = export_store(settings, args.format, args.output)
    if args.output != "-":
        print(f"wrote {n:,} bytes of {args.format} to {args.output}", file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from kg.query import store_statistics

    stats = store_statistics(settings)
    if args.json:
        print(json.dumps(stats, indent=2))
    else:
        width = max(len(k) for k in stats)
        for key, value in stats.items():
            print(f"{key:<{width}}  {value:,}" if isinstance(value, int) else f"{key:<{width}}  {value}")
    return 0


def cmd_delete(args: argparse.Namespace, settings: Settings) -> int:
    from kg.pipeline import delete_article

    graph, n = delete_article(settings, args.id)
    print(f"deleted {graph} ({n:,} quads)")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from kg.serve import serve

    serve(settings, host=args.host, port=args.port)
    return 0


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from kg.nlp import describe_pipeline, load_pipeline, resolve_pipeline
    from kg.store import read_serve_info

    lines: list[tuple[str, str]] = [("newskg", __version__)]
    try:
        choice = resolve_pipeline(settings.spacy_model)
        lines.append(("spaCy pipeline", f"{choice.name_or_path} ({choice.origin})"))
        info = describe_pipeline(load_pipeline(settings.spacy_model))
        lines += [("pipeline meta", info["pipeline"]), ("spaCy", info["spacy"]),
                  ("components", info["components"])]
    except KGError as exc:
        lines.append(("spaCy pipeline", f"MISSING: {exc}"))
    import pyoxigraph

    lines.append(("pyoxigraph", pyoxigraph.__version__))
    lines.append(("store", str(settings.store_path.resolve())))
    served = read_serve_info(settings.store_path)
    lines.append(("store held by", f"kg serve at {served['url']}" if served else "nobody"))
    lines.append(("base IRI", settings.base_iri))
    lines.append(("shared data", f"{settings.shared_path.resolve()}"
                  + ("" if settings.shared_path.is_dir() else " (absent)")))
    lines.append(("max article chars", f"{settings.max_chars:,}"))
    lines.append(("query timeout", f"{settings.query_timeout:g} s, {settings.max_rows:,} rows max"))
    lines.append(("write token", "set" if settings.write_token else "unset (HTTP writes refused)"))
    width = max(len(k) for k, _ in lines)
    for key, value in lines:
        print(f"{key:<{width}}  {value}")
    return 0


__all__ = ["main", "build_parser"]

if __name__ == "__main__":
    sys.exit(main())
