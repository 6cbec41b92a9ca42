"""Helpers shared by the reader-experience browser tests (tests/test_reader_*.py)."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from audit import CompressedHandler
from local_server import serve_directory


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


MATERIAL_READY = "!document.documentElement.classList.contains('dl-deferred')"


def painted(page) -> None:
    """Wait until the page has drawn a frame. Chromium drops input that arrives before a page's first
    paint (a long page can still be laying out when "networkidle" fires), so a key pressed right
    after page.goto can vanish; a reader presses keys on a page they see."""
    page.evaluate("new Promise(done => requestAnimationFrame(() => setTimeout(done)))")


def wake_material(page) -> None:
    """Material's bundle loads on a reader's first input (docs/assets/before-material.js): move the
    mouse as a reader would, and wait until it has mounted and its first work is done."""
    painted(page)
    page.mouse.move(5, 200)
    wait_until(page, MATERIAL_READY)
    page.wait_for_load_state("networkidle")  # what mounting fetches (the sitemap, for instant navigation)
    painted(page)


class GzipHandler(CompressedHandler):
    """The audit's gzip server (scripts/audit.py), at the compression level most hosts use, that also
    appends (request path, bytes sent: status line + headers + body) to `sent` for every response.
    """

    compresslevel = 6
    sent: list[tuple[str, int]]

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
    with serve_directory(site, type("Handler", (GzipHandler,), {"sent": sent})) as base:
        yield base, sent
