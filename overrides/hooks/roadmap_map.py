"""The roadmap as a picture: inline SVG generated at build time from the sections' front matter.

Two drawings share one layered layout (the Sugiyama method, small enough to write here instead of
adding Graphviz or ELK to every contributor's build):

1. Layers: a section sits below all its prerequisites (longest prerequisite chain); a section with room
   moves down to the emptiest layer it may take, so no layer is wider than it must be.
2. Waypoints: an arrow that skips layers gets a slot of its own in every layer it crosses, so it passes
   between the boxes there, never under one; arrows from one section share their waypoints.
3. Order: barycentre sweeps down and up, keeping the order with the fewest crossing arrows.
4. Drawing: straight through a layer (inside the arrow's own slot), curved across the gap between two
   layers (control points inside the gap), so no arrow can enter a box.

Companion references (front matter `companion: true`) stay out of the layers and sit beside the first
one, dashed, with no arrows.

- `full_map` (home page): layers are rows, top to bottom; each node shows step number, level,
  title, core and total hours and topic count, and has a progress bar that the progress script fills
  in. Sized so the widest layer fits a 360 px phone at a readable text size.
- `where_am_i` (each section page): layers are columns, left to right; small numbered circles with
  the current section, what it builds on and what it leads to marked, and the hovered or focused
  node's name in words along the bottom.

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
    core_hours: int | None = None  # hours without the optional topics (None: every topic is core)
    optional_count: int = 0
    companion: bool = False  # read alongside the path: drawn beside it, no arrows

    @property
    def core(self) -> int:
        return self.hours if self.core_hours is None else self.core_hours


@dataclass(frozen=True)
class Waypoint:
    """Where a prerequisite arrow crosses a layer it skips: a slot of its own in that layer, so the
    arrow passes between boxes instead of under them (a Sugiyama "dummy node"). Arrows from one
    section share their waypoints, so they run as one line until they part."""

    source: str
    layer: int


Item = MapNode | Waypoint


def _depths(nodes: list[MapNode]) -> dict[str, int]:
    """Longest prerequisite chain of each section (companions excluded by the caller)."""
    by_slug = {node.slug: node for node in nodes}
    depth: dict[str, int] = {}

    def depth_of(slug: str, visiting: frozenset = frozenset()) -> int:
        if slug not in depth:
            needs = [p for p in by_slug[slug].prerequisites if p in by_slug and p not in visiting]
            depth[slug] = 1 + max((depth_of(p, visiting | {slug}) for p in needs), default=-1)
        return depth[slug]

    for node in nodes:
        depth_of(node.slug)
    return depth


def _narrow_layers(nodes: list[MapNode], depth: dict[str, int]) -> dict[str, int]:
    """Move a section that has room (its followers sit two or more layers below it) down to the
    layer with the fewest boxes it can take, so no row is wider than it must be (a phone's width)."""
    layer = dict(depth)
    followers = {node.slug: [n.slug for n in nodes if node.slug in n.prerequisites] for node in nodes}
    for node in sorted(nodes, key=lambda n: (-layer[n.slug], n.number)):
        if not followers[node.slug]:
            continue
        latest = min(layer[f] for f in followers[node.slug]) - 1
        if latest <= layer[node.slug]:
            continue
        count = {index: sum(1 for n in nodes if layer[n.slug] == index and n is not node) for index in range(layer[node.slug], latest + 1)}
        layer[node.slug] = min(count, key=lambda index: (count[index], index))
    return layer


def layers(nodes: list[MapNode]) -> list[list[MapNode]]:
    """Sections (companions aside) grouped in layers, every section below all its prerequisites, each
    layer in roadmap (number) order. Prerequisites naming unknown sections are ignored here (the front
    matter check reports them); cycles are rejected by that check before any page is rendered."""
    path = [node for node in nodes if not node.companion]
    layer = _narrow_layers(path, _depths(path))
    grouped: dict[int, list[MapNode]] = {}
    for node in sorted(path, key=lambda n: n.number):
        grouped.setdefault(layer[node.slug], []).append(node)
    return [grouped[key] for key in sorted(grouped)]


def _key(item: Item) -> str:
    return item.slug if isinstance(item, MapNode) else f"{item.source}@{item.layer}"


def arrange(nodes: list[MapNode]) -> tuple[list[list[Item]], list[tuple[str, str, list[str]]]]:
    """Rows of sections and waypoints, ordered to cross few arrows, and every arrow as
    (prerequisite, section, keys of the waypoints it passes through)."""
    rows: list[list[Item]] = [list(row) for row in layers(nodes)]
    layer_of = {node.slug: index for index, row in enumerate(rows) for node in row}
    chains, waypoints = [], {}
    for node in sorted(nodes, key=lambda n: n.number):
        for needed in node.prerequisites:
            if needed not in layer_of or node.slug not in layer_of:
                continue
            passes = []
            for index in range(layer_of[needed] + 1, layer_of[node.slug]):
                point = waypoints.setdefault((needed, index), Waypoint(needed, index))
                if point not in rows[index]:
                    rows[index].append(point)
                passes.append(_key(point))
            chains.append((needed, node.slug, passes))
    # Neighbours one layer up and down, for the barycentre ordering.
    up: dict[str, set[str]] = {}
    down: dict[str, set[str]] = {}
    for needed, slug, passes in chains:
        steps = [needed, *passes, slug]
        for a, b in zip(steps, steps[1:]):
            down.setdefault(a, set()).add(b)
            up.setdefault(b, set()).add(a)
    number = {node.slug: node.number for node in nodes}

    def order_key(item: Item) -> float:
        return number[item.slug] if isinstance(item, MapNode) else number[item.source] + 0.5

    for row in rows:
        row.sort(key=order_key)

    def crossings(candidate: list[list[Item]]) -> int:
        total = 0
        for upper, lower in zip(candidate, candidate[1:]):
            position = {_key(item): index for index, item in enumerate(lower)}
            pairs = [(i, position[b]) for i, item in enumerate(upper) for b in down.get(_key(item), ()) if b in position]
            total += sum(1 for a, (i1, j1) in enumerate(pairs) for i2, j2 in pairs[a + 1:] if (i1 - i2) * (j1 - j2) < 0)
        return total

    def sweep(ordered: list[list[Item]], indices, neighbours) -> None:
        for index in indices:
            other = ordered[index - 1] if neighbours is up else ordered[index + 1]
            position = {_key(item): at for at, item in enumerate(other)}
            here = {_key(item): at for at, item in enumerate(ordered[index])}

            def centre(item: Item, position=position, here=here) -> float:
                known = [position[n] for n in neighbours.get(_key(item), ()) if n in position]
                return sum(known) / len(known) if known else here[_key(item)]

            ordered[index].sort(key=lambda item, centre=centre: (centre(item), order_key(item)))

    best, best_count = [list(row) for row in rows], crossings(rows)
    for _ in range(4):  # a few down and up sweeps; keep the order with the fewest crossings
        sweep(rows, range(1, len(rows)), up)
        sweep(rows, range(len(rows) - 2, -1, -1), down)
        if (count := crossings(rows)) < best_count:
            best, best_count = [list(row) for row in rows], count
    return best, chains


def _hours_phrase(node: MapNode) -> str:
    if node.optional_count:
        return f"about {node.hours} hours ({node.core} on the core path)"
    return f"about {node.hours} hours"


def _label(node: MapNode, titles: dict[str, str]) -> str:
    needs = [titles[p] for p in node.prerequisites if p in titles]
    builds_on = f" Builds on {', '.join(needs)}." if needs else ""
    topics = f"{len(node.topic_ids)} topic{'s' if len(node.topic_ids) != 1 else ''}"
    optional = f", {node.optional_count} optional" if node.optional_count else ""
    role = " Companion reference, read alongside any step." if node.companion else ""
    return f"Step {node.number}: {node.title}.{role} {node.level.capitalize()}, {_hours_phrase(node)}, {topics}{optional}.{builds_on}"


def _data(node: MapNode) -> str:
    """Attributes the progress script reads: which section, which topics count."""
    return f'data-slug="{escape(node.slug)}" data-topics="{escape(" ".join(node.topic_ids))}"'


def _place(rows: list[list[Item]], extent, gap: float) -> tuple[dict[str, float], float]:
    """Centre of every item along its row (rows centred on the widest), and that widest row's length."""
    lengths = [sum(extent(item) for item in row) + gap * (len(row) - 1) for row in rows]
    span = max(lengths, default=0)
    centres = {}
    for row, length in zip(rows, lengths):
        at = (span - length) / 2
        for item in row:
            centres[_key(item)] = at + extent(item) / 2
            at += extent(item) + gap
    return centres, span


def prerequisite_links(nodes, positions: dict[str, tuple[float, float]]):
    """(prerequisite slug, node, the prerequisite's position, the node's position) for every edge
    both maps draw: each node's prerequisites that are on the map, in node order."""
    for node in nodes:
        for needed in node.prerequisites:
            if needed in positions:
                yield needed, node, positions[needed], positions[node.slug]


def _route(points: list[tuple[float, float, float, float]], vertical: bool) -> str:
    """One arrow as a path through (start, end) spans: every span is crossed straight, the gaps
    between spans with a curve whose control points stay inside the gap, so the arrow never enters a
    box. Each span is (across, along_start, along_end) of a layer, plus its position across the path."""
    def xy(across: float, along: float) -> str:
        return f"{across:g} {along:g}" if vertical else f"{along:g} {across:g}"

    across, _, end = points[0][:3]
    d = f"M{xy(across, end)}"
    for next_across, start, finish, _ in points[1:]:
        mid = (end + start) / 2
        d += f"C{xy(across, mid)} {xy(next_across, mid)} {xy(next_across, start)}"
        if finish != start:
            d += f"L{xy(next_across, finish)}"
        across, end = next_across, finish
    return f'<path d="{d}"/>'


def _arrowhead(marker_id: str, size: int) -> str:
    return (
        f'<defs><marker id="{marker_id}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" '
        f'markerWidth="{size}" markerHeight="{size}" '
        'orient="auto-start-reverse"><path class="dl-map__arrow" d="M0 0L10 5L0 10z"/></marker></defs>'
    )


def _with_companions(rows: list[list[Item]], nodes: list[MapNode]) -> list[list[Item]]:
    """Companions go at the end of the first layer, beside the start of the path, drawn apart."""
    companions = [node for node in sorted(nodes, key=lambda n: n.number) if node.companion]
    if not rows:
        return [companions] if companions else []
    return [rows[0] + companions, *rows[1:]]


# --- Home page: the whole roadmap --------------------------------------------------------------

# Sized so the widest layer (two boxes and the arrows passing them) fits a 360 px phone at a readable
# text size; overrides/hooks/core_path.py explains the core hours shown in each box.
NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 168, 128, 18, 40, 8
TITLE_CHARS = 19  # fits NODE_W at the title's font size
TITLE_LINES = 3


def _box_facts(node: MapNode) -> tuple[str, str, str]:
    """Three short lines of a box: step and level, hours, topics (aria-hidden; the name says them)."""
    topics = len(node.topic_ids)
    count = f"{topics} topic{'s' if topics != 1 else ''}"
    if node.companion:
        return f"{node.number} · Companion", "Read alongside the path", f"{node.hours} h · {count}"
    hours = f"{node.core} h core · {node.hours} h all" if node.optional_count else f"{node.hours} h · all core"
    return f"{node.number} · {node.level.capitalize()}", hours, count


def full_map(nodes: list[MapNode]) -> str:
    if not nodes:
        return ""
    path_rows, chains = arrange(nodes)
    rows = _with_companions(path_rows, nodes)
    centres, span = _place(rows, lambda item: NODE_W if isinstance(item, MapNode) else 0, GAP_X)
    width = span + 2 * PAD
    height = len(rows) * NODE_H + (len(rows) - 1) * GAP_Y + 2 * PAD
    top = {_key(item): PAD + index * (NODE_H + GAP_Y) for index, row in enumerate(rows) for item in row}
    x_of = {key: PAD + centre for key, centre in centres.items()}

    edges = []
    for needed, slug, passes in chains:
        spans = [(x_of[needed], top[needed], top[needed] + NODE_H, 0)]
        spans += [(x_of[key], top[key], top[key] + NODE_H, 0) for key in passes]
        spans.append((x_of[slug], top[slug] - 2, top[slug] - 2, 0))
        edges.append(_route(spans, vertical=True))

    titles = {node.slug: node.title for node in nodes}
    parts = [
        f'<svg class="dl-map dl-map--full" viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" '
        'role="group" aria-label="Roadmap diagram: sections as linked steps, arrows from prerequisites">',
        _arrowhead("dl-map-arrow", 10),
        f'<g class="dl-map__edges" aria-hidden="true" marker-end="url(#dl-map-arrow)">{"".join(edges)}</g>',
    ]
    for node in sorted(nodes, key=lambda n: n.number):
        x, y = x_of[node.slug] - NODE_W / 2, top[node.slug]
        lines = textwrap.wrap(node.title, TITLE_CHARS)
        if len(lines) > TITLE_LINES:
            lines = [*lines[: TITLE_LINES - 1], textwrap.shorten(" ".join(lines[TITLE_LINES - 1:]), TITLE_CHARS, placeholder="…")]
        # A space between the lines keeps their words apart in the text that tools read from the link.
        title = " ".join(
            f'<tspan x="{x + 12:g}" y="{y + 40 + index * 17:g}">{escape(line)}</tspan>' for index, line in enumerate(lines)
        )
        head, hours, topics = _box_facts(node)
        kind = " dl-map__node--companion" if node.companion else ""
        parts.append(
            f'<a class="dl-map__node dl-map__node--{escape(node.level)}{kind}" href="{escape(node.href)}" '
            f'aria-label="{escape(_label(node, titles))}" {_data(node)}>'
            f'<rect class="dl-map__box" x="{x:g}" y="{y:g}" width="{NODE_W}" height="{NODE_H}" rx="10"/>'
            f'<text class="dl-map__title">{title}</text>'
            f'<rect class="dl-map__track" x="{x + NODE_W - 90:g}" y="{y + NODE_H - 20:g}" width="78" height="8" rx="4"/>'
            f'<rect class="dl-map__bar" x="{x + NODE_W - 90:g}" y="{y + NODE_H - 20:g}" width="0" height="8" rx="4"/>'
            "</a>"
            # The short facts sit outside the link, so its visible text is the title alone, which its
            # accessible name contains (WCAG 2.5.3); the name already says them in words. Clicks pass
            # through them to the link (extra.css).
            '<g class="dl-map__facts" aria-hidden="true">'
            f'<text class="dl-map__meta" x="{x + 12:g}" y="{y + 19:g}">{escape(head)}</text>'
            f'<text class="dl-map__meta" x="{x + 12:g}" y="{y + NODE_H - 32:g}">{escape(hours)}</text>'
            f'<text class="dl-map__meta" x="{x + 12:g}" y="{y + NODE_H - 12:g}">{escape(topics)}</text>'
            "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)


# --- Section pages: where am I ---------------------------------------------------------------

DOT_R, STEP_X, GAP_DOTS, MINI_PAD, HINT_H = 13, 44, 8, 16, 22


def _mini_geometry(nodes: list[MapNode]):
    """The small drawing's layout: width, height of the dots (without the name strip), each item's
    centre (x_of, y_of by key) and the arrows (arrange)."""
    path_columns, chains = arrange(nodes)
    columns = _with_companions(path_columns, nodes)
    centres, span = _place(columns, lambda item: 2 * DOT_R if isinstance(item, MapNode) else 0, GAP_DOTS)
    width = (len(columns) - 1) * STEP_X + 2 * MINI_PAD
    height = span + 2 * MINI_PAD - 2 * DOT_R + 4
    x_of = {_key(item): MINI_PAD + index * STEP_X for index, column in enumerate(columns) for item in column}
    y_of = {key: MINI_PAD - DOT_R + 2 + centre for key, centre in centres.items()}
    return width, height, x_of, y_of, chains


def mini_layout(nodes: list[MapNode]) -> tuple[float, float, dict[str, tuple[float, float]]]:
    """Width, height and each node's centre in the small drawing (layers as columns, companions beside
    the first), without the strip where the hovered node's name shows. The preview cards (social.py)
    draw the same layout, so a card's map is the page's map."""
    width, height, x_of, y_of, _ = _mini_geometry(nodes)
    return width, height, {node.slug: (x_of[node.slug], y_of[node.slug]) for node in nodes}


def where_am_i(nodes: list[MapNode], current: str) -> str:
    if not nodes or current not in {node.slug for node in nodes}:
        return ""
    width, height, x_of, y_of, chains = _mini_geometry(nodes)
    height += HINT_H

    here = next(node for node in nodes if node.slug == current)
    leads_to = {node.slug for node in nodes if current in node.prerequisites}
    edges = []
    for needed, slug, passes in chains:
        spans = [(y_of[needed], x_of[needed] - DOT_R, x_of[needed] + DOT_R, 0)]
        spans += [(y_of[key], x_of[key] - DOT_R, x_of[key] + DOT_R, 0) for key in passes]
        spans.append((y_of[slug], x_of[slug] - DOT_R - 1, x_of[slug] - DOT_R - 1, 0))
        near = " dl-map__edge--near" if current in (slug, needed) else ""
        edges.append(_route(spans, vertical=False).replace("<path", f'<path class="dl-map__edge{near}"'))

    parts = [
        f'<svg class="dl-map dl-map--mini" viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" '
        'role="group" aria-label="Where this section sits in the roadmap">',
        _arrowhead("dl-mini-arrow", 6),
        f'<g class="dl-map__edges" aria-hidden="true" marker-end="url(#dl-mini-arrow)">{"".join(edges)}</g>',
    ]
    titles = {node.slug: node.title for node in nodes}
    for node in sorted(nodes, key=lambda n: n.number):
        x, y = x_of[node.slug], y_of[node.slug]
        if node.slug == current:
            role, where, extra = "current", " (this section)", ' aria-current="page"'
        elif node.slug in here.prerequisites:
            role, where, extra = "before", " (this section builds on it)", ""
        elif node.slug in leads_to:
            role, where, extra = "after", " (builds on this section)", ""
        else:
            role, where, extra = "other", "", ""
        kind = " dl-map__node--companion" if node.companion else ""
        name = f"Step {node.number}: {titles[node.slug]}"
        parts.append(
            f'<a class="dl-map__node dl-map__node--{role}{kind}" href="{escape(node.href)}"{extra} '
            f'aria-label="{escape(name)}{where}" {_data(node)}>'
            f'<circle class="dl-map__box" cx="{x:g}" cy="{y:g}" r="{DOT_R}"/>'
            # The node's name in words, shown along the bottom while it is hovered or focused (and the
            # current section's when no other is): numbers alone do not say where a link goes. It is
            # the link's only text, and its accessible name starts with it (WCAG 2.5.3).
            f'<text class="dl-map__hint" x="{MINI_PAD - DOT_R:g}" y="{height - 6:g}">{escape(name)}</text>'
            "</a>"
            # The number is drawn over the link but outside it, like the full map's facts: clicks pass
            # through it (extra.css), and the link's visible text stays a part of its name.
            f'<text class="dl-map__number" x="{x:g}" y="{y + 4:g}" text-anchor="middle" aria-hidden="true">{node.number}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
