"""Setting up on any contributor's machine: uv.lock installs from wheels on every target platform and
Python, serve and build need the site group only, PyTorch is pinned outside the lock and comes from
the right place, the README's lock commands work, and the site builds from any working directory.

Some tests ask PyPI (the package index only) what it holds, as CI can.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import dev
import pytest
import snippet_paths
from conftest import ROOT

# The platforms uv.lock must install on (uv's target triples) and the marker each one matches.
PLATFORMS = {
    "linux-x86_64": ("x86_64-unknown-linux-gnu", "sys_platform == 'linux' and platform_machine == 'x86_64'"),
    "linux-aarch64": ("aarch64-unknown-linux-gnu", "sys_platform == 'linux' and platform_machine == 'aarch64'"),
    "macos-arm64": ("aarch64-apple-darwin", "sys_platform == 'darwin' and platform_machine == 'arm64'"),
    "windows-x86_64": ("x86_64-pc-windows-msvc", "sys_platform == 'win32' and platform_machine == 'AMD64'"),
}
PYTHONS = ["3.11", "3.12", "3.13", "3.14"]
# onnxruntime publishes macOS wheels for macOS 14 and later only (the README says so).
MACOS_MINIMUM = "14.0"
# Published with Linux wheels only. Elsewhere they build from their (hashed) sdist, and without a C
# compiler their setup falls back to the pure-Python version (checked below), so no toolchain is needed.
BUILT_FROM_SOURCE_OFF_LINUX = {"rjsmin", "rcssmin"}
NOT_FOR_THE_SITE = {"torch", "numpy", "keras", "transformers", "onnxruntime", "scikit-learn", "pytest", "playwright"}


def _run(command: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, timeout=600, **kwargs)


@pytest.fixture(scope="module")
def uv() -> Path:
    return dev.ensure_uv()


@pytest.fixture(scope="module")
def every_locked_requirement(uv, tmp_path_factory) -> Path:
    """All groups of uv.lock as a hashed requirements file, with each package's environment markers."""
    path = tmp_path_factory.mktemp("export") / "requirements.txt"
    export = ["export", "--frozen", "--all-groups", "--no-emit-project", "--format", "requirements-txt", "--quiet"]
    result = _run([uv, *export, "--output-file", path], env=dev.uv_env())
    assert result.returncode == 0, result.stderr
    return path


# --- The lock on every target ------------------------------------------------------------------------


def test_the_lock_requires_wheels_for_exactly_the_target_platforms():
    """`uv lock` itself refuses a resolution that lacks a wheel for one of these environments."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["uv"]
    assert settings["required-environments"] == [marker for _, marker in PLATFORMS.values()]
    assert settings["exclude-dependencies"] == ["torch"]
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    assert "torch" not in {package["name"] for package in lock["package"]}
    # The lock covers the Pythons the tests below check, no more (a future Python fails with a message).
    low, high = re.fullmatch(r">=3\.(\d+), <3\.(\d+)", lock["requires-python"]).groups()
    assert PYTHONS == [f"3.{minor}" for minor in range(int(low), int(high))]


@pytest.mark.parametrize("python", PYTHONS)
@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_locked_package_installs_from_a_wheel_on(platform, python, uv, every_locked_requirement, tmp_path):
    """What `uv sync` would install there, planned for that platform and Python: hash-checked,
    dependencies as locked (--no-deps), and every package from a wheel (no compiler needed) but the
    two that fall back to pure Python."""
    triple, _ = PLATFORMS[platform]
    names = set(re.findall(r"^([\w.-]+)==", every_locked_requirement.read_text(), re.MULTILINE))
    only_binary = ":all:" if platform.startswith("linux") else ",".join(sorted(names - BUILT_FROM_SOURCE_OFF_LINUX))
    plan = [uv, "pip", "install", "--no-config", "--dry-run", "--target", tmp_path / "target"]
    plan += ["--python-platform", triple, "--python-version", python, "--require-hashes", "--no-deps"]
    plan += ["--only-binary", only_binary]
    result = _run([*plan, "--requirement", every_locked_requirement], env={**os.environ, "MACOSX_DEPLOYMENT_TARGET": MACOS_MINIMUM})
    assert result.returncode == 0, result.stderr[-3000:]
    planned = set(re.findall(r"^ \+ ([\w.-]+)==", result.stderr, re.MULTILINE))
    assert {"mkdocs", "mkdocs-material", "pytest", "keras", "onnxruntime"} <= planned, result.stderr[-2000:]


def test_the_packages_built_from_source_off_linux_need_no_compiler(uv, tmp_path):
    """Built from their locked sdists with a compiler that always fails, as on a Mac or a Windows PC
    without build tools: they install, and work, as pure Python."""
    requirements = tmp_path / "requirements.txt"
    source = _run([uv, "export", "--frozen", "--all-groups", "--no-emit-project", "--quiet", "--format", "requirements-txt"], env=dev.uv_env())
    blocks = re.findall(r"^(([\w.-]+)==\S+(?: ;[^\\]*)? \\\n(?:    --hash=\S+(?: \\)?\n)+)", source.stdout, re.MULTILINE)
    requirements.write_text("".join(block for block, name in blocks if name in BUILT_FROM_SOURCE_OFF_LINUX))
    venv = tmp_path / "venv"
    assert _run([uv, "venv", "--no-config", "--quiet", "--python", sys.executable, venv]).returncode == 0
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    install = [uv, "pip", "install", "--no-config", "--no-cache", "--python", python, "--require-hashes", "--no-deps"]
    install += ["--no-binary", ",".join(sorted(BUILT_FROM_SOURCE_OFF_LINUX)), "--requirement", requirements]
    result = _run(install, env={**os.environ, "CC": "false"})
    assert result.returncode == 0, result.stderr[-3000:]
    works = "import rjsmin, rcssmin; print(rjsmin.jsmin('var  a = 1 ;'), rcssmin.cssmin('a {  color : red ; }'))"
    assert _run([python, "-c", works]).stdout.split() == ["var", "a=1;", "a{color:red}"]
    no_c_extension = "import importlib.util as u; print(u.find_spec('_rjsmin'), u.find_spec('_rcssmin'))"
    assert _run([python, "-c", no_c_extension]).stdout.strip() == "None None"


@pytest.mark.parametrize("python", PYTHONS)
def test_pinned_torch_has_a_wheel_on_pypi_for_macos(python, uv, tmp_path):
    """macOS gets PyTorch from PyPI. (Linux and Windows get it from PyTorch's CPU index, which this
    machine cannot reach; the README says so.)"""
    plan = [uv, "pip", "install", "--no-config", "--dry-run", "--target", tmp_path / "target", "--no-deps", "--only-binary", ":all:"]
    plan += ["--python-platform", PLATFORMS["macos-arm64"][0], "--python-version", python, f"torch=={dev.torch_pin()}"]
    result = _run(plan, env={**os.environ, "MACOSX_DEPLOYMENT_TARGET": MACOS_MINIMUM})
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"+ torch=={dev.torch_pin()}" in result.stderr


# --- What each command installs --------------------------------------------------------------------


def test_serve_build_and_links_ask_for_the_site_group_and_test_for_everything(monkeypatch):
    asked = {}
    monkeypatch.setattr(subprocess, "call", lambda *args, **kwargs: 0)
    for command in ("serve", "build", "links", "test"):
        monkeypatch.setattr(dev, "ensure_venv", lambda groups, command=command: asked.setdefault(command, groups))
        monkeypatch.setattr(dev, "ensure_node_tools", lambda: None)
        monkeypatch.setattr(dev, "ensure_chromium", lambda: None)
        dev.COMMANDS[command]([])
    # build also renders the PDF edition (scripts/build_pdf.py): Playwright, from the pdf group.
    assert asked == {"serve": ("site",), "build": ("site", "pdf"), "links": ("site",), "test": None}


def test_the_site_group_brings_no_pytorch_no_example_libraries_and_no_test_tools(uv, tmp_path):
    """uv's plan for a fresh .venv with the site group, as `serve` and `build` run it."""
    env = {**dev.uv_env(), "UV_PROJECT_ENVIRONMENT": str(tmp_path / "fresh-venv")}
    result = _run([uv, *dev.sync_arguments(dev.SITE), "--dry-run"], env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    planned = set(re.findall(r"^ \+ ([\w.-]+)==", result.stderr, re.MULTILINE))
    assert {"mkdocs", "mkdocs-material", "pymdown-extensions", "selectolax", "nbformat", "linkchecker"} <= planned
    assert not planned & NOT_FOR_THE_SITE
    assert not (tmp_path / "fresh-venv").exists()


def test_the_test_environment_has_the_pinned_torch_and_all_it_needs(uv):
    result = _run([sys.executable, "-c", "import importlib.metadata as m; print(m.version('torch'))"])
    assert result.stdout.strip().split("+")[0] == dev.torch_pin()
    # torch is installed with --no-deps; its own requirements must all be in the lock.
    check = _run([uv, "pip", "check", "--python", sys.executable])
    assert check.returncode == 0, check.stdout + check.stderr


# --- Where PyTorch comes from ----------------------------------------------------------------------


def _fake_wheel(folder: Path, filename: str) -> None:
    """A minimal valid wheel with torch's name and version (uv reads its metadata, never installs it)."""
    name, version = filename.split("-")[:2]
    info = f"{name}-{version}.dist-info"
    with zipfile.ZipFile(folder / filename, "w") as wheel:
        wheel.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        wheel.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        wheel.writestr(f"{info}/RECORD", "")


@pytest.mark.parametrize(
    ("platform", "index"),
    [("linux", dev.TORCH_CPU_INDEX), ("win32", dev.TORCH_CPU_INDEX), ("darwin", None)],
)
def test_torch_comes_from_the_cpu_index_on_linux_and_windows_and_from_pypi_on_macos(platform, index, monkeypatch):
    monkeypatch.setattr(dev, "_pip_find_links", lambda: [])
    monkeypatch.setattr(sys, "platform", platform)
    command = [str(part) for part in dev.torch_install_command(Path("uv"), "2.13.0")]
    assert command[-1] == "torch==2.13.0" and "--no-deps" in command
    if index:
        assert command[command.index("--default-index") + 1] == index
    else:
        assert "--default-index" not in command and "--index-url" not in command


def test_a_local_torch_wheel_pip_already_finds_is_used_when_it_fits(tmp_path, monkeypatch):
    fits, other = tmp_path / "fits", tmp_path / "other-platform"
    fits.mkdir(), other.mkdir()
    _fake_wheel(fits, "torch-9.9.0+cpu-py3-none-any.whl")
    _fake_wheel(other, "torch-9.9.0+cpu-cp311-cp311-win_arm64.whl")

    monkeypatch.setattr(dev, "_pip_find_links", lambda: [other, fits])
    command = [str(part) for part in dev.torch_install_command(dev.ensure_uv(), "9.9.0")]
    assert "--no-index" in command and f"--find-links={fits}" in command

    monkeypatch.setattr(dev, "_pip_find_links", lambda: [other])  # no wheel for this platform
    monkeypatch.setattr(sys, "platform", "linux")
    command = [str(part) for part in dev.torch_install_command(dev.ensure_uv(), "9.9.0")]
    assert "--no-index" not in command and dev.TORCH_CPU_INDEX in command


# --- The README's commands for the lock ------------------------------------------------------------


def _readme_command(pattern: str) -> str:
    """The one command in the README's code blocks that matches `pattern` (its comment dropped)."""
    blocks = re.findall(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    (command,) = [line for line in lines if re.fullmatch(pattern, line)]
    return command


def _lock_project_copy(tmp_path: Path) -> Path:
    """pyproject.toml, uv.lock and dev.py in a throwaway folder (with this checkout's bootstrapped uv)."""
    copy = tmp_path / "project"
    (copy / "scripts").mkdir(parents=True)
    for name in ("pyproject.toml", "uv.lock"):
        shutil.copy(ROOT / name, copy / name)
    for name in ("dev.py", "chromium.py", "uv-requirements.txt"):
        shutil.copy(ROOT / "scripts" / name, copy / "scripts" / name)
    dev.ensure_uv()
    (copy / ".tools").symlink_to(dev.TOOLS, target_is_directory=True)
    return copy


def _run_readme_command(line: str, project: Path) -> subprocess.CompletedProcess:
    words = shlex.split(line)
    assert words[:2] == ["python3", "scripts/dev.py"], line
    return _run([sys.executable, project / "scripts" / "dev.py", *words[2:]], cwd=project)


def test_the_readme_lock_command_regenerates_exactly_the_committed_lock(tmp_path):
    command = _readme_command(r"python3 scripts/dev\.py uv lock")
    project = _lock_project_copy(tmp_path)
    result = _run_readme_command(command, project)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (project / "uv.lock").read_bytes() == (ROOT / "uv.lock").read_bytes(), "uv.lock is out of date: run it"


def test_the_readme_add_command_adds_a_dependency_to_a_group_and_the_lock_in_one_go(tmp_path):
    command = _readme_command(r"python3 scripts/dev\.py uv add .+")
    words = shlex.split(command)
    group, requirement = words[words.index("--group") + 1], words[-1]
    name = re.match(r"[\w.-]+", requirement)[0].lower()
    project = _lock_project_copy(tmp_path)
    assert name not in {package["name"] for package in tomllib.loads((project / "uv.lock").read_text())["package"]}

    result = _run_readme_command(command, project)
    assert result.returncode == 0, result.stderr[-2000:]
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert requirement in pyproject["dependency-groups"][group]
    assert name in {package["name"] for package in tomllib.loads((project / "uv.lock").read_text())["package"]}
    assert not (project / ".venv").exists()  # .venv is left to the next serve, build or test
    check = _run([dev.ensure_uv(), "lock", "--check", "--project", project], env={**dev.uv_env(), "UV_PROJECT": str(project)})
    assert check.returncode == 0, check.stderr[-2000:]


# --- Any working directory -------------------------------------------------------------------------


def test_snippet_folders_are_read_relative_to_mkdocs_yml(tmp_path):
    config_dir = str(tmp_path / "project")
    absolute = str(tmp_path / "shared")
    configs = {"pymdownx.snippets": {"base_path": ["docs/includes", ".", absolute]}}
    snippet_paths.anchor_base_paths(configs, config_dir)
    assert configs["pymdownx.snippets"]["base_path"] == [os.path.join(config_dir, "docs", "includes"), config_dir, absolute]
    for given, expected in (({}, [config_dir]), ({"base_path": "docs"}, [os.path.join(config_dir, "docs")])):
        configs = {"pymdownx.snippets": dict(given)}
        snippet_paths.anchor_base_paths(configs, config_dir)
        assert configs["pymdownx.snippets"]["base_path"] == expected
    unrelated = {"toc": {"permalink": True}}
    snippet_paths.anchor_base_paths(unrelated, config_dir)
    assert unrelated == {"toc": {"permalink": True}}


@pytest.mark.parametrize("how", ["mkdocs build -f", "dev.py build"])
def test_the_site_builds_from_outside_the_repository(how, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    site = tmp_path / "site"
    if how == "dev.py build":
        # --no-pdf: the suite renders the PDF edition once, in tests/test_workbench.py.
        command = [sys.executable, ROOT / "scripts" / "dev.py", "build", "--no-pdf", "--site-dir", site]
    else:
        command = [dev.BIN / "mkdocs", "build", "--strict", "-f", ROOT / "mkdocs.yml", "--site-dir", site]
    result = _run(command, cwd=elsewhere, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    guide = (site / "contributing" / "guide" / "index.html").read_text(encoding="utf-8")
    assert "This guide is all" in guide  # CONTRIBUTING.md, included from the repository root
    glossary = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="Application Programming Interface">API</abbr>' in glossary  # auto_append
    assert not list(elsewhere.iterdir())
