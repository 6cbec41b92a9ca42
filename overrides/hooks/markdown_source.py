"""Read Markdown source line by line the way the checks need it.

Fenced code is skipped (a URL or `<script>` inside a code example is an example, not content),
and inline code spans are blanked so that `` `javascript:` `` in prose is not flagged.
Line numbers are 1-based file lines, so errors can say `file:line`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
INLINE_CODE_RE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")


@dataclass(frozen=True)
class Fence:
    start: int  # line of the opening fence
    indent: str
    info: str  # text after the fence marker, e.g. "python" or "py title=x"
    lines: list[str]  # body lines with the fence's indentation removed

    @property
    def language(self) -> str:
        info = self.info.strip().lstrip("{").strip()
        return info.split()[0].lstrip(".").lower() if info else ""

    @property
    def code(self) -> str:
        return "\n".join(self.lines) + "\n"


def split(text: str, first_line: int = 1) -> tuple[list[tuple[int, str]], list[Fence]]:
    """Split Markdown into prose lines (with inline code blanked) and fenced code blocks."""
    prose: list[tuple[int, str]] = []
    fences: list[Fence] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        match = FENCE_RE.match(line)
        if match:
            marker = match.group("fence")
            indent = match.group("indent")
            closing = re.compile(rf"^[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
            body = []
            end = index + 1
            while end < len(lines) and not closing.match(lines[end]):
                body_line = lines[end]
                body.append(body_line[len(indent):] if body_line.startswith(indent) else body_line.lstrip())
                end += 1
            fences.append(Fence(first_line + index, indent, match.group("info"), body))
            index = end + 1
            continue
        prose.append((first_line + index, INLINE_CODE_RE.sub(lambda m: " " * len(m.group(0)), line)))
        index += 1
    return prose, fences


def prose_lines(text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    yield from split(text, first_line)[0]


def fences(text: str, first_line: int = 1) -> list[Fence]:
    return split(text, first_line)[1]
