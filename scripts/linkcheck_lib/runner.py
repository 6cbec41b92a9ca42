"""Check many URLs politely and fast: hosts in parallel, each host in its own LinkChecker run.

Politeness is per host (one request in flight, paced by LinkChecker; see driver.py). Speed comes
from checking up to MAX_PARALLEL_HOSTS hosts at once, each run in a fresh child process forked
from a server that has already imported LinkChecker (and our __main__), so a host costs a fork,
not a Python start-up. A fresh process per run because LinkChecker keeps process-wide state
(its politeness lock, the socket timeout, the interrupt of `maxrunseconds`).

Retries are ours (LinkChecker has none): 429, 5xx, timeouts and resets are asked again after a
pause that doubles each time and honours Retry-After up to MAX_RETRY_AFTER seconds.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import pkgutil
import signal
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from . import policy
from .syntax import host_key

MAX_PARALLEL_HOSTS = 32
MAX_ATTEMPTS = 3
BACKOFF_SECONDS = 1.0  # first pause; doubles on each retry
MAX_RETRY_AFTER = 60.0  # a server asking for longer is reported unverifiable


@dataclass
class Result:
    status: str
    reason: str
    attempts: int = 1


class CheckerFailed(RuntimeError):
    """LinkChecker could not run (crash, killed worker); the run must not pass."""


def backoff(attempt: int, retry_after: list[float | None]) -> float:
    """Pause before attempt `attempt + 1`: doubling backoff, or the longest Retry-After asked (bounded)."""
    asked = max((seconds for seconds in retry_after if seconds is not None), default=0.0)
    return min(MAX_RETRY_AFTER, max(BACKOFF_SECONDS * 2 ** (attempt - 1), asked))


def _preload() -> list[str]:
    """What a check imports, so each child is forked with it already loaded.

    Importing LinkChecker costs ~0.2-0.8 s of CPU, and re-importing our __main__ in every child
    (what multiprocessing does by default) tens of milliseconds: with 30 hosts on 2 cores that
    was most of the run. Python 3.11's fork server ignores our sys.path, so only installed
    modules and __main__ can be preloaded; our small driver module is imported by each child.
    Found without importing LinkChecker here: this process never needs it.
    """
    plugins = importlib.util.find_spec("linkcheck.plugins").submodule_search_locations
    return [
        "__main__", "linkcheck.cmdline", "linkcheck.configuration", "linkcheck.director", "linkcheck.logger",
        "linkcheck.socketutil", "xml.etree.ElementTree",
        *(f"linkcheck.plugins.{module.name}" for module in pkgutil.iter_modules(plugins)),
    ]


def _child(connection, urls: list[str], timeout: float, max_run_seconds: int | None) -> None:
    """Runs in the child process: one LinkChecker run, answer sent back as plain data."""
    # LinkChecker ends a run at `maxrunseconds` with _thread.interrupt_main(), which does nothing
    # when SIGINT is ignored, as it is for anything a shell starts in the background (`cmd &`,
    # nohup): the run would silently go on to the end. This process is ours, so handle SIGINT here.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        from . import driver

        connection.send(("ok", driver.check_batch(urls, timeout, max_run_seconds)))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which fails the run
        connection.send(("error", repr(error)))
    finally:
        connection.close()


def _run_batch(context, urls: list[str], timeout: float, max_run_seconds: int | None) -> list[policy.Verdict]:
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, urls, timeout, max_run_seconds), daemon=True)
    process.start()
    send.close()
    try:
        kind, payload = receive.recv()
    except EOFError:
        kind, payload = "error", "the LinkChecker process died without an answer"
    finally:
        receive.close()
        process.join()
    if kind != "ok":
        raise CheckerFailed(f"LinkChecker failed on {host_key(urls[0])}: {payload} (exit code {process.exitcode})")
    return payload


def _check_host(context, urls: list[str], timeout: float, max_run_seconds: int | None) -> dict[str, Result]:
    results: dict[str, Result] = {}
    pending = urls
    for attempt in range(1, MAX_ATTEMPTS + 1):
        by_url = {verdict.url: verdict for verdict in _run_batch(context, pending, timeout, max_run_seconds)}
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
    for result in results.values():
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
    results: dict[str, Result] = {}
    with ThreadPoolExecutor(min(MAX_PARALLEL_HOSTS, len(by_host))) as threads:
        futures = [threads.submit(_check_host, context, host_urls, timeout, max_run_seconds) for host_urls in by_host.values()]
        for future in futures:
            results.update(future.result())
    return results
