"""Read RSS 2.0, RSS 1.0 (RDF) and Atom feeds: every ``<item>`` / ``<entry>`` is an article.

Fields: title; link (Atom: the ``alternate`` link) as url; ``pubDate`` / ``published`` /
``dc:date`` / ``updated`` as the publication date; ``content:encoded`` / ``content`` /
``description`` / ``summary`` as the body, with HTML reduced to text by the same
extractor as ``.html`` files; the item's ``<source>`` or else the feed's title as
publisher; the id from ``guid`` / ``id`` (a guid that is just the link gives the same
id as any other copy of that URL).

Parsing is safe: a document with a DOCTYPE (and so any entity definition, internal or
external) is refused before anything is expanded. A malformed feed is one failure
naming the file; a bad item is one failure naming the item, and the rest are read.

>>> feed = ('<rss version="2.0"><channel><title>Wire</title><item><title>Hi</title>'
...         '<link>https://x.org/1</link><description>Troops &lt;b&gt;left&lt;/b&gt; Kyiv.'
...         '</description></item></channel></rss>')
>>> [(a.title, a.text, a.url, a.source) for a in read_feed(feed, "f.rss")]
[('Hi', 'Troops left Kyiv.', 'https://x.org/1', 'Wire')]
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from typing import Any

import defusedxml
import defusedxml.ElementTree as SafeET

from kg.articles import Article, ReadFailure, guard, html_text, make_article
from kg.errors import InputError

_ITEMS = ("item", "entry")
_BODY_FIELDS = ("encoded", "content", "description", "summary")  # fullest first
_DATE_FIELDS = ("pubDate", "published", "date", "updated")
_TAG = re.compile(r"<[A-Za-z/!][^>]*>")
# Root element of a feed, after an optional XML declaration, comments and DOCTYPE.
_FEED_ROOT = re.compile(
    r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>\s*)*"
    r"<(?:[\w.-]+:)?(rss|feed|RDF)[\s>]", re.DOTALL)


def looks_like_feed(content: str) -> bool:
    """True when the document's root element is ``rss``, Atom ``feed`` or ``rdf:RDF``.

    >>> looks_like_feed('<?xml version="1.0"?>\\n<feed xmlns="http://www.w3.org/2005/Atom">')
    True
    >>> looks_like_feed("<!doctype html><html>")
    False
    """
    return _FEED_ROOT.match(content[:65536]) is not None


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(elem: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in elem if _local(c.tag) == name), None)


def _text(elem: ET.Element | None) -> str:
    return "".join(elem.itertext()).strip() if elem is not None else ""


def _parse(content: str, origin: str) -> ET.Element:
    try:
        return SafeET.fromstring(content, forbid_dtd=True)
    except defusedxml.DTDForbidden:
        raise InputError(f"{origin}: refused: the feed declares a DOCTYPE (DTDs and entities "
                         "are never expanded)") from None
    except defusedxml.DefusedXmlException as exc:
        raise InputError(f"{origin}: refused: unsafe XML ({type(exc).__name__})") from None
    except ET.ParseError as exc:
        line, col = exc.position
        raise InputError(f"{origin}: malformed feed XML at line {line}, column {col}") from None


def read_feed(content: str, origin: str, **kw: Any) -> Iterator[Article | ReadFailure]:
    """Yield an Article or a ReadFailure for every item of the feed in ``content``."""
    try:
        root = _parse(content, origin)
        if _local(root.tag) not in ("rss", "feed", "RDF"):
            raise InputError(f"{origin}: not an RSS or Atom feed (root element "
                             f"<{_local(root.tag)}>)")
    except InputError as exc:
        yield ReadFailure(origin, str(exc).removeprefix(f"{origin}: "))
        return
    channel = _child(root, "channel")
    feed_title = _text(_child(channel if channel is not None else root, "title"))
    items = [e for e in root.iter() if _local(e.tag) in _ITEMS]
    if not items:
        yield ReadFailure(origin, "the feed has no <item> or <entry>")
        return
    for n, item in enumerate(items, start=1):
        where = f"{origin} item {n}"
        yield guard(lambda i=item, w=where: _article(i, w, feed_title, **kw), where)


def _article(item: ET.Element, origin: str, feed_title: str, **kw: Any) -> Article:
    title = _text(_child(item, "title"))
    link = _link(item)
    body = next((b for b in (_body(item, name) for name in _BODY_FIELDS) if b), "")
    if not body:
        raise InputError(f"{origin}: no text (the item has no description, content or summary)")
    guid = _text(_child(item, "guid")) or _text(_child(item, "id"))
    source = _child(item, "source")
    publisher = (_text(_child(source, "title")) or _text(source)) if source is not None else ""
    return make_article(
        title=title or None,
        text=body,
        origin=origin,
        url=link or None,
        published=_date(item, origin),
        source=publisher or feed_title or None,
        given_id=guid if guid and guid != link else None,
        **kw,
    )


def _link(item: ET.Element) -> str:
    for link in (c for c in item if _local(c.tag) == "link"):
        if link.get("href"):  # Atom: the alternate (or unlabelled) link is the article
            if link.get("rel", "alternate") == "alternate":
                return link.get("href", "").strip()
        elif _text(link):
            return _text(link)
    return ""


def _body(item: ET.Element, name: str) -> str:
    elem = _child(item, name)
    if elem is None:
        return ""
    if elem.get("type") == "xhtml":  # Atom inline XHTML: markup as elements, not text
        for e in elem.iter():
            e.tag = _local(e.tag)  # plain HTML tag names, no namespace prefixes
        return html_text("".join(ET.tostring(c, encoding="unicode") for c in elem))
    raw = "".join(elem.itertext()).strip()
    if _TAG.search(raw) or elem.get("type") == "html":
        return html_text(raw)
    return raw


def _date(item: ET.Element, origin: str) -> str | None:
    for name in _DATE_FIELDS:
        value = _text(_child(item, name))
        if not value:
            continue
        if name == "pubDate":  # RFC 822: "Tue, 01 Mar 2022 10:00:00 GMT"
            try:
                return parsedate_to_datetime(value).date().isoformat()
            except (TypeError, ValueError):
                raise InputError(f"{origin}: unreadable pubDate {value!r}") from None
        return value  # ISO 8601 (Atom, dc:date); make_article checks it
    return None


__all__ = ["looks_like_feed", "read_feed"]
