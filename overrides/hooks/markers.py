"""Markers: `<!-- md:NAME key=value ... -->` comments that the build turns into HTML.

Known markers (documented in docs/contributing/conventions.md):

- `md:resource type=… cost=… level=…` ends a resource list item `- [Title](https://…)` and becomes
  its badges.
- `md:no-run REASON` stands on the line before a Python code fence that the test suite must not
  execute (it needs a GPU, a download or a server); it renders as nothing.

An unknown marker, a missing or unknown key, or a value outside its closed set fails the build.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from frontmatter import LEVELS, Problem
from markdown_source import Fence

# Any comment that starts with "md:" is a marker, whatever the case or the spaces after the colon, so a
# misspelt one (md:Resource, md:resourse) is reported as unknown instead of vanishing as a plain comment.
MARKER_RE = re.compile(r"<!--\s*md:\s*(?P<name>[^\s>]*)(?P<args>[^>]*?)\s*-->", re.IGNORECASE)
RESOURCE_TYPES = ("paper", "course", "book", "video", "docs", "code", "article")
COSTS = ("free", "paid")
RESOURCE_FIELDS = {"type": RESOURCE_TYPES, "cost": COSTS, "level": LEVELS}
RESOURCE_ITEM_RE = re.compile(r"^\s*[-*]\s+\[(?P<title>[^\]]+)\]\((?P<url>[^)\s]+)\)")
TYPE_LABELS = {"docs": "Docs", "code": "Code"}


@dataclass
class Resource:
    title: str
    url: str
    type: str
    cost: str
    level: str
    line: int


@dataclass
class Expansion:
    markdown: str
    problems: list[Problem] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)


def _parse_args(args: str) -> tuple[dict[str, str], list[str]]:
    pairs, loose = {}, []
    for token in args.split():
        if "=" in token:
            key, _, value = token.partition("=")
            pairs[key] = value
        else:
            loose.append(token)
    return pairs, loose


def _resource_badges(resource: Resource) -> str:
    labels = [
        ("type", resource.type, TYPE_LABELS.get(resource.type, resource.type.capitalize())),
        ("cost", resource.cost, resource.cost.capitalize()),
        ("level", resource.level, resource.level.capitalize()),
    ]
    badges = "".join(
        f'<span class="dl-badge dl-badge--{kind} dl-badge--{value}">{html.escape(label)}</span>'
        for kind, value, label in labels
    )
    return (
        f'<span class="dl-resource" data-type="{resource.type}" data-cost="{resource.cost}" '
        f'data-level="{resource.level}">{badges}</span>'
    )


def _expand_resource(path: str, line_no: int, line: str, args: str, seen: dict[str, int], out: Expansion) -> str | None:
    pairs, loose = _parse_args(args)
    problems = []
    item = RESOURCE_ITEM_RE.match(line)
    if not item:
        problems.append("md:resource must end a list item that starts with a link: - [Title](https://…) <!-- md:resource … -->")
    for word in loose:
        problems.append(f"md:resource argument '{word}' is not key=value (keys: {', '.join(RESOURCE_FIELDS)})")
    for key in pairs:
        if key not in RESOURCE_FIELDS:
            problems.append(f"md:resource has unknown key '{key}' (keys: {', '.join(RESOURCE_FIELDS)})")
    for key, allowed in RESOURCE_FIELDS.items():
        if key not in pairs:
            problems.append(f"md:resource is missing {key}=… (one of {', '.join(allowed)})")
        elif pairs[key] not in allowed:
            problems.append(f"md:resource has unknown {key} '{pairs[key]}' (use one of {', '.join(allowed)})")
    if item:
        url = item.group("url")
        if not url.startswith(("https://", "http://")):
            problems.append(f"resource link must be an absolute http(s) URL: {url}")
        key = url.rstrip("/")
        if key in seen:
            problems.append(f"duplicate resource URL {url} (already listed on line {seen[key]})")
        seen.setdefault(key, line_no)
    out.problems.extend(Problem(path, line_no, message) for message in problems)
    if problems:
        return None
    resource = Resource(item.group("title"), item.group("url"), pairs["type"], pairs["cost"], pairs["level"], line_no)
    out.resources.append(resource)
    return _resource_badges(resource)


def expand(path: str, markdown: str, prose: list[tuple[int, str]], fences: list[Fence], first_line: int = 1) -> Expansion:
    """Replace every marker in `markdown` (whose prose lines and fences are given); collect problems
    and resources, and give each python fence under a md:no-run marker its reason."""
    out = Expansion(markdown)
    lines = markdown.split("\n")
    fence_starts = {fence.start: fence for fence in fences}
    seen_urls: dict[str, int] = {}
    for line_no, line in prose:
        for marker in MARKER_RE.finditer(line):
            name, args = marker.group("name"), marker.group("args")
            index = line_no - first_line
            if name == "resource":
                replacement = _expand_resource(path, line_no, line, args, seen_urls, out)
            elif name == "no-run":
                replacement = ""
                following = fence_starts.get(line_no + 1)
                if not args.strip():
                    out.problems.append(Problem(path, line_no, "md:no-run needs a reason, e.g. <!-- md:no-run needs a GPU -->"))
                elif following is None or not following.is_python:
                    out.problems.append(Problem(path, line_no, "md:no-run must stand on the line right before a ```python fence"))
                else:
                    following.no_run = args.strip()
            else:
                out.problems.append(Problem(path, line_no, f"unknown marker 'md:{name}' (known: md:resource, md:no-run)"))
                replacement = None
            if replacement is not None:
                lines[index] = lines[index].replace(marker.group(0), replacement, 1)
    out.markdown = "\n".join(lines)
    return out
