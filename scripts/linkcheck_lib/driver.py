"""Run LinkChecker (its Python API, pinned in pyproject) over one host's URLs and return its verdicts.

This runs in a child process, one per host, for two reasons found in LinkChecker 10.6's source:

- its per-host politeness sleeps under one *process-wide* lock (director/aggregator.py,
  `wait_for_host`), so hosts checked in one process wait for each other; one process per host
  keeps each host polite and lets hosts proceed in parallel;
- `maxrunseconds` interrupts the main thread and the run cannot be reused afterwards.

LinkChecker traps (10.6) and where they are handled:

- robots.txt is honoured by default: a disallowed URL is silently "valid", and a robots.txt
  answering 401/403 makes every URL on that host "valid" without a request. Turned off here.
- A 429 is "valid" with a warning, and nothing is ever retried: policy.py reads the status
  itself and runner.py retries 429/5xx/time-outs with backoff and Retry-After.
- Each URL is logged once, and `url#a`/`url#b` count as one: extract.py keeps its own
  URL -> every location map, and LinkChecker is given each URL once, without fragment.
- `maxrunseconds` is looked at every 5 s (director/interrupter.py, `Interrupt.WaitSeconds`), so
  a 1 s limit stopped a run after 5 s; the check is made every 0.25 s here (this process is ours).
- `maxrunseconds` stops with exit 0 leaving URLs unchecked, and exit 1 also means "a warning was
  printed": its exit code is not used; a URL missing from the XML answer counts as not checked,
  which makes check_links.py exit 2.
- The command-line program drops root to `nobody` (command/linkchecker.py), which cannot write
  into root's folders; the API used here does not, and nothing is written to disk anyway: the
  XML report goes to memory and is parsed with the standard library.
- The redirect chain is not a field of the report: each hop is a warning tagged
  `http-redirected`, "Redirected to `<url>' status: <code> <reason>.", where <code> is the status
  of the answer that sent us to <url> (checker/httpurl.py, `follow_redirections`; the message is
  untranslated in every catalogue 10.6 ships). `parse_xml` turns them into (code, url) hops,
  which is how a permanent move is told from a temporary one (policy.moved_target).
- Pacing: one thread, so one request in flight per server, and LinkChecker's own pause of
  1/PACE to 6/PACE seconds between requests (see `check_batch`). No recursion.
"""

from __future__ import annotations

import io
import logging
import re
import xml.etree.ElementTree as ET

from linkcheck import configuration, director
from linkcheck.cmdline import aggregate_url
from linkcheck.director import interrupter

from .policy import Verdict
from .syntax import host_key

# Requests per second LinkChecker may start on one host (it waits 1/PACE to 6/PACE seconds,
# at random, between them). With one request in flight at a time this is the politeness budget.
PACE = 20
REDIRECT_TAG = "http-redirected"
# Greedy up to the last quote, so a URL holding an apostrophe stays whole.
REDIRECT_HOP_RE = re.compile(r"`(?P<url>.+)'\D*(?P<code>\d{3})\b")


def _configure(timeout: float, max_run_seconds: float | None, report: io.StringIO) -> configuration.Configuration:
    config = configuration.Configuration()
    config["robotstxt"] = False
    config["recursionlevel"] = 0
    config["checkextern"] = True
    config["threads"] = 0  # check in this thread: one request in flight, no 1 s thread join at the end
    config["timeout"] = timeout
    config["aborttimeout"] = max(1, int(timeout) + 1)
    config["maxrunseconds"] = max_run_seconds
    config["maxrequestspersecond"] = PACE
    config["status"] = False
    config["verbose"] = True  # log valid URLs too, so a missing URL means "not checked"
    config["logger"] = config.logger_new("xml", fd=report, encoding="utf-8")
    config.sanitize()
    return config


def check_batch(urls: list[str], timeout: float, max_run_seconds: float | None = None) -> list[Verdict]:
    """Check `urls` (all on one host, no fragments, no duplicates); one verdict per URL checked.

    URLs missing from the answer were not checked (LinkChecker was interrupted).
    """
    logging.getLogger("linkcheck").setLevel(logging.ERROR)  # its warnings repeat what we report
    interrupter.Interrupt.WaitSeconds = 0.25  # see the module's docstring
    report = io.StringIO()
    config = _configure(timeout, max_run_seconds, report)
    aggregate = director.get_aggregate(config)
    # LinkChecker never paces a host faster than 0.1-0.6 s between requests unless the host is
    # "maxrated"; we mark ours so PACE applies, and keep one request in flight (threads=0).
    for netloc in {host_key(url) for url in urls}:
        aggregate.set_maxrated_for_host(netloc)
    for url in urls:
        aggregate_url(aggregate, url)
    director.check_urls(aggregate)
    if config["logger"].stats.internal_errors:
        raise RuntimeError("LinkChecker reported an internal error")
    return parse_xml(report.getvalue())


def parse_xml(text: str) -> list[Verdict]:
    """Verdicts from LinkChecker's `xml` output (one <urldata> per URL)."""
    verdicts = []
    for item in ET.fromstring(text).iter("urldata"):
        valid = item.find("valid")
        warnings, redirects = [], []
        for warning in item.iter("warning"):
            message = warning.text or ""
            if warning.get("tag") == REDIRECT_TAG and (hop := REDIRECT_HOP_RE.search(message)):
                redirects.append((int(hop["code"]), hop["url"]))
            else:
                warnings.append(message)
        verdicts.append(
            Verdict(
                url=item.findtext("url", ""),
                final_url=item.findtext("realurl", "") or item.findtext("url", ""),
                valid=valid is not None and valid.text == "1",
                result=valid.get("result", "") if valid is not None else "",
                warnings=warnings,
                redirects=redirects,
            )
        )
    return verdicts
