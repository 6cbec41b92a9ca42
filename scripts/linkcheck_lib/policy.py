"""The classification policy: LinkChecker's verdict on a URL -> ok / broken / unverifiable.

LinkChecker's own "valid" is not our answer: it calls a 429 valid (with a warning) and every
connection problem invalid. The rules, from docs/contributing/links.md:

- broken: 404, 410 (also at the end of redirects), unresolvable host, TLS certificate failure,
  malformed URL. These fail the run.
- unverifiable: 401/403 bot walls, 429 and 5xx after retries, timeouts, connection resets and
  refusals, redirect loops, any other 4xx. Reported, never fail the run.
- ok: 2xx, including after redirects. When the redirect chain starts with permanent redirects
  (301, 308) the link has moved: it stays ok and gets `moved_to`, where that leading run of
  permanent hops ends (a later temporary hop is the new site's business, not a new address).
  Temporary redirects (302, 303, 307) say nothing about the address and add nothing.
- soft 404: a deep link permanently redirected to a front page is a removed page (sites send
  dead addresses home instead of answering 404): broken.

`RETRY` marks the outcomes worth asking again after a pause (429, 5xx, timeouts, resets).
"""

from __future__ import annotations

import email.utils
import re
import time
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

OK, BROKEN, UNVERIFIABLE, SKIPPED = "ok", "broken", "unverifiable", "skipped"
STATUSES = (OK, BROKEN, UNVERIFIABLE, SKIPPED)

PERMANENT_REDIRECTS = (301, 308)
FRONT_PAGE_PATH_RE = re.compile(r"^/?(?:index\.[a-z]+)?$", re.I)

STATUS_LINE_RE = re.compile(r"^'?(\d{3})'?\b\s*(.*)$")
RETRY_AFTER_RE = re.compile(r"Retry-After: ([^)]*)\)")

# Patterns in LinkChecker's result text (requests/urllib3 exception names and messages).
ERROR_RULES: list[tuple[re.Pattern[str], str, str, bool]] = [
    # (pattern, status, reason, retry)
    # EAI_AGAIN: the resolver itself failed (no network), which proves nothing about the host.
    (re.compile(r"\[Errno -3\]|Temporary failure in name resolution", re.I),
     UNVERIFIABLE, "DNS lookup failed temporarily", True),
    (re.compile(r"NameResolutionError|Failed to resolve|Name or service not known|getaddrinfo failed", re.I),
     BROKEN, "host name does not resolve", False),
    (re.compile(r"CERTIFICATE_VERIFY_FAILED|SSLCertVerificationError|certificate verify failed|hostname mismatch", re.I),
     BROKEN, "TLS certificate failure", False),
    (re.compile(r"invalid port|empty hostname|InvalidURL|InvalidSchema|MissingSchema|LocationParseError", re.I),
     BROKEN, "malformed URL", False),
    (re.compile(r"TooManyRedirects|Exceeded \d+ redirects", re.I), UNVERIFIABLE, "redirect loop", False),
    (re.compile(r"timed? ?out|Timeout", re.I), UNVERIFIABLE, "timed out", True),
    (re.compile(r"reset by peer|Connection aborted|RemoteDisconnected|BadStatusLine|ProtocolError|IncompleteRead", re.I),
     UNVERIFIABLE, "connection reset", True),
    (re.compile(r"Connection refused|NewConnectionError", re.I), UNVERIFIABLE, "connection refused", True),
    (re.compile(r"SSLError", re.I), UNVERIFIABLE, "TLS handshake failed", True),
]


@dataclass
class Verdict:
    """What LinkChecker said about one URL (parsed from its XML output by driver.py)."""

    url: str
    final_url: str
    valid: bool
    result: str
    warnings: list[str] = field(default_factory=list)
    redirects: list[tuple[int, str]] = field(default_factory=list)  # (status of the hop, where it led), in order


@dataclass(frozen=True)
class Outcome:
    status: str
    reason: str
    retry: bool = False
    retry_after: float | None = None  # seconds the server asked us to wait (429)
    moved_to: str | None = None  # the link's new address, when it moved permanently (ok links only)


def parse_retry_after(value: str, now: float | None = None) -> float | None:
    """Seconds from a Retry-After value (delta-seconds or an HTTP date); None when unusable."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def classify(valid: bool, result: str, warnings: list[str], redirected_to: str | None = None) -> Outcome:
    """Our status for one LinkChecker verdict. `redirected_to` is the final URL when it differs."""
    after = f" after redirect to {redirected_to}" if redirected_to else ""
    status_line = STATUS_LINE_RE.match(result.strip())
    if status_line:
        code, text = int(status_line.group(1)), status_line.group(2).strip()
        reason = f"HTTP {code}{' ' + text if text else ''}{after}"
        if 200 <= code < 300:
            return Outcome(OK, reason)
        if code in (404, 410):
            return Outcome(BROKEN, reason)
        if code == 429:
            retry_after = None
            for warning in warnings:
                if match := RETRY_AFTER_RE.search(warning):
                    retry_after = parse_retry_after(match.group(1))
            return Outcome(UNVERIFIABLE, reason, retry=True, retry_after=retry_after)
        if code >= 500:
            return Outcome(UNVERIFIABLE, reason, retry=True)
        return Outcome(UNVERIFIABLE, reason)  # 401/403 bot walls, other 4xx, a 3xx without Location
    for pattern, status, reason, retry in ERROR_RULES:
        if pattern.search(result):
            return Outcome(status, reason + after, retry)
    if not valid:
        return Outcome(UNVERIFIABLE, result or "LinkChecker gave no reason")
    return Outcome(OK, result or "valid")


def moved_target(redirects: list[tuple[int, str]]) -> str | None:
    """Where the leading run of permanent redirects ends; None when the chain does not start with one."""
    target = None
    for code, url in redirects:
        if code not in PERMANENT_REDIRECTS:
            break
        target = url
    return target


def is_front_page(url: str) -> bool:
    """A site's home: no path (or `/`, `/index.html`) and no query."""
    parts = urlsplit(url)
    return not parts.query and bool(FRONT_PAGE_PATH_RE.match(parts.path))


def judge(verdict: Verdict) -> Outcome:
    """Our status for one LinkChecker verdict, moved links and soft 404s included."""
    redirected = verdict.final_url if verdict.final_url.rstrip("/") != verdict.url.rstrip("/") else None
    outcome = classify(verdict.valid, verdict.result, verdict.warnings, redirected)
    moved = moved_target(verdict.redirects)
    if moved is None or moved == verdict.url or outcome.status == BROKEN:
        return outcome
    if is_front_page(moved) and not is_front_page(verdict.url):
        return Outcome(BROKEN, f"soft 404: permanently redirected to the site's front page {moved}")
    return replace(outcome, moved_to=moved) if outcome.status == OK else outcome
