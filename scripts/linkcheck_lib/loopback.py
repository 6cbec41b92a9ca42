"""Small HTTP servers on 127.x addresses that misbehave on purpose (for the tests and the benchmark).

Each path names a behaviour, so one server answers every case:

    / (the front page) /ok /missing /gone /forbidden /redirect-ok /redirect-404 /loop /no-head
    /reset /slow /always-503 /flaky-503 /flaky-429 (429 with Retry-After: 2, then 200)
    /r<code>/<rest> redirects with status <code> (301, 302, 303, 307, 308) to /<rest>, keeping the
    query, so /r301/r302/ok is a 301 to /r302/ok, a 302 to /ok, then a 200

`mirror_docs` copies a docs tree with every external link pointed at such servers (the
benchmark and the `--fix-moved` test run the checker over the real pages that way).

A `latency` delays every answer, like a far-away server. With `tls=(certfile, keyfile)` it
speaks HTTPS. `most_in_flight` is the largest number of requests it was answering at once. `requests` records (method, path, time) so a
test can prove what was (or was not) fetched, e.g. that robots.txt was never asked for.
"""

from __future__ import annotations

import http.server
import socket
import ssl
import struct
import threading
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

REDIRECT_RE = re.compile(r"^/r(?P<code>301|302|303|307|308)(?P<rest>/.*)$")


class _Handler(http.server.BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # tests stay quiet
        pass

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")

    def _answered(self) -> None:
        """Count the request as answered *before* the answer leaves, so a client that waits for
        each answer can never be seen with two requests in flight."""
        if not self._counted_answer:
            self._counted_answer = True
            with self.server.owner.lock:
                self.server.owner.in_flight -= 1

    def _send(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        self._answered()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _answer(self, method: str) -> None:
        owner = self.server.owner
        path = self.path.split("?")[0]
        with owner.lock:
            owner.requests.append((method, self.path, time.monotonic()))
            owner.hits[path] += 1
            hits = owner.hits[path]
            owner.in_flight += 1
            owner.most_in_flight = max(owner.most_in_flight, owner.in_flight)
        self._counted_answer = False
        try:
            return self._behave(method, path, hits)
        finally:
            self._answered()

    def _behave(self, method: str, path: str, hits: int) -> None:
        owner = self.server.owner
        if owner.latency:
            time.sleep(owner.latency)
        if path == "/robots.txt":
            # A robots.txt that bars everyone and answers 403: LinkChecker's defaults would call
            # every URL on this host valid without fetching it.
            return self._send(403, body=b"User-agent: *\nDisallow: /\n")
        if path == "/":
            return self._send(200, body=b"front page\n")
        if path.startswith("/ok") or path.startswith("/page"):
            return self._send(200, body=b"fine\n")
        if redirect := REDIRECT_RE.match(path):
            query = self.path[len(path):]
            return self._send(int(redirect["code"]), {"Location": redirect["rest"] + query})
        if path == "/missing":
            return self._send(404)
        if path == "/gone":
            return self._send(410)
        if path == "/forbidden":
            return self._send(403)
        if path == "/redirect-ok":
            return self._send(302, {"Location": "/ok"})
        if path == "/redirect-404":
            return self._send(301, {"Location": "/missing"})
        if path == "/loop":
            return self._send(302, {"Location": "/loop"})
        if path == "/no-head":
            return self._send(405 if method == "HEAD" else 200, body=b"GET only\n")
        if path == "/always-503":
            return self._send(503)
        if path == "/flaky-503":
            return self._send(503 if hits == 1 else 200)
        if path == "/flaky-429":
            return self._send(429, {"Retry-After": "2"}) if hits == 1 else self._send(200)
        if path == "/slow":
            time.sleep(owner.slow_seconds)
            return self._send(200)
        if path == "/reset":
            # SO_LINGER with a zero timeout makes close() send RST: "connection reset by peer".
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return None
        return self._send(404)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    owner: "Loopback"

    def handle_error(self, request, client_address) -> None:  # clients hanging up are expected here
        pass


class Loopback:
    """One misbehaving web server on `host` (any 127.x address), on a free port."""

    def __init__(self, host: str = "127.0.0.1", latency: float = 0.0, slow_seconds: float = 5.0,
                 tls: tuple[str, str] | None = None) -> None:
        self.latency = latency
        self.slow_seconds = slow_seconds
        self.in_flight = self.most_in_flight = 0
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, float]] = []  # (method, path, monotonic time)
        self.hits: Counter[str] = Counter()
        self._server = _Server((host, 0), _Handler)
        self._server.owner = self
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.base = f"{scheme}://{host}:{self._server.server_address[1]}"
        # A short poll keeps shutdown() quick: the benchmark stops 30 servers one after another.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> "Loopback":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


def mirror_docs(source: Path, target: Path, servers: list[Loopback], moved: Callable[[int], str | None] = lambda n: None,
                by_host: bool = True) -> dict[str, str]:
    """Copy the Markdown tree `source` to `target` with every external link pointed at `servers`.

    Each distinct http(s) URL the checker would find (its fragment kept) becomes
    `<server>/ok/u<n>.html`, or `<server>/<prefix>ok/u<n>.html` when `moved(n)` gives a
    redirect prefix such as "r301/". Real hosts are spread over the servers (one server per real
    host when there are enough), or with `by_host=False` the URLs themselves, for a quicker run.
    Returns old URL -> new. Other files and bytes are copied as they are.
    """
    from . import extract  # the checker's own reader: the same links, written the same way

    found = extract.collect([source])
    by_base: dict[str, str] = {}
    mapping: dict[str, str] = {}
    hosts: dict[str, Loopback] = {}
    for url in sorted(found):
        if not url.lower().startswith(("http://", "https://")):
            continue
        base, _, fragment = url.partition("#")
        if base not in by_base:
            number = len(by_base)
            host = (urlsplit(base).hostname or "") if by_host else str(number)
            server = hosts.setdefault(host, servers[len(hosts) % len(servers)])
            by_base[base] = server.url(f"/{moved(number) or ''}ok/u{number}.html")
        mapping[url] = by_base[base] + (f"#{fragment}" if fragment else "")
    for path in sorted(source.rglob("*")):
        destination = target / path.relative_to(source)
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix != ".md":
            destination.write_bytes(path.read_bytes())
            continue
        text = path.read_text(encoding="utf-8")
        for old in sorted(mapping, key=len, reverse=True):  # longest first: a URL may prefix another
            text = text.replace(old, mapping[old])
        destination.write_bytes(text.encode("utf-8"))
    return mapping
