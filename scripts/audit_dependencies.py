#!/usr/bin/env python3
"""Known vulnerabilities in every pinned Python package, with pip-audit.

    python3 scripts/audit_dependencies.py              # what .github/workflows/supply-chain.yml runs
    python3 scripts/audit_dependencies.py --dry-run    # more options go to pip-audit

It audits all of uv.lock, every platform's and every Python's packages (exported as a PEP 751
pylock.toml, which keeps both versions where the lock has two), and PyTorch as pyproject.toml pins it
outside the lock, as `torch==X` on PyPI (the CPU-only build is the same release). --strict: a package
pip-audit cannot look up fails the audit instead of being skipped in silence.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import dev  # scripts/dev.py: the pinned uv and .venv

PIP_AUDIT_OPTIONS = ["--strict", "--progress-spinner", "off", "--desc", "on"]


def write_inputs(folder: Path) -> tuple[Path, Path]:
    """Write what pip-audit reads into `folder`: lock/pylock.toml (all of uv.lock) and torch.txt."""
    lock = folder / "lock" / "pylock.toml"
    lock.parent.mkdir(parents=True, exist_ok=True)
    export = ["export", "--frozen", "--all-groups", "--no-emit-project", "--format", "pylock.toml", "--quiet"]
    subprocess.run([str(dev.ensure_uv()), *export, "--output-file", str(lock)], check=True, env=dev.uv_env())
    torch = folder / "torch.txt"
    torch.write_text(f"torch=={dev.torch_pin()}\n", encoding="utf-8")
    return lock, torch


def main(pip_audit_options: list[str]) -> int:
    dev.ensure_venv(("test",))  # pip-audit is in the test group
    pip_audit = [str(dev.BIN / "pip-audit"), *PIP_AUDIT_OPTIONS, *pip_audit_options]
    with tempfile.TemporaryDirectory(prefix="audit-") as folder:
        lock, torch = write_inputs(Path(folder))
        status = subprocess.call([*pip_audit, "--locked", str(lock.parent)])
        status |= subprocess.call([*pip_audit, "--requirement", str(torch), "--no-deps", "--disable-pip"])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
