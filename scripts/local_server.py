"""A folder served on 127.0.0.1 from a background thread: the one way the tests, the audit and the
benchmarks serve a built site."""

from __future__ import annotations

import contextlib
import functools
import http.server
import mimetypes
import threading
from collections.abc import Iterator
from pathlib import Path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files without a log line per request (keeps test and benchmark output readable)."""

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve_directory(directory: Path, handler: type = QuietHandler, port: int = 0) -> Iterator[str]:
    """Serve `directory` with `handler` on `port` (0: any free port); yield the base URL ("…/")."""
    mimetypes.add_type("application/javascript", ".js")  # some systems map .js to text/plain
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
