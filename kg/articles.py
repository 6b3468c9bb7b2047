"""Read news articles from files, folders and stdin into :class:`~kg.records.Article`.

Formats: ``.txt`` (optional ``Key: value`` header lines, then the first non-empty line
is the title), ``.json`` (an object or a list of objects), ``.jsonl`` (one object a
line), ``.html``/``.htm`` (main text and metadata by trafilatura), ``.rss``/``.atom``/
``.xml`` (RSS or Atom feeds, one article an item: see :mod:`kg.feeds`). JSON fields:
``title``, ``text`` (or ``body``), ``url``, ``published``, ``source``, ``id``.

Reading never raises for one bad source: :func:`read_articles` yields a
:class:`ReadFailure` naming the file (and line) and the problem, and goes on.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.records import Article

EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
INPUT_FORMATS = ("txt", "json", "jsonl", "html", "feed")  # the --format choices
HEADER_KEYS = {"title", "published", "date", "source", "url", "id", "publisher"}
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ")", ":", ";")


@dataclass(frozen=True)
class ReadFailure:
    """One source (or one JSONL line) that could not be read as an article."""

    origin: str
    message: str


@dataclass(frozen=True)
class Boilerplate:
    line_patterns: tuple[re.Pattern[str], ...]
    trailing_headline_max_chars: int


@cache
def load_boilerplate() -> Boilerplate:
    """Page-furniture rules from ``kg/data/boilerplate.json`` (read once, immutable)."""
    raw = json.loads(importlib_resources.files("kg").joinpath("data/boilerplate.json").read_text("utf-8"))
    patterns = tuple(re.compile(rf"^(?:{p})$", re.IGNORECASE) for p in raw["line_patterns"])
    return Boilerplate(patterns, int(raw["trailing_headline_max_chars"]))


def article_id(url: str | None, title: str, text: str) -> str:
    """Stable id: a hash of the URL if there is one, else of normalised title + text.

    >>> article_id("https://x.org/a", "T", "b") == article_id("https://x.org/a", "U", "c")
    True
    >>> article_id(None, "T", "Body  text") == article_id(None, "t", "body text")
    True
    """
    if url:
        basis = "url:" + url.strip()
    else:
        norm = " ".join(f"{title}\n{text}".split()).casefold()
        basis = "text:" + unicodedata.normalize("NFC", norm)
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def parse_date(value: Any, origin: str) -> date | None:
    """Accept YYYY-MM-DD or an ISO datetime (the date part is kept)."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise InputError(f"{origin}: unreadable publication date {text!r} (use YYYY-MM-DD)") from None


def clean_text(text: str, title: str = "") -> str:
    """Normalise whitespace and strip page furniture, keeping paragraph breaks."""
    rules = load_boilerplate()
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    title_key = " ".join(title.split()).casefold()
    kept: list[str] = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line and (
            any(p.match(line) for p in rules.line_patterns) or (title_key and line.casefold() == title_key)
        ):
            continue
        kept.append(line)
    while kept and (not kept[-1] or _headline_like(kept[-1], rules)):
        kept.pop()
    paragraphs = "\n".join(kept).split("\n\n")
    return "\n\n".join(p.strip("\n") for p in paragraphs if p.strip())


def _headline_like(line: str, rules: Boilerplate) -> bool:
    return len(line) <= rules.trailing_headline_max_chars and not line.endswith(_SENTENCE_END)


def make_article(
    *,
    title: str | None,
    text: str | None,
    origin: str,
    url: str | None = None,
    published: Any = None,
    source: str | None = None,
    given_id: str | None = None,
    default_published: date | None = None,
    max_chars: int = 1_000_000,
) -> Article:
    """Validate fields and build an Article (raises InputError naming the problem)."""
    if text is not None and not isinstance(text, str):
        raise InputError(f"{origin}: field 'text' must be a string")
    if title is not None and not isinstance(title, str):
        raise InputError(f"{origin}: field 'title' must be a string")
    title = " ".join((title or "").split())
    raw_text = text or ""
    if len(raw_text) > max_chars:
        raise InputError(
            f"{origin}: article text has {len(raw_text):,} characters, more than the limit "
            f"of {max_chars:,} (raise KG_MAX_CHARS to accept it)"
        )
    body = clean_text(raw_text, title)
    if not body.strip() and not title:
        raise InputError(f"{origin}: no article text (empty after removing page furniture)")
    if not title:
        first, _, rest = body.partition("\n")
        title, body = first.strip(), clean_text(rest, first.strip())
    url = url.strip() if isinstance(url, str) and url.strip() else None
    pub = parse_date(published, origin) or default_published
    art_id = given_id if given_id and _SAFE_ID.match(str(given_id)) else None
    if given_id and art_id is None:
        art_id = hashlib.sha1(f"id:{given_id}".encode()).hexdigest()[:16]
    return Article(
        id=art_id or article_id(url, title, body),
        title=title,
        text=body,
        url=url,
        published=pub,
        source=source.strip() if isinstance(source, str) and source.strip() else None,
        origin=origin,
    )


def decode(data: bytes, origin: str, max_chars: int) -> str:
    """Bytes to text: refuse empty, binary, oversized and non-UTF-8 input clearly."""
    if not data.strip():
        raise InputError(f"{origin}: empty file")
    if b"\x00" in data[:65536]:
        raise InputError(f"{origin}: binary data (NUL bytes), not a text article")
    if len(data) > 4 * max_chars + 1024:
        raise InputError(
            f"{origin}: {len(data):,} bytes is more than the article limit of "
            f"{max_chars:,} characters (raise KG_MAX_CHARS to accept it)"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{origin}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it to UTF-8 first"
        ) from None


def parse_txt(content: str, origin: str, **kw: Any) -> Article:
    lines = content.replace("\r\n", "\n").split("\n")
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines):
        m = re.match(r"^([A-Za-z][A-Za-z ]{0,20}):\s*(.+)$", lines[i].strip())
        if not m or m.group(1).strip().lower() not in HEADER_KEYS:
            break
        meta[m.group(1).strip().lower()] = m.group(2).strip()
        i += 1
    body = "\n".join(lines[i:])
    return make_article(
        title=meta.get("title"),
        text=body,
        origin=origin,
        url=meta.get("url"),
        published=meta.get("published") or meta.get("date"),
        source=meta.get("source") or meta.get("publisher"),
        given_id=meta.get("id"),
        **kw,
    )


def article_from_json(obj: Any, origin: str, **kw: Any) -> Article:
    if not isinstance(obj, dict):
        raise InputError(
            f"{origin}: expected a JSON object with 'title' and 'text', got {type(obj).__name__}"
        )
    text = obj.get("text", obj.get("body"))
    if not text and not obj.get("title"):
        raise InputError(f"{origin}: JSON object has no 'text' (or 'body') and no 'title'")
    return make_article(
        title=obj.get("title"),
        text=text,
        origin=origin,
        url=obj.get("url"),
        published=obj.get("published") or obj.get("date"),
        source=obj.get("source") or obj.get("publisher"),
        given_id=str(obj["id"]) if obj.get("id") not in (None, "") else None,
        **kw,
    )


def parse_json(content: str, origin: str, **kw: Any) -> Iterator[Article | ReadFailure]:
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        yield ReadFailure(origin, f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        return
    items = data if isinstance(data, list) else [data]
    for n, obj in enumerate(items):
        where = f"{origin}[{n}]" if isinstance(data, list) else origin
        yield guard(lambda o=obj, w=where: article_from_json(o, w, **kw), where)


def parse_jsonl(content: str, origin: str, **kw: Any) -> Iterator[Article | ReadFailure]:
    for lineno, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin} line {lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadFailure(where, f"malformed JSON (column {exc.colno}): {exc.msg}")
            continue
        yield guard(lambda o=obj, w=where: article_from_json(o, w, **kw), where)


def _main_text(content: str) -> dict[str, Any] | None:
    """trafilatura's main text and metadata of an HTML page (None when it finds none)."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        content,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    doc = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else doc
    return doc if doc and (doc.get("text") or "").strip() else None


def html_text(markup: str) -> str:
    """Text of an HTML fragment (a feed item's body): the main text as for ``.html`` files,
    or, for a fragment too short for main-text extraction, all of its text."""
    doc = _main_text(markup)
    if doc is not None:
        return str(doc["text"])
    import trafilatura

    return " ".join(str(trafilatura.html2txt(f"<html><body>{markup}</body></html>") or "").split())


def parse_html(content: str, origin: str, **kw: Any) -> Article:
    doc = _main_text(content)
    if doc is None:
        raise InputError(f"{origin}: no article text found in the HTML")
    return make_article(
        title=doc.get("title"),
        text=doc.get("text"),
        origin=origin,
        url=doc.get("url"),
        published=doc.get("date"),
        source=doc.get("sitename"),
        **kw,
    )


def sniff_format(content: str) -> str:
    from kg.feeds import looks_like_feed

    if looks_like_feed(content):
        return "feed"
    head = content.lstrip()[:512].lower()
    if head.startswith(("<!doctype", "<html", "<")):
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        first_line = content.lstrip().split("\n", 1)[0].strip()
        return "jsonl" if first_line.endswith("}") and content.strip().count("\n") else "json"
    return "txt"


def guard(make: Any, origin: str) -> Article | ReadFailure:
    """``make()``, or its InputError as a ReadFailure of ``origin``."""
    try:
        return make()
    except InputError as exc:
        return ReadFailure(origin, str(exc).removeprefix(f"{origin}: "))


def parse_content(content: str, fmt: str, origin: str, **kw: Any) -> Iterator[Article | ReadFailure]:
    if fmt == "json":
        yield from parse_json(content, origin, **kw)
    elif fmt == "jsonl":
        yield from parse_jsonl(content, origin, **kw)
    elif fmt == "html":
        yield guard(lambda: parse_html(content, origin, **kw), origin)
    elif fmt == "feed":
        from kg.feeds import read_feed

        yield from read_feed(content, origin, **kw)
    else:
        yield guard(lambda: parse_txt(content, origin, **kw), origin)


def iter_files(path: Path) -> Iterator[Path]:
    """Files under ``path`` in a stable order, skipping hidden files and folders."""
    if path.is_file():
        yield path
        return
    for child in sorted(path.rglob("*")):
        rel = child.relative_to(path)
        if child.is_file() and not any(part.startswith(".") for part in rel.parts):
            yield child


def read_articles(
    sources: str | Iterable[str],
    *,
    published: date | None = None,
    input_format: str | None = None,
    max_chars: int = 1_000_000,
    stdin: Any = None,
) -> Iterator[Article | ReadFailure]:
    """Yield an Article or a ReadFailure for every article in ``sources``.

    ``sources`` are paths (files or folders, recursive) or ``-`` for standard input.
    ``published`` is the date for articles whose source gives none.
    """
    kw = {"default_published": published, "max_chars": max_chars}
    for source in [sources] if isinstance(sources, str) else sources:
        if source == "-":
            raw = (stdin or sys.stdin.buffer).read()
            yield from _read_bytes(raw, "<stdin>", input_format, kw)
            continue
        root = Path(source)
        if not root.exists():
            yield ReadFailure(source, "no such file or folder")
            continue
        for file in iter_files(root):
            fmt = input_format or EXTENSIONS.get(file.suffix.lower())
            if fmt is None:
                yield ReadFailure(
                    str(file),
                    f"unknown extension {file.suffix or '(none)'!r}; expected one of "
                    f"{', '.join(sorted(EXTENSIONS))} (or pass --format)",
                )
                continue
            try:
                size = file.stat().st_size
                limit = file_char_limit(fmt, max_chars)
                if size > 4 * limit + 1024:
                    what = "article limit" if limit == max_chars else f"limit for a {fmt} file"
                    raise InputError(
                        f"{file}: {size:,} bytes is more than the {what} of {limit:,} "
                        "characters (raise KG_MAX_CHARS to accept it)"
                    )
                raw = file.read_bytes()
            except InputError as exc:
                yield ReadFailure(str(file), str(exc).removeprefix(f"{file}: "))
                continue
            except OSError as exc:
                yield ReadFailure(str(file), f"cannot read: {exc.strerror or exc}")
                continue
            yield from _read_bytes(raw, str(file), fmt, kw)


def file_char_limit(fmt: str | None, max_chars: int) -> int:
    """How many characters one input may hold: a JSON or JSON Lines file carries many
    articles, so it gets the per-article limit a thousand times (each article in it is
    still held to ``max_chars``); any other input, feeds included, gets ``max_chars``."""
    return max_chars * 1000 if fmt in ("jsonl", "json") else max_chars


def _read_bytes(
    raw: bytes, origin: str, fmt: str | None, kw: dict[str, Any]
) -> Iterator[Article | ReadFailure]:
    try:
        content = decode(raw, origin, file_char_limit(fmt, kw["max_chars"]))
    except InputError as exc:
        yield ReadFailure(origin, str(exc).removeprefix(f"{origin}: "))
        return
    yield from parse_content(content, fmt or sniff_format(content), origin, **kw)
