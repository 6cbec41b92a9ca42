#!/usr/bin/env python3
"""Validate the site the way CI does: a strict build, every problem printed as `file:line: message`.

    python3 scripts/validate.py                 # this repository
    python3 scripts/validate.py --project DIR   # another checkout or copy (tests use this)

The checks themselves live in the build hooks (overrides/hooks/); this script only runs the strict
build into a throwaway folder and prints what it reported, content problems first, so the pre-commit
hook, the PR summary and a contributor's terminal all show the same lines. Exit status 1 on any
problem. Run outside the project's virtualenv, it first creates `.venv/` (scripts/dev.py) and
re-runs itself there.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBLEM_RE = re.compile(r"^\s*(?P<path>[^\s:]+):(?P<line>\d+): (?P<message>.+)$")


@dataclass
class Validation:
    ok: bool
    problems: list[str] = field(default_factory=list)  # "file:line: message", sorted
    messages: list[str] = field(default_factory=list)  # other warnings (no line), e.g. a broken nav entry


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _sort_out(text_lines: list[str], ok: bool) -> Validation:
    problems, messages = set(), []
    for text in text_lines:
        for line in text.splitlines():
            if PROBLEM_RE.match(line):
                problems.add(line.strip())
            elif line.strip() and not re.match(r"^\d+ content problem\(s\):$", line.strip()):
                messages.append(line.rstrip())
    return Validation(ok and not problems and not messages, sorted(problems, key=_problem_order), messages)


def _problem_order(line: str) -> tuple[str, int, str]:
    match = PROBLEM_RE.match(line)
    return (match["path"], int(match["line"]), match["message"]) if match else (line, 0, "")


def strict_build(project: Path, site_dir: Path | str, **overrides) -> tuple[bool, list[str]]:
    """Strict-build `project` (a folder with mkdocs.yml) into `site_dir`, with optional config
    overrides such as site_url. Return (succeeded, the warnings and errors MkDocs reported)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True, **overrides)
        build(config)
        return not handler.lines, handler.lines
    except Abort as error:  # "Aborted with N warnings in strict mode": the warnings were collected
        return False, [*handler.lines, str(error)]
    except (BuildError, ConfigurationError) as error:
        return False, [*handler.lines, str(error)]
    finally:
        logger.removeHandler(handler)


def validate(project: Path) -> Validation:
    """Strict-build `project` into a throwaway folder and sort out what it reported."""
    with tempfile.TemporaryDirectory(prefix="validate-site-") as site_dir:
        ok, lines = strict_build(project, site_dir)
    return _sort_out([line for line in lines if not line.startswith("Aborted with ")], ok)


def report(result: Validation) -> str:
    lines = [*result.problems, *result.messages]
    if result.ok:
        return "validation passed: the site builds strictly with no problems"
    count = len(result.problems) + len(result.messages)
    return "\n".join([*lines, f"validation failed: {count} problem(s)"])


def _ensure_mkdocs() -> None:
    """Re-run inside the project's virtualenv when this Python lacks the site's dependencies."""
    try:
        import mkdocs  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(ROOT / "scripts"))
        import dev

        dev.ensure_venv()
        python = str(dev.BIN / "python")
        if os.name == "nt":  # Windows has no exec: os.execv starts a child and this process exits 0
            sys.exit(subprocess.call([python, __file__, *sys.argv[1:]]))
        os.execv(python, [python, __file__, *sys.argv[1:]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=ROOT, help="folder with mkdocs.yml (default: this repository)")
    args = parser.parse_args(argv)
    _ensure_mkdocs()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # MkDocs prints INFO lines of its own; only the verdict and the problems matter here.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    result = validate(args.project.resolve())
    print(report(result))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
