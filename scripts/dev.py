#!/usr/bin/env python3
"""The README's commands: `serve` the site with live reload, `test` everything, `build` it, or check its `links`.

Each one first makes sure `.venv/` holds what `uv.lock` pins for the job (hash-checked, by uv):
serve, build and links install the `site` dependency group only; test installs every group plus
PyTorch (pinned in pyproject.toml, kept out of the lock), the browser-side test tools pinned in
package-lock.json, and a Chromium for the browser tests. `dev.py uv ARGS` runs the pinned uv on the
project (e.g. `dev.py uv lock`). uv itself is bootstrapped from PyPI into `.tools/` with the hashes in
scripts/uv-requirements.txt. Only the standard library is used here, so it runs on a fresh machine
with nothing but Python 3.11+.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import unquote, urlsplit

import chromium  # scripts/chromium.py (standard library only, like this file)

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYPROJECT = ROOT / "pyproject.toml"
UV_REQUIREMENTS = ROOT / "scripts" / "uv-requirements.txt"
TOOLS = ROOT / ".tools"
SITE = ("site",)
EVERY_GROUP = None  # `uv sync --all-groups`
# PyTorch's CPU-only builds (no CUDA libraries to download) live on PyTorch's own index, not PyPI.
# macOS gets PyPI's build, which is CPU-only (with Apple's Metal backend) already.
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def run(*command: str | Path, **kwargs) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, **kwargs)


# --- uv ----------------------------------------------------------------------------------------


def uv_version() -> str:
    match = re.search(r"^uv==(\S+)", UV_REQUIREMENTS.read_text(), re.MULTILINE)
    if not match:
        raise SystemExit(f"{UV_REQUIREMENTS.relative_to(ROOT)}: no `uv==VERSION` line")
    return match[1]


def _tool_bin(home: Path) -> Path:
    return home / ("Scripts" if os.name == "nt" else "bin")


def ensure_uv() -> Path:
    """The pinned uv: installed once into .tools/uv-VERSION/ (a small venv) from PyPI, hash-checked."""
    home = TOOLS / f"uv-{uv_version()}"
    uv = _tool_bin(home) / ("uv.exe" if os.name == "nt" else "uv")
    if uv.exists():
        return uv
    shutil.rmtree(home, ignore_errors=True)  # a half-finished earlier attempt
    run(sys.executable, "-m", "venv", home)
    pip = [_tool_bin(home) / "python", "-m", "pip", "--disable-pip-version-check"]
    run(*pip, "install", "--quiet", "--require-hashes", "--no-deps", "--only-binary", ":all:", "-r", UV_REQUIREMENTS)
    return uv


def uv_env() -> dict[str, str]:
    """uv works on this project and its .venv, with the Python running this script; it never
    downloads a Python of its own."""
    return {
        **os.environ,
        "UV_PROJECT": str(ROOT),
        "UV_PROJECT_ENVIRONMENT": str(VENV),
        "UV_PYTHON": sys.executable,
        "UV_PYTHON_DOWNLOADS": "never",
    }


def sync_arguments(groups: tuple[str, ...] | None) -> list[str]:
    """uv's arguments to install `groups` of uv.lock (None: all) without touching anything else."""
    selection = ["--all-groups"] if groups is None else ["--no-default-groups", *(f"--group={group}" for group in groups)]
    return ["sync", "--locked", "--inexact", *selection]


def ensure_venv(groups: tuple[str, ...] | None = SITE) -> None:
    """Install the dependency `groups` of uv.lock into .venv (None: every group, plus PyTorch).

    Inexact: what another command installed stays, so `serve` never removes the test tools from
    under a running `test`.
    """
    uv = ensure_uv()
    try:
        run(uv, *sync_arguments(groups), env=uv_env(), cwd=ROOT)
    except subprocess.CalledProcessError as error:
        raise SystemExit(
            "Could not install uv.lock into .venv (see uv's message above). If pyproject.toml changed, "
            "regenerate the lock with `python3 scripts/dev.py uv lock`."
        ) from error
    if groups is None or "examples" in groups:
        ensure_torch(uv)


# --- PyTorch (outside uv.lock) -------------------------------------------------------------------


def torch_pin() -> str:
    """The version the examples group pins with `torch==X`."""
    group = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["dependency-groups"]["examples"]
    for requirement in group:
        if isinstance(requirement, str) and (match := re.fullmatch(r"torch\s*==\s*([\w.]+)", requirement.strip())):
            return match[1]
    raise SystemExit("pyproject.toml: the examples group must pin PyTorch exactly, as `torch==X.Y.Z`")


def _installed_version(name: str) -> str | None:
    result = subprocess.run(
        [str(BIN / "python"), "-c", "import importlib.metadata as m, sys; print(m.version(sys.argv[1]))", name],
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() if result.returncode == 0 else None


def _pip_find_links() -> list[Path]:
    """Local folders pip already searches for wheels (`find-links` in its config files or environment),
    as pip itself reports them."""
    pip = [_tool_bin(TOOLS / f"uv-{uv_version()}") / "python", "-m", "pip", "--disable-pip-version-check"]
    listing = subprocess.run([*map(str, pip), "config", "list"], capture_output=True, text=True).stdout
    folders = []
    for line in listing.splitlines():
        key, _, value = line.partition("=")
        if key.endswith(".find-links"):
            for entry in value.strip("'\"").split():
                path = Path(unquote(urlsplit(entry).path)) if entry.startswith("file:") else Path(entry)
                if path.is_dir() and path not in folders:
                    folders.append(path)
    return folders


def torch_install_command(uv: Path, version: str) -> list[str | Path]:
    """How this machine gets torch==version: a local wheel pip already finds, else PyPI on macOS and
    PyTorch's CPU-only index on Linux and Windows. --no-deps: what torch needs is locked in uv.lock."""
    # --no-config: the project's own settings exclude torch (it is not in uv.lock).
    install = [uv, "pip", "install", "--no-config", "--python", BIN / "python", "--no-deps"]
    requirement = f"torch=={version}"
    local = [f"--find-links={folder}" for folder in _pip_find_links() if any(folder.glob(f"torch-{version}*.whl"))]
    if local:
        offline = [*install, "--offline", "--no-index", *local, requirement]
        if subprocess.run([*map(str, offline), "--dry-run"], capture_output=True, env=uv_env()).returncode == 0:
            return offline  # one of them fits this Python and platform
    if sys.platform == "darwin":
        return [*install, requirement]
    return [*install, "--default-index", TORCH_CPU_INDEX, requirement]


def ensure_torch(uv: Path) -> None:
    version = torch_pin()
    installed = _installed_version("torch")
    if installed and installed.split("+")[0] == version:
        return
    run(*torch_install_command(uv, version), env=uv_env())


# --- Test tools ------------------------------------------------------------------------------------


def ensure_node_tools() -> None:
    """Browser-side test tools from package-lock.json (axe-core, Lighthouse) into node_modules/."""
    lock = ROOT / "package-lock.json"
    stamp = ROOT / "node_modules" / ".lock-sha256"
    lock_hash = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text().strip() == lock_hash:
        return
    if not shutil.which("npm") and shutil.which("apt-get") and os.geteuid() == 0:
        run("apt-get", "update", "-qq")
        run("apt-get", "install", "-y", "-qq", "nodejs", "npm", env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    # The full path: on Windows npm is npm.cmd, which a call without a shell does not find by "npm".
    run(shutil.which("npm") or "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", cwd=ROOT)
    stamp.write_text(lock_hash + "\n")


def ensure_chromium() -> str | None:
    """Path of a Chromium for the browser tests; installs one when there is none.

    Debian's package where we are root on Debian (CI here); elsewhere Playwright's own build.
    Returns None when Playwright's managed browser is used (it knows where it put it).
    """
    if path := chromium.executable():
        return path
    if shutil.which("apt-get") and os.geteuid() == 0:
        run("apt-get", "update", "-qq")
        run("apt-get", "install", "-y", "-qq", "chromium", env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        return str(chromium.DEBIAN_CHROMIUM)
    run(BIN / "python", "-m", "playwright", "install", "chromium")
    return None


# --- Commands --------------------------------------------------------------------------------------


def _mkdocs(*args: str, env: dict[str, str] | None = None) -> int:
    """MkDocs on this repository's mkdocs.yml, from whatever folder the command was started in."""
    env = {**(env or os.environ), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.call([str(BIN / "mkdocs"), *args, "--config-file", str(ROOT / "mkdocs.yml")], env=env)


def serve(extra: list[str]) -> int:
    ensure_venv(SITE)
    return _mkdocs("serve", "--dev-addr", "127.0.0.1:8000", *extra)


def _site_dir(extra: list[str]) -> Path:
    """Where MkDocs writes the site: its -d/--site-dir argument, else site/."""
    for index, argument in enumerate(extra):
        if argument in ("-d", "--site-dir") and index + 1 < len(extra):
            return Path(extra[index + 1]).resolve()
        if argument.startswith("--site-dir="):
            return Path(argument.split("=", 1)[1]).resolve()
    return ROOT / "site"


def build(extra: list[str]) -> int:
    """Strict build into site/ with the section notebooks, then the PDF edition of it and the offline
    edition (a second strict build, zipped into the site): what the deploy workflow publishes.
    `--no-pdf` skips the PDF (no Playwright or Chromium needed), `--no-offline` the zip."""
    with_pdf = "--no-pdf" not in extra
    with_offline = "--no-offline" not in extra
    extra = [argument for argument in extra if argument not in ("--no-pdf", "--no-offline")]
    ensure_venv(SITE + ("pdf",) if with_pdf else SITE)
    env = dict(os.environ)
    if with_pdf:
        if browser_path := ensure_chromium():
            env["CHROMIUM_PATH"] = browser_path
    # The home page links the editions this command makes (overrides/hooks/workbench.py).
    env["ROADMAP_EDITIONS"] = ",".join(name for name, wanted in (("pdf", with_pdf), ("offline", with_offline)) if wanted)
    if status := _mkdocs("build", "--strict", *extra, env=env):
        return status
    site = str(_site_dir(extra))
    editions = [("build_pdf.py", with_pdf), ("offline_edition.py", with_offline)]
    for script in (ROOT / "scripts" / name for name, wanted in editions if wanted):
        if status := subprocess.call([str(BIN / "python"), str(script), "--site", site], cwd=ROOT, env=env):
            return status
    return 0


def links(extra: list[str]) -> int:
    """Check external links (scripts/check_links.py; arguments go to it)."""
    ensure_venv(SITE)
    return subprocess.call([str(BIN / "python"), str(ROOT / "scripts" / "check_links.py"), *extra], cwd=ROOT)


def test(extra: list[str]) -> int:
    ensure_venv(EVERY_GROUP)
    ensure_node_tools()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if browser_path := ensure_chromium():
        env["CHROMIUM_PATH"] = browser_path
    return subprocess.call([str(BIN / "python"), "-m", "pytest", *extra], cwd=ROOT, env=env)


def uv(extra: list[str]) -> int:
    """The pinned uv on this project, e.g. `uv lock` or `uv add --group site 'package>=1,<2'`.
    It leaves .venv alone (UV_NO_SYNC); the next serve, build or test installs the new lock."""
    return subprocess.call([str(ensure_uv()), *extra], env={**uv_env(), "UV_NO_SYNC": "1"})


COMMANDS = {"serve": serve, "build": build, "links": links, "test": test, "uv": uv}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["uv"]:  # everything after it is uv's, --help included
        return uv(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=list(COMMANDS))
    args, extra = parser.parse_known_args(argv)
    return COMMANDS[args.command](extra)


if __name__ == "__main__":
    sys.exit(main())
