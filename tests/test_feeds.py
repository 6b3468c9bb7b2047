"""RSS and Atom feeds as input: items become articles; unsafe or broken feeds are refused.

The feeds are written here (our own sentences); the CLI tests run the real `kg ingest`.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from kg.articles import ReadFailure, article_id, read_articles, sniff_format
from kg.records import Article
from tests.clitools import kg

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Harbour Wire</title>
  <link>https://harbour-wire.example/</link>
  <description>Ports and shipping</description>
  <item>
    <title>Ferry service resumes in Split</title>
    <link>https://harbour-wire.example/split-ferry</link>
    <guid isPermaLink="false">hw-2022-0412</guid>
    <pubDate>Tue, 12 Apr 2022 08:30:00 GMT</pubDate>
    <description>&lt;p&gt;Ferry operators in &lt;b&gt;Split&lt;/b&gt; restarted crossings to
      Hvar on Tuesday after a storm, the port authority said.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Dock strike ends in Rotterdam</title>
    <link>https://harbour-wire.example/rotterdam-strike</link>
    <pubDate>Wed, 13 Apr 2022 17:05:00 +0200</pubDate>
    <source url="https://port-daily.example/rss">Port Daily</source>
    <description>Short summary only.</description>
    <content:encoded><![CDATA[<p>Dock workers in Rotterdam ended a three-day strike on
      Wednesday after the union accepted a new pay offer.</p>
      <p>Container traffic is expected to return to normal by Friday, the port said.</p>]]>
    </content:encoded>
  </item>
  <item>
    <title>Placeholder with no text</title>
    <link>https://harbour-wire.example/empty</link>
    <description>   </description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley Courier</title>
  <id>tag:valley-courier.example,2022:feed</id>
  <updated>2022-05-04T09:00:00Z</updated>
  <entry>
    <title>River Sava floods villages near Slavonski Brod</title>
    <link rel="alternate" href="https://valley-courier.example/sava-flood"/>
    <link rel="enclosure" href="https://valley-courier.example/sava.jpg"/>
    <id>tag:valley-courier.example,2022:sava-flood</id>
    <published>2022-05-03T10:00:00Z</published>
    <updated>2022-05-04T08:00:00Z</updated>
    <content type="html">&lt;p&gt;The River Sava burst its banks near Slavonski Brod on
      Tuesday, forcing hundreds of residents to leave their homes.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Mayor of Osijek opens new bridge</title>
    <link href="https://valley-courier.example/osijek-bridge"/>
    <id>https://valley-courier.example/osijek-bridge</id>
    <updated>2022-05-02T12:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The mayor of
      <em>Osijek</em> opened a new bridge over the Drava on Monday.</p></div></content>
  </entry>
</feed>
"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY a "lol lol lol lol lol lol lol lol lol lol">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rss version="2.0"><channel><title>Bomb</title>
<item><title>Bomb</title><description>&d;</description></item></channel></rss>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><title>Leak</title><summary>&secret;</summary></entry></feed>
"""


def _read(*paths: Path | str, **kw) -> list[Article | ReadFailure]:
    return list(read_articles([str(p) for p in paths], **kw))


# --- reading (no pipeline) -------------------------------------------------------


def test_rss_items_become_articles_with_their_metadata(tmp_path: Path) -> None:
    (tmp_path / "wire.rss").write_text(RSS, encoding="utf-8")
    split, rotterdam, empty = _read(tmp_path / "wire.rss")
    assert isinstance(split, Article) and isinstance(rotterdam, Article)
    assert split.title == "Ferry service resumes in Split"
    assert split.url == "https://harbour-wire.example/split-ferry"
    assert split.published == date(2022, 4, 12)
    assert split.source == "Harbour Wire"  # the channel's title
    assert "<" not in split.text and split.text.startswith("Ferry operators in Split restarted")
    # the full content wins over the short description; the item's own <source> is the publisher
    assert rotterdam.text.startswith("Dock workers in Rotterdam ended a three-day strike")
    assert "Container traffic" in rotterdam.text and "Short summary" not in rotterdam.text
    assert rotterdam.source == "Port Daily"
    assert rotterdam.published == date(2022, 4, 13)
    assert isinstance(empty, ReadFailure)
    assert empty.origin.endswith("wire.rss item 3") and "no text" in empty.message


def test_atom_entries_become_articles(tmp_path: Path) -> None:
    (tmp_path / "courier.atom").write_text(ATOM, encoding="utf-8")
    sava, osijek = _read(tmp_path / "courier.atom")
    assert isinstance(sava, Article) and isinstance(osijek, Article)
    assert sava.url == "https://valley-courier.example/sava-flood"  # not the enclosure
    assert sava.published == date(2022, 5, 3)  # published, not updated
    assert sava.source == "Valley Courier"
    assert sava.text.startswith("The River Sava burst its banks")
    assert osijek.published == date(2022, 5, 2)  # only updated is given
    assert osijek.text == "The mayor of Osijek opened a new bridge over the Drava on Monday."


def test_feed_ids_are_stable_and_agree_with_other_copies_of_the_url(tmp_path: Path) -> None:
    (tmp_path / "wire.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "courier.xml").write_text(ATOM, encoding="utf-8")
    first = [a.id for a in _read(tmp_path) if isinstance(a, Article)]
    again = [a.id for a in _read(tmp_path) if isinstance(a, Article)]
    assert first == again and len(set(first)) == 4
    by_url = {a.url: a for a in _read(tmp_path) if isinstance(a, Article)}
    # a guid of its own gives the id; a guid that is only the link gives the URL's id
    assert by_url["https://harbour-wire.example/split-ferry"].id != article_id(
        "https://harbour-wire.example/split-ferry", "", "")
    osijek = "https://valley-courier.example/osijek-bridge"
    assert by_url[osijek].id == article_id(osijek, "", "")
    rotterdam = "https://harbour-wire.example/rotterdam-strike"
    assert by_url[rotterdam].id == article_id(rotterdam, "", "")


def test_rss_1_0_items_are_read(tmp_path: Path) -> None:
    (tmp_path / "old.rdf.xml").write_text(
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://old.example/"><title>Old Gazette</title></channel>'
        '<item rdf:about="https://old.example/1"><title>Council votes on budget</title>'
        "<link>https://old.example/1</link><dc:date>2022-06-01</dc:date>"
        "<description>The town council of Zadar approved its budget on Wednesday."
        "</description></item></rdf:RDF>", encoding="utf-8")
    [art] = _read(tmp_path / "old.rdf.xml")
    assert isinstance(art, Article)
    assert (art.title, art.url, art.published, art.source) == (
        "Council votes on budget", "https://old.example/1", date(2022, 6, 1), "Old Gazette")


@pytest.mark.parametrize("text,name", [(BOMB, "bomb.xml"), (XXE, "leak.atom")])
def test_doctype_and_entities_are_refused(tmp_path: Path, text: str, name: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    [failure] = _read(tmp_path / name)
    assert isinstance(failure, ReadFailure) and failure.origin.endswith(name)
    assert "DOCTYPE" in failure.message and "\n" not in failure.message


def test_malformed_feed_is_one_failure_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "cut.rss").write_text(RSS[: RSS.index("<item>", 300) + 40], encoding="utf-8")
    [failure] = _read(tmp_path / "cut.rss")
    assert isinstance(failure, ReadFailure) and failure.origin.endswith("cut.rss")
    assert failure.message.startswith("malformed feed XML at line")


def test_xml_that_is_not_a_feed_is_refused(tmp_path: Path) -> None:
    (tmp_path / "config.xml").write_text("<settings><a>1</a></settings>", encoding="utf-8")
    [failure] = _read(tmp_path / "config.xml")
    assert isinstance(failure, ReadFailure) and "not an RSS or Atom feed" in failure.message


def test_huge_feed_obeys_the_size_limit(tmp_path: Path) -> None:
    item = ("<item><title>Filler</title><description>" + "Quiet day at the port. " * 40
            + "</description></item>")
    (tmp_path / "huge.rss").write_text(
        f"<rss version='2.0'><channel><title>Big</title>{item * 60}</channel></rss>")
    assert (tmp_path / "huge.rss").stat().st_size > 4 * 10_000 + 1024
    [failure] = _read(tmp_path / "huge.rss", max_chars=10_000)
    assert isinstance(failure, ReadFailure) and "more than the article limit" in failure.message
    big_stdin = io.BytesIO((tmp_path / "huge.rss").read_bytes())
    [failure] = _read("-", stdin=big_stdin, max_chars=10_000)
    assert isinstance(failure, ReadFailure) and "more than the article limit" in failure.message


def test_feeds_are_recognised_on_stdin_but_xhtml_stays_html() -> None:
    assert sniff_format(RSS) == "feed" and sniff_format(ATOM) == "feed"
    assert sniff_format(BOMB) == "feed"  # and then refused for its DOCTYPE
    xhtml = ('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
             "<body><p>Hi</p></body></html>")
    assert sniff_format(xhtml) == "html"
    arts = list(read_articles("-", stdin=io.BytesIO(ATOM.encode())))
    assert [a.title for a in arts if isinstance(a, Article)] == [
        "River Sava floods villages near Slavonski Brod", "Mayor of Osijek opens new bridge"]


# --- the command line, with the real pipeline ---------------------------------------


def _count_articles(store: Path) -> int:
    proc = kg("stats", "--store", str(store), "--json")
    assert proc.returncode == 0, proc.stderr
    return int(json.loads(proc.stdout)["articles"])


@pytest.mark.slow
def test_kg_ingest_feeds_stores_each_good_item(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "wire.rss").write_text(RSS, encoding="utf-8")
    (feeds / "courier.atom").write_text(ATOM, encoding="utf-8")
    (feeds / "bomb.xml").write_text(BOMB, encoding="utf-8")
    (feeds / "leak.atom").write_text(XXE, encoding="utf-8")
    (feeds / "cut.rss").write_text(RSS[:700], encoding="utf-8")
    store = tmp_path / "store"
    proc = kg("ingest", str(feeds), "--store", str(store))
    assert proc.returncode == 1, proc.stderr  # some failed, the rest stored
    assert "ingested 4 article(s)" in proc.stdout and "4 failure(s)" in proc.stdout
    for needle in ("wire.rss item 3: no text", "bomb.xml: refused: the feed declares a DOCTYPE",
                   "leak.atom: refused", "cut.rss: malformed feed XML at line"):
        assert needle in proc.stderr, (needle, proc.stderr)
    assert "lol lol" not in proc.stderr and "root:" not in proc.stderr
    assert _count_articles(store) == 4
    rows = kg("query", "SELECT ?t ?pub ?d ?u WHERE { ?a a schema:NewsArticle ; dcterms:title ?t ; "
              "schema:publisher ?pub ; schema:datePublished ?d ; schema:url ?u } ORDER BY ?t",
              "--store", str(store), "-f", "csv").stdout.splitlines()[1:]
    assert rows == [
        "Dock strike ends in Rotterdam,Port Daily,2022-04-13,"
        "https://harbour-wire.example/rotterdam-strike",
        "Ferry service resumes in Split,Harbour Wire,2022-04-12,"
        "https://harbour-wire.example/split-ferry",
        "Mayor of Osijek opens new bridge,Valley Courier,2022-05-02,"
        "https://valley-courier.example/osijek-bridge",
        "River Sava floods villages near Slavonski Brod,Valley Courier,2022-05-03,"
        "https://valley-courier.example/sava-flood",
    ]
    places = kg("query", "SELECT DISTINCT ?l WHERE { ?p a schema:Place ; rdfs:label ?l }",
                "--store", str(store), "-f", "csv").stdout
    assert "Rotterdam" in places and "Hvar" in places  # extraction ran on the item text


@pytest.mark.slow
def test_kg_ingest_reads_a_feed_from_stdin(tmp_path: Path) -> None:
    store = tmp_path / "store"
    proc = kg("ingest", "-", "--store", str(store), input=ATOM)
    assert proc.returncode == 0, proc.stderr
    assert "ingested 2 article(s)" in proc.stdout
    assert _count_articles(store) == 2
