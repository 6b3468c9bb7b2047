"""Reading articles: formats, metadata, ids, page furniture, and bad input."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from kg.articles import ReadFailure, article_id, clean_text, read_articles
from kg.records import Article

BODY = (
    "Firefighters battled a blaze at a warehouse in Lyon on Tuesday.\n\n"
    "The fire service said nobody was hurt."
)


def _read(*paths: Path | str, **kw) -> list[Article | ReadFailure]:
    return list(read_articles([str(p) for p in paths], **kw))


def test_txt_header_lines_give_metadata(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(
        "Title: Warehouse fire in Lyon\nPublished: 2022-03-02\nSource: Rhone Wire\n"
        "URL: https://example-news.org/lyon-fire\n\n" + BODY,
        encoding="utf-8",
    )
    [art] = _read(f)
    assert isinstance(art, Article)
    assert art.title == "Warehouse fire in Lyon"
    assert art.published == date(2022, 3, 2)
    assert art.source == "Rhone Wire"
    assert art.url == "https://example-news.org/lyon-fire"
    assert art.text.startswith("Firefighters battled")
    assert art.full_text.startswith("Warehouse fire in Lyon\n\nFirefighters")


def test_txt_without_header_takes_first_line_as_title(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("\n\nWarehouse fire in Lyon\n" + BODY, encoding="utf-8")
    [art] = _read(f, published=date(2022, 3, 2))
    assert art.title == "Warehouse fire in Lyon"
    assert art.published == date(2022, 3, 2)  # --published fills a missing date
    assert art.url is None


def test_seed_page_furniture_is_stripped(shared_dir: Path) -> None:
    [art] = _read(shared_dir / "seeds" / "russia-ukraine-talks.txt")
    assert art.title == "Russia and Ukraine expect to resume talks despite continuing conflict"
    for furniture in (
        "Share:",
        "Join NewsTrack Whatsapp group",
        "Related News",
        "Indians advised to leave Kyiv",
        "blow up power substations",
    ):
        assert furniture not in art.text
    assert art.title not in art.text  # the repeated headline is gone
    assert art.text.rstrip().endswith("too early to talk about such a meeting.")


def test_clean_text_keeps_real_paragraphs() -> None:
    text = (
        "Share:\n\nA sentence here.\n\nRead more: other story\n\nLast line of the story."
        "\n\nRelated News\nSome headline\nAnother headline"
    )
    assert clean_text(text) == "A sentence here.\n\nLast line of the story."


def test_json_list_and_jsonl_with_a_malformed_line(tmp_path: Path) -> None:
    j = tmp_path / "two.json"
    j.write_text(
        json.dumps(
            [
                {"title": "One", "text": BODY, "url": "https://x.org/1", "published": "2022-03-01T10:00:00Z"},
                {"title": "Two", "text": BODY + " More.", "source": "Wire", "id": "two"},
            ]
        )
    )
    jl = tmp_path / "batch.jsonl"
    jl.write_text(
        json.dumps({"title": "Three", "text": BODY + " Again."}) + "\n"
        "{not json at all\n" + json.dumps({"title": "Four", "text": "Short body."}) + "\n"
    )
    items = _read(j, jl)
    arts = [i for i in items if isinstance(i, Article)]
    fails = [i for i in items if isinstance(i, ReadFailure)]
    assert [a.title for a in arts] == ["One", "Two", "Three", "Four"]
    assert arts[0].published == date(2022, 3, 1)
    assert arts[1].id == "two"
    assert len(fails) == 1 and "line 2" in fails[0].origin and "malformed JSON" in fails[0].message


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>Flood hits Porto | Atlantic Post</title>"
        '<meta property="og:title" content="Flood hits Porto">'
        '<meta property="article:published_time" content="2022-03-04T08:00:00Z">'
        '<meta property="og:site_name" content="Atlantic Post">'
        '<meta property="og:url" content="https://example-news.org/porto-flood">'
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<article><h1>Flood hits Porto</h1>"
        "<p>Heavy rain flooded the lower town of Porto on Thursday, the city council said.</p>"
        "<p>Emergency services evacuated 120 residents from houses along the Douro river overnight.</p>"
        "<p>Share:</p></article><footer>Join our Telegram channel</footer></body></html>",
        encoding="utf-8",
    )
    [art] = _read(page)
    assert isinstance(art, Article), art
    assert art.title == "Flood hits Porto"
    assert art.published == date(2022, 3, 4)
    assert art.url == "https://example-news.org/porto-flood"
    assert "evacuated 120 residents" in art.text
    assert "Home" not in art.text and "Telegram" not in art.text and "Share" not in art.text


def test_stdin_is_sniffed() -> None:
    raw = json.dumps({"title": "From stdin", "text": BODY}).encode()
    [art] = list(read_articles("-", stdin=io.BytesIO(raw)))
    assert isinstance(art, Article) and art.title == "From stdin" and art.origin == "<stdin>"


def test_ids_are_stable_and_url_first() -> None:
    a = article_id("https://x.org/a", "Title", "Body")
    assert a == article_id("https://x.org/a", "Other title", "Other body")
    assert article_id(None, "Title", "Body  text") == article_id(None, "title", "body text")
    assert article_id(None, "Title", "Body") != article_id(None, "Title", "Body 2")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"  \n\n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("latin1.txt", "Caf\u00e9 news in Z\u00fcrich".encode("latin-1"), "not valid UTF-8"),
        ("bad.json", b'{"title": "x", "text": ', "malformed JSON"),
        ("notes.docx", b"PK\x03\x04 some zip", "unknown extension '.docx'"),
        ("nums.json", b"[1]", "expected a JSON object"),
        ("notext.json", b'{"url": "https://x.org/n"}', "no 'text'"),
        ("baddate.txt", b"Title: T\nPublished: next Tuesday\n\nBody text.", "unreadable publication date"),
    ],
)
def test_bad_input_gives_a_clear_message(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    [item] = _read(f)
    assert isinstance(item, ReadFailure)
    assert name in item.origin
    assert expected in item.message


def test_huge_text_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:
        fh.write(b"Title: Huge\n\n")
        fh.write((b"word " * 1_000_000) * 10)  # 50 MB
    [item] = _read(f, max_chars=1_000_000)
    assert isinstance(item, ReadFailure)
    assert "more than the article limit of 1,000,000 characters" in item.message


def test_jsonl_file_bigger_than_one_article_is_read_article_by_article(tmp_path: Path) -> None:
    """A JSON Lines batch is many articles: the file may exceed the per-article limit,
    each article in it may not."""
    body = "Officials in the port city said the ferry service would resume on Monday. " * 60
    rows = [{"id": f"a{i}", "title": f"Ferry update {i}", "text": body} for i in range(40)]
    rows.append({"id": "too-long", "title": "Too long", "text": body * 3})
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert f.stat().st_size > 4 * 10_000 + 1024
    items = _read(f, max_chars=10_000)
    assert [i.id for i in items if isinstance(i, Article)] == [f"a{i}" for i in range(40)]
    [failure] = [i for i in items if isinstance(i, ReadFailure)]
    assert failure.origin.endswith("batch.jsonl line 41")
    assert "13,320 characters, more than the limit of 10,000" in failure.message


def test_missing_path_and_folder_recursion(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("A title\n" + BODY)
    (tmp_path / ".hidden.txt").write_text("Hidden\n" + BODY)
    items = _read(tmp_path, tmp_path / "nope.txt")
    assert [type(i).__name__ for i in items] == ["Article", "ReadFailure"]
    assert items[1].message == "no such file or folder"
