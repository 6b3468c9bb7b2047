"""``kg serve``: run the web service on one store, which it holds read-write.

While the server runs, ``<store>/serve.json`` says where it answers (``pid``, ``url``)
so that other ``kg`` commands can go through it instead of failing on the store lock;
the file is removed when the server stops (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import json
import os
import signal
import sys

from kg.config import Settings
from kg.errors import StoreError
from kg.store import SERVE_INFO


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(0)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``settings.store_path`` on http://host:port until interrupted.

    >>> # serve(Settings.from_env(), port=8000)
    """
    import uvicorn

    from api.app import create_app

    app = create_app(settings)  # opens the store read-write (StoreBusyError if held)
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{port}"
    info_file = settings.store_path / SERVE_INFO
    config = uvicorn.Config(app, host=host, port=port, log_level="info", lifespan="on")
    server = uvicorn.Server(config)
    info_file.write_text(json.dumps({"pid": os.getpid(), "url": url}))
    # uvicorn shuts down gracefully on SIGTERM and then re-raises the signal; with the
    # default handler that would end the process before the clean-up below.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        print(f"kg serve: {settings.store_path} on {url} (docs at {url}/docs)", file=sys.stderr)
        server.run()
        if not server.started:
            raise StoreError(f"could not listen on {host}:{port} (is the port in use?)")
    finally:
        signal.signal(signal.SIGTERM, previous)
        try:
            if json.loads(info_file.read_text()).get("pid") == os.getpid():
                info_file.unlink()
        except (OSError, ValueError):
            pass
