"""URL syntax, checked without any network: what makes a link `broken` before anyone requests it."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
HOST_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# Characters a URL may not contain unencoded (RFC 3986); browsers "fix" some, servers differ.
UNSAFE_CHARS_RE = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")


def problem(url: str) -> str | None:
    """Why `url` is malformed, or None when it is a well-formed http(s) URL."""
    if bad := UNSAFE_CHARS_RE.search(url):
        return f"malformed URL: contains {bad.group(0)!r}, which must be percent-encoded"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return f"malformed URL: scheme must be http or https, not {parts.scheme or 'missing'!r}"
    if not url.lower().startswith(f"{parts.scheme.lower()}://"):
        return "malformed URL: expected '//' after the scheme"
    try:
        port = parts.port
        host = parts.hostname
    except ValueError as error:
        return f"malformed URL: {error}"
    if port == 0:
        return "malformed URL: port 0"
    if not host:
        return "malformed URL: no host name"
    if host.startswith("[") or ":" in host:
        return None if _is_ip(host.strip("[]")) else f"malformed URL: bad IPv6 address {host!r}"
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return f"malformed URL: host {host!r} is not a valid international domain name"
    labels = ascii_host.rstrip(".").split(".")
    if len(labels) < 2 and not _is_ip(ascii_host) and ascii_host != "localhost":
        return f"malformed URL: host {host!r} has no domain (e.g. example.org)"
    if not all(HOST_LABEL_RE.match(label) for label in labels):
        return f"malformed URL: host {host!r} has an invalid label"
    return None


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def host_key(url: str) -> str:
    """The host as LinkChecker's throttle spells it: lowercase name, port only when not the default."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:  # malformed; never sent to LinkChecker
        return host
    return host if port in (None, DEFAULT_PORTS.get(parts.scheme.lower())) else f"{host}:{port}"
