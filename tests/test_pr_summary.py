"""The pull-request summary (scripts/pr_summary.py): the links a change adds, as check_links.py judges them.

The summary requests nothing itself: it runs scripts/check_links.py (`--changed-since`) and
presents its JSON report, so a link gets the same verdict as in the links workflow. The links
point at servers this test starts on 127.0.0.x (scripts/linkcheck_lib/loopback.py).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT
from test_contributing import git, section_page_with_resources

sys.path.insert(0, str(ROOT / "scripts"))
import pr_summary  # noqa: E402
import validate  # noqa: E402
from linkcheck_lib.loopback import Loopback  # noqa: E402

ROW_RE = re.compile(r"^\| (?P<result>[^|]+?) \| (?P<url>\S+) \| `(?P<where>[^`]+)` \|$", re.M)


@pytest.fixture(scope="module")
def link_server():
    with Loopback("127.0.0.31") as server:
        yield server


def pull_request(project, lines_to_add: list[str]) -> tuple[str, str, int]:
    """Commit the copy as the base, then append `lines_to_add` to a section's resources in a
    second commit. Returns (base commit, page path, line of the first added line)."""
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    base = git(project, "rev-parse", "HEAD").strip()
    page, lines, _, end = section_page_with_resources(project)
    page.write_text("\n".join(lines[:end] + lines_to_add + lines[end:]) + "\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "add resources")
    return base, page.relative_to(project).as_posix(), end + 1


def resource(title: str, url: str, kind: str = "article") -> str:
    return f"- [{title}]({url}) <!-- md:resource type={kind} cost=free level=beginner -->"


def summary_rows(summary: str) -> dict[str, str]:
    """URL -> the status word its row starts with (ok, broken, unverifiable, skipped)."""
    return {row["url"]: row["result"].strip("*").split()[0].strip("*,") for row in ROW_RE.finditer(summary)}


def test_summary_gives_the_checkers_verdicts_and_passes_without_broken_links(project_copy, link_server, capsys, monkeypatch):
    # The build's half of the summary is the next test's; a passing build costs a full site build.
    monkeypatch.setattr(validate, "validate", lambda project: validate.Validation(ok=True))
    u = link_server.url
    urls = [u("/ok"), u("/forbidden"), u("/always-503"), u("/r301/ok"), u("/r302/ok")]
    base, page, first = pull_request(project_copy, [resource(f"Resource {n}", url) for n, url in enumerate(urls)])

    status = pr_summary.main(["--base", base, "--project", str(project_copy), "--artifact-url", "https://example.net/a"])
    summary = capsys.readouterr().out

    # The same URLs through the checker directly (only them: the page's other links are real
    # addresses, never requested here): the verdicts must be the summary's.
    direct_page, report = project_copy.parent / "same-urls.md", project_copy.parent / "direct.json"
    direct_page.write_text("".join(f"- <{url}>\n" for url in urls))
    subprocess.run([sys.executable, str(ROOT / "scripts" / "check_links.py"), str(direct_page), "--json", str(report)],
                   capture_output=True, check=False)
    direct = {link["url"]: link["status"] for link in json.loads(report.read_text())["links"]}
    assert summary_rows(summary) == direct == {
        u("/ok"): "ok", u("/forbidden"): "unverifiable", u("/always-503"): "unverifiable", u("/r301/ok"): "ok", u("/r302/ok"): "ok",
    }
    # 403 and 5xx are "unverifiable" here as everywhere: they do not fail the pull request.
    assert status == 0, summary
    assert "5 new link(s): 2 unverifiable, 1 moved, 2 ok." in summary
    assert f"| ok, **moved** to {u('/ok')} | {u('/r301/ok')} | `{page}:{first + 3}` |" in summary
    assert f"| unverifiable (HTTP 403 Forbidden) | {u('/forbidden')} | `{page}:{first + 1}` |" in summary
    assert "--fix-moved" in summary


def test_summary_of_a_pull_request_with_a_mistake_and_broken_links(project_copy, link_server, capsys):
    u = link_server.url
    base, page, first = pull_request(project_copy, [
        resource("A page that is gone", u("/missing")),
        resource("A working page", u("/ok"), kind="blog"),
        resource("A page sent home", u("/r301/")),
    ])

    status = pr_summary.main(["--base", base, "--project", str(project_copy), "--artifact-url", ""])
    summary = capsys.readouterr().out
    assert status == 1
    assert "**Build: failed** with" in summary
    assert f"{page}:{first + 1}: md:resource has unknown type 'blog'" in summary
    assert f"| **broken** (HTTP 404 Not Found) | {u('/missing')} | `{page}:{first}` |" in summary
    assert f"| **broken** (soft 404: permanently redirected to the site's front page {u('/')}) | {u('/r301/')} | `{page}:{first + 2}` |" in summary
    assert f"| ok (HTTP 200 OK) | {u('/ok')} | `{page}:{first + 1}` |" in summary
    assert "3 new link(s): 2 broken, 1 ok." in summary
    assert "No preview: the site did not build." in summary


def test_an_unfinished_link_check_fails_the_summary_and_says_why():
    unfinished = pr_summary.LinkCheck(2, error="check_links: git diff --merge-base failed")
    text = "\n".join(pr_summary.render_links(unfinished))
    assert "**The link check did not finish** (check_links.py exited with 2: check_links: git diff --merge-base failed)." in text
    assert "No new external links." not in text


def test_summary_of_a_clean_pull_request_links_the_preview():
    passed = validate.Validation(ok=True)
    summary = pr_summary.render(passed, pr_summary.LinkCheck(0), "https://github.com/o/r/actions/runs/1/artifacts/2")
    assert "**Build: passed.**" in summary
    assert "No new external links." in summary
    assert "[Download the built site](https://github.com/o/r/actions/runs/1/artifacts/2)" in summary
