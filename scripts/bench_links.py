#!/usr/bin/env python3
"""Benchmark the link checker: 300 URLs over 30 loopback hosts, each answering after 0.2 s.

    python scripts/bench_links.py [--hosts 30] [--per-host 10] [--latency 0.2] [--baseline]

Runs the real command (scripts/check_links.py) over a generated page and prints its wall time
next to the *polite ideal*: with one request in flight per host, no checker can finish before
the busiest host has answered all its requests one after another (per-host × latency).
`--baseline` also times plain LinkChecker on the same URLs (one process, robots off), which
serialises hosts behind its global politeness lock.
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
from linkcheck_lib.loopback import Loopback  # noqa: E402

CHECK_LINKS = Path(__file__).resolve().parent / "check_links.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=30)
    parser.add_argument("--per-host", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--baseline", action="store_true", help="also time plain LinkChecker")
    args = parser.parse_args()

    with ExitStack() as stack, tempfile.TemporaryDirectory() as work:
        workdir = Path(work)
        servers = [stack.enter_context(Loopback(f"127.0.0.{10 + n}", latency=args.latency)) for n in range(args.hosts)]
        urls = [server.url(f"/page{i}") for server in servers for i in range(args.per_host)]
        (workdir / "bench.md").write_text("".join(f"- [page]({url})\n" for url in urls))
        (workdir / "allow.yml").write_text("hosts: []\n")

        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, str(CHECK_LINKS), "bench.md", "--allowlist", "allow.yml", "--json", "r.json"],
            cwd=workdir, capture_output=True, text=True,
        )
        wall = time.monotonic() - started
        statuses = [link["status"] for link in json.loads((workdir / "r.json").read_text())["links"]]
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


if __name__ == "__main__":
    sys.exit(main())
