"""Read Markdown source line by line the way the source-level features need it.

One pass splits a page into prose lines and fenced code blocks. Fenced code is kept apart (a
heading or a marker inside a code example is an example, not structure), and inline code spans in
prose are blanked so that `` `<!-- md:x -->` `` in a sentence is not taken for a marker.
Line numbers are 1-based file lines, so problems can say `file:line`.

This reader finds structure (headings, markers, code to execute), never safety: what a reader's
browser receives is judged on the rendered HTML (html_safety.py), because no line scanner agrees
with the Markdown renderer on every edge case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
INLINE_CODE_RE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
TAB_RE = re.compile(r'^(?P<indent>[ \t]*)===\+?\s+"(?P<label>[^"]*)"')
PYTHON_LANGUAGES = {"python", "py"}
OUTPUT_LANGUAGE = "output"


@dataclass
class Fence:
    start: int  # file line of the opening fence
    indent: str
    info: str  # text after the fence marker, e.g. "python" or "py title=x"
    lines: list[str]  # body lines with the fence's indentation removed
    end: int = 0  # file line of the closing fence (the last line, when the fence is never closed)
    tab: str | None = None  # label of the content tab (=== "Label") the fence sits in
    no_run: str | None = None  # reason given by a md:no-run marker on the line before
    output: Fence | None = field(default=None, repr=False)  # the ```output fence right after it

    @property
    def language(self) -> str:
        info = self.info.strip().lstrip("{").strip()
        return info.split()[0].lstrip(".").lower() if info else ""

    @property
    def code(self) -> str:
        return "\n".join(self.lines) + "\n"

    @property
    def is_python(self) -> bool:
        return self.language in PYTHON_LANGUAGES


def split(text: str, first_line: int = 1) -> tuple[list[tuple[int, str]], list[Fence]]:
    """Split Markdown into prose lines (with inline code blanked) and fenced code blocks.

    Each python fence is linked to the ```output fence that follows it with only blank lines
    between, at the same indentation (the output the page shows for that code).
    """
    prose: list[tuple[int, str]] = []
    fences: list[Fence] = []
    lines = text.split("\n")
    tabs: list[tuple[str, str]] = []  # open content tabs as (indent, label), outermost first
    blank_since_fence = True  # only blank lines since the last fence closed
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.strip():
            indent = line[: len(line) - len(line.lstrip())]
            while tabs and len(tabs[-1][0]) >= len(indent) and not TAB_RE.match(line):
                tabs.pop()
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
            tab = next((label for tab_indent, label in reversed(tabs) if len(tab_indent) < len(indent)), None)
            fence = Fence(first_line + index, indent, match.group("info"), body, first_line + min(end, len(lines) - 1), tab)
            previous = fences[-1] if fences else None
            if (
                fence.language == OUTPUT_LANGUAGE and previous is not None and previous.is_python
                and previous.output is None and blank_since_fence and previous.indent == indent
            ):
                previous.output = fence
            fences.append(fence)
            blank_since_fence = True
            index = end + 1
            continue
        if tab := TAB_RE.match(line):
            while tabs and len(tabs[-1][0]) >= len(tab.group("indent")):
                tabs.pop()
            tabs.append((tab.group("indent"), tab.group("label")))
        if line.strip():
            blank_since_fence = False
        prose.append((first_line + index, INLINE_CODE_RE.sub(lambda m: " " * len(m.group(0)), line)))
        index += 1
    return prose, fences


def prose_lines(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Prose lines only (the link checker reads links from these: a URL in a code example is an example)."""
    return split(text, first_line)[0]
