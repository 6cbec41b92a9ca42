"""Front matter of a page: split it off as MkDocs does, parse it once with line numbers, validate, check the graph.

Pure functions over plain strings (only MkDocs' front-matter pattern is imported), so tests and scripts can call them directly.
Every problem is reported as a `Problem(path, line, message)`; nothing stops at the first one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from mkdocs.utils.meta import YAML_RE  # MkDocs' own delimiters: the body we read is the body it renders

LEVELS = ("beginner", "intermediate", "advanced")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _is_sentence(text: str) -> bool:
    """One sentence: ends with ., ! or ?, and has no sentence break before that."""
    text = text.strip()
    return bool(re.fullmatch(r"[^\n]+?[.!?]", text)) and not re.search(r"[.!?]\s+[A-Z]", text[:-1])


def _check_str(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty string"
    return None


def _check_description(value: Any) -> str | None:
    if problem := _check_str(value):
        return problem
    if not _is_sentence(value):
        return "must be exactly one sentence ending with '.', '!' or '?'"
    if not 40 <= len(value.strip()) <= 200:
        return f"must be 40 to 200 characters long (it is {len(value.strip())}); it becomes the meta description"
    return None


def _check_level(value: Any) -> str | None:
    if value not in LEVELS:
        return f"must be one of {', '.join(LEVELS)} (got {value!r})"
    return None


def _check_hours(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 500:
        return f"must be a whole number of hours from 1 to 500 (got {value!r})"
    return None


def _check_slug_list(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and SLUG_RE.match(v) for v in value):
        return "must be a list of section slugs such as [neural-network-basics] (use [] for none)"
    if len(set(value)) != len(value):
        return "lists the same section twice"
    return None


def _check_tags(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of strings"
    if not all(isinstance(v, str) and v.strip() for v in value):
        return "must contain only non-empty strings"
    return None


# The schema: every key is required and no other key is allowed, except the optional keys of the
# core path, which overrides/hooks/core_path.py checks against the page's topics.
OPTIONAL_KEYS = ("optional", "core_hours", "companion")
SCHEMA = {
    "title": _check_str,
    "description": _check_description,
    "level": _check_level,
    "hours": _check_hours,
    "prerequisites": _check_slug_list,
    "tags": _check_tags,
}


@dataclass
class FrontMatter:
    data: dict[str, Any]
    key_lines: dict[str, int]  # 1-based line in the file of each top-level key
    first_line: int = 1
    node: Any = field(default=None, compare=False, repr=False)  # the YAML node tree, to locate nested values

    def line_of(self, node) -> int:
        """The file line of a node of `self.node` (as `key_lines` counts)."""
        return 2 + node.start_mark.line


def split(source: str) -> tuple[str | None, str, int]:
    """(YAML text or None, Markdown body, file line where the body starts), split exactly as MkDocs
    splits a page (mkdocs.utils.meta.get_data), so the body is what MkDocs renders."""
    match = YAML_RE.match(source)
    if not match:
        return None, source, 1
    body = source[match.end():].lstrip("\n")
    return match.group(1), body, source[: len(source) - len(body)].count("\n") + 1


def parse(path: str, source: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Parse the YAML front matter of `source` once, keeping the file line of each key."""
    text, _, _ = split(source)
    if text is None:
        return None, [Problem(path, 1, "page has no front matter: start the file with a '---' block")]
    return parse_yaml(path, text)


def parse_yaml(path: str, text: str) -> tuple[FrontMatter | None, list[Problem]]:
    """One YAML parse: the node tree gives each key's line, the same loader builds the values."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = 2 + (mark.line if mark else 0)
        return None, [Problem(path, line, f"front matter is not valid YAML: {error.problem or error}")]
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return None, [Problem(path, 2, "front matter must be a mapping of keys to values")]
    key_lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = 2 + key_node.start_mark.line
    return FrontMatter(data, key_lines, node=node), []


def breaks_plugins(front: FrontMatter) -> bool:
    """Front matter that a plugin would crash on before any problem could be reported (the tags
    plugin iterates `tags`), so the build must stop with the problems found so far."""
    return "tags" in front.data and _check_tags(front.data["tags"]) is not None


def validate(path: str, front: FrontMatter) -> list[Problem]:
    """Check keys and value types of one section page's front matter."""
    problems = []
    for key in front.data:
        if key not in SCHEMA and key not in OPTIONAL_KEYS:
            allowed = ", ".join((*SCHEMA, *OPTIONAL_KEYS))
            problems.append(Problem(path, front.key_lines.get(str(key), 1), f"unknown front matter key '{key}' (allowed: {allowed})"))
    for key, check in SCHEMA.items():
        if key not in front.data:
            problems.append(Problem(path, front.first_line, f"front matter is missing required key '{key}'"))
        elif message := check(front.data[key]):
            problems.append(Problem(path, front.key_lines[key], f"'{key}' {message}"))
    return problems


def check_prerequisites(sections: dict[str, tuple[str, FrontMatter]]) -> list[Problem]:
    """Every prerequisite names an existing section, and prerequisites form no cycle.

    `sections` maps slug -> (path, front matter) for every section page.
    """
    problems = []
    graph: dict[str, list[str]] = {}
    for slug, (path, front) in sections.items():
        prerequisites = front.data.get("prerequisites")
        if not isinstance(prerequisites, list):
            continue  # already reported by validate()
        line = front.key_lines.get("prerequisites", 1)
        graph[slug] = []
        for name in prerequisites:
            if name == slug:
                problems.append(Problem(path, line, f"section '{slug}' lists itself as a prerequisite"))
            elif name not in sections:
                known = ", ".join(sorted(sections))
                problems.append(Problem(path, line, f"prerequisite '{name}' names no section page (known: {known})"))
            else:
                graph[slug].append(name)
    for cycle in _find_cycles(graph):
        path, front = sections[cycle[0]]
        chain = " -> ".join(cycle + [cycle[0]])
        problems.append(Problem(path, front.key_lines.get("prerequisites", 1), f"prerequisites form a cycle: {chain}"))
    return problems


def _find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Return each elementary cycle once (depth-first search with colouring)."""
    cycles, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "active"
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == "active":
                cycles.append(stack[stack.index(nxt):])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles
