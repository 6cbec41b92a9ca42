"""Helpers shared by the reader-experience browser tests (tests/test_reader_*.py)."""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import http.server
import threading
import time
from pathlib import Path

# Types a server compresses; images such as the SVG favicon are small, fonts are not shipped.
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")


def site_pages(site: Path) -> list[str]:
    """URL path of every HTML page in the built site, relative to its root ("" is the home page)."""
    pages = []
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        pages.append(relative.removesuffix("index.html") if html.name == "index.html" else relative)
    return pages


def wait_until(page, expression: str, timeout: float = 10.0, interval: float = 0.05):
    """Poll `expression` with page.evaluate until truthy. (wait_for_function evaluates strings with
    eval, which the site's Content-Security-Policy forbids.)"""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        time.sleep(interval)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it (as GitHub Pages and most hosts do).

    Appends (request path, bytes sent: status line + headers + body) to `sent` for every response.
    """

    sent: list[tuple[str, int]]

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not accepts_gzip or path.suffix not in COMPRESSIBLE:
            return super().send_head()  # plain files, 404s and the trailing-slash redirect
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def flush_headers(self):
        self._bytes = getattr(self, "_bytes", 0) + sum(len(chunk) for chunk in getattr(self, "_headers_buffer", []))
        super().flush_headers()

    def copyfile(self, source, outputfile):
        data = source.read()
        outputfile.write(data)
        self.sent.append((self.path, getattr(self, "_bytes", 0) + len(data)))
        self._bytes = 0


@contextlib.contextmanager
def gzip_server(site: Path):
    """Serve `site` with gzip on 127.0.0.1; yield (base_url, list of (path, body bytes sent))."""
    sent: list[tuple[str, int]] = []
    handler = functools.partial(type("Handler", (GzipHandler,), {"sent": sent}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", sent
    finally:
        server.shutdown()
        server.server_close()
