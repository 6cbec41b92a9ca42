#!/usr/bin/env python3
"""The README's commands: `serve` the site with live reload, `test` everything, `build` it, or check its `links`.

Each one first makes sure `.venv/` holds exactly what `requirements.lock` pins (hash-checked), and
`test` also installs the browser-side test tools pinned in package-lock.json and makes sure a
Chromium exists for the browser tests. Only the standard library is used
here, so it runs on a fresh machine with nothing but Python 3.11+.
"""

from __future__ import annotations

import argparse
import configparser
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import chromium  # scripts/chromium.py (standard library only, like this file)

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".lock-sha256"  # hash of the lock the venv was last installed from
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
# The lock pins PyTorch's CPU-only build (torch==X+cpu), which lives on PyTorch's own index,
# not on PyPI. A machine whose pip already finds that wheel locally does not need the index.
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def run(*command: str | Path, **kwargs) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, **kwargs)


def _pinned_torch() -> str | None:
    for line in LOCK.read_text().splitlines():
        if line.startswith("torch=="):
            return line.split("==", 1)[1].split()[0]
    return None


def _local_wheel_dirs() -> list[Path]:
    """Folders pip searches through `find-links` (environment or pip config files)."""
    values = [os.environ.get("PIP_FIND_LINKS", "")]
    for config in (Path("/etc/pip.conf"), Path.home() / ".config/pip/pip.conf", Path.home() / ".pip/pip.conf"):
        parser = configparser.ConfigParser()
        if config.exists() and parser.read(config) and parser.has_option("global", "find-links"):
            values.append(parser.get("global", "find-links"))
    return [Path(part) for value in values for part in value.split() if Path(part).is_dir()]


def _torch_index_args() -> list[str]:
    version = _pinned_torch()
    if not version or "+" not in version:
        return []
    wheel = f"torch-{version}-"
    if any(any(p.name.startswith(wheel) for p in folder.iterdir()) for folder in _local_wheel_dirs()):
        return []
    return ["--extra-index-url", TORCH_CPU_INDEX]


def ensure_venv() -> None:
    lock_hash = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == lock_hash:
        return
    if not (BIN / "python").exists():
        run(sys.executable, "-m", "venv", VENV)
    run(BIN / "python", "-m", "pip", "install", "--require-hashes", "-r", LOCK, *_torch_index_args())
    STAMP.write_text(lock_hash + "\n")


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
    run("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", cwd=ROOT)
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


def serve(extra: list[str]) -> int:
    ensure_venv()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.call([str(BIN / "mkdocs"), "serve", "--dev-addr", "127.0.0.1:8000", *extra], cwd=ROOT, env=env)


def build(extra: list[str]) -> int:
    """Strict build into site/ (what the deploy workflow publishes)."""
    ensure_venv()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.call([str(BIN / "mkdocs"), "build", "--strict", *extra], cwd=ROOT, env=env)


def links(extra: list[str]) -> int:
    """Check external links (scripts/check_links.py; arguments go to it)."""
    ensure_venv()
    return subprocess.call([str(BIN / "python"), "scripts/check_links.py", *extra], cwd=ROOT)


def test(extra: list[str]) -> int:
    ensure_venv()
    ensure_node_tools()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if browser_path := ensure_chromium():
        env["CHROMIUM_PATH"] = browser_path
    return subprocess.call([str(BIN / "python"), "-m", "pytest", *extra], cwd=ROOT, env=env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["serve", "build", "links", "test"])
    args, extra = parser.parse_known_args()
    return {"serve": serve, "build": build, "links": links, "test": test}[args.command](extra)


if __name__ == "__main__":
    sys.exit(main())
