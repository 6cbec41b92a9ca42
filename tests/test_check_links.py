"""The link checker (scripts/check_links.py): every classification rule and LinkChecker trap.

Every server is started here on 127.x addresses (scripts/linkcheck_lib/loopback.py); the only
other host name used is `.invalid`, which never resolves and sends no traffic. The main scenario
runs the real command once over a page holding one link per behaviour, and the tests read its
outputs; other tests need their own run (exit codes, cache, git, time budget, --fix-moved).
No test asserts how long a run took (a busy machine would make it flaky): wall times are
reported through `perf_report`, and scripts/bench_links.py measures them.
"""

from __future__ import annotations

import json
import os
import re
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
from linkcheck_lib.loopback import Loopback, mirror_docs  # noqa: E402

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
            "moves": stack.enter_context(Loopback("127.0.0.14")),  # redirects, on their own host
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
        (scene.docs / "moves.md").write_text(
            "# Moves\n"
            f"- [301]({u('moves', '/r301/ok')})\n"
            f"- [308]({u('moves', '/r308/ok')})\n"
            f"- [302]({u('moves', '/r302/ok')})\n"
            f"- [303]({u('moves', '/r303/ok')})\n"
            f"- [307]({u('moves', '/r307/ok')})\n"
            f"- [301 then 302]({u('moves', '/r301/r302/ok')})\n"
            f"- [301 then 308]({u('moves', '/r301/r308/ok?q=1')})\n"
            f"- [307 then 301]({u('moves', '/r307/r301/ok')})\n"
            f"- [301 to a 404]({u('moves', '/r301/missing')})\n"
            f"- [section]({u('moves', '/r308/ok#part')})\n"
            f"- [sent home for good]({u('moves', '/r301/')})\n"
            f"- [sent home for now]({u('moves', '/r302/')})\n"
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
        assert set(link) - {"moved_to"} == {"url", "status", "reason", "locations"}
        assert link["status"] in ("ok", "broken", "unverifiable", "skipped")
        assert link["status"] == "ok" or "moved_to" not in link
        assert link["reason"]
        assert all(set(loc) == {"file", "line"} and loc["file"].startswith("docs/") for loc in link["locations"])
    assert sum(1 for link in data["links"] if "moved_to" in link) == 5


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
    "path, moved_to",
    [
        ("/r301/ok", "/ok"),
        ("/r308/ok", "/ok"),
        ("/r301/r302/ok", "/r302/ok"),  # the permanent hop's target, not where the temporary one led
        ("/r301/r308/ok?q=1", "/ok?q=1"),  # a run of permanent hops: where the run ends
        ("/r308/ok#part", "/ok#part"),  # the fragment carries over
    ],
)
def test_permanent_redirect_to_a_working_page_is_ok_and_moved(scenario, path, moved_to):
    link = scenario.link("moves", path)
    assert (link["status"], link.get("moved_to")) == ("ok", scenario.url("moves", moved_to)), link


@pytest.mark.parametrize("server, path", [("moves", "/r302/ok"), ("moves", "/r303/ok"), ("moves", "/r307/ok"),
                                          ("moves", "/r307/r301/ok"), ("moves", "/r302/"), ("main", "/redirect-ok")])
def test_temporary_redirects_add_nothing(scenario, server, path):
    link = scenario.link(server, path)
    assert (link["status"], "moved_to" in link) == ("ok", False), link


def test_permanent_redirect_to_a_dead_page_is_broken_not_moved(scenario):
    link = scenario.link("moves", "/r301/missing")
    assert (link["status"], "moved_to" in link) == ("broken", False), link
    assert link["reason"].startswith("HTTP 404")


def test_deep_link_sent_home_for_good_is_a_soft_404(scenario):
    link = scenario.link("moves", "/r301/")
    assert link["status"] == "broken" and "moved_to" not in link
    assert link["reason"] == f"soft 404: permanently redirected to the site's front page {scenario.url('moves', '/')}"


def test_moved_links_are_listed_with_file_and_line(scenario):
    lines = scenario.result.stdout.splitlines()
    assert f"docs/moves.md:2: moved: {scenario.url('moves', '/r301/ok')} -> {scenario.url('moves', '/ok')}" in lines
    assert f"docs/moves.md:11: moved: {scenario.url('moves', '/r308/ok#part')} -> {scenario.url('moves', '/ok#part')}" in lines
    assert sum(": moved: " in line for line in lines) == 5
    assert (
        f"::notice file=docs/moves.md,line=2,title=moved link::{scenario.url('moves', '/r301/ok')}"
        f" moved permanently to {scenario.url('moves', '/ok')}"
    ) in lines
    text = (scenario.workdir / "report.md").read_text()
    moved = text.split("## Moved permanently")[1]
    assert f"- <{scenario.url('moves', '/r301/r302/ok')}> → <{scenario.url('moves', '/r302/ok')}> — `docs/moves.md:7`" in moved
    assert moved.count("\n- <") == 5
    assert not any(f"<{scenario.url('moves', path)}> →" in moved for path in ("/r302/ok", "/r307/ok", "/r307/r301/ok"))
    assert "5 of the ok links moved permanently" in scenario.result.stderr


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
    assert "| broken | 8 |" in text  # 404, 410, two redirects to 404, soft 404, .invalid, bad port, bad host
    broken = text.split("## Broken")[1].split("## Unverifiable")[0]
    assert f"<{scenario.url('main', '/missing')}>" in broken and "`docs/one.md:3`" in broken
    assert "always-503" in text.split("## Unverifiable")[1]


def _windows_overlap(servers) -> bool:
    """Each server's requests span a window of time; hosts ran in parallel when every window
    opens before every other one closes (one after another, each would open after the last closed)."""
    windows = [(min(at for *_, at in server.requests), max(at for *_, at in server.requests)) for server in servers]
    return max(start for start, _ in windows) < min(end for _, end in windows)


def test_hosts_run_in_parallel(scenario, perf_report):
    # The errors, flaky and slow hosts each spend seconds in retries and backoff: checked one
    # after another their request windows could not overlap.
    assert _windows_overlap([scenario.servers[name] for name in ("errors", "flaky", "slow")])
    perf_report(f"link check scenario ({len(scenario.servers)} loopback hosts, {len(scenario.json['links'])} links): {scenario.seconds:.1f} s")


# --- Politeness and speed --------------------------------------------------------------------


def test_each_host_gets_one_request_at_a_time_while_hosts_run_in_parallel(perf_report):
    with ExitStack() as stack:
        servers = [stack.enter_context(Loopback(f"127.0.1.{n}", latency=0.25)) for n in range(1, 7)]
        urls = [server.url(f"/page{i}") for server in servers for i in range(12)]
        started = time.monotonic()
        results = runner.check(urls, timeout=5)
        seconds = time.monotonic() - started
    assert {result.status for result in results.values()} == {"ok"} and len(results) == 72
    assert max(server.most_in_flight for server in servers) == 1
    assert _windows_overlap(servers), "hosts were checked one after another"
    perf_report(f"72 URLs on 6 hosts at 0.25 s latency: {seconds:.1f} s (serially at least {72 * 0.25:.0f} s)")
    for server in servers:
        starts = [at for _, _, at in server.requests]
        gaps = [later - earlier for earlier, later in zip(starts, starts[1:])]
        assert min(gaps) >= 0.25 - 0.02  # one in flight: the next starts after the last answered


def test_without_a_fork_server_the_workers_are_spawned(monkeypatch):
    """Windows has no fork server: the check starts its workers with spawn there, and works."""
    monkeypatch.setattr(runner.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert runner.start_method() == "spawn"
    with Loopback("127.0.1.9") as server:
        results = runner.check([server.url("/ok"), server.url("/missing")], timeout=5)
    assert {url: result.status for url, result in results.items()} == {server.url("/ok"): "ok", server.url("/missing"): "broken"}


def test_benchmark_300_urls_on_30_hosts(perf_report):
    # scripts/bench_links.py runs and every URL comes back ok, politely; its wall time is reported,
    # not asserted (the target, under 4 s against a polite ideal of 2 s, is the benchmark's).
    done = subprocess.run([sys.executable, str(SCRIPTS / "bench_links.py")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    wall = float(re.search(r"check_links\.py: ([\d.]+) s wall", done.stdout).group(1))
    perf_report(f"link check benchmark: 300 URLs on 30 hosts at 0.2 s latency in {wall:.2f} s (polite ideal 2.00 s)")
    assert "at most 1 request(s) in flight" in done.stdout


# --- Exit codes --------------------------------------------------------------------------------


def test_exit_0_when_nothing_is_broken(tmp_path, allowlist_file):
    with Loopback("127.0.0.6") as server:
        (tmp_path / "a.md").write_text(f"[a]({server.url('/ok')}) [b]({server.url('/forbidden')}) [c](mailto:x@y.org)\n")
        result = run_checker("a.md", "--allowlist", allowlist_file, "--json", "r.json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    statuses = sorted(link["status"] for link in json.loads((tmp_path / "r.json").read_text())["links"])
    assert statuses == ["ok", "skipped", "unverifiable"]  # unverifiable is reported, never fails


def test_moved_links_do_not_change_the_exit_code(tmp_path, allowlist_file):
    with Loopback("127.0.0.15") as server:
        (tmp_path / "a.md").write_text(f"[a]({server.url('/r301/ok')})\n[b]({server.url('/r308/ok')})\n")
        result = run_checker("a.md", "--allowlist", allowlist_file, "--json", "r.json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    links = by_url(json.loads((tmp_path / "r.json").read_text()))
    assert {link["moved_to"] for link in links.values()} == {server.url("/ok")}
    assert result.stdout.splitlines() == [
        f"a.md:1: moved: {server.url('/r301/ok')} -> {server.url('/ok')}",
        f"a.md:2: moved: {server.url('/r308/ok')} -> {server.url('/ok')}",
    ]


@pytest.mark.parametrize(
    "args", [["--no-such-option"], ["--timeout", "0"], ["--timeout", "soon"], ["missing-dir/"], ["--max-run-seconds", "0"]]
)
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


def test_max_run_seconds_bounds_retries_too(tmp_path, allowlist_file):
    # Without a bound /always-503 is asked 3 times (1 s, then 2 s of backoff). With a 1 s bound
    # for the whole run no retry may start: the first answer stands, and the URL counts as checked.
    with Loopback("127.0.0.16") as server:
        (tmp_path / "a.md").write_text(f"[down]({server.url('/always-503')})\n")
        result = run_checker("a.md", "--allowlist", allowlist_file, "--max-run-seconds", "1", "--json", "r.json", cwd=tmp_path)
        hits = server.hits["/always-503"]
    link = by_url(json.loads((tmp_path / "r.json").read_text()))[server.url("/always-503")]
    assert (result.returncode, hits, link["status"]) == (0, 1, "unverifiable"), result.stderr
    assert link["reason"] == "HTTP 503 Service Unavailable"


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


def test_cache_remembers_that_a_link_moved(tmp_path, allowlist_file):
    with Loopback("127.0.0.17") as server:
        (tmp_path / "a.md").write_text(f"[a]({server.url('/r301/ok')}#top)\n")
        args = ("a.md", "--allowlist", allowlist_file, "--cache", "cache.json", "--json", "r.json")
        run_checker(*args, cwd=tmp_path)
        second = run_checker(*args, cwd=tmp_path)
        hits = server.hits["/r301/ok"]
    link = by_url(json.loads((tmp_path / "r.json").read_text()))[server.url("/r301/ok#top")]
    assert (hits, link["reason"].endswith("(cache)"), link["moved_to"]) == (1, True, server.url("/ok#top"))
    assert f"a.md:1: moved: {server.url('/r301/ok#top')} -> {server.url('/ok#top')}" in second.stdout.splitlines()


# --- Reusing an earlier report (what the deploy does with the weekly one) -----------------------


def test_reuse_report_requests_only_links_it_does_not_hold(tmp_path, allowlist_file):
    with Loopback("127.0.0.18") as server:
        known = {
            server.url("/gone"): {"status": "broken", "reason": "HTTP 410 Gone"},  # the server would now say 200...
            server.url("/r301/ok"): {"status": "ok", "reason": "HTTP 200 OK", "moved_to": server.url("/ok")},
            server.url("/page1"): {"status": "unverifiable", "reason": "not checked: LinkChecker stopped before reaching it"},
        }
        weekly = {
            "checked_at": "2026-11-16T05:23:00+00:00",
            "links": [{"url": url, **entry, "locations": [{"file": "a.md", "line": 1}]} for url, entry in known.items()],
        }
        (tmp_path / "weekly.json").write_text(json.dumps(weekly))
        (tmp_path / "a.md").write_text("".join(f"[x]({url})\n" for url in [*known, server.url("/ok?new")]))
        result = run_checker("a.md", "--allowlist", allowlist_file, "--reuse-report", "weekly.json", "--json", "r.json", cwd=tmp_path)
        fetched = sorted(path for _, path, _ in server.requests)
    assert result.returncode == 1, result.stdout + result.stderr  # the reused broken verdict counts
    assert fetched == ["/ok?new", "/page1"]  # new, and one the weekly run never reached
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["earlier_report"] == {"checked_at": "2026-11-16T05:23:00+00:00", "reused": 2}
    links = by_url(data)
    assert (links[server.url("/gone")]["status"], links[server.url("/gone")]["checked_at"]) == ("broken", "2026-11-16T05:23:00+00:00")
    assert links[server.url("/r301/ok")]["moved_to"] == server.url("/ok")
    assert "checked_at" not in links[server.url("/ok?new")] and links[server.url("/ok?new")]["status"] == "ok"


def test_fix_moved_from_an_earlier_report_needs_no_request(tmp_path):
    # What a maintainer does with the weekly run's artifact: nothing is requested (127.0.0.9 has
    # no server), the moved link is rewritten from the report, the new link is only syntax-checked.
    old, new = "http://127.0.0.9/old#part", "http://127.0.0.9/new#part"
    weekly = {"checked_at": "2026-11-16T05:23:00+00:00",
              "links": [{"url": old, "status": "ok", "reason": "HTTP 200 OK", "moved_to": new, "locations": []}]}
    (tmp_path / "weekly.json").write_text(json.dumps(weekly))
    (tmp_path / "a.md").write_text(f"[a]({old}) and [b](http://127.0.0.9/other)\n")
    (tmp_path / "allow.yml").write_text("hosts: []\n")
    result = run_checker("a.md", "--allowlist", "allow.yml", "--reuse-report", "weekly.json", "--offline", "--fix-moved", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a.md").read_text() == f"[a]({new}) and [b](http://127.0.0.9/other)\n"


def test_a_missing_earlier_report_means_every_link_is_checked(tmp_path, allowlist_file):
    with Loopback("127.0.0.19") as server:
        (tmp_path / "a.md").write_text(f"[x]({server.url('/ok')})\n")
        result = run_checker("a.md", "--allowlist", allowlist_file, "--reuse-report", "none.json", "--json", "r.json", cwd=tmp_path)
        assert server.hits["/ok"] == 1
    assert result.returncode == 0 and "no earlier report at none.json: every link is checked" in result.stderr
    assert "earlier_report" not in json.loads((tmp_path / "r.json").read_text())


def test_a_corrupt_earlier_report_is_a_usage_error(tmp_path, allowlist_file):
    (tmp_path / "a.md").write_text("text\n")
    (tmp_path / "weekly.json").write_text('{"checked_at": "2026-11-16", "links": [{"url": "x"}]}')
    result = run_checker("a.md", "--allowlist", allowlist_file, "--reuse-report", "weekly.json", cwd=tmp_path)
    assert result.returncode == 2 and "weekly.json:1: not a report written by check_links.py --json" in result.stderr


# --- --fix-moved -------------------------------------------------------------------------------


def test_fix_moved_rewrites_only_the_moved_urls(tmp_path, allowlist_file):
    with Loopback("127.0.0.20") as server:
        u = server.url
        moved, home, temporary = u("/r301/ok"), u("/r301/"), u("/r302/ok")  # `home` (a soft 404) prefixes `moved`
        pages = {
            "docs/a.md": (
                "# A\n"
                f"Inline [m]({moved}) next to [home]({home}) and [m again]({moved}#part), `{moved}` is code.\n"
                f"[t](<{u('/r308/ok')}> \"title\") <{u('/r301/r308/ok?q=1')}> <a href=\"{u('/r301/page1')}\">h</a>\n"
                "```text\n"
                f"[in a code block]({moved})\n"
                "```\n"
                f"Temporary [t]({temporary}) stays; so does a chain that starts temporary: <{u('/r307/r301/ok')}>.\n"
                "\n"
                f"[ref]: {u('/r301/r302/ok')}\n"
            ),
            "docs/windows.md": f"# CRLF\r\n\r\n- [m]({moved})  \r\n- [t]({temporary})\r\n",
            "docs/untouched.md": f"# None\n\n[t]({temporary}) <!-- a comment: {moved} -->\n",
        }
        for name, text in pages.items():
            (tmp_path / name).parent.mkdir(exist_ok=True)
            (tmp_path / name).write_bytes(text.encode())
        result = run_checker("docs", "--allowlist", allowlist_file, "--fix-moved", cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # the soft 404 is broken; moved links do not count
    expected = {
        "docs/a.md": (
            "# A\n"
            f"Inline [m]({u('/ok')}) next to [home]({home}) and [m again]({u('/ok')}#part), `{moved}` is code.\n"
            f"[t](<{u('/ok')}> \"title\") <{u('/ok?q=1')}> <a href=\"{u('/page1')}\">h</a>\n"
            "```text\n"
            f"[in a code block]({moved})\n"
            "```\n"
            f"Temporary [t]({temporary}) stays; so does a chain that starts temporary: <{u('/r307/r301/ok')}>.\n"
            "\n"
            f"[ref]: {u('/r302/ok')}\n"
        ),
        "docs/windows.md": f"# CRLF\r\n\r\n- [m]({u('/ok')})  \r\n- [t]({temporary})\r\n",
        "docs/untouched.md": pages["docs/untouched.md"],
    }
    assert {name: (tmp_path / name).read_bytes().decode() for name in pages} == expected
    assert "--fix-moved rewrote 7 moved links in 2 files; review with git diff" in result.stderr


def test_fix_moved_over_a_copy_of_the_real_docs_changes_nothing_else(tmp_path, allowlist_file, perf_report):
    # Every link of the real pages points at loopback servers; every 4th URL answers with a 301
    # and every 4th+1 with a 308. After --fix-moved a file differs from its copy only in the URLs
    # of those links, and a second check finds nothing moved.
    with ExitStack() as stack:
        servers = [stack.enter_context(Loopback(f"127.0.4.{n}")) for n in range(1, 9)]
        mapping = mirror_docs(ROOT / "docs", tmp_path / "docs", servers, lambda n: {0: "r301/", 1: "r308/"}.get(n % 4), by_host=False)
        before = {path: path.read_bytes() for path in (tmp_path / "docs").rglob("*") if path.is_file()}
        started = time.monotonic()
        first = run_checker("docs", "--allowlist", allowlist_file, "--fix-moved", "--json", "r.json", cwd=tmp_path)
        perf_report(f"real docs/ on 8 loopback hosts, checked and fixed: {time.monotonic() - started:.1f} s")
        second = run_checker("docs", "--allowlist", allowlist_file, "--json", "again.json", cwd=tmp_path)
    assert (first.returncode, second.returncode) == (0, 0), first.stdout + first.stderr + second.stdout
    links = json.loads((tmp_path / "r.json").read_text())["links"]
    moved = {link["url"]: link["moved_to"] for link in links if "moved_to" in link}
    assert moved == {new: re.sub(r"/r30[18]/", "/", new) for new in mapping.values() if "/r30" in new}
    assert len(moved) >= 40
    lines_with_moves: dict[tuple[str, int], list[str]] = {}
    for link in links:
        for location in link["locations"]:
            if link["url"] in moved:
                lines_with_moves.setdefault((location["file"], location["line"]), []).append(link["url"])
    for path, old_bytes in before.items():
        name = path.relative_to(tmp_path).as_posix()
        old_lines, new_lines = old_bytes.decode().split("\n"), path.read_bytes().decode().split("\n")
        assert len(old_lines) == len(new_lines), name
        for number, (old, new) in enumerate(zip(old_lines, new_lines), start=1):
            expected = old
            for url in lines_with_moves.get((name, number), []):
                expected = expected.replace(url, moved[url])  # mapped URLs are unique; none prefixes another
            assert new == expected, f"{name}:{number}"
    assert not any("moved_to" in link for link in json.loads((tmp_path / "again.json").read_text())["links"])


def test_fix_moved_leaves_a_link_whose_new_address_would_not_read_back(tmp_path):
    from linkcheck_lib import fix

    page = tmp_path / "a.md"
    page.write_text("[a](https://a.example.net/x) and more\n")
    link = report.Link("https://a.example.net/x", "ok", "HTTP 200 OK", [extract.Location(str(page), 1)],
                       moved_to="https://a.example.net/y)z")  # a `)` would end the inline link early
    done = fix.rewrite_moved([link])
    assert (done.done, done.files) == ([], set())
    assert done.refused == [f"{page}:1: moved link left as is, the new address would not read back as the same link here; edit it by hand"]
    assert page.read_text() == "[a](https://a.example.net/x) and more\n"


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


@pytest.mark.parametrize(
    "redirects, expected",
    [
        ([], None),
        ([(301, "https://b.example.net/a")], "https://b.example.net/a"),
        ([(308, "https://b.example.net/a"), (301, "https://c.example.net/a")], "https://c.example.net/a"),
        ([(301, "https://b.example.net/a"), (302, "https://b.example.net/login"), (301, "https://d.example.net/")], "https://b.example.net/a"),
        ([(302, "https://b.example.net/a"), (301, "https://c.example.net/a")], None),
        ([(303, "https://b.example.net/a")], None),
    ],
)
def test_moved_target_is_where_the_leading_permanent_hops_end(redirects, expected):
    assert policy.moved_target(redirects) == expected


@pytest.mark.parametrize(
    "url, moved, expected",
    [
        ("https://a.example.net/docs/page", "https://b.example.net/page", ("ok", "https://b.example.net/page")),
        ("https://a.example.net/", "https://www.a.example.net/", ("ok", "https://www.a.example.net/")),  # home to home
        ("https://a.example.net", "https://a.example.net/", ("ok", "https://a.example.net/")),
        ("https://a.example.net/index.html", "https://a.example.net/", ("ok", "https://a.example.net/")),
        ("https://a.example.net/docs/page", "https://a.example.net/", ("broken", None)),
        ("https://a.example.net/docs/page", "https://new.example.net", ("broken", None)),  # to another site's home
        ("https://a.example.net/?p=12", "https://a.example.net/", ("broken", None)),  # a query names a page too
        ("https://a.example.net/docs/page", "https://a.example.net/?lang=en", ("ok", "https://a.example.net/?lang=en")),
    ],
)
def test_judge_moved_and_soft_404(url, moved, expected):
    verdict = policy.Verdict(url, moved, True, "200 OK", redirects=[(301, moved)])
    outcome = policy.judge(verdict)
    assert (outcome.status, outcome.moved_to) == expected, outcome


def test_a_moved_link_that_ends_unverifiable_is_not_called_moved():
    verdict = policy.Verdict("https://a.example.net/x", "https://b.example.net/x", False, "403 Forbidden",
                             redirects=[(301, "https://b.example.net/x")])
    assert (policy.judge(verdict).status, policy.judge(verdict).moved_to) == ("unverifiable", None)


def test_redirect_hops_are_read_from_linkchecker_warnings():
    from linkcheck_lib import driver

    xml = """<?xml version="1.0"?><linkchecker><urldata><url>https://a.example.net/x</url>
      <realurl>https://b.example.net/it's</realurl><warnings>
      <warning tag="http-redirected">Redirected to `https://b.example.net/y' status: 301 Moved Permanently.</warning>
      <warning tag="http-redirected">Redirected to `https://b.example.net/it's' status: 302 Found.</warning>
      <warning tag="http-rate-limited">Rate limited (Retry-After: 7)</warning>
      </warnings><valid result="200 OK">1</valid></urldata></linkchecker>"""
    [verdict] = driver.parse_xml(xml)
    assert verdict.redirects == [(301, "https://b.example.net/y"), (302, "https://b.example.net/it's")]
    assert verdict.warnings == ["Rate limited (Retry-After: 7)"]


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
    assert "<strong>No link check ran for this build of the site</strong>" in health
    assert "Last checked" not in health and "<table>" not in health  # no totals that would read as results
    assert not any("dl-unreachable" in p.read_text() for p in (tmp_path / "site" / "roadmap").rglob("*.html"))


def test_a_deploy_report_states_the_weekly_date_and_the_build_date(tmp_path):
    # What the deploy writes: the weekly report's verdicts (each with its date) and the links
    # added since, checked during the build.
    from types import SimpleNamespace

    import link_health

    data = {
        "checked_at": "2026-11-20T06:00:00+00:00",
        "earlier_report": {"checked_at": "2026-11-16T05:23:00+00:00", "reused": 2},
        "links": [
            {"url": "https://old.example.net/", "status": "broken", "reason": "HTTP 404", "checked_at": "2026-11-16T05:23:00+00:00",
             "locations": [{"file": "docs/a.md", "line": 3}]},
            {"url": "https://new.example.net/", "status": "broken", "reason": "HTTP 410", "locations": [{"file": "docs/a.md", "line": 4}]},
            {"url": "https://moved.example.net/", "status": "ok", "reason": "HTTP 200", "moved_to": "https://m.example.net/",
             "checked_at": "2026-11-16T05:23:00+00:00", "locations": []},
        ],
    }
    path = tmp_path / "report.json"
    path.write_text(json.dumps(data))
    loaded, problems = link_health.load(str(path), "report.json")
    assert problems == []
    page = link_health.page_markdown(loaded, {})
    assert "Last checked on **2026-11-16** (UTC) by the weekly check of every link" in page
    assert "links added since then were checked when this site was built, on **2026-11-20**" in page
    resources = [SimpleNamespace(url="https://old.example.net/", line=3), SimpleNamespace(url="https://new.example.net/", line=4)]
    marked = link_health.mark_unreachable("x\ny\n- old\n- new", resources, 1, loaded)
    assert "- old <span" in marked and "Reported unreachable on 2026-11-16" in marked.split("\n")[2]
    assert "Reported unreachable on 2026-11-20" in marked.split("\n")[3]


def test_a_malformed_report_is_reported_with_file_and_line(tmp_path):
    import link_health

    bad = tmp_path / "report.json"
    bad.write_text('{"checked_at": "2026-11-20",\n "links": [}\n')
    report, problems = link_health.load(str(bad), "report.json")
    assert report is None and [(p.path, p.line) for p in problems] == [("report.json", 2)]
    bad.write_text(json.dumps({"checked_at": "2026-11-20", "links": [{"url": "x", "status": "dead", "locations": []}]}))
    assert "entry 0 needs url, status" in link_health.load(str(bad), "report.json")[1][0].message
    bad.write_text(json.dumps({"checked_at": "2026-11-20", "earlier_report": {"checked_at": 1}, "links": []}))
    assert '"earlier_report" needs' in link_health.load(str(bad), "report.json")[1][0].message


def test_report_location_follows_the_environment(tmp_path):
    import link_health

    assert link_health.report_path(str(tmp_path), {}) is None  # no file at the default place
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "link-report.json").write_text("{}")
    assert link_health.report_path(str(tmp_path), {}) == str(tmp_path / ".cache" / "link-report.json")
    assert link_health.report_path(str(tmp_path), {"LINK_REPORT": ""}) is None
    assert link_health.report_path(str(tmp_path), {"LINK_REPORT": "r.json"}) == str(tmp_path / "r.json")
