"""The event ids a POST /articles answer lists are the events stored: a headline and its
lead told as one node (in-article coreference), and a report linked to the event another
article told (same event across articles), each resolve with GET /events/{id}."""

from __future__ import annotations

import pytest

from tests.api.test_api_writes import AUTH, app_client  # noqa: F401 - fixture

pytestmark = pytest.mark.slow

REPORTS = [  # Tuesday 5 April, then the week around it: the second takes the first's event
    ("2022-04-06", "Strikes on Kharkiv",
     "Russian airstrikes hit the centre of Kharkiv on Tuesday, officials said."),
    ("2022-04-12", "A week of strikes",
     "Russian missiles struck Kharkiv last week, the governor said."),
]


def test_every_posted_event_id_resolves(app_client):  # noqa: F811 - fixture
    posted: list[list[str]] = []
    for i, (published, title, text) in enumerate(REPORTS):
        r = app_client.post("/articles", headers=AUTH, json={
            "title": title, "text": text, "published": published,
            "url": f"https://example.test/strikes-{i}"})
        assert r.status_code == 201, r.text
        ids = [ev["id"] for ev in r.json()["events"]]
        assert ids
        for event_id in ids:
            got = app_client.get(f"/events/{event_id}")
            assert got.status_code == 200, (title, event_id, got.text)
        posted.append(ids)
    # the week's strike is the Tuesday strike: one id in both answers
    assert set(posted[0]) & set(posted[1])
