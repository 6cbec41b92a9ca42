#!/usr/bin/env python3
"""Check every external link in the Markdown sources; LinkChecker does the HTTP, we do the policy.

    python scripts/check_links.py [PATH ...] [--json FILE] [--markdown FILE] [--timeout SECONDS]
                                  [--changed-since GIT_REF] [--cache FILE] [--reuse-report FILE]
                                  [--offline] [--allowlist FILE] [--max-run-seconds N] [--fix-moved]

Exit 0: nothing broken. Exit 1: at least one broken link. Exit 2: usage error, or the checker
failed or left URLs unchecked (a run that did not look at everything never passes). Moved links
(permanent redirects to a working page) are listed but do not change the exit code.

This is the project's one link-checking engine: the links workflow, the deploy, the PR summary
(scripts/pr_summary.py) and `dev.py links` all run it or read its JSON report, so a URL gets the
same verdict everywhere. The rules and the CI wiring are explained in docs/contributing/links.md;
the pieces live in scripts/linkcheck_lib/ (extract, syntax, policy, driver, runner, cache,
changed, report, fix).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urldefrag

from linkcheck_lib import allowlist, cache, changed, extract, fix, report, runner, syntax
from linkcheck_lib.policy import BROKEN, OK, SKIPPED, UNVERIFIABLE

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ALLOWLIST = ROOT / "scripts" / "link-allowlist.yml"
NOT_CHECKED = "not checked: LinkChecker stopped before reaching it"


def positive_number(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, not {text}")
    return value


# What the site renders: the pages, and CONTRIBUTING.md, which the contributing guide's page includes.
SITE_SOURCES = [ROOT / "docs", ROOT / "CONTRIBUTING.md"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="Markdown files or folders (default: docs/ and CONTRIBUTING.md)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the JSON report here")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="write a Markdown report here")
    parser.add_argument("--timeout", type=positive_number, default=15.0, metavar="SECONDS", help="per request (default 15)")
    parser.add_argument("--changed-since", metavar="GIT_REF", help="only links on lines changed since the merge base with GIT_REF")
    parser.add_argument("--cache", type=Path, metavar="FILE", help="reuse 'ok' results younger than 3 days; update the file")
    parser.add_argument("--offline", action="store_true", help="no network: extraction, URL syntax and allowlist only")
    parser.add_argument("--allowlist", type=Path, default=DEFAULT_ALLOWLIST, metavar="FILE", help="hosts never requested")
    parser.add_argument("--reuse-report", type=Path, metavar="FILE",
                        help="take each link's verdict from this earlier --json report; request only links not in it")
    parser.add_argument("--max-run-seconds", type=positive_number, metavar="N",
                        help="stop checking after N s in all (a request in flight may take one --timeout more); unchecked URLs exit 2")
    parser.add_argument("--fix-moved", action="store_true", help="rewrite moved links in the Markdown files to their new address")
    return parser.parse_args(argv)


def with_fragment(moved_to: str | None, written: str) -> str | None:
    """The new address for a link written as `written`: its #fragment carries over (RFC 9110,
    10.2.2) unless the redirect named one of its own."""
    fragment = urldefrag(written).fragment
    if not moved_to or not fragment or urldefrag(moved_to).fragment:
        return moved_to
    return f"{moved_to}#{fragment}"


def reusable(entry: dict | None) -> bool:
    return bool(entry) and entry["status"] in (OK, BROKEN, UNVERIFIABLE) and entry["reason"] != NOT_CHECKED


def triage(found, entries, cached, offline, now, earlier=None) -> tuple[list[report.Link], dict[str, list[report.Link]]]:
    """Decide what needs no request; group the rest by URL without fragment (what LinkChecker sees).

    `earlier` is (checked_at, URL -> entry) of a report whose verdicts are reused (--reuse-report).
    """
    decided: list[report.Link] = []
    to_check: dict[str, list[report.Link]] = {}
    earlier_at, earlier_links = earlier or ("", {})
    for url, locations in found.items():
        link = report.Link(url, SKIPPED, "", locations)
        if url.lower().startswith("mailto:"):
            link.reason = "mailto: link, nothing to request"
        elif problem := syntax.problem(url):
            link.status, link.reason = BROKEN, problem
        elif entry := allowlist.match(url, entries):
            link.reason = f"allowlisted host {entry.host}: {entry.reason}"
        elif reusable(previous := earlier_links.get(url)):
            link.status, link.reason = previous["status"], previous["reason"]
            link.moved_to = previous.get("moved_to") if previous["status"] == OK else None
            link.checked_at = previous.get("checked_at", earlier_at)
        elif offline:
            link.reason = "offline run: syntax checked only"
        elif verified := cache.fresh_ok(cached, urldefrag(url).url, now):
            link.status, link.reason = OK, f"verified ok at {verified['checked_at']} (cache)"
            link.moved_to = with_fragment(verified.get("moved_to"), url)
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
        found = extract.collect(args.paths or SITE_SOURCES)
        if args.changed_since:
            lines = changed.changed_lines(args.changed_since)
            found = {url: kept for url, locs in found.items() if (kept := [l for l in locs if (l.file, l.line) in lines])}
        cached = cache.load(args.cache) if args.cache else {}
        earlier = load_earlier(args.reuse_report)
    except (allowlist.AllowlistError, cache.CacheError, report.ReportError, changed.GitError, FileNotFoundError, UnicodeDecodeError) as error:
        print(f"check_links: {error}", file=sys.stderr)
        return 2

    links, to_check = triage(found, entries, cached, args.offline, now, earlier)
    reused = sum(1 for link in links if link.checked_at)
    earlier_report = {"checked_at": earlier[0], "reused": reused} if earlier and reused else None
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
            link.moved_to = with_fragment(result.moved_to, link.url) if result else None
            links.append(link)
        if result:
            cached[key] = {"status": result.status, "checked_at": now.isoformat()}
            if result.moved_to:
                cached[key]["moved_to"] = result.moved_to
        else:
            unchecked += 1

    write_outputs(args, links, now.isoformat(), cached, now, earlier_report)
    if args.fix_moved:
        rewrites = fix.rewrite_moved(links)
        for line in rewrites.refused:
            print(line, file=sys.stderr)
        print(f"check_links: --fix-moved rewrote {len(rewrites.done)} moved links in {len(rewrites.files)} files"
              f"{'; review with git diff' if rewrites.files else ''}", file=sys.stderr)
    if unchecked:
        print(f"check_links: {unchecked} URLs were not checked (LinkChecker stopped early): failing the run", file=sys.stderr)
        return 2
    return 1 if any(link.status == BROKEN for link in links) else 0


def load_earlier(path: Path | None) -> tuple[str, dict[str, dict]] | None:
    """The report to reuse; a missing one (e.g. no weekly run cached yet) means "check everything"."""
    if path is None:
        return None
    if not path.exists():
        print(f"check_links: no earlier report at {path}: every link is checked", file=sys.stderr)
        return None
    return report.load_json(path)


def write_outputs(args, links, checked_at, cached, now, earlier_report=None) -> None:
    for line in report.console_lines(links):
        print(line)
    if os.environ.get("GITHUB_ACTIONS"):
        for line in report.github_annotations(links):
            print(line)
    print(f"check_links: {report.summary_line(links, sum(1 for l in links if l.reason == NOT_CHECKED))}", file=sys.stderr)
    scope = "links changed since " + args.changed_since if args.changed_since else "all links"
    if args.json:
        report.write_json(args.json, links, checked_at, earlier_report)
    if args.markdown:
        report.write_markdown(args.markdown, links, checked_at, scope, earlier_report)
    if summary := os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(summary, "a", encoding="utf-8") as out:
            out.write(report.to_markdown(links, checked_at, scope, earlier_report) + "\n")
    if args.cache and not args.offline:
        cache.save(args.cache, cached, now)


if __name__ == "__main__":
    sys.exit(main())
