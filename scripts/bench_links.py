#!/usr/bin/env python3
"""Benchmark the link checker against loopback servers (nothing leaves the machine).

    python scripts/bench_links.py [--hosts 30] [--per-host 10] [--latency 0.2] [--baseline]
    python scripts/bench_links.py --docs [--latency 0.2] [--moved-every 0] [--check-links PATH]

Default: 300 URLs over 30 hosts. Runs the real command (scripts/check_links.py) over a generated
page and prints its wall time next to the *polite ideal*: with one request in flight per host, no
checker can finish before the busiest host has answered all its requests one after another
(per-host × latency). `--baseline` also times plain LinkChecker on the same URLs (one process,
robots off), which serialises hosts behind its global politeness lock.

`--docs`: the real `docs/`, copied with every external link pointed at one loopback server per
real host (linkcheck_lib.loopback.mirror_docs), so the run has the real pages' shape (46 URLs on
arxiv.org, one or two on most hosts). `--moved-every N` makes every Nth URL a 301 to its page;
`--check-links PATH` times another checkout's check_links.py on the same tree (before/after).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkcheck_lib.loopback import Loopback, mirror_docs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHECK_LINKS = Path(__file__).resolve().parent / "check_links.py"


def timed_check(check_links: Path, workdir: Path, *paths: str) -> tuple[float, subprocess.CompletedProcess, list[dict]]:
    (workdir / "allow.yml").write_text("hosts: []\n")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(check_links), *paths, "--allowlist", "allow.yml", "--json", "r.json"],
        cwd=workdir, capture_output=True, text=True,
    )
    wall = time.monotonic() - started
    links = json.loads((workdir / "r.json").read_text())["links"] if (workdir / "r.json").exists() else []
    return wall, done, links


def bench_generated(args) -> int:
    with ExitStack() as stack, tempfile.TemporaryDirectory() as work:
        workdir = Path(work)
        servers = [stack.enter_context(Loopback(f"127.0.0.{10 + n}", latency=args.latency)) for n in range(args.hosts)]
        urls = [server.url(f"/page{i}") for server in servers for i in range(args.per_host)]
        (workdir / "bench.md").write_text("".join(f"- [page]({url})\n" for url in urls))
        wall, done, links = timed_check(args.check_links, workdir, "bench.md")
        statuses = [link["status"] for link in links]
        ideal = args.per_host * args.latency
        print(f"{len(urls)} URLs on {args.hosts} hosts, {args.latency:.2f} s latency")
        print(f"check_links.py: {wall:.2f} s wall (exit {done.returncode}, {statuses.count('ok')} ok)")
        print(f"polite ideal:   {ideal:.2f} s (one request in flight per host, no pauses, no start-up)")
        print(f"overhead:       {wall - ideal:.2f} s = start-up + LinkChecker's pacing between requests")
        print(f"per host:       at most {max(s.most_in_flight for s in servers)} request(s) in flight at once")

        if args.baseline:
            for server in servers:
                server.requests.clear()
            started = time.monotonic()
            subprocess.run(
                [str(Path(sys.executable).with_name("linkchecker")), "--no-robots", "-r0", "--check-extern",
                 "--no-status", "-o", "none", *urls],
                capture_output=True,
            )
            print(f"plain LinkChecker: {time.monotonic() - started:.2f} s wall for the same URLs")
        return 0 if done.returncode == 0 and statuses.count("ok") == len(urls) else 1


def bench_docs(args) -> int:
    with ExitStack() as stack, tempfile.TemporaryDirectory() as work:
        workdir = Path(work)
        # One server per real host (127.0.3.x): the per-host politeness is what bounds the run.
        servers = [stack.enter_context(Loopback(f"127.0.3.{1 + n}", latency=args.latency)) for n in range(60)]
        every = args.moved_every
        mapping = mirror_docs(ROOT / "docs", workdir / "docs", servers, lambda n: "r301/" if every and n % every == 0 else None)
        urls = {url.split("#")[0] for url in mapping.values()}
        per_server = {server: sum(1 for url in urls if url.startswith(server.base + "/")) for server in servers}
        used = [server for server, count in per_server.items() if count]
        busiest = max(per_server.values())
        wall, done, links = timed_check(args.check_links, workdir, "docs")
        statuses = [link["status"] for link in links]
        moved = sum(1 for link in links if link.get("moved_to"))
        print(f"docs/: {len(links)} links ({len(urls)} URLs) on {len(used)} loopback hosts, {args.latency:.2f} s latency")
        print(f"check_links.py ({args.check_links}): {wall:.2f} s wall (exit {done.returncode}, {statuses.count('ok')} ok, {moved} moved)")
        print(f"polite ideal:   {busiest * args.latency:.2f} s (the busiest host's {busiest} URLs one after another)")
        print(f"per host:       at most {max(s.most_in_flight for s in used)} request(s) in flight at once")
        return 0 if done.returncode == 0 and statuses.count("ok") == len(links) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=30)
    parser.add_argument("--per-host", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--baseline", action="store_true", help="also time plain LinkChecker")
    parser.add_argument("--docs", action="store_true", help="check a loopback copy of the real docs/")
    parser.add_argument("--moved-every", type=int, default=0, metavar="N", help="with --docs: every Nth URL answers with a 301")
    parser.add_argument("--check-links", type=Path, default=CHECK_LINKS, metavar="PATH", help="the check_links.py to time")
    args = parser.parse_args()
    return bench_docs(args) if args.docs else bench_generated(args)


if __name__ == "__main__":
    sys.exit(main())
