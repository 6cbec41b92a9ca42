#!/usr/bin/env python3
"""Check every external link in the Markdown sources; LinkChecker does the HTTP, we do the policy.

    python scripts/check_links.py [PATH ...] [--json FILE] [--markdown FILE] [--timeout SECONDS]
                                  [--changed-since GIT_REF] [--cache FILE]
                                  [--offline] [--allowlist FILE] [--max-run-seconds N]

Exit 0: nothing broken. Exit 1: at least one broken link. Exit 2: usage error, or the checker
failed or left URLs unchecked (a run that did not look at everything never passes).
The rules and the CI wiring are explained in docs/contributing/links.md; the pieces live in
scripts/linkcheck_lib/ (extract, syntax, policy, driver, runner, cache, changed, report).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urldefrag

from linkcheck_lib import allowlist, cache, changed, extract, report, runner, syntax
from linkcheck_lib.policy import BROKEN, OK, SKIPPED, UNVERIFIABLE

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ALLOWLIST = ROOT / "scripts" / "link-allowlist.yml"
NOT_CHECKED = "not checked: LinkChecker stopped before reaching it"


def positive_number(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, not {text}")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="Markdown files or folders (default: docs/)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the JSON report here")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="write a Markdown report here")
    parser.add_argument("--timeout", type=positive_number, default=15.0, metavar="SECONDS", help="per request (default 15)")
    parser.add_argument("--changed-since", metavar="GIT_REF", help="only links on lines changed since the merge base with GIT_REF")
    parser.add_argument("--cache", type=Path, metavar="FILE", help="reuse 'ok' results younger than 3 days; update the file")
    parser.add_argument("--offline", action="store_true", help="no network: extraction, URL syntax and allowlist only")
    parser.add_argument("--allowlist", type=Path, default=DEFAULT_ALLOWLIST, metavar="FILE", help="hosts never requested")
    parser.add_argument("--max-run-seconds", type=int, metavar="N", help="stop LinkChecker after N s per host; unchecked URLs exit 2")
    return parser.parse_args(argv)


def triage(found, entries, cached, offline, now) -> tuple[list[report.Link], dict[str, list[report.Link]]]:
    """Decide what needs no request; group the rest by URL without fragment (what LinkChecker sees)."""
    decided: list[report.Link] = []
    to_check: dict[str, list[report.Link]] = {}
    for url, locations in found.items():
        link = report.Link(url, SKIPPED, "", locations)
        if url.lower().startswith("mailto:"):
            link.reason = "mailto: link, nothing to request"
        elif problem := syntax.problem(url):
            link.status, link.reason = BROKEN, problem
        elif entry := allowlist.match(url, entries):
            link.reason = f"allowlisted host {entry.host}: {entry.reason}"
        elif offline:
            link.reason = "offline run: syntax checked only"
        elif verified := cache.fresh_ok(cached, urldefrag(url).url, now):
            link.status, link.reason = OK, f"verified ok at {verified} (cache)"
        else:
            to_check.setdefault(urldefrag(url).url, []).append(link)
            continue
        decided.append(link)
    return decided, to_check


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    now = cache.utc_now()
    try:
        entries = allowlist.load(args.allowlist)
        found = extract.collect(args.paths or [ROOT / "docs"])
        if args.changed_since:
            lines = changed.changed_lines(args.changed_since)
            found = {url: kept for url, locs in found.items() if (kept := [l for l in locs if (l.file, l.line) in lines])}
        cached = cache.load(args.cache) if args.cache else {}
    except (allowlist.AllowlistError, cache.CacheError, changed.GitError, FileNotFoundError, UnicodeDecodeError) as error:
        print(f"check_links: {error}", file=sys.stderr)
        return 2

    links, to_check = triage(found, entries, cached, args.offline, now)
    if to_check:
        hosts = len({syntax.host_key(key) for key in to_check})
        print(f"check_links: checking {len(to_check)} URLs on {hosts} hosts with LinkChecker...", file=sys.stderr)
    try:
        results = runner.check(list(to_check), args.timeout, args.max_run_seconds)
    except runner.CheckerFailed as error:
        print(f"check_links: {error}", file=sys.stderr)
        return 2
    unchecked = 0
    for key, group in to_check.items():
        result = results.get(key)
        for link in group:
            link.status, link.reason = (result.status, result.reason) if result else (UNVERIFIABLE, NOT_CHECKED)
            links.append(link)
        if result:
            cached[key] = {"status": result.status, "checked_at": now.isoformat()}
        else:
            unchecked += 1

    write_outputs(args, links, now.isoformat(), cached, now)
    if unchecked:
        print(f"check_links: {unchecked} URLs were not checked (LinkChecker stopped early): failing the run", file=sys.stderr)
        return 2
    return 1 if any(link.status == BROKEN for link in links) else 0


def write_outputs(args, links, checked_at, cached, now) -> None:
    for line in report.console_lines(links):
        print(line)
    if os.environ.get("GITHUB_ACTIONS"):
        for line in report.github_annotations(links):
            print(line)
    print(f"check_links: {report.summary_line(links, sum(1 for l in links if l.reason == NOT_CHECKED))}", file=sys.stderr)
    scope = "links changed since " + args.changed_since if args.changed_since else "all links"
    if args.json:
        report.write_json(args.json, links, checked_at)
    if args.markdown:
        report.write_markdown(args.markdown, links, checked_at, scope)
    if summary := os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(summary, "a", encoding="utf-8") as out:
            out.write(report.to_markdown(links, checked_at, scope) + "\n")
    if args.cache and not args.offline:
        cache.save(args.cache, cached, now)


if __name__ == "__main__":
    sys.exit(main())
