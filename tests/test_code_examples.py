"""Every Python code block on the site runs.

The blocks of one page run in order in one fresh Python process (a later block may use what an
earlier one defined), in a temporary working directory, with Keras on the PyTorch backend and the
network closed. A block preceded by `<!-- md:no-run reason -->` is not run (see the conventions page).
Tracebacks point at the Markdown file and line of the failing code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import markers
import pytest
from conftest import ROOT
from markdown_source import fences

PYTHON_LANGUAGES = {"python", "py"}
PAGE_TIMEOUT_SECONDS = 300

# Runs inside the child process: refuse any connection off this machine, then execute each block.
RUNNER = textwrap.dedent(
    """
    import json, socket, sys

    _connect = socket.socket.connect

    def _loopback_only(self, address):
        host = address[0] if isinstance(address, tuple) else str(address)
        if not (host.startswith("127.") or host in ("::1", "localhost")) and self.family != socket.AF_UNIX:
            raise OSError(f"code examples must not use the network (tried {address})")
        return _connect(self, address)

    socket.socket.connect = _loopback_only
    namespace = {"__name__": "__main__"}
    for block in json.load(sys.stdin):
        # Pad with blank lines so a traceback names the block's real line in the Markdown file.
        code = compile("\\n" * block["line"] + block["code"], block["path"], "exec")
        exec(code, namespace)
    """
)


def python_blocks(path: Path) -> tuple[list[dict], int]:
    """The page's runnable Python blocks, and how many are marked md:no-run."""
    source = path.read_text(encoding="utf-8")
    skipped = markers.no_run_fence_lines(source)
    relative = path.relative_to(ROOT).as_posix()
    blocks = [
        {"path": relative, "line": fence.start, "code": fence.code}
        for fence in fences(source)
        if fence.language in PYTHON_LANGUAGES and fence.start not in skipped
    ]
    return blocks, len(skipped)


PAGES = sorted(path for path in (ROOT / "docs").rglob("*.md") if python_blocks(path)[0])


def test_the_site_has_code_examples_to_run():
    assert len(PAGES) >= 5, "the roadmap teaches with code; most section pages should have Python blocks"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(ROOT / "docs").as_posix())
def test_python_blocks_on_page_run(path, tmp_path, perf_report):
    blocks, skipped = python_blocks(path)
    env = {
        **os.environ,
        "KERAS_BACKEND": "torch",
        "HF_HUB_OFFLINE": "1",
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "CUDA_VISIBLE_DEVICES": "",
        # One thread: tiny models train far faster without thread contention on a busy 2-core machine.
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps(blocks),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=PAGE_TIMEOUT_SECONDS,
    )
    assert result.returncode == 0, f"a code block failed:\n{result.stderr[-4000:]}"
    perf_report(f"code examples: {path.relative_to(ROOT).as_posix()}: {len(blocks)} run, {skipped} marked no-run")
