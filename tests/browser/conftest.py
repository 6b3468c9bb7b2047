"""Fixtures for the web explorer's browser tests.

* ``server``: the real app (``api.app.create_app``) under uvicorn on a free loopback port,
  over a store built from ``seeds/`` by ``kg ingest`` plus the API tests' two hand-built
  articles (``tests/api/handmade.py``: events and coordinates at Kharkiv, so every view has
  something to show whatever the extractors find). Set ``KG_BROWSER_BASE_URL`` to test an
  already running server instead.
* ``browser_context``: Debian's Chromium (``/usr/bin/chromium``, or ``KG_CHROMIUM``) driven
  by Playwright with a fresh profile; the tests skip, saying why, when either is missing.
* ``page``: a new tab that records console errors, uncaught exceptions and requests to
  anywhere but the server; the test fails if there were any.
* ``shot``: saves screenshots under the test run's temp folder (also copied to
  ``KG_SCREENSHOT_DIR`` when that is set).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.liveserver import free_port, wait_healthy

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
HANDMADE_CODE = """
import sys
from pathlib import Path
from kg.config import Settings
from kg.rdf import IriMinter, extraction_to_quads
from kg.store import OxigraphStore
from tests.api.handmade import article_one, article_two
store = OxigraphStore(Path(sys.argv[1]))
minter = IriMinter(Settings().base_iri)
for extraction in (article_one(), article_two()):
    store.replace_article(minter.article(extraction.article.id), extraction_to_quads(extraction, minter))
store.close()
"""
SERVER_CODE = """
import sys
from pathlib import Path
import uvicorn
from kg.config import Settings
from api.app import create_app
settings = Settings.from_env(store_path=Path(sys.argv[1]))
uvicorn.run(create_app(settings), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a running explorer over the seeds graph."""
    external = os.environ.get("KG_BROWSER_BASE_URL")
    if external:
        yield external.rstrip("/")
        return
    store = tmp_path_factory.mktemp("browser") / "store"
    done = subprocess.run(
        [sys.executable, "-m", "kg", "ingest", str(REPO / "seeds"), "--store", str(store), "--no-progress"],
        cwd=REPO, env=_env(), capture_output=True, text=True,
    )
    assert done.returncode == 0, f"kg ingest seeds/ failed:\n{done.stderr}"
    done = subprocess.run([sys.executable, "-c", HANDMADE_CODE, str(store)],
                          cwd=REPO, env=_env(), capture_output=True, text=True)
    assert done.returncode == 0, f"adding the hand-built articles failed:\n{done.stderr}"
    port = free_port()
    log = (store.parent / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER_CODE, str(store), str(port)],
        cwd=REPO, env=_env(), stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        if wait_healthy(base, proc) is None:
            log.flush()
            if proc.poll() is not None:
                pytest.fail(f"server exited:\n{(store.parent / 'server.log').read_text()}")
            pytest.fail("server did not answer /healthz within a minute")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory):
    """A headless Chromium with a fresh profile, shared by the session's tests."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    chromium = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=chromium, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 800}, accept_downloads=True,
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture()
def page(browser_context, server):
    """A new tab; fails the test if the page logs a console error, throws, or asks for
    anything outside the server (the explorer must work offline: no CDN, no tiles)."""
    tab = browser_context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    origin = server.rstrip("/")

    def guard(route) -> None:
        url = route.request.url
        if url.startswith((origin + "/", "data:", "blob:")) or url == origin:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    tab.route("**/*", guard)
    tab.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(f"exception: {exc}"))
    tab.errors = errors
    yield tab
    tab.close()
    assert not outside, "the page fetched from outside the server:\n" + "\n".join(outside)
    assert not errors, "the page logged errors:\n" + "\n".join(errors)


@pytest.fixture(scope="session")
def shot(tmp_path_factory: pytest.TempPathFactory):
    """``shot(tab, name)`` saves a screenshot under the run's temp folder and returns its path."""
    folder = tmp_path_factory.mktemp("screenshots")
    extra = os.environ.get("KG_SCREENSHOT_DIR")

    def save(tab, name: str, full_page: bool = False) -> Path:
        path = folder / f"{name}.png"
        tab.screenshot(path=str(path), full_page=full_page)
        if extra:
            Path(extra).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(extra) / path.name)
        return path

    return save
