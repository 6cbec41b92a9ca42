"""Find every external link in Markdown sources and remember every place it appears.

Links are read from prose only: fenced code is skipped and inline code blanked, the same way the
build's own checks read pages (overrides/hooks/markdown_source.py). Recognised forms:

    [text](https://…)   [text](<https://…> "title")   [ref]: https://…   <https://…>
    <a href="https://…">   <img src="https://…">

Relative links are MkDocs's business (strict build); only http(s) and mailto: are collected.
Files named `_*.md` inside a searched directory are skipped, as the build skips them (templates).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
from markdown_source import prose_lines  # noqa: E402  (the build's reader; one way to skip code)

EXTERNAL_RE = re.compile(r"^(?:https?:|mailto:)", re.I)
REFERENCE_DEFINITION_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(?:<(?P<angled>[^>]*)>|(?P<bare>\S+))")
AUTOLINK_RE = re.compile(r"<(?P<url>(?:https?|mailto):[^\s<>]*)>", re.I)
HTML_ATTR_RE = re.compile(r"""\b(?:href|src)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))""", re.I)
HTML_COMMENT_RE = re.compile(r"<!--.*?-->")


@dataclass(frozen=True, order=True)
class Location:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


def _inline_links(line: str) -> tuple[list[tuple[int, int]], str]:
    """Spans of the destinations of `[text](dest "title")` links (dest may hold balanced
    parentheses), and the line with those links blanked so that `[t](<https://…>)` is not read
    again as an autolink."""
    found, blanked = [], list(line)
    start = line.find("](")
    while start != -1:
        index = start + 2
        while index < len(line) and line[index] in " \t":
            index += 1
        if line.startswith("<", index):
            end = line.find(">", index)
            if end == -1:
                break
            found.append((index + 1, end))
            end += 1
        else:
            depth, end = 0, index
            while end < len(line) and not line[end].isspace():
                if line[end] == "(":
                    depth += 1
                elif line[end] == ")":
                    if depth == 0:
                        break
                    depth -= 1
                end += 1
            found.append((index, end))
        blanked[start:end] = " " * (end - start)
        start = line.find("](", end)
    return found, "".join(blanked)


def _stripped(line: str, start: int, end: int) -> tuple[int, int]:
    text = line[start:end]
    return start + len(text) - len(text.lstrip()), end - len(text) + len(text.rstrip())


def link_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of every external URL written on one prose line, in the order links_in_line
    gives them. The spans index the line as written, so a link can be rewritten in place."""
    line = HTML_COMMENT_RE.sub(lambda m: " " * len(m.group(0)), line)  # markers are comments
    spans, rest = _inline_links(line)
    if definition := REFERENCE_DEFINITION_RE.match(rest):
        spans.append(definition.span("angled") if definition.group("angled") is not None else definition.span("bare"))
    spans += [match.span("url") for match in AUTOLINK_RE.finditer(rest)]
    spans += [match.span(next(g for g in ("dq", "sq", "bare") if match.group(g) is not None)) for match in HTML_ATTR_RE.finditer(rest)]
    spans = [_stripped(line, start, end) for start, end in spans]
    # dict.fromkeys: `[r]: <https://…>` is a definition and an autolink, one link at one place.
    return [(start, end) for start, end in dict.fromkeys(spans) if EXTERNAL_RE.match(line[start:end])]


def links_in_line(line: str) -> list[str]:
    """Every external URL written on one prose line, in order."""
    return [line[start:end] for start, end in link_spans(line)]


def links_in_text(text: str) -> list[tuple[str, int]]:
    """(url, line) for every external link in a Markdown text."""
    return [(url, number) for number, line in prose_lines(text.replace("\r\n", "\n")) for url in links_in_line(line)]


def markdown_files(paths: list[Path]) -> list[Path]:
    """The .md files named by `paths` (files, or directories searched recursively), sorted."""
    files: set[Path] = set()
    for path in paths:
        if path.is_dir():
            files.update(p for p in path.rglob("*.md") if p.is_file() and not p.name.startswith("_"))
        elif path.is_file():
            files.add(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or directory")
    return sorted(files)


def display_path(path: Path) -> str:
    """Path as printed in reports: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def collect(paths: list[Path]) -> dict[str, list[Location]]:
    """URL (as written) -> every location, for all Markdown files under `paths`."""
    found: dict[str, list[Location]] = {}
    for file in markdown_files(paths):
        shown = display_path(file)
        for url, line in links_in_text(file.read_text(encoding="utf-8")):
            found.setdefault(url, []).append(Location(shown, line))
    return found
