"""A folder served on 127.0.0.1 from a background thread: the one way the tests, the audit and the
benchmarks serve a built site."""

from __future__ import annotations

import contextlib
import functools
import http.server
import mimetypes
import threading
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files without a log line per request (keeps test and benchmark output readable)."""

    def log_message(self, *args) -> None:
        pass


class PagesHandler(QuietHandler):
    """Like GitHub Pages: a path with no file gets the site's own 404.html, with status 404."""

    def send_error(self, code, message=None, explain=None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _under_prefix(handler: type, prefix: str) -> type:
    """`handler` serving its folder at URL path `prefix` ("/name/"), as GitHub Pages serves a project
    site under /<repository>/; nothing is served outside it."""

    class Prefixed(handler):
        def send_head(self):
            if not urlsplit(self.path).path.startswith(prefix):
                self.send_error(HTTPStatus.NOT_FOUND)
                return None
            return super().send_head()

        def translate_path(self, path: str) -> str:
            return super().translate_path("/" + path[len(prefix) :] if path.startswith(prefix) else path)

    return Prefixed


@contextlib.contextmanager
def serve_directory(directory: Path, handler: type = QuietHandler, port: int = 0, prefix: str = "/") -> Iterator[str]:
    """Serve `directory` with `handler` on `port` (0: any free port) at URL path `prefix`; yield the
    base URL ("http://127.0.0.1:PORT" + prefix)."""
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ValueError(f"prefix must start and end with '/': {prefix!r}")
    mimetypes.add_type("application/javascript", ".js")  # some systems map .js to text/plain
    if prefix != "/":
        handler = _under_prefix(handler, prefix)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
