"""Structure of a roadmap section page: headings with explicit, stable ids.

Reader progress and deep links hang on heading ids, so a section page may not rely on ids
generated from heading text (they change when a heading is reworded). Every `##` and `###`
heading carries `{#id}`. `##` headings are topics, except the fixed structural ones below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontmatter import Problem
from markdown_source import prose_lines

HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*$")
EXPLICIT_ID_RE = re.compile(r"\{\s*#(?P<id>[^\s}]+)[^}]*\}\s*$")
ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
# Headings every section page may have that are not topics a reader ticks off.
STRUCTURAL_IDS = ("why-it-matters", "practice", "self-check", "resources")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str
    line: int

    @property
    def is_topic(self) -> bool:
        return self.level == 2 and self.id not in STRUCTURAL_IDS


def headings(path: str, markdown: str, first_line: int = 1) -> tuple[list[Heading], list[Problem]]:
    found, problems, seen = [], [], {}
    for line_no, line in prose_lines(markdown, first_line):
        match = HEADING_RE.match(line)
        if not match:
            continue
        level = len(match.group("hashes"))
        text = match.group("text")
        if level == 1:
            problems.append(Problem(path, line_no, "a section page has no '# ' heading: its title comes from front matter"))
            continue
        explicit = EXPLICIT_ID_RE.search(text)
        if not explicit:
            if level <= 3:
                problems.append(Problem(path, line_no, f"heading '{text}' needs an explicit id, e.g. {{#{_suggest(text)}}}"))
            continue
        heading_id = explicit.group("id")
        if not ID_RE.match(heading_id):
            problems.append(Problem(path, line_no, f"heading id '{heading_id}' must be lowercase words joined by '-'"))
        if heading_id in seen:
            problems.append(Problem(path, line_no, f"heading id '{heading_id}' is already used on line {seen[heading_id]}"))
        seen.setdefault(heading_id, line_no)
        found.append(Heading(level, text[: explicit.start()].strip(), heading_id, line_no))
    return found, problems


def _suggest(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "topic"
