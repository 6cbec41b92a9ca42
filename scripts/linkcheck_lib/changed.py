"""`--changed-since REF`: the lines a branch added or changed, from `git diff`.

Compared with the merge base of REF and the working tree, as a pull request's diff is: links that
were only touched on the base branch since the PR branched off do not count. Untracked Markdown
files count as changed in full.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

HUNK_RE = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@")


class GitError(RuntimeError):
    pass


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError("--changed-since needs git, which is not installed") from None
    if done.returncode != 0:
        raise GitError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def changed_lines(ref: str) -> set[tuple[str, int]]:
    """(path relative to the working directory, line) of every line added or changed since `ref`."""
    top = Path(_git("rev-parse", "--show-toplevel").strip())
    _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    diff = _git("diff", "--merge-base", ref, "--unified=0", "--no-color", "--no-ext-diff")
    lines: set[tuple[str, int]] = set()
    current: str | None = None
    for row in diff.splitlines():
        if row.startswith("+++ "):
            name = row[4:]
            current = None if name == "/dev/null" else _relative(top / name[2:])  # strip "b/"
        elif current and (hunk := HUNK_RE.match(row)):
            start, count = int(hunk.group("start")), int(hunk.group("count") or 1)
            lines.update((current, line) for line in range(start, start + count))
    # New files not yet added to git are changed in full (a local run before the first commit).
    for name in _git("ls-files", "--others", "--exclude-standard", "--full-name", str(top)).splitlines():
        path = top / name
        if path.suffix == ".md" and path.is_file():
            count = len(path.read_text(encoding="utf-8").splitlines())
            lines.update((_relative(path), line) for line in range(1, count + 1))
    return lines


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
