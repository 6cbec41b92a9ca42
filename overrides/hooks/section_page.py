"""Structure of a roadmap section page: headings with explicit, stable ids.

Reader progress and deep links hang on heading ids, so a section page may not rely on ids
generated from heading text (they change when a heading is reworded). Every `##` and `###`
heading carries `{#id}`. `##` headings are topics, except the fixed structural ones below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontmatter import Problem

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


def headings(path: str, prose: list[tuple[int, str]]) -> tuple[list[Heading], list[Problem]]:
    """The `#`-headings among a page's prose lines, with their ids."""
    found, problems, seen = [], [], {}
    for line_no, line in prose:
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


# Every section page ends with these `##` headings, in this order, so readers find them in one place.
CLOSING_IDS = ("resources", "practice", "self-check")
CLOSING_HEADINGS = "'## Resources {#resources}', then '## Practice task {#practice}', then '## Self-check {#self-check}'"


def check_closing_order(path: str, found: list[Heading]) -> list[Problem]:
    """The page's last three `##` headings are Resources, Practice task and Self-check, in that order."""
    top = [heading for heading in found if heading.level == 2]
    problems = []
    for heading_id in CLOSING_IDS:
        if heading_id not in {heading.id for heading in top}:
            line = top[-1].line if top else 1
            problems.append(Problem(path, line, f"section page has no '{heading_id}' heading: it ends with {CLOSING_HEADINGS}"))
    if problems:
        return problems
    closing = [heading for heading in top if heading.id in CLOSING_IDS]
    order = ", ".join(f"'{heading.id}'" for heading in closing)
    after = [heading for heading in top[top.index(closing[0]):] if heading.id not in CLOSING_IDS]
    if after:  # reported where the stray heading is, so the writer sees what to move
        problems.append(Problem(path, after[0].line, f"the page must end with {CLOSING_HEADINGS}: '{after[0].id}' comes after them"))
    elif [heading.id for heading in closing] != list(CLOSING_IDS):
        wrong = next(heading for heading, expected in zip(closing, CLOSING_IDS) if heading.id != expected)
        problems.append(Problem(path, wrong.line, f"the page must end with {CLOSING_HEADINGS} (found {order})"))
    return problems
