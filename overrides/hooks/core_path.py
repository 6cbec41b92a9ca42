"""The core path: which topics of a section a beginner can leave for a second pass, and how long the
rest takes.

Three optional front-matter keys of a section page (docs/contributing/conventions.md#core-path):

- `optional`: topic ids (`##` heading ids of the page) a reader can skip on a first pass; default [].
- `core_hours`: whole hours for the page without its optional topics. The writer sets it, since only
  the writer knows how the time splits; required when `optional` is not empty, then below `hours`.
- `companion`: true for a reference read alongside the path (Best Learning Resources) rather than a
  step on it; it has no prerequisites and is no section's prerequisite, and the maps draw it beside the
  path instead of in it.

Pure module (no MkDocs imports): the page model validates with it, the hooks and tests read it.
"""

from __future__ import annotations

import re

from frontmatter import FrontMatter, Problem

KEYS = ("optional", "core_hours", "companion")
# On every topic heading, for styles and scripts (class names: the page-safety allowlist takes any class).
ROLE_CLASSES = {"core": "dl-topic--core", "optional": "dl-topic--optional"}


def optional_ids(front: FrontMatter | None) -> tuple[str, ...]:
    value = front.data.get("optional", []) if front else []
    return tuple(value) if isinstance(value, list) else ()


def core_hours(front: FrontMatter) -> int:
    """Hours of the page's core topics (all its hours when nothing is optional)."""
    return front.data.get("core_hours", front.data["hours"])


def is_companion(front: FrontMatter | None) -> bool:
    return bool(front and front.data.get("companion") is True)


def validate(path: str, front: FrontMatter, topic_ids: list[str]) -> list[Problem]:
    """The core-path keys of one section page, against the page's own topics."""
    data, problems = front.data, []

    def at(key: str, message: str) -> None:
        problems.append(Problem(path, front.key_lines.get(key, front.first_line), message))

    optional = data.get("optional", [])
    if not isinstance(optional, list) or not all(isinstance(item, str) for item in optional):
        at("optional", "'optional' must be a list of this page's topic ids, e.g. [meta-learning] (use [] for none)")
        optional = []
    for item in sorted({item for item in optional if optional.count(item) > 1}):
        at("optional", f"'optional' lists '{item}' twice")
    for item in optional:
        if item not in topic_ids:
            at("optional", f"'optional' names '{item}', which is not a topic of this page (topics: {', '.join(topic_ids)})")
    if topic_ids and set(topic_ids) <= set(optional):
        at("optional", "'optional' lists every topic: leave at least one on the core path")

    hours = data.get("hours")
    has_hours = isinstance(hours, int) and not isinstance(hours, bool)
    if "core_hours" in data:
        value = data["core_hours"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            at("core_hours", f"'core_hours' must be a whole number of hours, at least 1 (got {value!r})")
        elif has_hours and optional and value >= hours:
            at("core_hours", f"'core_hours' ({value}) must be less than 'hours' ({hours}): the optional topics take time too")
        elif has_hours and not optional and value != hours:
            at("core_hours", f"'core_hours' ({value}) differs from 'hours' ({hours}) but no topic is 'optional'")
    elif optional:
        at("optional", "'optional' topics need 'core_hours': the hours of the page without them")

    companion = data.get("companion", False)
    if not isinstance(companion, bool):
        at("companion", f"'companion' must be true or false (got {companion!r})")
    elif companion and data.get("prerequisites"):
        at("companion", "a companion section is read alongside the path: its 'prerequisites' must be []")
    return problems


def check_companions(sections: dict[str, tuple[str, FrontMatter]]) -> list[Problem]:
    """No section builds on a companion: the maps draw companions beside the path, with no arrows."""
    companions = {slug for slug, (_, front) in sections.items() if is_companion(front)}
    problems = []
    for slug, (path, front) in sections.items():
        needs = front.data.get("prerequisites")
        for name in needs if isinstance(needs, list) else []:
            if name in companions:
                problems.append(Problem(path, front.key_lines.get("prerequisites", 1),
                                        f"prerequisite '{name}' is a companion section, read alongside the path, not a step before '{slug}'"))
    return problems


EXPLICIT_ID_RE = re.compile(r"\{\s*#(?P<id>[^\s}]+)")


def mark_topic_headings(markdown: str, first_line: int, topics, optional: tuple[str, ...]) -> str:
    """Give each topic heading its role as an attribute list entry (attr_list renders it), so pages,
    styles and the progress script can tell core from optional topics without a second source."""
    lines = markdown.split("\n")
    for topic in topics:
        index = topic.line - first_line
        if not 0 <= index < len(lines):
            continue
        line = lines[index]
        match = next(reversed(list(EXPLICIT_ID_RE.finditer(line))), None)  # the last `{#id` on the line is the heading's
        if match is None or match.group("id") != topic.id:
            continue
        role = "optional" if topic.id in optional else "core"
        lines[index] = f"{line[: match.end()]} .{ROLE_CLASSES[role]}{line[match.end():]}"
    return "\n".join(lines)
