#!/usr/bin/env python3
"""The pull-request summary: build result, validation errors, the links the change adds, the preview.

    python3 scripts/pr_summary.py --base <base commit> [--artifact-url URL] >> "$GITHUB_STEP_SUMMARY"

Run by .github/workflows/pr-summary.yml. Writes Markdown to standard output and exits 1 when the
validation failed or an added link is broken, so the job's status matches what the summary says.
Only links on `+` lines of the diff are checked: the full link check is the link-checker's job.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import validate  # noqa: E402  (sibling script)

ROOT = validate.ROOT
WATCHED = ["docs", "CONTRIBUTING.md"]
URL_RE = re.compile(r"https?://[^\s)<>\"'`\]]+")
HUNK_RE = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,\d+)? @@")
USER_AGENT = "deep-learning-roadmap-pr-summary (+link check of a pull request)"


@dataclass(frozen=True)
class AddedLink:
    path: str
    line: int
    url: str


@dataclass(frozen=True)
class LinkResult:
    link: AddedLink
    ok: bool
    status: str  # "200", "404", "timed out", …


def added_links(diff: str) -> list[AddedLink]:
    """http(s) URLs on the added lines of a unified diff (`git diff -U0`), with their new line numbers."""
    found, path, line = [], None, 0
    for row in diff.splitlines():
        if row.startswith("+++ "):
            path = row[6:] if row.startswith("+++ b/") else None
        elif match := HUNK_RE.match(row):
            line = int(match["start"])
        elif row.startswith("+") and path:
            for url in URL_RE.findall(row[1:]):
                found.append(AddedLink(path, line, url.rstrip(".,;:")))
            line += 1
        elif row.startswith(" ") and path:
            line += 1
    return found


def check_link(link: AddedLink, timeout: float = 15.0) -> LinkResult:
    """HEAD first; servers that refuse HEAD get a GET. 2xx and 3xx-followed-to-2xx pass."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(link.url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return LinkResult(link, True, str(response.status))
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return LinkResult(link, False, str(error.code))
        except TimeoutError:
            return LinkResult(link, False, "timed out")
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            return LinkResult(link, False, "timed out" if isinstance(reason, TimeoutError) else f"unreachable ({reason})")
    raise AssertionError("unreachable")


def check_links(links: list[AddedLink], timeout: float = 15.0) -> list[LinkResult]:
    unique = list({link.url: link for link in links}.values())
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda link: check_link(link, timeout), unique))


def render(result: validate.Validation, links: list[LinkResult], artifact_url: str | None) -> str:
    out = ["## Site check for this pull request", ""]
    problems = [*result.problems, *result.messages]
    if result.ok:
        out += ["**Build: passed.** The site builds strictly with no validation problems.", ""]
    else:
        out += [f"**Build: failed** with {len(problems)} problem(s). Each line names the file and line to fix:", ""]
        out += ["```text", *problems, "```", ""]
        out += ["Run `python3 scripts/validate.py` locally for the same list; CONTRIBUTING.md explains each message.", ""]
    out += ["### Links added by this change", ""]
    if not links:
        out += ["No new external links.", ""]
    else:
        broken = [r for r in links if not r.ok]
        out += [f"{len(links) - len(broken)} of {len(links)} new link(s) work.", ""]
        out += ["| Result | Link | Where |", "| --- | --- | --- |"]
        for r in sorted(links, key=lambda r: (r.ok, r.link.path, r.link.line)):
            mark = "ok" if r.ok else "**broken**"
            out.append(f"| {mark} ({r.status}) | {r.link.url} | `{r.link.path}:{r.link.line}` |")
        out.append("")
    out += ["### Preview", ""]
    if artifact_url:
        out += [f"[Download the built site]({artifact_url}) (a zip; open `index.html` after unpacking).", ""]
    else:
        out += ["No preview: the site did not build.", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="commit the pull request is compared with")
    parser.add_argument("--artifact-url", default="", help="URL of the uploaded site artifact")
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    project = args.project.resolve()
    diff = subprocess.run(
        ["git", "diff", "-U0", f"{args.base}...HEAD", "--", *WATCHED],
        cwd=project, check=True, capture_output=True, text=True,
    ).stdout
    links = check_links(added_links(diff))
    result = validate.validate(project)
    print(render(result, links, args.artifact_url or None))
    return 0 if result.ok and all(r.ok for r in links) else 1


if __name__ == "__main__":
    sys.exit(main())
