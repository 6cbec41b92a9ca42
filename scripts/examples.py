#!/usr/bin/env python3
"""Run a page's code as its notebook and compare what each block prints with what the page shows.

    python scripts/examples.py check [PAGE ...]    # exit 1 when a block fails or its output differs
    python scripts/examples.py update [PAGE ...]   # rewrite the ```output fences from a fresh run

PAGE is a Markdown file (default: every page with runnable python blocks). The notebook is the one
the site publishes (overrides/hooks/notebook.py), executed top to bottom with nbclient on a fresh
CPU kernel in a temporary folder, with the network closed to everything but loopback. What a block
prints (standard output, and the value of a last expression) must match the ```output fence right
after it on the page, compared by `outputs_match`:

- text must be equal line by line (trailing spaces ignored);
- an integer must be equal; a decimal number may differ by one unit in its last printed place
  plus 0.1 % of its value (floating point varies across CPUs and library versions);
- `...` in a shown line matches any text there, and a line that is only `...` matches any number
  of lines (for timings and other output that changes from run to run).

A block that prints nothing has no output fence. `update` keeps a shown output that still matches
(so its `...` stay) and replaces the others. The test suite (tests/test_code_examples.py) runs
the same function as `check`, so every block runs once per suite run.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))

import notebook  # noqa: E402  (the hooks' module, so the suite runs what the site publishes)
import source_page  # noqa: E402

CELL_TIMEOUT_SECONDS = 600
# Kernel environment: CPU only, no hub downloads, deterministic hashing, one thread (tiny models
# train far faster without thread contention on a busy 2-core machine), and no package index, so
# the install cell can only be a no-op here: a version mismatch fails instead of downloading.
# The kernels are pinned so that every x86-64 host computes the same: PyTorch's own kernels and
# oneDNN's to AVX2 (which every x86-64 machine of the last decade has), MKL to its conditional
# numerical reproducibility mode for any Intel or AMD processor. Left to themselves they pick AVX-512
# or vendor-specific code where the CPU offers it, whose different rounding a few hundred training
# steps amplify: an LSTM's test error printed 0.0095 on one CI host and 0.0106 on another, so a page's
# shown output held on one and failed on the next.
KERNEL_ENV = {
    "ATEN_CPU_CAPABILITY": "avx2",
    "ONEDNN_MAX_CPU_ISA": "AVX2",
    "MKL_CBWR": "COMPATIBLE",
    "KERAS_BACKEND": "torch",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "MPLBACKEND": "Agg",
    "PYTHONHASHSEED": "0",
    "CUDA_VISIBLE_DEVICES": "",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "PIP_NO_INDEX": "1",
    "PIP_FIND_LINKS": "",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}
# Run first, then removed: any connection off this machine raises inside the example.
NETWORK_GUARD = textwrap.dedent(
    """
    def _close_the_network():
        import socket
        connect, unix = socket.socket.connect, getattr(socket, "AF_UNIX", None)
        def loopback_only(self, address):
            host = address[0] if isinstance(address, tuple) else str(address)
            if self.family != unix and not (host.startswith("127.") or host in ("::1", "localhost")):
                raise OSError(f"code examples must not use the network (tried {address})")
            return connect(self, address)
        socket.socket.connect = loopback_only
    _close_the_network()
    del _close_the_network
    """
)
NUMBER_RE = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


@dataclass
class BlockResult:
    line: int  # file line of the python fence
    shown: str | None  # the page's ```output text, or None when the page shows none
    printed: str  # what the block printed
    error: str | None = None  # traceback text when the block raised

    @property
    def ok(self) -> bool:
        return self.error is None and outputs_match(self.shown or "", self.printed)


# --- Comparing ----------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.rstrip().split("\n")] if text.strip() else []


def _decimals(token: str) -> int | None:
    """Decimal places a printed number shows (1e-05: 5, 2.50: 2, 3.1e2: -1); None for an integer."""
    mantissa, _, exponent = token.lower().partition("e")
    if "." not in mantissa and not exponent:
        return None
    fraction = mantissa.split(".")[1] if "." in mantissa else ""
    return len(fraction) - int(exponent or 0)


def _numbers_match(shown: str, printed: str) -> bool:
    places = _decimals(shown)
    if places is None and "e" not in shown.lower():
        return shown.lstrip("+") == printed.lstrip("+")  # integers are exact
    try:
        a, b = float(shown), float(printed)
    except ValueError:
        return False
    unit = 10.0 ** -(places if places is not None else 0)
    return abs(a - b) <= unit + 1e-3 * abs(a)


def _line_matches(shown: str, printed: str) -> bool:
    if shown == printed:
        return True
    pattern, numbers = "", []
    for index, part in enumerate(re.split(r"(\.\.\.)", shown)):
        if index % 2:
            pattern += ".*?"
            continue
        position = 0
        for number in NUMBER_RE.finditer(part):
            pattern += re.escape(part[position:number.start()]) + f"({NUMBER_RE.pattern})"
            numbers.append(number.group(0))
            position = number.end()
        pattern += re.escape(part[position:])
    match = re.fullmatch(pattern, printed)
    return bool(match) and all(_numbers_match(s, p) for s, p in zip(numbers, match.groups()))


def outputs_match(shown: str, printed: str) -> bool:
    """Whether `printed` is what `shown` promises (the rules are in this module's docstring)."""
    expected, actual = _lines(shown), _lines(printed)

    def match(i: int, j: int) -> bool:
        if i == len(expected):
            return j == len(actual)
        if expected[i].strip() == "...":
            return any(match(i + 1, k) for k in range(j, len(actual) + 1))
        return j < len(actual) and _line_matches(expected[i], actual[j]) and match(i + 1, j + 1)

    return match(0, 0)


# --- Running ------------------------------------------------------------------------------


def _printed(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream" and output.name == "stdout":
            parts.append(output.text)
        elif output.output_type == "execute_result" and "text/plain" in output.data:
            parts.append(output.data["text/plain"] + "\n")
    return "".join(parts)


def _error(cell) -> str | None:
    for output in cell.get("outputs", []):
        if output.output_type == "error":
            trace = "\n".join(output.traceback)
            return re.sub(r"\x1b\[[0-9;]*m", "", trace)  # IPython colours its tracebacks
    return None


def run_page(path: Path, kernel_env: dict[str, str] | None = None) -> tuple[list[BlockResult], int]:
    """Execute the page's notebook; return one result per runnable block and the no-run count."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    page = source_page.read(ROOT / "docs", path.resolve().relative_to(ROOT / "docs").as_posix(), ROOT)
    book, problems = notebook.build(page, "https://example.invalid/page/", notebook.locked_versions(ROOT))
    if problems:
        raise SystemExit("\n".join(str(problem) for problem in problems))
    book.cells.insert(0, notebook.v4.new_code_cell(NETWORK_GUARD, metadata={"roadmap": {"role": "guard"}}))
    for cell in book.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    blocks = {fence.start: fence for fence in page.python_fences}
    environment = {**os.environ, **KERNEL_ENV, **(kernel_env or {})}
    with tempfile.TemporaryDirectory(prefix="roadmap-example-") as workdir:
        client = NotebookClient(
            book, timeout=CELL_TIMEOUT_SECONDS, kernel_name="python3",
            resources={"metadata": {"path": workdir}}, allow_errors=False,
        )
        saved = dict(os.environ)
        os.environ.update(environment)  # the kernel inherits this process's environment
        try:
            client.execute()
        except CellExecutionError:
            pass  # the failing cell carries the error; the cells after it never ran
        finally:
            os.environ.clear()
            os.environ.update(saved)
    results, ran_to_end = [], True
    for cell in book.cells:
        role = cell.metadata.get("roadmap", {})
        if cell.cell_type != "code" or "line" not in role or notebook.SKIP_TAG in cell.metadata.get("tags", []):
            if role.get("role") in ("guard", "install") and (error := _error(cell)):
                raise SystemExit(f"{path}: the notebook's {role['role']} cell failed:\n{error}")
            continue
        fence = blocks[role["line"]]
        shown = fence.output.code if fence.output is not None else None
        error = _error(cell) if ran_to_end else "not run: an earlier block failed"
        if error and ran_to_end:
            ran_to_end = False
        results.append(BlockResult(fence.start, shown, _printed(cell), error))
    no_run = sum(1 for fence in page.python_fences if fence.no_run)
    return results, no_run


def describe_failures(path: str, results: list[BlockResult]) -> list[str]:
    messages = []
    for result in results:
        if result.error:
            messages.append(f"{path}:{result.line}: the block raised:\n{result.error[-3000:]}")
        elif not result.ok:
            shown = result.shown if result.shown is not None else "(no ```output fence)\n"
            messages.append(
                f"{path}:{result.line}: the block's output differs from the ```output the page shows "
                f"(run `python scripts/examples.py update {path}` and read the change):\n"
                f"--- shown on the page\n{shown}--- printed\n{result.printed or '(nothing)'}"
            )
    return messages


# --- Rewriting ------------------------------------------------------------------------------


def update_page(path: Path, results: list[BlockResult]) -> int:
    """Write each block's printed output into its ```output fence; return how many changed."""
    page = source_page.read(ROOT / "docs", path.resolve().relative_to(ROOT / "docs").as_posix(), ROOT)
    lines = page.raw.split("\n")
    by_line = {result.line: result for result in results}
    changed = 0
    # From the bottom up, so earlier line numbers stay valid while lines are replaced.
    for fence in sorted(page.python_fences, key=lambda f: f.start, reverse=True):
        result = by_line.get(fence.start)
        if result is None or result.error or result.ok:
            continue
        indent = fence.indent
        replacement = []
        if result.printed.strip():
            body = [f"{indent}{line}" if line else "" for line in _lines(result.printed)]
            replacement = ["", f"{indent}```output", *body, f"{indent}```"]
        if fence.output is not None:
            start, end = fence.end, fence.output.end  # from the code fence's closing line
            lines[start:end] = replacement  # 0-based slice = the lines after the code fence's end
        else:
            lines[fence.end:fence.end] = replacement
        changed += 1
    if changed:
        path.write_text("\n".join(lines), encoding="utf-8")
    return changed


def pages_with_code(paths: list[Path]) -> list[Path]:
    if paths:
        return [path.resolve() for path in paths]
    found = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        page = source_page.read(ROOT / "docs", path.relative_to(ROOT / "docs").as_posix(), ROOT)
        if any(not fence.no_run for fence in page.python_fences):
            found.append(path)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["check", "update"])
    parser.add_argument("pages", nargs="*", type=Path)
    args = parser.parse_args(argv)
    status = 0
    for path in pages_with_code(args.pages):
        relative = path.relative_to(ROOT).as_posix()
        results, no_run = run_page(path)
        failures = describe_failures(relative, results)
        if args.command == "update":
            changed = update_page(path, results)
            print(f"{relative}: {len(results)} blocks run, {changed} outputs rewritten, {no_run} marked no-run")
            failures = [message for message in failures if "the block raised" in message]
        else:
            print(f"{relative}: {len(results)} blocks run, {len(failures)} problems, {no_run} marked no-run")
        for message in failures:
            print(message, file=sys.stderr)
        status = status or (1 if failures else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
