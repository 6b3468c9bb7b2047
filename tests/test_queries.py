"""Every example query in ontology/queries/ runs on the seeds graph and returns its golden rows.

Goldens live in tests/golden/queries/<name>.json. After a deliberate change to extraction
or to a query, regenerate with ``PYTHONPATH=. python -m tests.regen_goldens`` and review
each changed file against the seed texts before committing it.
"""

from __future__ import annotations

import json
import re

import pytest
from seedgraph import UNREVIEWED, query_rows, read_golden

from kg.query_library import NamedQuery, load_queries

QUERIES = load_queries()
REGEN = "PYTHONPATH=. python -m tests.regen_goldens"


def test_at_least_twelve_documented_queries() -> None:
    assert len(QUERIES) >= 12
    for q in QUERIES:
        assert q.title and q.description and q.parameters and q.returns, q.name
        assert re.fullmatch(r"[a-z0-9-]+", q.name), q.name


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_query_has_deterministic_order(query: NamedQuery) -> None:
    assert "ORDER BY" in query.sparql, f"{query.name}: no ORDER BY, rows would come in any order"


@pytest.mark.slow
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_query_returns_its_golden_rows(query: NamedQuery, seeds_store) -> None:
    got = query_rows(seeds_store, query)
    assert got["vars"] == query.returns.replace("?", "").split(), "header 'returns' is stale"
    golden = read_golden(query.name)
    assert golden is not None, f"no golden for {query.name}: run {REGEN} and review it"
    assert got["vars"] == golden["vars"]
    review = golden.get("review", UNREVIEWED)
    assert not review.startswith("UNREVIEWED"), f"{query.name}: golden not reviewed against seeds/"
    key = json.dumps  # rows compared as a multiset: ties in ORDER BY may fall either way
    if sorted(got["rows"], key=key) != sorted(golden["rows"], key=key):
        missing = [r for r in golden["rows"] if r not in got["rows"]]
        extra = [r for r in got["rows"] if r not in golden["rows"]]
        lines = [f"{query.name}: rows differ from its golden (regenerate with {REGEN}, then review)"]
        lines += [f"  missing {r}" for r in missing[:15]]
        lines += [f"  extra   {r}" for r in extra[:15]]
        if not missing and not extra:
            lines.append("  same rows, repeated a different number of times")
        pytest.fail("\n".join(lines))


def test_attack_query_lists_every_attack_type() -> None:
    """who-attacked-whom names et:attack and all its narrower types from event-types.ttl."""
    from pathlib import Path

    import rdflib

    path = Path(__file__).resolve().parents[1] / "ontology" / "event-types.ttl"
    g = rdflib.Graph().parse(path, format="turtle")
    expected = {
        str(row[0]).rsplit("/", 1)[-1]
        for row in g.query(
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            "SELECT ?c WHERE { ?c skos:broader* <https://newskg.org/event-type/attack> }"
        )
    }
    query = next(q for q in QUERIES if q.name == "who-attacked-whom").sparql
    values = re.search(r"VALUES \?type \{([^}]*)\}", query)
    assert values is not None
    assert set(re.findall(r"et:([\w-]+)", values.group(1))) == expected
