"""The row limit of /sparql holds for answers written by pyoxigraph's own serialisers.

SELECT answers in JSON, XML and TSV are written natively and their rows counted from
the bytes; these tests pin that the count is right where literals look like markup,
where rows are empty, and where the answer is one row over the limit.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.results import RowCountingSink

LIMIT = 6
# literals that look like row marks of one format or another
TRICKY = ['{}', '},{"x":1}', '<result>', 'line one\nline two', 'tab\there', ',{}', '[{"']
MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "tsv": "text/tab-separated-values",
    "csv": "text/csv",
}


def _values_query(n: int, *, empty: bool = False) -> str:
    if empty:  # rows with no bound variable at all
        return "SELECT ?x WHERE { VALUES ?x { " + " UNDEF" * n + " } }"
    lits = [json.dumps(TRICKY[i % len(TRICKY)] + f" #{i}") for i in range(n)]
    return "SELECT ?x WHERE { VALUES ?x { " + " ".join(lits) + " } }"


def _rows(fmt: str, body: bytes) -> list[str | None]:
    """The values of ?x in an answer, parsed as a client would."""
    text = body.decode("utf-8")
    if fmt == "json":
        return [b.get("x", {}).get("value") for b in json.loads(text)["results"]["bindings"]]
    if fmt == "xml":
        ns = "{http://www.w3.org/2005/sparql-results#}"
        out: list[str | None] = []
        for result in ET.fromstring(text).iter(f"{ns}result"):
            lit = result.find(f"{ns}binding/{ns}literal")
            out.append(None if lit is None else lit.text)
        return out
    if fmt == "csv":
        return [r[0] or None for r in list(csv.reader(io.StringIO(text)))[1:]]
    lines = text.split("\n")[1:-1]  # header, rows, final newline
    return [json.loads(line) if line else None for line in lines]


@pytest.fixture(scope="module")
def limited(built_store, tmp_path_factory):
    """An app with a row limit of LIMIT over a copy of the built store (worker processes)."""
    import shutil

    from api.app import create_app
    from tests.api.conftest import settings_for

    path = tmp_path_factory.mktemp("rows") / "store"
    shutil.copytree(built_store, path)
    with TestClient(create_app(settings_for(path, max_rows=LIMIT))) as c:
        yield c


@pytest.mark.parametrize("fmt", sorted(MEDIA))
def test_answer_at_the_limit_is_whole_and_markup_lookalikes_survive(limited, fmt):
    r = limited.get("/sparql", params={"query": _values_query(LIMIT)},
                    headers={"Accept": MEDIA[fmt]})
    assert r.status_code == 200
    assert "x-kg-truncated" not in r.headers
    expected = [TRICKY[i % len(TRICKY)] + f" #{i}" for i in range(LIMIT)]
    assert sorted(_rows(fmt, r.content)) == sorted(expected)


@pytest.mark.parametrize("fmt", sorted(MEDIA))
def test_one_row_over_the_limit_is_cut_and_says_so(limited, fmt):
    r = limited.get("/sparql", params={"query": _values_query(LIMIT + 1)},
                    headers={"Accept": MEDIA[fmt]})
    assert r.status_code == 200
    assert r.headers["x-kg-truncated"] == "true"
    assert len(_rows(fmt, r.content)) == LIMIT


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_empty_rows_count_as_rows(limited, fmt):
    at = limited.get("/sparql", params={"query": _values_query(LIMIT, empty=True)},
                     headers={"Accept": MEDIA[fmt]})
    assert "x-kg-truncated" not in at.headers
    assert _rows(fmt, at.content) == [None] * LIMIT
    over = limited.get("/sparql", params={"query": _values_query(LIMIT + 3, empty=True)},
                       headers={"Accept": MEDIA[fmt]})
    assert over.headers["x-kg-truncated"] == "true"
    assert _rows(fmt, over.content) == [None] * LIMIT


@pytest.mark.parametrize("fmt,native", [("json", ox.QueryResultsFormat.JSON),
                                        ("xml", ox.QueryResultsFormat.XML),
                                        ("tsv", ox.QueryResultsFormat.TSV)])
def test_rows_are_counted_across_chunk_boundaries(fmt, native):
    store = ox.Store()
    n = 40
    body = store.query(_values_query(n)).serialize(format=native)
    assert body is not None
    for size in (1, 2, 3, 7, len(body)):
        sink = RowCountingSink(fmt, max_rows=2 * n)
        for i in range(0, len(body), size):
            sink.write(body[i:i + size])
        assert sink.rows == n, size
        assert sink.body() == body
    # a literal "{}" could be an empty JSON row: at the limit the count is then unsure
    at_limit = RowCountingSink(fmt, max_rows=n)
    at_limit.write(body)
    assert (at_limit.body() is None) == (fmt == "json")
