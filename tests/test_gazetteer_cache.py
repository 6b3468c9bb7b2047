"""The built gazetteer is cached on disk and rebuilt when the cache is unusable."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.link import Gazetteer, LinkContext

pytestmark = pytest.mark.slow


def test_cache_is_written_reused_and_repaired(tmp_path: Path) -> None:
    first = Gazetteer.load(cache_dir=tmp_path)
    [cache] = list(tmp_path.glob("gazetteer-*.pickle"))
    stamp = cache.stat().st_mtime_ns
    again = Gazetteer.load(cache_dir=tmp_path)
    assert cache.stat().st_mtime_ns == stamp  # read, not rebuilt
    for name in ("Kiev", "Kharkiv", "Gomel", "Sea of Azov"):
        a, b = first.link(name, LinkContext()), again.link(name, LinkContext())
        assert a is not None and b is not None and a.place == b.place
    cache.write_bytes(b"not a pickle")
    repaired = Gazetteer.load(cache_dir=tmp_path)
    link = repaired.link("Kiev", LinkContext())
    assert link is not None and link.place.name == "Kyiv"
    assert cache.read_bytes() != b"not a pickle"
