"""Check many URLs politely and fast: hosts in parallel, each host in its own LinkChecker run.

Politeness is per host (one request in flight, paced by LinkChecker; see driver.py). Speed comes
from checking up to MAX_PARALLEL_HOSTS hosts at once, each in a child process forked from a
server that has already imported LinkChecker, so a host costs a fork, not a Python start-up.

Retries are ours (LinkChecker has none): 429, 5xx, timeouts and resets are asked again after a
pause that doubles each time and honours Retry-After up to MAX_RETRY_AFTER seconds.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import pkgutil
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass

from . import policy
from .syntax import host_key

MAX_PARALLEL_HOSTS = 32
MAX_ATTEMPTS = 3
BACKOFF_SECONDS = 1.0  # first pause; doubles on each retry
MAX_RETRY_AFTER = 60.0  # a server asking for longer is reported unverifiable


def _preload() -> list[str]:
    """What a check imports, so workers are forked with it loaded.

    Importing LinkChecker costs ~0.8 s of CPU, which 30 workers would otherwise pay one by one.
    The fork server imports by module name only (Python 3.11 ignores our sys.path there), so it
    preloads LinkChecker's own modules; our small driver is imported by each worker. Found without
    importing LinkChecker here: this process never needs it.
    """
    plugins = importlib.util.find_spec("linkcheck.plugins").submodule_search_locations
    return [
        "linkcheck.cmdline", "linkcheck.configuration", "linkcheck.director", "linkcheck.logger",
        "linkcheck.socketutil", "xml.etree.ElementTree",
        *(f"linkcheck.plugins.{module.name}" for module in pkgutil.iter_modules(plugins)),
    ]


def _run_batch(urls: list[str], timeout: float, max_run_seconds: int | None):
    """Runs in a worker process."""
    from . import driver

    return driver.check_batch(urls, timeout, max_run_seconds)


@dataclass
class Result:
    status: str
    reason: str
    attempts: int = 1


class CheckerFailed(RuntimeError):
    """LinkChecker could not run (crash, broken worker); the run must not pass."""


def backoff(attempt: int, retry_after: list[float | None]) -> float:
    """Pause before attempt `attempt + 1`: doubling backoff, or the longest Retry-After asked (bounded)."""
    asked = max((seconds for seconds in retry_after if seconds is not None), default=0.0)
    return min(MAX_RETRY_AFTER, max(BACKOFF_SECONDS * 2 ** (attempt - 1), asked))


def _check_host(pool: ProcessPoolExecutor, urls: list[str], timeout: float, max_run_seconds: int | None) -> dict[str, Result]:
    results: dict[str, Result] = {}
    pending = urls
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            verdicts = pool.submit(_run_batch, pending, timeout, max_run_seconds).result()
        except Exception as error:  # a crashed LinkChecker must fail the run, not pass it
            raise CheckerFailed(f"LinkChecker failed on {host_key(pending[0])}: {error!r}") from error
        by_url = {verdict.url: verdict for verdict in verdicts}
        retry, asked = [], []
        for url in pending:
            verdict = by_url.get(url)
            if verdict is None:
                continue  # not reached before maxrunseconds: stays unchecked (or keeps its last result)
            redirected = verdict.final_url if verdict.final_url.rstrip("/") != url.rstrip("/") else None
            outcome = policy.classify(verdict.valid, verdict.result, verdict.warnings, redirected)
            if outcome.retry_after is not None and outcome.retry_after > MAX_RETRY_AFTER:
                outcome = policy.Outcome(outcome.status, f"{outcome.reason}; asked to wait {outcome.retry_after:.0f} s")
            results[url] = Result(outcome.status, outcome.reason, attempt)
            if outcome.retry and attempt < MAX_ATTEMPTS:
                retry.append(url)
                asked.append(outcome.retry_after)
        if not retry:
            break
        time.sleep(backoff(attempt, asked))
        pending = retry
    for url, result in results.items():
        if result.attempts > 1:
            result.reason += f", after {result.attempts} attempts"
    return results


def check(urls: list[str], timeout: float, max_run_seconds: int | None = None) -> dict[str, Result]:
    """Result for every URL that got checked; URLs missing from the answer were not checked."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[host_key(url)].append(url)
    if not by_host:
        return {}
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_preload())
    workers = min(MAX_PARALLEL_HOSTS, len(by_host))
    results: dict[str, Result] = {}
    with ProcessPoolExecutor(workers, mp_context=context, max_tasks_per_child=1) as pool, ThreadPoolExecutor(workers) as threads:
        futures = [threads.submit(_check_host, pool, host_urls, timeout, max_run_seconds) for host_urls in by_host.values()]
        for future in futures:
            results.update(future.result())
    return results
