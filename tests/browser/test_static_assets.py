"""The explorer's static files: everything it loads is served by us, with its licence."""

from __future__ import annotations

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "api" / "static"


def _referenced_paths() -> set[str]:
    """Every /static/... path named by the page shell and the app modules."""
    texts = [(STATIC / "index.html").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in (STATIC / "app").glob("*.js")]
    return {m for text in texts for m in re.findall(r"/static/[\w./-]+\.(?:js|css|geojson)", text)}


def test_the_page_loads_nothing_from_other_hosts():
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)=["']https?://""", html)
    remote = re.compile(r"""(?:loadScript|loadCss)\(["'`]https?:|import .* from ["']https?:""")
    for module in (STATIC / "app").glob("*.js"):
        assert not remote.search(module.read_text(encoding="utf-8")), module


def test_every_referenced_asset_exists():
    paths = _referenced_paths()
    assert "/static/vendor/cytoscape/cytoscape.min.js" in paths
    missing = [p for p in paths if not (STATIC / p.removeprefix("/static/")).is_file()]
    assert not missing, f"referenced but absent: {missing}"


def test_vendored_libraries_carry_their_licences_and_stay_small():
    vendor = STATIC / "vendor"
    for folder in (p for p in vendor.iterdir() if p.is_dir()):
        assert list(folder.glob("LICENSE*")), f"{folder.name} has no licence file"
    size = sum(p.stat().st_size for p in vendor.rglob("*") if p.is_file())
    assert size < 4_000_000, f"vendored files take {size} bytes"


def test_entity_page_is_the_explorer_shell():
    assert (STATIC / "entity.html").read_bytes() == (STATIC / "index.html").read_bytes()
