"""Supply chain and build-engine hardening: every GitHub workflow passes zizmor, the workflow JSON
schema and the project's own rules; Dependabot is configured; the build refuses MkDocs >= 2 with a
message; and the site also builds with ProperDocs, the maintained MkDocs 1.6 fork."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
import yaml

import audit_dependencies
import dev
import engine_version

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
VENV_BIN = Path(sys.executable).parent
PINNED_USES_RE = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def _tool(name: str) -> str:
    """A command-line tool installed beside this Python (the locked venv), not whatever is on PATH."""
    path = VENV_BIN / name
    assert path.exists(), f"{name} is not installed in {VENV_BIN}; it is in pyproject's test group"
    return str(path)


def _workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert files, "no workflows found"
    return files


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, **kwargs)


# --- GitHub workflows -------------------------------------------------------------


def test_zizmor_finds_nothing_in_any_workflow():
    result = _run([_tool("zizmor"), "--offline", "--no-progress", "--format", "plain", str(WORKFLOWS)])
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "No findings to report" in report
    for path in _workflow_files():  # it really read each file
        assert f"completed {path.relative_to(ROOT).as_posix()}" in report or path.name in report, report


def test_zizmor_would_catch_an_unsafe_workflow(tmp_path):
    """The check above can fail: the same invocation flags a classic pwn-request workflow."""
    bad = tmp_path / ".github" / "workflows"
    bad.mkdir(parents=True)
    (bad / "bad.yml").write_text(
        "on: pull_request_target\n"
        "jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n"
    )
    result = _run([_tool("zizmor"), "--offline", "--no-progress", "--format", "plain", str(bad)])
    assert result.returncode != 0
    assert "dangerous-triggers" in result.stdout and "template-injection" in result.stdout


def test_every_workflow_matches_the_github_schema():
    files = [str(path) for path in _workflow_files()]
    result = _run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", _workflow_files(), ids=lambda path: path.name)
def test_workflow_follows_the_project_rules(path):
    workflow = yaml.safe_load(path.read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    trigger_names = set(triggers) if isinstance(triggers, (dict, list)) else {triggers}
    assert "pull_request_target" not in trigger_names, "pull_request_target runs PR code with secrets"
    assert workflow.get("permissions") == {}, "top level must be `permissions: {}`; grant per job"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"job {name} must declare its own minimal permissions"
        for step in job.get("steps", []):
            uses = step.get("uses")
            if not uses or uses.startswith("./"):
                continue
            assert PINNED_USES_RE.match(uses), f"job {name}: {uses} is not pinned to a full commit SHA"
            if uses.startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, f"job {name}: checkout keeps the token"
    text = path.read_text()
    for line in text.splitlines():
        if "uses:" in line and "@" in line and not line.strip().startswith("#"):
            assert re.search(r"@[0-9a-f]{40} # v\d+(\.\d+)*\s*$", line), f"say which version the SHA is: {line.strip()}"


def test_dependabot_updates_the_uv_lock_uv_itself_npm_and_actions_weekly_in_groups():
    config_path = ROOT / ".github" / "dependabot.yml"
    result = _run([_tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(config_path)])
    assert result.returncode == 0, result.stdout + result.stderr
    updates = {update["package-ecosystem"]: update for update in yaml.safe_load(config_path.read_text())["updates"]}
    assert set(updates) == {"uv", "pip", "npm", "github-actions"}
    assert updates["uv"]["directory"] == "/" and (ROOT / "uv.lock").exists()
    # The pip entry covers only the bootstrap pin of uv (Dependabot reads *requirements*.txt there).
    assert updates["pip"]["directory"] == "/scripts" and (ROOT / "scripts" / "uv-requirements.txt").exists()
    for ecosystem, update in updates.items():
        assert update["schedule"]["interval"] == "weekly", ecosystem
        assert update.get("groups"), f"{ecosystem}: updates must be grouped"


def test_the_vulnerability_audit_covers_every_locked_package_and_torch(tmp_path):
    """CI runs scripts/audit_dependencies.py; its inputs hold every package of uv.lock (each
    platform's and Python's version) and torch==<pin>, which pip-audit looks up on PyPI."""
    runs = [
        step.get("run", "")
        for path in _workflow_files()
        for job in yaml.safe_load(path.read_text())["jobs"].values()
        for step in job.get("steps", [])
    ]
    assert any("scripts/audit_dependencies.py" in run for run in runs)
    assert not [run for run in runs if "pip-audit" in run], "audit through scripts/audit_dependencies.py"
    assert "--strict" in audit_dependencies.PIP_AUDIT_OPTIONS  # a package it cannot look up fails

    lock, torch = audit_dependencies.write_inputs(tmp_path)
    exported = {(package["name"], package["version"]) for package in tomllib.loads(lock.read_text())["packages"]}
    locked = {
        (package["name"], package["version"])
        for package in tomllib.loads((ROOT / "uv.lock").read_text())["package"]
        if "registry" in package["source"]
    }
    assert exported == locked and len(locked) > 150
    assert torch.read_text() == f"torch=={dev.torch_pin()}\n" and "+" not in dev.torch_pin()

    # pip-audit reads both and would audit every package (a dry run: nothing is looked up).
    result = _run([sys.executable, str(ROOT / "scripts" / "audit_dependencies.py"), "--dry-run"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"would have audited {len(locked)} packages" in result.stderr
    assert "would have audited 1 packages" in result.stderr


# --- Build engine ---------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.6.1", "1.6.7", "1.7.0.dev0"])
def test_mkdocs_1_is_accepted(version):
    assert engine_version.refusal(version) is None


@pytest.mark.parametrize("version", ["2.0.0", "2.0.0a1", "3.1"])
def test_mkdocs_2_and_later_are_refused_with_a_way_out(version):
    message = engine_version.refusal(version)
    assert f"MkDocs {version} is installed" in message and "properdocs build" in message


def test_build_under_simulated_mkdocs_2_stops_with_the_message_not_a_traceback(tmp_path):
    """The real CLI, with mkdocs reporting version 2.0.0: the hooks module refuses before building."""
    simulate = (
        "import sys, mkdocs; mkdocs.__version__ = '2.0.0'; from mkdocs.__main__ import cli; "
        "sys.argv = ['mkdocs', 'build', '--strict', '--site-dir', sys.argv[1]]; cli()"
    )
    result = _run([sys.executable, "-c", simulate, str(tmp_path / "site")], cwd=ROOT)
    assert result.returncode != 0
    assert "this site needs MkDocs 1.x, but MkDocs 2.0.0 is installed" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_site_builds_with_properdocs(tmp_path, perf_report):
    """ProperDocs shares the venv: it is its own `properdocs` package and aliases `mkdocs.*` to itself
    only inside its own process, so Material, the plugins and the hooks run unchanged."""
    site = tmp_path / "site"
    started = time.perf_counter()
    result = _run([sys.executable, "-m", "properdocs", "build", "--strict", "--site-dir", str(site)], cwd=ROOT)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr[-3000:]
    perf_report(f"ProperDocs strict build of the site: {elapsed:.1f} s")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in home  # our hooks ran under the fork
    assert len(list((site / "roadmap").glob("*/index.html"))) >= 14
    assert (site / "search" / "search_index.json").exists()
