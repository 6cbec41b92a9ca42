"""The roadmap as a picture: inline SVG generated at build time from the sections' front matter.

Two drawings share one layout. A section's *layer* is the length of its longest prerequisite chain,
so every arrow points forward:

- `full_map` (home page): layers are rows, top to bottom; each node shows step number, level,
  title, hours and topic count, and has a progress bar that the progress script fills in.
- `where_am_i` (each section page): layers are columns, left to right; small numbered circles with
  the current section, what it builds on and what it leads to marked.

Every node is a real SVG link with an accessible name, so the picture works by keyboard and with a
screen reader; arrows are decorative. Colours come from CSS classes (docs/assets/extra.css), never
from inline styles, so the picture follows the light/dark palette and a strict CSP. Links use plain
`href` (SVG 2), which crawlers and Lighthouse read; docs/assets/before-material.js keeps Material's instant
navigation from throwing on them. No MkDocs imports.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class MapNode:
    slug: str
    number: int
    title: str
    level: str
    hours: int
    topic_ids: tuple[str, ...]
    prerequisites: tuple[str, ...]
    href: str


def layers(nodes: list[MapNode]) -> list[list[MapNode]]:
    """Nodes grouped by longest prerequisite chain, each layer in roadmap (number) order.

    Prerequisites naming unknown sections are ignored here (the front matter check reports them);
    cycles are rejected by that check before any page is rendered.
    """
    by_slug = {node.slug: node for node in nodes}
    depth: dict[str, int] = {}

    def depth_of(slug: str, visiting: frozenset = frozenset()) -> int:
        if slug not in depth:
            needs = [p for p in by_slug[slug].prerequisites if p in by_slug and p not in visiting]
            depth[slug] = 1 + max((depth_of(p, visiting | {slug}) for p in needs), default=-1)
        return depth[slug]

    grouped: dict[int, list[MapNode]] = {}
    for node in sorted(nodes, key=lambda n: n.number):
        grouped.setdefault(depth_of(node.slug), []).append(node)
    ordered = [grouped[key] for key in sorted(grouped)]
    # Fewer crossing arrows: after the first layer, place each node under the mean position of its
    # prerequisites (positions as fractions of their layer's width); ties keep roadmap order.
    position: dict[str, float] = {}
    for index, layer in enumerate(ordered):
        if index:
            def centre(node: MapNode) -> float:
                known = [position[p] for p in node.prerequisites if p in position]
                return sum(known) / len(known) if known else 0.5
            layer.sort(key=lambda n: (centre(n), n.number))
        for column, node in enumerate(layer):
            position[node.slug] = (column + 0.5) / len(layer)
    return ordered


def _label(node: MapNode, titles: dict[str, str]) -> str:
    needs = [titles[p] for p in node.prerequisites if p in titles]
    builds_on = f" Builds on {', '.join(needs)}." if needs else ""
    topics = f"{len(node.topic_ids)} topic{'s' if len(node.topic_ids) != 1 else ''}"
    return f"Step {node.number}: {node.title}. {node.level.capitalize()}, about {node.hours} hours, {topics}.{builds_on}"


def _data(node: MapNode) -> str:
    """Attributes the progress script reads: which section, which topics count."""
    return f'data-slug="{escape(node.slug)}" data-topics="{escape(" ".join(node.topic_ids))}"'


def _prerequisite_links(nodes, positions: dict[str, tuple[float, float]]):
    """(prerequisite slug, node, the prerequisite's position, the node's position) for every edge
    both maps draw: each node's prerequisites that are on the map, in node order."""
    for node in nodes:
        for needed in node.prerequisites:
            if needed in positions:
                yield needed, node, positions[needed], positions[node.slug]


def _edge(x1: float, y1: float, x2: float, y2: float, vertical: bool) -> str:
    if vertical:
        mid = (y1 + y2) / 2
        return f'<path d="M{x1:g} {y1:g}C{x1:g} {mid:g} {x2:g} {mid:g} {x2:g} {y2:g}"/>'
    mid = (x1 + x2) / 2
    return f'<path d="M{x1:g} {y1:g}C{mid:g} {y1:g} {mid:g} {y2:g} {x2:g} {y2:g}"/>'


def _arrowhead(marker_id: str, size: int) -> str:
    return (
        f'<defs><marker id="{marker_id}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" '
        f'markerWidth="{size}" markerHeight="{size}" '
        'orient="auto-start-reverse"><path class="dl-map__arrow" d="M0 0L10 5L0 10z"/></marker></defs>'
    )


# --- Home page: the whole roadmap --------------------------------------------------------------

NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 200, 96, 24, 44, 8
TITLE_CHARS = 22  # fits NODE_W at the title's font size


def full_map(nodes: list[MapNode]) -> str:
    if not nodes:
        return ""
    rows = layers(nodes)
    columns = max(len(row) for row in rows)
    width = columns * NODE_W + (columns - 1) * GAP_X + 2 * PAD
    height = len(rows) * NODE_H + (len(rows) - 1) * GAP_Y + 2 * PAD
    boxes: dict[str, tuple[float, float]] = {}
    for row_index, row in enumerate(rows):
        row_width = len(row) * NODE_W + (len(row) - 1) * GAP_X
        left = (width - row_width) / 2
        for column, node in enumerate(row):
            boxes[node.slug] = (left + column * (NODE_W + GAP_X), PAD + row_index * (NODE_H + GAP_Y))

    edges = [
        _edge(x1 + NODE_W / 2, y1 + NODE_H, x2 + NODE_W / 2, y2 - 2, vertical=True)
        for _, _, (x1, y1), (x2, y2) in _prerequisite_links(nodes, boxes)
    ]

    titles = {node.slug: node.title for node in nodes}
    parts = [
        f'<svg class="dl-map dl-map--full" viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" '
        'role="group" aria-label="Roadmap diagram: sections as linked steps, arrows from prerequisites">',
        _arrowhead("dl-map-arrow", 10),
        f'<g class="dl-map__edges" aria-hidden="true" marker-end="url(#dl-map-arrow)">{"".join(edges)}</g>',
    ]
    for node in sorted(nodes, key=lambda n: n.number):
        x, y = boxes[node.slug]
        lines = textwrap.wrap(node.title, TITLE_CHARS)
        if len(lines) > 2:
            lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), TITLE_CHARS, placeholder="…")]
        # A space between the lines keeps their words apart in the text that tools read from the link.
        title = " ".join(
            f'<tspan x="{x + 12:g}" y="{y + 44 + index * 18:g}">{escape(line)}</tspan>' for index, line in enumerate(lines)
        )
        topics = len(node.topic_ids)
        parts.append(
            f'<a class="dl-map__node dl-map__node--{escape(node.level)}" href="{escape(node.href)}" '
            f'aria-label="{escape(_label(node, titles))}" {_data(node)}>'
            f'<rect class="dl-map__box" x="{x:g}" y="{y:g}" width="{NODE_W}" height="{NODE_H}" rx="10"/>'
            f'<text class="dl-map__title">{title}</text>'
            f'<rect class="dl-map__track" x="{x + 110:g}" y="{y + NODE_H - 22:g}" width="78" height="8" rx="4"/>'
            f'<rect class="dl-map__bar" x="{x + 110:g}" y="{y + NODE_H - 22:g}" width="0" height="8" rx="4"/>'
            "</a>"
            # The short facts sit outside the link, so its visible text is the title alone, which its
            # accessible name contains (WCAG 2.5.3); the name already says them in words. Clicks pass
            # through them to the link (extra.css).
            '<g class="dl-map__facts" aria-hidden="true">'
            f'<text class="dl-map__meta" x="{x + 12:g}" y="{y + 20:g}">{node.number} · {escape(node.level.capitalize())}</text>'
            f'<text class="dl-map__meta" x="{x + 12:g}" y="{y + NODE_H - 14:g}">{node.hours} h · {topics} topic{"s" if topics != 1 else ""}</text>'
            "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)


# --- Section pages: where am I ---------------------------------------------------------------

DOT_R, STEP_X, STEP_Y, MINI_PAD = 13, 44, 34, 16


def where_am_i(nodes: list[MapNode], current: str) -> str:
    if not nodes or current not in {node.slug for node in nodes}:
        return ""
    columns = layers(nodes)
    rows = max(len(column) for column in columns)
    width = (len(columns) - 1) * STEP_X + 2 * MINI_PAD
    height = (rows - 1) * STEP_Y + 2 * MINI_PAD
    centres: dict[str, tuple[float, float]] = {}
    for column_index, column in enumerate(columns):
        top = (height - (len(column) - 1) * STEP_Y) / 2
        for row, node in enumerate(column):
            centres[node.slug] = (MINI_PAD + column_index * STEP_X, top + row * STEP_Y)

    here = next(node for node in nodes if node.slug == current)
    leads_to = {node.slug for node in nodes if current in node.prerequisites}
    edges = []
    for needed, node, (x1, y1), (x2, y2) in _prerequisite_links(nodes, centres):
        near = " dl-map__edge--near" if current in (node.slug, needed) else ""
        edges.append(_edge(x1 + DOT_R, y1, x2 - DOT_R - 1, y2, vertical=False).replace("<path", f'<path class="dl-map__edge{near}"'))

    parts = [
        f'<svg class="dl-map dl-map--mini" viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" '
        'role="group" aria-label="Where this section sits in the roadmap">',
        _arrowhead("dl-mini-arrow", 6),
        f'<g class="dl-map__edges" aria-hidden="true" marker-end="url(#dl-mini-arrow)">{"".join(edges)}</g>',
    ]
    titles = {node.slug: node.title for node in nodes}
    for node in sorted(nodes, key=lambda n: n.number):
        x, y = centres[node.slug]
        if node.slug == current:
            role, where, extra = "current", " (this section)", ' aria-current="page"'
        elif node.slug in here.prerequisites:
            role, where, extra = "before", " (this section builds on it)", ""
        elif node.slug in leads_to:
            role, where, extra = "after", " (builds on this section)", ""
        else:
            role, where, extra = "other", "", ""
        parts.append(
            f'<a class="dl-map__node dl-map__node--{role}" href="{escape(node.href)}"{extra} '
            f'aria-label="Step {node.number}: {escape(titles[node.slug])}{where}" {_data(node)}>'
            f'<circle class="dl-map__box" cx="{x:g}" cy="{y:g}" r="{DOT_R}"/>'
            f'<text class="dl-map__number" x="{x:g}" y="{y + 4:g}" text-anchor="middle">{node.number}</text>'
            "</a>"
        )
    parts.append("</svg>")
    return "".join(parts)
