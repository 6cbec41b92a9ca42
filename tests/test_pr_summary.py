"""The pull-request summary (scripts/pr_summary.py): added links from the diff, their status, the report.

Links are checked against a server this test starts on 127.0.0.1; nothing leaves the machine.
"""

from __future__ import annotations

import http.server
import sys
import threading

import pytest
from conftest import ROOT
from test_contributing import git, section_page_with_resources

sys.path.insert(0, str(ROOT / "scripts"))
import pr_summary  # noqa: E402
import validate  # noqa: E402


class LinkTargets(http.server.BaseHTTPRequestHandler):
    """/ok answers 200, /gone 404, /no-head refuses HEAD (405) but answers GET."""

    def _answer(self, with_body: bool) -> None:
        if self.path == "/no-head" and self.command == "HEAD":
            status = 405
        else:
            status = {"/ok": 200, "/no-head": 200}.get(self.path, 404)
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"hi")

    def do_HEAD(self):  # noqa: N802 (http.server's naming)
        self._answer(with_body=False)

    def do_GET(self):  # noqa: N802
        self._answer(with_body=True)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def link_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), LinkTargets)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_added_links_come_from_added_lines_with_their_line_numbers(tmp_path):
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "page.md"
    page.write_text("# Page\n\nOld [link](https://old.example.org/a).\nKeep this line.\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    page.write_text(
        "# Page\n\nKeep this line.\nSee [new](https://new.example.org/b), then https://plain.example.org/c.\n"
        "\n- [Paper](https://arxiv.org/abs/1706.03762) <!-- md:resource type=paper cost=free level=advanced -->\n",
        encoding="utf-8",
    )
    diff = git(tmp_path, "diff", "-U0", "HEAD", "--", "docs")
    found = pr_summary.added_links(diff)
    assert [(link.path, link.line, link.url) for link in found] == [
        ("docs/page.md", 4, "https://new.example.org/b"),
        ("docs/page.md", 4, "https://plain.example.org/c"),  # sentence punctuation is not part of the URL
        ("docs/page.md", 6, "https://arxiv.org/abs/1706.03762"),
    ]


def test_links_are_checked_head_first_then_get(link_server, tmp_path):
    def link(path):
        return pr_summary.AddedLink("docs/x.md", 1, f"{link_server}{path}")

    import socket

    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{closed.getsockname()[1]}/"
    results = {r.link.url: r for r in pr_summary.check_links([link("/ok"), link("/gone"), link("/no-head"),
                                                                pr_summary.AddedLink("docs/x.md", 2, dead)], timeout=5)}
    assert (results[f"{link_server}/ok"].ok, results[f"{link_server}/ok"].status) == (True, "200")
    assert (results[f"{link_server}/gone"].ok, results[f"{link_server}/gone"].status) == (False, "404")
    assert results[f"{link_server}/no-head"].ok
    assert not results[dead].ok and results[dead].status.startswith("unreachable")


def test_summary_of_a_pull_request_with_a_mistake_and_a_broken_link(project_copy, link_server, capsys):
    git(project_copy, "init", "-q")
    git(project_copy, "add", "-A")
    git(project_copy, "commit", "-q", "-m", "base")
    base = git(project_copy, "rev-parse", "HEAD").strip()
    page, lines, _, end = section_page_with_resources(project_copy)
    relative = page.relative_to(project_copy).as_posix()
    added = [
        f"- [A page that is gone]({link_server}/gone) <!-- md:resource type=article cost=free level=beginner -->",
        f"- [A working page]({link_server}/ok) <!-- md:resource type=blog cost=free level=beginner -->",
    ]
    page.write_text("\n".join(lines[:end] + added + lines[end:]) + "\n", encoding="utf-8")
    git(project_copy, "commit", "-q", "-am", "add two resources")

    status = pr_summary.main(["--base", base, "--project", str(project_copy), "--artifact-url", ""])
    summary = capsys.readouterr().out
    assert status == 1
    assert "**Build: failed** with" in summary
    assert f"{relative}:{end + 2}: md:resource has unknown type 'blog'" in summary
    assert f"| **broken** (404) | {link_server}/gone | `{relative}:{end + 1}` |" in summary
    assert f"| ok (200) | {link_server}/ok | `{relative}:{end + 2}` |" in summary
    assert "1 of 2 new link(s) work." in summary
    assert "No preview: the site did not build." in summary


def test_summary_of_a_clean_pull_request_links_the_preview():
    passed = validate.Validation(ok=True)
    summary = pr_summary.render(passed, [], "https://github.com/o/r/actions/runs/1/artifacts/2")
    assert "**Build: passed.**" in summary
    assert "No new external links." in summary
    assert "[Download the built site](https://github.com/o/r/actions/runs/1/artifacts/2)" in summary
