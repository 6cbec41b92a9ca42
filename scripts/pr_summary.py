#!/usr/bin/env python3
"""The pull-request summary: build result, validation errors, the links the change adds, the preview.

    python3 scripts/pr_summary.py --base <base commit> [--artifact-url URL] >> "$GITHUB_STEP_SUMMARY"

Run by .github/workflows/pr-summary.yml. Writes Markdown to standard output and exits 1 when the
validation failed, an added link is broken, or the link check could not finish, so the job's
status matches what the summary says.

The links are checked by scripts/check_links.py (`--changed-since <base>`), the project's one
link-checking engine: this script only presents its JSON report, so a link gets the same verdict
here as in the links workflow, the deploy and `dev.py links`. The rules are in
docs/contributing/links.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import validate  # noqa: E402  (sibling script)

ROOT = validate.ROOT
CHECK_LINKS = Path(__file__).resolve().parent / "check_links.py"
WATCHED = ["docs", "CONTRIBUTING.md"]  # CONTRIBUTING.md is on the site too (docs/contributing/guide.md)
# Most urgent first: what fails the job, then what needs a look, then what only needs an update.
ORDER = {"broken": 0, "unverifiable": 1, "moved": 2, "ok": 3, "skipped": 4}


@dataclass
class LinkCheck:
    """What scripts/check_links.py said about the links a change adds or changes."""

    exit_code: int
    links: list[dict] = field(default_factory=list)  # the "links" of its JSON report
    error: str = ""  # why there is no report, when there is none

    @property
    def finished(self) -> bool:
        return self.exit_code in (0, 1)


def check_added_links(project: Path, base: str) -> LinkCheck:
    """Run check_links.py on the links added or changed since `base` and read its JSON report."""
    # Its annotations and job summary belong to the links workflow; here only the report is used.
    env = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    paths = [path for path in WATCHED if (project / path).exists()]
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "links.json"
        done = subprocess.run(
            [sys.executable, str(CHECK_LINKS), *paths, "--changed-since", base, "--json", str(report)],
            cwd=project, env=env, capture_output=True, text=True,
        )
        sys.stderr.write(done.stderr)
        if not report.exists():
            last = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
            return LinkCheck(done.returncode, error=last[0])
        return LinkCheck(done.returncode, json.loads(report.read_text(encoding="utf-8"))["links"])


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("`", "'")


def _kind(link: dict) -> str:
    return "moved" if link.get("moved_to") else link["status"]


def _result(link: dict) -> str:
    if link.get("moved_to"):
        return f"ok, **moved** to {_cell(link['moved_to'])}"
    shown = {"broken": "**broken**"}.get(link["status"], link["status"])
    return f"{shown} ({_cell(link['reason'])})"


def render_links(check: LinkCheck) -> list[str]:
    out = ["### Links added by this change", ""]
    if not check.finished:
        reason = check.error or "some links were not checked"
        out += [f"**The link check did not finish** (check_links.py exited with {check.exit_code}: {_cell(reason)}).", ""]
    if not check.links:
        return out + (["No new external links.", ""] if check.finished else [])
    counts = {kind: sum(1 for link in check.links if _kind(link) == kind) for kind in ORDER}
    counted = ", ".join(f"{count} {kind}" for kind, count in counts.items() if count)
    out += [f"{len(check.links)} new link(s): {counted}. What each result means: docs/contributing/links.md.", ""]
    if counts["moved"]:
        out += ["A moved link still works through a permanent redirect; write its new address"
                " (`python scripts/check_links.py --changed-since origin/main --fix-moved` does it).", ""]
    out += ["| Result | Link | Where |", "| --- | --- | --- |"]
    rows = sorted(
        (((ORDER[_kind(link)], location["file"], location["line"], link["url"]), link)
         for link in check.links for location in link["locations"]),
        key=lambda row: row[0],
    )
    for (_, file, line, url), link in rows:
        out.append(f"| {_result(link)} | {_cell(url)} | `{file}:{line}` |")
    return out + [""]


def render(result: validate.Validation, links: LinkCheck, artifact_url: str | None) -> str:
    out = ["## Site check for this pull request", ""]
    problems = [*result.problems, *result.messages]
    if result.ok:
        out += ["**Build: passed.** The site builds strictly with no validation problems.", ""]
    else:
        out += [f"**Build: failed** with {len(problems)} problem(s). Each line names the file and line to fix:", ""]
        out += ["```text", *problems, "```", ""]
        out += ["Run `python3 scripts/validate.py` locally for the same list; CONTRIBUTING.md explains each message.", ""]
    out += render_links(links)
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
    links = check_added_links(project, args.base)
    result = validate.validate(project)
    print(render(result, links, args.artifact_url or None))
    broken = any(link["status"] == "broken" for link in links.links)
    return 0 if result.ok and links.finished and not broken else 1


if __name__ == "__main__":
    sys.exit(main())
