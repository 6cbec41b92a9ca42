"""Check many URLs politely and fast: hosts in parallel, each host in its own LinkChecker run.

Politeness is per host (one request in flight, paced by LinkChecker; see driver.py). Speed comes
from checking up to MAX_PARALLEL_HOSTS hosts at once, each run in a fresh child process forked
from a server that has already imported LinkChecker (and our __main__), so a host costs a fork,
not a Python start-up. A fresh process per run because LinkChecker keeps process-wide state
(its politeness lock, the socket timeout, the interrupt of `maxrunseconds`).

Retries are ours (LinkChecker has none): 429, 5xx, timeouts and resets are asked again after a
pause that doubles each time and honours Retry-After up to MAX_RETRY_AFTER seconds.

`max_run_seconds` bounds the whole check, retries and queued hosts included: each LinkChecker run
gets what is left of it as its `maxrunseconds`, and no run or retry starts once it would end past
the deadline. LinkChecker stops between requests, so a request in flight at the deadline may
still take up to one `timeout`. What was not reached is simply missing from the answer.
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
    moved_to: str | None = None


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


def _child(connection, urls: list[str], timeout: float, max_run_seconds: float | None) -> None:
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


def _run_batch(context, urls: list[str], timeout: float, max_run_seconds: float | None) -> list[policy.Verdict]:
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


MIN_RUN_SECONDS = 0.5  # less than this left: starting a LinkChecker run is pointless


def _seconds_left(deadline: float | None) -> float | None:
    """Seconds LinkChecker may run before `deadline` (None: no bound; 0: do not start)."""
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    return left if left >= MIN_RUN_SECONDS else 0


def _check_host(context, urls: list[str], timeout: float, deadline: float | None) -> dict[str, Result]:
    results: dict[str, Result] = {}
    pending = urls
    for attempt in range(1, MAX_ATTEMPTS + 1):
        seconds_left = _seconds_left(deadline)
        if seconds_left == 0:
            break  # out of time: what is pending keeps its last result, or stays unchecked
        by_url = {verdict.url: verdict for verdict in _run_batch(context, pending, timeout, seconds_left)}
        retry, asked = [], []
        for url in pending:
            verdict = by_url.get(url)
            if verdict is None:
                continue  # not reached before maxrunseconds: stays unchecked (or keeps its last result)
            outcome = policy.judge(verdict)
            if outcome.retry_after is not None and outcome.retry_after > MAX_RETRY_AFTER:
                outcome = policy.Outcome(outcome.status, f"{outcome.reason}; asked to wait {outcome.retry_after:.0f} s")
            results[url] = Result(outcome.status, outcome.reason, attempt, outcome.moved_to)
            if outcome.retry and attempt < MAX_ATTEMPTS:
                retry.append(url)
                asked.append(outcome.retry_after)
        if not retry:
            break
        pause = backoff(attempt, asked)
        if deadline is not None and time.monotonic() + pause + MIN_RUN_SECONDS > deadline:
            break  # a retry could not finish in time; the results so far stand
        time.sleep(pause)
        pending = retry
    for result in results.values():
        if result.attempts > 1:
            result.reason += f", after {result.attempts} attempts"
    return results


def start_method() -> str:
    """How the per-host worker processes start: from a fork server that has LinkChecker imported
    already (fast, and safe beside this process's threads), or spawned where the platform has no
    fork server (Windows)."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def check(urls: list[str], timeout: float, max_run_seconds: float | None = None) -> dict[str, Result]:
    """Result for every URL that got checked; URLs missing from the answer were not checked.

    `max_run_seconds` bounds the whole run (see the module's docstring).
    """
    deadline = None if max_run_seconds is None else time.monotonic() + max_run_seconds
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[host_key(url)].append(url)
    if not by_host:
        return {}
    context = multiprocessing.get_context(start_method())
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(_preload())
    results: dict[str, Result] = {}
    with ThreadPoolExecutor(min(MAX_PARALLEL_HOSTS, len(by_host))) as threads:
        futures = [threads.submit(_check_host, context, host_urls, timeout, deadline) for host_urls in by_host.values()]
        for future in futures:
            results.update(future.result())
    return results
