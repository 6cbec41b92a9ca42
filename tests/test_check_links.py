"""The link checker (scripts/check_links.py): every classification rule and LinkChecker trap.

Every server is started here on 127.x addresses (scripts/linkcheck_lib/loopback.py); the only
other host name used is `.invalid`, which never resolves and sends no traffic. The main scenario
runs the real command once over a page holding one link per behaviour, and the tests read its
outputs; other tests need their own run (exit codes, cache, git, time budget).
"""

from __future__ import annotations

import json
import re
import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
CHECK_LINKS = SCRIPTS / "check_links.py"
sys.path.insert(0, str(SCRIPTS))

from linkcheck_lib import extract, policy, report, runner, syntax  # noqa: E402
from linkcheck_lib.loopback import Loopback  # noqa: E402

# No allowlisted host may be requested; 127.0.0.9 has no server at all, so a request would fail.
TEST_ALLOWLIST = """\
hosts:
  - host: 127.0.0.9
    reason: The tests' stand-in for a host we promise never to request.
"""


def run_checker(*args: str | Path, cwd: Path, env: dict[str, str] | None = None, sigint_ignored: bool = False) -> subprocess.CompletedProcess:
    """Run scripts/check_links.py; `sigint_ignored` starts it the way a shell starts a background job."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GITHUB_")}
    environment.update(env or {})
    command = [sys.executable, str(CHECK_LINKS), *map(str, args)]
    ignore_sigint = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=120, preexec_fn=ignore_sigint)


@pytest.fixture
def allowlist_file(tmp_path) -> Path:
    path = tmp_path / "allowlist.yml"
    path.write_text(TEST_ALLOWLIST)
    return path


def by_url(report_json: dict) -> dict[str, dict]:
    return {link["url"]: link for link in report_json["links"]}


# --- The main scenario: one run, one link per behaviour ---------------------------------------


class Scenario:
    def __init__(self, workdir: Path, servers: dict[str, Loopback]) -> None:
        self.workdir = workdir
        self.servers = servers
        self.docs = workdir / "docs"
        self.result: subprocess.CompletedProcess | None = None
        self.seconds = 0.0

    def url(self, server: str, path: str) -> str:
        return self.servers[server].url(path)

    @property
    def json(self) -> dict:
        return json.loads((self.workdir / "report.json").read_text())

    def link(self, server: str, path: str) -> dict:
        return by_url(self.json)[self.url(server, path)]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("links")
    with ExitStack() as stack:
        servers = {
            # Every server answers /robots.txt with 403 "Disallow: /" (LinkChecker's trap).
            "main": stack.enter_context(Loopback("127.0.0.2")),
            "errors": stack.enter_context(Loopback("127.0.0.3")),
            "flaky": stack.enter_context(Loopback("127.0.0.4")),
            "slow": stack.enter_context(Loopback("127.0.0.5", slow_seconds=4)),
        }
        scene = Scenario(workdir, servers)
        scene.docs.mkdir()
        u = scene.url
        (scene.docs / "one.md").write_text(
            "# One\n"
            f"- [fine]({u('main', '/ok')})\n"
            f"- [missing]({u('main', '/missing')})\n"
            f"- [gone]({u('main', '/gone')})\n"
            f"- [bot wall]({u('main', '/forbidden')})\n"
            f"- [moved]({u('main', '/redirect-ok')})\n"
            f"- [moved to nothing]({u('main', '/redirect-404')})\n"
            f"- [loop]({u('main', '/loop')})\n"
            f"- [GET only]({u('main', '/no-head')})\n"
            f"- [section one]({u('main', '/ok#one')})\n"
            "```\n"
            f"[in a code block]({u('main', '/code-block')})\n"
            "```\n"
            f"See `{u('main', '/inline-code')}` and [ref][r].\n"
            "\n"
            f"[r]: {u('main', '/ok')}\n"
        )
        (scene.docs / "two.md").write_text(
            f"<a href=\"{u('main', '/ok#two')}\">html</a> and <{u('main', '/ok#one')}>\n"
            f"- [down]({u('errors', '/always-503')})\n"
            f"- [reset]({u('errors', '/reset')})\n"
            f"- [busy once]({u('flaky', '/flaky-429')})\n"
            f"- [down once]({u('flaky', '/flaky-503')})\n"
            f"- [slow]({u('slow', '/slow')})\n"
            "- [no such host](http://no-such-host.invalid/page)\n"
            "- [bad port](http://127.0.0.2:99999/x)\n"
            "- [bad host](https://under_score.example.net/)\n"
            "- [mail](mailto:someone@example.net)\n"
            "- [never requested](http://127.0.0.9/anything)\n"
        )
        allowlist = workdir / "allowlist.yml"
        allowlist.write_text(TEST_ALLOWLIST)
        started = time.monotonic()
        scene.result = run_checker(
            "docs", "--timeout", "1", "--allowlist", allowlist,
            "--json", "report.json", "--markdown", "report.md",
            cwd=workdir, env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(workdir / "summary.md")},
        )
        scene.seconds = time.monotonic() - started
        yield scene


def test_scenario_exits_1_because_links_are_broken(scenario):
    assert scenario.result.returncode == 1, scenario.result.stderr


def test_json_report_follows_the_contract(scenario):
    data = scenario.json
    assert set(data) == {"checked_at", "links"}
    assert data["checked_at"].endswith("+00:00") and "T" in data["checked_at"]
    for link in data["links"]:
        assert set(link) == {"url", "status", "reason", "locations"}
        assert link["status"] in ("ok", "broken", "unverifiable", "skipped")
        assert link["reason"]
        assert all(set(loc) == {"file", "line"} and loc["file"].startswith("docs/") for loc in link["locations"])


@pytest.mark.parametrize(
    "server, path, status, reason",
    [
        ("main", "/ok", "ok", "HTTP 200"),
        ("main", "/missing", "broken", "HTTP 404"),
        ("main", "/gone", "broken", "HTTP 410"),
        ("main", "/forbidden", "unverifiable", "HTTP 403"),
        ("main", "/redirect-ok", "ok", "after redirect to"),
        ("main", "/redirect-404", "broken", "HTTP 404 Not Found after redirect to"),
        ("main", "/loop", "unverifiable", "redirect loop"),
        ("main", "/no-head", "ok", "HTTP 200"),
        ("errors", "/always-503", "unverifiable", "HTTP 503 Service Unavailable, after 3 attempts"),
        ("errors", "/reset", "unverifiable", "connection reset"),
        ("flaky", "/flaky-429", "ok", "HTTP 200 OK, after 2 attempts"),
        ("flaky", "/flaky-503", "ok", "HTTP 200 OK, after 2 attempts"),
        ("slow", "/slow", "unverifiable", "timed out, after 3 attempts"),
    ],
)
def test_http_behaviour_is_classified(scenario, server, path, status, reason):
    link = scenario.link(server, path)
    assert (link["status"], reason in link["reason"]) == (status, True), link


@pytest.mark.parametrize(
    "url, status, reason",
    [
        ("http://no-such-host.invalid/page", "broken", "host name does not resolve"),
        ("http://127.0.0.2:99999/x", "broken", "malformed URL"),
        ("https://under_score.example.net/", "broken", "malformed URL"),
        ("mailto:someone@example.net", "skipped", "mailto"),
        ("http://127.0.0.9/anything", "skipped", "allowlisted host 127.0.0.9: The tests' stand-in"),
    ],
)
def test_non_http_outcomes_are_classified(scenario, url, status, reason):
    link = by_url(scenario.json)[url]
    assert (link["status"], reason in link["reason"]) == (status, True), link


def test_robots_txt_is_never_consulted(scenario):
    # The server's robots.txt is a 403 that bars everything: with LinkChecker's defaults /missing
    # would pass as "valid" without being fetched.
    main = scenario.servers["main"]
    assert ("GET", "/missing") in [(method, path) for method, path, _ in main.requests]
    assert not any(path == "/robots.txt" for server in scenario.servers.values() for _, path, _ in server.requests)


def test_head_refusing_server_is_checked_with_get(scenario):
    methods = {method for method, path, _ in scenario.servers["main"].requests if path == "/no-head"}
    assert methods == {"GET"}


def test_retry_after_is_honoured(scenario):
    times = [at for _, path, at in scenario.servers["flaky"].requests if path == "/flaky-429"]
    assert len(times) == 2
    assert times[1] - times[0] >= 2.0  # the server asked for 2 s; our own first backoff is 1 s


def test_5xx_is_retried_with_growing_pauses(scenario):
    times = [at for _, path, at in scenario.servers["errors"].requests if path == "/always-503"]
    assert len(times) == runner.MAX_ATTEMPTS == 3
    assert times[1] - times[0] >= 1.0 and times[2] - times[1] >= 2.0


def test_fragments_share_one_request_and_keep_every_location(scenario):
    data = by_url(scenario.json)
    one, two = scenario.url("main", "/ok#one"), scenario.url("main", "/ok#two")
    assert [(l["file"], l["line"]) for l in data[one]["locations"]] == [("docs/one.md", 10), ("docs/two.md", 1)]
    assert [(l["file"], l["line"]) for l in data[two]["locations"]] == [("docs/two.md", 1)]
    assert data[one]["status"] == data[two]["status"] == "ok"
    # /ok, /ok#one, /ok#two and the reference definition: one request for all of them.
    assert [path for _, path, _ in scenario.servers["main"].requests].count("/ok") == 2  # + the redirect's target
    plain = data[scenario.url("main", "/ok")]
    assert [(l["file"], l["line"]) for l in plain["locations"]] == [("docs/one.md", 2), ("docs/one.md", 16)]


def test_code_is_not_checked(scenario):
    urls = set(by_url(scenario.json))
    assert scenario.url("main", "/code-block") not in urls
    assert scenario.url("main", "/inline-code") not in urls


def test_allowlisted_host_is_never_requested(scenario):
    # 127.0.0.9 has no server: had it been requested the link could not be "skipped".
    assert by_url(scenario.json)["http://127.0.0.9/anything"]["status"] == "skipped"


def test_console_lines_name_file_line_status_url_and_reason(scenario):
    lines = scenario.result.stdout.splitlines()
    missing = scenario.url("main", "/missing")
    assert f"docs/one.md:3: broken: {missing} (HTTP 404 Not Found)" in lines
    assert any(line.startswith("docs/two.md:2: unverifiable: ") and "always-503" in line for line in lines)
    assert not any(": ok: " in line or ": skipped: " in line for line in lines)


def test_github_annotations_when_running_in_actions(scenario):
    lines = scenario.result.stdout.splitlines()
    missing = scenario.url("main", "/missing")
    assert f"::error file=docs/one.md,line=3,title=broken link::{missing} (HTTP 404 Not Found)" in lines
    assert any(line.startswith("::warning file=docs/two.md,line=2,") for line in lines)


def test_no_annotations_outside_actions(tmp_path, allowlist_file):
    (tmp_path / "a.md").write_text("[x](http://no-such-host.invalid/)\n")
    result = run_checker("a.md", "--allowlist", allowlist_file, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["a.md:1: broken: http://no-such-host.invalid/ (host name does not resolve)"]


def test_job_summary_gets_the_markdown_report_in_actions(scenario):
    assert (scenario.workdir / "summary.md").read_text().strip() == (scenario.workdir / "report.md").read_text().strip()


def test_markdown_report_lists_problems_with_locations(scenario):
    text = (scenario.workdir / "report.md").read_text()
    assert text.startswith("# Link check report")
    assert "| broken | 6 |" in text  # 404, 410, redirect to 404, .invalid, bad port, bad host
    broken = text.split("## Broken")[1].split("## Unverifiable")[0]
    assert f"<{scenario.url('main', '/missing')}>" in broken and "`docs/one.md:3`" in broken
    assert "always-503" in text.split("## Unverifiable")[1]


def test_hosts_run_in_parallel(scenario):
    # Serially: the slow host alone takes 3 timeouts + 3 s of backoff, the 503 host 3 s of
    # backoff, the flaky host 2 s: in parallel the run costs about the slowest host.
    assert scenario.seconds < 14, scenario.seconds


# --- Politeness and speed --------------------------------------------------------------------


def test_each_host_gets_one_request_at_a_time_while_hosts_run_in_parallel():
    with ExitStack() as stack:
        servers = [stack.enter_context(Loopback(f"127.0.1.{n}", latency=0.25)) for n in range(1, 7)]
        urls = [server.url(f"/page{i}") for server in servers for i in range(12)]
        started = time.monotonic()
        results = runner.check(urls, timeout=5)
        seconds = time.monotonic() - started
    assert {result.status for result in results.values()} == {"ok"} and len(results) == 72
    assert max(server.most_in_flight for server in servers) == 1
    serial = 72 * 0.25  # 18 s; in parallel about one host's 12 requests (3 s) plus pacing and start-up
    assert seconds < serial / 2, f"{seconds:.1f} s: hosts were not checked in parallel"
    for server in servers:
        starts = [at for _, _, at in server.requests]
        gaps = [later - earlier for earlier, later in zip(starts, starts[1:])]
        assert min(gaps) >= 0.25 - 0.02  # one in flight: the next starts after the last answered


def test_benchmark_300_urls_on_30_hosts(perf_report):
    # scripts/bench_links.py: the target is under 4 s against a polite ideal of 2 s; the
    # bound here leaves room for a loaded CI machine but not for hosts checked one after another
    # (LinkChecker alone takes well over a minute on the same URLs).
    done = subprocess.run([sys.executable, str(SCRIPTS / "bench_links.py")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    wall = float(re.search(r"check_links\.py: ([\d.]+) s wall", done.stdout).group(1))
    perf_report(f"link check benchmark: 300 URLs on 30 hosts at 0.2 s latency in {wall:.2f} s (polite ideal 2.00 s)")
    assert "at most 1 request(s) in flight" in done.stdout
    assert wall < 8, done.stdout


# --- Exit codes --------------------------------------------------------------------------------


def test_exit_0_when_nothing_is_broken(tmp_path, allowlist_file):
    with Loopback("127.0.0.6") as server:
        (tmp_path / "a.md").write_text(f"[a]({server.url('/ok')}) [b]({server.url('/forbidden')}) [c](mailto:x@y.org)\n")
        result = run_checker("a.md", "--allowlist", allowlist_file, "--json", "r.json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    statuses = sorted(link["status"] for link in json.loads((tmp_path / "r.json").read_text())["links"])
    assert statuses == ["ok", "skipped", "unverifiable"]  # unverifiable is reported, never fails


@pytest.mark.parametrize("args", [["--no-such-option"], ["--timeout", "0"], ["--timeout", "soon"], ["missing-dir/"]])
def test_exit_2_on_usage_errors(tmp_path, allowlist_file, args):
    result = run_checker(*args, "--allowlist", allowlist_file, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip()


def test_exit_2_when_an_allowlist_entry_has_no_reason(tmp_path):
    (tmp_path / "allow.yml").write_text("hosts:\n  - host: a.example.net\n    reason: fine\n  - host: b.example.net\n")
    (tmp_path / "a.md").write_text("nothing\n")
    result = run_checker("a.md", "--allowlist", "allow.yml", cwd=tmp_path)
    assert result.returncode == 2
    assert "allow.yml:4: entry for b.example.net needs a `reason:`" in result.stderr


# "background": started with SIGINT ignored, as by `cmd &` in a script; LinkChecker's stop must still work.
@pytest.mark.parametrize("sigint_ignored", [False, True], ids=["foreground", "background"])
def test_exit_2_when_linkchecker_stops_before_every_url_is_checked(tmp_path, allowlist_file, sigint_ignored):
    # maxrunseconds makes LinkChecker exit 0 with URLs never checked; that must not pass.
    with Loopback("127.0.0.7", latency=0.3) as server:
        (tmp_path / "a.md").write_text("".join(f"- [p]({server.url(f'/page{i}')})\n" for i in range(40)))
        result = run_checker(
            "a.md", "--allowlist", allowlist_file, "--max-run-seconds", "1", "--json", "r.json", cwd=tmp_path, sigint_ignored=sigint_ignored
        )
    assert result.returncode == 2, result.stdout + result.stderr
    links = json.loads((tmp_path / "r.json").read_text())["links"]
    not_checked = [link for link in links if link["reason"].startswith("not checked")]
    assert not_checked and all(link["status"] == "unverifiable" for link in not_checked)
    assert "were not checked" in result.stderr


def test_exit_2_when_linkchecker_itself_fails(tmp_path, monkeypatch, capsys):
    import check_links

    def crash(*args, **kwargs):
        raise runner.CheckerFailed("LinkChecker failed on example.net: boom")

    monkeypatch.setattr(runner, "check", crash)
    (tmp_path / "a.md").write_text("[x](https://example.net/)\n")
    allow = tmp_path / "allow.yml"
    allow.write_text("hosts: []\n")
    assert check_links.main([str(tmp_path / "a.md"), "--allowlist", str(allow)]) == 2
    assert "boom" in capsys.readouterr().err


def test_reports_are_written_as_root_without_dropping_privileges(tmp_path, allowlist_file):
    # LinkChecker's command line drops root to `nobody`, which could not write into a private
    # folder; the wrapper drives its API instead, in this process's own identity.
    import check_links

    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    euid = os.geteuid()
    with Loopback("127.0.0.8") as server:
        (tmp_path / "a.md").write_text(f"[ok]({server.url('/ok')})\n")
        code = check_links.main([str(tmp_path / "a.md"), "--allowlist", str(allowlist_file), "--json", str(private / "r.json")])
    assert code == 0
    assert os.geteuid() == euid
    assert by_url(json.loads((private / "r.json").read_text()))[server.url("/ok")]["status"] == "ok"


# --- TLS ---------------------------------------------------------------------------------------


def test_untrusted_tls_certificate_is_broken(tmp_path, allowlist_file):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.10",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    with Loopback("127.0.0.10", tls=(str(cert), str(key))) as server:
        (tmp_path / "a.md").write_text(f"[self-signed]({server.url('/ok')})\n")
        result = run_checker("a.md", "--allowlist", allowlist_file, "--json", "r.json", cwd=tmp_path)
    link = by_url(json.loads((tmp_path / "r.json").read_text()))[server.url("/ok")]
    assert (result.returncode, link["status"], link["reason"]) == (1, "broken", "TLS certificate failure")


# --- Cache -------------------------------------------------------------------------------------


def test_cache_skips_recently_verified_links_and_rechecks_the_rest(tmp_path, allowlist_file):
    with Loopback("127.0.0.11") as server:
        (tmp_path / "a.md").write_text(f"[ok]({server.url('/ok')}) [gone]({server.url('/gone')})\n")
        args = ("a.md", "--allowlist", allowlist_file, "--cache", "cache.json", "--json", "r.json")
        first = run_checker(*args, cwd=tmp_path)
        second = run_checker(*args, cwd=tmp_path)
        hits = dict(server.hits)
    assert (first.returncode, second.returncode) == (1, 1)
    assert hits["/ok"] == 1 and hits["/gone"] == 2  # only ok results are reused
    ok = by_url(json.loads((tmp_path / "r.json").read_text()))[server.url("/ok")]
    assert ok["status"] == "ok" and ok["reason"].endswith("(cache)")
    entries = json.loads((tmp_path / "cache.json").read_text())["entries"]
    assert entries[server.url("/ok")]["status"] == "ok" and entries[server.url("/gone")]["status"] == "broken"


def test_stale_cache_entries_are_checked_again(tmp_path, allowlist_file):
    with Loopback("127.0.0.12") as server:
        (tmp_path / "a.md").write_text(f"[ok]({server.url('/ok')})\n")
        stale = {"version": 1, "entries": {server.url("/ok"): {"status": "ok", "checked_at": "2020-01-01T00:00:00+00:00"}}}
        (tmp_path / "cache.json").write_text(json.dumps(stale))
        result = run_checker("a.md", "--allowlist", allowlist_file, "--cache", "cache.json", cwd=tmp_path)
        assert result.returncode == 0 and server.hits["/ok"] == 1


def test_corrupt_cache_is_a_usage_error(tmp_path, allowlist_file):
    (tmp_path / "a.md").write_text("text\n")
    (tmp_path / "cache.json").write_text("{not json")
    result = run_checker("a.md", "--allowlist", allowlist_file, "--cache", "cache.json", cwd=tmp_path)
    assert result.returncode == 2 and "cache.json:1:" in result.stderr


# --- Only what a pull request changed -----------------------------------------------------------


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.net", *args], cwd=cwd, check=True, capture_output=True)


def test_changed_since_checks_only_links_the_branch_added_or_changed(tmp_path, allowlist_file):
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    with Loopback("127.0.0.13") as server:
        page = repo / "docs" / "page.md"
        page.write_text(f"old [a]({server.url('/missing')})\nold [b]({server.url('/gone')})\n")
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", ".")
        git(repo, "commit", "-q", "-m", "base")
        git(repo, "checkout", "-q", "-b", "feature")
        page.write_text(
            f"old [a]({server.url('/missing')})\nchanged [b]({server.url('/ok')})\nnew [c]({server.url('/ok?new')})\n"
        )
        git(repo, "commit", "-q", "-am", "change")
        (repo / "docs" / "draft.md").write_text(f"[d]({server.url('/ok?draft')})\n")  # untracked: counts in full
        result = run_checker("docs", "--allowlist", allowlist_file, "--changed-since", "main", "--json", "r.json", cwd=repo)
        fetched = {path for _, path, _ in server.requests}
    assert result.returncode == 0, result.stdout + result.stderr
    links = by_url(json.loads((repo / "r.json").read_text()))
    assert set(links) == {server.url("/ok"), server.url("/ok?new"), server.url("/ok?draft")}
    assert links[server.url("/ok")]["locations"] == [{"file": "docs/page.md", "line": 2}]
    assert "/missing" not in fetched  # an unchanged broken link does not fail someone else's PR


def test_changed_since_unknown_ref_is_a_usage_error(tmp_path, allowlist_file):
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "a.md").write_text("text\n")
    result = run_checker("a.md", "--allowlist", allowlist_file, "--changed-since", "no-such-branch", cwd=tmp_path)
    assert result.returncode == 2 and "no-such-branch" in result.stderr


# --- Offline: what CI runs over the real docs/ without network ----------------------------------


def test_real_docs_pass_the_offline_check(tmp_path):
    result = run_checker("--offline", "--json", tmp_path / "r.json", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    links = json.loads((tmp_path / "r.json").read_text())["links"]
    assert len(links) > 20  # the roadmap's resources were found
    assert all(link["locations"][0]["file"].startswith("docs/") for link in links)
    assert {link["status"] for link in links} == {"skipped"}


def test_offline_check_fails_on_a_malformed_url_with_file_and_line(tmp_path, allowlist_file):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text("# Page\n\n- [paper](https://arxiv.org/abs/1706.03762)\n- [typo](https//arxiv.org/abs/1)\n- [port](https://arxiv.org:80a/)\n")
    result = run_checker("docs", "--offline", "--allowlist", allowlist_file, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/page.md:5: broken: https://arxiv.org:80a/ (malformed URL: Port could not be cast to integer value as '80a')"
    ]


def test_real_allowlist_gives_a_reason_for_every_host():
    from linkcheck_lib import allowlist

    entries = allowlist.load(SCRIPTS / "link-allowlist.yml")
    assert entries and all(len(entry.reason) > 20 for entry in entries)


# --- Pure pieces -------------------------------------------------------------------------------


def test_extraction_finds_every_link_form_and_skips_code():
    text = (
        "Inline [a](https://a.example.net/x_(y)) and [t](<https://t.example.net/> \"title\").\n"
        "Auto <https://b.example.net/> and <a href='https://c.example.net/'>c</a> <img src=\"https://d.example.net/i.png\" alt=\"d\">\n"
        "[ref]: https://e.example.net/ \"Title\"\n"
        "Relative [r](../page.md) and [anchor](#x) are MkDocs's business.\n"
        "~~~\n[f](https://f.example.net/)\n~~~\n"
        "<!-- md:resource type=paper --> `https://g.example.net/`\n"
    )
    assert extract.links_in_text(text) == [
        ("https://a.example.net/x_(y)", 1),
        ("https://t.example.net/", 1),
        ("https://b.example.net/", 2),
        ("https://c.example.net/", 2),
        ("https://d.example.net/i.png", 2),
        ("https://e.example.net/", 3),
    ]


def test_templates_in_searched_folders_are_skipped(tmp_path):
    (tmp_path / "_template.md").write_text("[x](https://TODO.invalid/)\n")
    (tmp_path / "page.md").write_text("[x](https://a.example.net/)\n")
    assert list(extract.collect([tmp_path])) == ["https://a.example.net/"]


@pytest.mark.parametrize(
    "url, wrong",
    [
        ("https://arxiv.org/abs/1706.03762", None),
        ("https://[::1]:8080/", None),
        ("https://bücher.example/", None),
        ("https//arxiv.org", "scheme"),
        ("https:/arxiv.org/abs/1", "'//'"),
        ("https://arxiv.org:99999/", "out of range"),
        ("https://arxiv/", "no domain"),
        ("https://-arxiv.org/", "invalid label"),
        ("https://arxiv.org/a b", "percent-encoded"),
        ("https://arxiv.org/a|b", "percent-encoded"),
    ],
)
def test_url_syntax(url, wrong):
    found = syntax.problem(url)
    assert (found is None) if wrong is None else (wrong in (found or "")), found


@pytest.mark.parametrize(
    "valid, result, warnings, expected",
    [
        (True, "200 OK", [], ("ok", False)),
        (False, "404 Not Found", [], ("broken", False)),
        (False, "410 Gone", [], ("broken", False)),
        (False, "401 Unauthorized", [], ("unverifiable", False)),
        (False, "403 Forbidden", [], ("unverifiable", False)),
        (True, "429 Too Many Requests", ["Rate limited (Retry-After: 7)"], ("unverifiable", True)),
        (False, "502 Bad Gateway", [], ("unverifiable", True)),
        (False, "ConnectionError: (Caused by NameResolutionError(\"Failed to resolve 'x' ([Errno -2] Name or...", [], ("broken", False)),
        (False, "ConnectionError: (Caused by NameResolutionError(\"Failed to resolve 'x' ([Errno -3] Temporary failure", [], ("unverifiable", True)),
        (False, "SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed", [], ("broken", False)),
        (False, "ReadTimeout: Read timed out. (read timeout=1)", [], ("unverifiable", True)),
        (False, "TooManyRedirects: Exceeded 10 redirects.", [], ("unverifiable", False)),
        (False, "URL host 'x:99999' has invalid port", [], ("broken", False)),
    ],
)
def test_policy(valid, result, warnings, expected):
    outcome = policy.classify(valid, result, warnings)
    assert (outcome.status, outcome.retry) == expected


def test_retry_after_forms_and_bounds():
    assert policy.classify(True, "429 Too Many Requests", ["Rate limited (Retry-After: 7)"]).retry_after == 7
    assert policy.parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412500.0) == 10.0
    assert policy.parse_retry_after("soon") is None
    assert runner.backoff(1, [None]) == 1.0 and runner.backoff(2, [None]) == 2.0
    assert runner.backoff(1, [5.0]) == 5.0 and runner.backoff(1, [3600.0]) == runner.MAX_RETRY_AFTER


def test_annotation_messages_are_escaped():
    link = report.Link("https://a.example.net/%20", "broken", "HTTP 404\nnext", [extract.Location("docs/a,b.md", 3)])
    assert report.github_annotations([link]) == [
        "::error file=docs/a%2Cb.md,line=3,title=broken link::https://a.example.net/%2520 (HTTP 404%0Anext)"
    ]


# --- Link health for readers (overrides/hooks/link_health.py) -----------------------------------


def _first_resource(project: Path) -> tuple[str, str, int]:
    """(url, repo path, line) of the first resource on the first section page that has one."""
    for page in sorted((project / "docs" / "roadmap").glob("*.md")):
        for number, line in enumerate(page.read_text().splitlines(), start=1):
            if "<!-- md:resource" in line:
                return line.split("](", 1)[1].split(")", 1)[0], f"docs/roadmap/{page.name}", number
    raise AssertionError("no resource on any section page")


def test_site_marks_broken_resources_and_lists_link_health(project_copy, tmp_path, monkeypatch):
    from conftest import build_site

    url, path, line = _first_resource(project_copy)
    report = {
        "checked_at": "2026-11-20T06:00:00+00:00",
        "links": [
            {"url": url, "status": "broken", "reason": "HTTP 404 Not Found", "locations": [{"file": path, "line": line}]},
            {"url": "https://a.example.net/", "status": "ok", "reason": "HTTP 200 OK", "locations": [{"file": "docs/gone.md", "line": 1}]},
            {"url": "https://b.example.net/", "status": "unverifiable", "reason": "HTTP 403", "locations": []},
        ],
    }
    (project_copy / ".cache").mkdir()
    (project_copy / ".cache" / "link-report.json").write_text(json.dumps(report))  # the default place
    monkeypatch.delenv("LINK_REPORT", raising=False)
    ok, log = build_site(project_copy, tmp_path / "site")
    assert ok, log

    page = (tmp_path / "site" / "roadmap" / Path(path).stem / "index.html").read_text()
    assert page.count('class="dl-unreachable"') == 1
    note = page.split('class="dl-unreachable">', 1)[1].split("</span>", 1)[0]
    assert note.startswith("Reported unreachable on 2026-11-20")
    assert f'href="https://web.archive.org/web/{url}"' in note

    health = (tmp_path / "site" / "contributing" / "link-health" / "index.html").read_text()
    assert "Last checked on <strong>2026-11-20</strong> (UTC): 3 links." in health
    for label, count in [("Answered", 1), ("Reported unreachable", 1), ("Could not be verified", 1), ("Not checked", 0)]:
        assert re.search(rf"<td>{label}[^<]*</td>\s*<td>{count}</td>", health), label  # no style="": CSP
    assert f'href="../../{Path(path).parent.name}/{Path(path).stem}/"' in health  # links to the page
    assert "docs/gone.md:1" not in health  # only broken links are listed


def test_site_without_a_report_builds_and_says_so(project_copy, tmp_path, monkeypatch):
    from conftest import build_site

    monkeypatch.delenv("LINK_REPORT", raising=False)
    ok, log = build_site(project_copy, tmp_path / "site")
    assert ok, log
    health = (tmp_path / "site" / "contributing" / "link-health" / "index.html").read_text()
    assert "No link report is available for this build" in health
    assert not any("dl-unreachable" in p.read_text() for p in (tmp_path / "site" / "roadmap").rglob("*.html"))


def test_a_malformed_report_is_reported_with_file_and_line(tmp_path):
    import link_health

    bad = tmp_path / "report.json"
    bad.write_text('{"checked_at": "2026-11-20",\n "links": [}\n')
    report, problems = link_health.load(str(bad), "report.json")
    assert report is None and [(p.path, p.line) for p in problems] == [("report.json", 2)]
    bad.write_text(json.dumps({"checked_at": "2026-11-20", "links": [{"url": "x", "status": "dead", "locations": []}]}))
    assert "entry 0 needs url, status" in link_health.load(str(bad), "report.json")[1][0].message


def test_report_location_follows_the_environment(tmp_path):
    import link_health

    assert link_health.report_path(str(tmp_path), {}) is None  # no file at the default place
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "link-report.json").write_text("{}")
    assert link_health.report_path(str(tmp_path), {}) == str(tmp_path / ".cache" / "link-report.json")
    assert link_health.report_path(str(tmp_path), {"LINK_REPORT": ""}) is None
    assert link_health.report_path(str(tmp_path), {"LINK_REPORT": "r.json"}) == str(tmp_path / "r.json")
