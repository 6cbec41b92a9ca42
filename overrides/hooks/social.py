"""Sharing and discovery: preview cards, card metadata, structured data, and the What's new feed.

- **Preview cards**: one 1200×630 PNG per page, drawn with Pillow from the site's own data (a
  section's number, title, level, hours and the where-am-I map from roadmap_map.mini_layout; any
  other page's title and description) in Inter (overrides/cards/, SIL OFL 1.1). A card is cached
  under `.cache/cards/<sha256>.png` by everything that shapes it (its data, this module's code, the
  fonts, Pillow's version), so an unchanged page is copied, not drawn again.
- **Structured data** (schema.org JSON-LD): the roadmap as a `Course` whose parts are the
  sections; each section a `LearningResource` and a `BreadcrumbList`. Serialised with `json.dumps`
  and `<`, `>`, `&` written as \\u escapes, so no string can end the `<script>` data block it sits in.
- **What's new**: the maintained list of changes in the front matter of docs/whats-new.md (a clean,
  shallow CI clone has no history to read), checked against the sections it names, rendered as that
  page's list and as an Atom feed (feedgenerator) at `feed.xml`.

Pure module (no MkDocs imports): the hooks call it, and so do the tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import json
import logging
import os
import re
import tempfile
import time
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import PIL
import feedgenerator
import yaml
from PIL import Image, ImageDraw, ImageFont

import html_safety
from frontmatter import Problem
from roadmap_map import MapNode, mini_layout, prerequisite_links

CARD_WIDTH, CARD_HEIGHT = 1200, 630
MAX_CARD_BYTES = 60 * 1024
CARD_DIR = "assets/cards/"  # in the built site
THEME_ASSETS = "cards/"  # overrides/cards/: fonts and their licence, used here and never published
FONTS = Path(__file__).resolve().parent.parent / "cards"
REGULAR, HEAVY = FONTS / "inter-latin-400-normal.woff", FONTS / "inter-latin-800-normal.woff"
CHANGELOG_URI = "whats-new.md"
FEED_URI = "feed.xml"
SCHEMA = "https://schema.org"
LANGUAGE = "en"

# The site's palette (docs/assets/extra.css, dark scheme): the card is a dark indigo panel.
BACKGROUND = "#1e1b4b"
TEXT = "#ffffff"
MUTED = "#c7d2fe"
ACCENT = "#5eead4"
LINE = "#4338ca"
DOT = "#312e81"
MARGIN = 72


@dataclass(frozen=True)
class Card:
    """Everything a preview card shows; its hash names the cached image."""

    title: str
    kicker: str  # the line above the title: "Step 8 of 14" or the site's name
    facts: str  # the line(s) below it: level, hours, topics; or the page's description
    footer: str  # the site's name and host
    current: str = ""  # the section the map highlights ("" for no map)
    nodes: tuple[MapNode, ...] = ()


# --- Drawing ------------------------------------------------------------------------------------


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit(text: str, path: Path, sizes: tuple[int, ...], width: int, max_lines: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which `text` fits `max_lines` lines of `width`; else the smallest, cut with '…'."""
    for size in sizes:
        font = _font(path, size)
        lines = _wrap(text, font, width)
        if len(lines) <= max_lines:
            return font, lines
    lines = lines[:max_lines]
    while lines[-1] and font.getlength(lines[-1] + "…") > width:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
    lines[-1] += "…"
    return font, lines


def _curve(start: tuple[float, float], end: tuple[float, float], steps: int = 16) -> list[tuple[float, float]]:
    """A horizontal cubic from one dot to another (as roadmap_map._route curves), sampled as a polyline for Pillow."""
    (x1, y1), (x2, y2) = start, end
    mid = (x1 + x2) / 2
    points = []
    for index in range(steps + 1):
        t = index / steps
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3
        points.append((a * x1 + b * mid + c * mid + d * x2, a * y1 + b * y1 + c * y2 + d * y2))
    return points


def _map_image(card: Card, size: tuple[int, int]) -> Image.Image:
    """The section page's where-am-I map (same layout) fitted into `size`: this section filled, what
    it builds on ringed. Drawn at twice the size and scaled down, because Pillow's shapes are not
    anti-aliased; only this strip pays for that."""
    scale = 2
    width_px, height_px = size[0] * scale, size[1] * scale
    image = Image.new("RGB", (width_px, height_px), BACKGROUND)
    draw = ImageDraw.Draw(image)
    nodes = list(card.nodes)
    width, height, centres = mini_layout(nodes)
    zoom = min(width_px / width, height_px / height)
    offset_x, offset_y = (width_px - width * zoom) / 2, (height_px - height * zoom) / 2
    at = {slug: (offset_x + x * zoom, offset_y + y * zoom) for slug, (x, y) in centres.items()}
    radius = 13 * zoom
    current = next(node for node in nodes if node.slug == card.current)
    for needed, node, start, end in prerequisite_links(nodes, at):
        near = card.current in (needed, node.slug)
        draw.line(_curve((start[0] + radius, start[1]), (end[0] - radius, end[1])),
                  fill=MUTED if near else LINE, width=round((3 if near else 2) * scale), joint="curve")
    number_font = _font(HEAVY, round(12 * zoom))
    for node in nodes:
        x, y = at[node.slug]
        shape = (x - radius, y - radius, x + radius, y + radius)
        if node.slug == card.current:
            draw.ellipse(shape, fill=ACCENT)
            colour = BACKGROUND
        elif node.slug in current.prerequisites:
            draw.ellipse(shape, fill=DOT, outline=ACCENT, width=round(3 * scale))
            colour = TEXT
        else:
            draw.ellipse(shape, fill=DOT, outline=LINE, width=round(2 * scale))
            colour = MUTED
        draw.text((x, y), str(node.number), font=number_font, fill=colour, anchor="mm")
    return image.resize(size, Image.Resampling.LANCZOS)


def render(card: Card) -> bytes:
    """The card as a palette PNG: flat colours and anti-aliased text fit in 64 colours and a small file."""
    image = Image.new("RGB", (CARD_WIDTH, CARD_HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = CARD_WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, 16, CARD_HEIGHT), fill=ACCENT)
    y = 56
    draw.text((MARGIN, y), card.kicker, font=_font(HEAVY, 34), fill=ACCENT)
    y += 64
    has_map = bool(card.current and card.nodes)
    title_font, lines = _fit(card.title, HEAVY, (76, 68, 60, 54, 48), width, 2 if has_map else 3)
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=TEXT)
        y += round(title_font.size * 1.15)
    y += 16
    facts_font, facts = _fit(card.facts, REGULAR, (34, 30), width, 1 if has_map else 3)
    for line in facts:
        draw.text((MARGIN, y), line, font=facts_font, fill=MUTED)
        y += round(facts_font.size * 1.3)
    if has_map:
        top = max(y + 12, 390)
        image.paste(_map_image(card, (width, 560 - top)), (MARGIN, top))
    draw.text((MARGIN, CARD_HEIGHT - 40), card.footer, font=_font(REGULAR, 26), fill=MUTED, anchor="ls")
    output = io.BytesIO()
    # Fast octree keeps the few flat colours exact; zlib level 6 is within 5% of level 9 at a fifth of the time.
    image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(output, "PNG", compress_level=6)
    return output.getvalue()


@cache
def _renderer_key() -> str:
    """What besides a card's data decides its pixels: this code, the fonts and Pillow."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in (REGULAR, HEAVY):
        digest.update(path.read_bytes())
    digest.update(PIL.__version__.encode())
    return digest.hexdigest()


def card_key(card: Card) -> str:
    data = json.dumps([_renderer_key(), asdict(card)], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def card_png(card: Card, cache_dir: Path) -> tuple[bytes, bool]:
    """(PNG bytes, whether it was drawn now): from the cache when a card with the same key was drawn before."""
    cached = Path(cache_dir) / f"{card_key(card)}.png"
    if cached.is_file():
        return cached.read_bytes(), False
    png = render(card)
    cached.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: a build stopped half-way never leaves a truncated card to reuse.
    with tempfile.NamedTemporaryFile(dir=cached.parent, suffix=".tmp", delete=False) as handle:
        handle.write(png)
    os.replace(handle.name, cached)
    return png, True


def card_path(page_url: str) -> str:
    """The card's path in the site for a page URL ('' for the home page, 'roadmap/x/' for a section)."""
    stem = page_url.strip("/").removesuffix(".html") or "index"
    return f"{CARD_DIR}{stem}.png"


def section_card(section, total: int, nodes: list[MapNode], footer: str) -> Card:
    topics = len(section.topics)
    facts = f"{section.level.capitalize()} · about {section.hours} hours · {topics} topic{'s' if topics != 1 else ''}"
    return Card(section.title, f"Step {section.number} of {total}", facts, footer, section.slug, tuple(nodes))


def page_card(title: str, description: str, site_name: str, footer: str) -> Card:
    return Card(title, site_name, description, footer)


def card_alt(card: Card) -> str:
    """What the image shows, in words (og:image:alt)."""
    if card.current:
        return f"{card.kicker}: {card.title}. {card.facts}. A small map of the roadmap marks this section."
    return f"{card.kicker}: {card.title}"


# --- Structured data ----------------------------------------------------------------------------


def json_ld(data: dict) -> str:
    """`data` as the text of a `<script type="application/ld+json">`: valid JSON in which no `<`, `>`
    or `&` appears, so no value can close the element or open a comment inside it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def duration(hours: int) -> str:
    """ISO 8601 duration of whole hours."""
    return f"PT{int(hours)}H"


def _plain(markdown_text: str) -> str:
    """A heading's text without the Markdown marks that can appear in it (code, emphasis)."""
    return markdown_text.replace("`", "").replace("**", "").replace("*", "").strip()


def course_id(home_url: str) -> str:
    return f"{home_url}#course"


def _section_summary(section, home_url: str) -> dict:
    url = urljoin(home_url, section.url)
    return {
        "@type": "LearningResource",
        "@id": url,
        "name": section.title,
        "url": url,
        "position": section.number,
        "educationalLevel": section.level,
        "timeRequired": duration(section.hours),
    }


def course(sections: list, home_url: str, site_name: str, description: str, licence_url: str) -> dict:
    return {
        "@context": SCHEMA,
        "@type": "Course",
        "@id": course_id(home_url),
        "name": site_name,
        "description": description,
        "url": home_url,
        "inLanguage": LANGUAGE,
        "isAccessibleForFree": True,
        "license": licence_url,
        "provider": {"@type": "Organization", "name": site_name, "url": home_url},
        "timeRequired": duration(sum(section.hours for section in sections)),
        "hasPart": [_section_summary(section, home_url) for section in sections],
    }


def learning_resource(section, sections_by_slug: dict, home_url: str, site_name: str, licence_url: str) -> dict:
    url = urljoin(home_url, section.url)
    return {
        "@context": SCHEMA,
        "@type": "LearningResource",
        "@id": url,
        "name": section.title,
        "description": section.description,
        "url": url,
        "inLanguage": LANGUAGE,
        "isAccessibleForFree": True,
        "license": licence_url,
        "position": section.number,
        "educationalLevel": section.level,
        "timeRequired": duration(section.hours),
        "teaches": [_plain(topic.text) for topic in section.topics],
        "keywords": list(section.tags),
        "competencyRequired": [
            {"@type": "DefinedTerm", "name": sections_by_slug[slug].title, "url": urljoin(home_url, sections_by_slug[slug].url)}
            for slug in section.prerequisites if slug in sections_by_slug
        ],
        "isPartOf": {"@type": "Course", "@id": course_id(home_url), "name": site_name, "url": home_url},
    }


def breadcrumbs(trail: list[tuple[str, str]]) -> dict:
    """A BreadcrumbList of (name, absolute URL), from the home page to the page itself."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


# --- What's new ---------------------------------------------------------------------------------

CHANGE_KINDS = ("added", "changed")
CHANGE_KEYS = {"date", "title", "change", "section", "topics", "resources"}


@dataclass(frozen=True)
class Change:
    date: dt.date
    title: str
    change: str  # added | changed
    section: str  # slug, or "" for a change outside the sections
    topics: tuple[str, ...]  # topic ids of that section
    resources: tuple[str, ...]  # resource titles of that section
    line: int

    @property
    def anchor(self) -> str:
        """Stable while the list grows: the page's anchor and the feed entry's id."""
        words = re.findall(r"[a-z0-9]+", self.title.lower())
        return f"{self.date.isoformat()}-{'-'.join(words)}"


def read_changes(source, sections: dict) -> tuple[list[Change], list[Problem]]:
    """The changes listed under `changes:` in the front matter of docs/whats-new.md, newest first,
    each checked against the sections, topics and resources it names. `source` is that page's
    source_page model; `sections` maps slug -> Section."""
    problems: list[Problem] = []
    entries = (source.front.data.get("changes") if source.front else None) or None
    if not isinstance(entries, list):
        line = source.front.key_lines.get("changes", 1) if source.front else 1
        return [], [Problem(source.path, line, "front matter needs 'changes:', a list of changes (date, title, change, …)")]
    changes = []
    lines = _item_lines(source.front, "changes")
    for index, entry in enumerate(entries, start=1):
        line = lines[index - 1] if index <= len(lines) else source.front.key_lines.get("changes", 1)
        where, before = f"change {index}", len(problems)

        def problem(message: str, line: int = line, where: str = where) -> None:
            problems.append(Problem(source.path, line, f"{where}: {message}"))

        if not isinstance(entry, dict):
            problem("must be a mapping with date, title and change")
            continue
        for key in sorted(set(entry) - CHANGE_KEYS):
            problem(f"unknown key '{key}' (allowed: {', '.join(sorted(CHANGE_KEYS))})")
        date, title, kind = entry.get("date"), entry.get("title"), entry.get("change")
        if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
            problem(f"'date' must be a date written YYYY-MM-DD (got {date!r})")
        if not isinstance(title, str) or not title.strip():
            problem("'title' must be a non-empty string")
        elif text_problem := html_safety.plain_text_problem(title):
            problem(f"'title' {text_problem}")
        if kind not in CHANGE_KINDS:
            problem(f"'change' must be one of {', '.join(CHANGE_KINDS)} (got {kind!r})")
        slug = entry.get("section", "")
        topics, resources = entry.get("topics", []), entry.get("resources", [])
        section = sections.get(slug) if isinstance(slug, str) else None
        if slug and section is None:
            problem(f"'section' names no section page: {slug!r} (known: {', '.join(sorted(sections))})")
        for key, values in (("topics", topics), ("resources", resources)):
            if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
                problem(f"'{key}' must be a list of strings")
            elif values and not slug:
                problem(f"'{key}' needs the 'section' they belong to")
        if section is not None and isinstance(topics, list):
            known = {topic.id for topic in section.topics}
            for topic in topics:
                if topic not in known:
                    problem(f"topic '{topic}' is not a topic id of {slug} (known: {', '.join(sorted(known))})")
        if section is not None and isinstance(resources, list):
            known = {resource.title for resource in section.resources}
            for resource in resources:
                if resource not in known:
                    problem(f"resource '{resource}' is not a resource title of {slug}")
        if len(problems) == before:
            changes.append(Change(date, title.strip(), kind, slug or "", tuple(topics), tuple(resources), line))
    anchors: dict[str, int] = {}
    for change in changes:
        if change.anchor in anchors:
            problems.append(Problem(source.path, change.line, f"same date and title as the change on line {anchors[change.anchor]}"))
        anchors.setdefault(change.anchor, change.line)
    if problems:
        return [], problems
    return sorted(changes, key=lambda change: (change.date, -change.line), reverse=True), []


def _item_lines(front, key: str) -> list[int]:
    """The file line of each item of the list under the top-level `key` (from the YAML node tree)."""
    for key_node, value_node in getattr(front.node, "value", None) or []:
        if key_node.value == key and isinstance(value_node, yaml.SequenceNode):
            return [front.line_of(item) for item in value_node.value]
    return []


def changes_markdown(changes: list[Change], sections: dict, feed_link: str) -> str:
    """The list on the What's new page: links are Markdown links to the source files, so the
    strict build checks every one of them."""
    parts = [f"\n\n[Subscribe to the Atom feed]({feed_link}){{ .md-button }}\n"]
    for change in changes:
        parts.append(f"\n## {change.title} {{#{change.anchor}}}\n")
        facts = [f"{change.date.day} {change.date:%B %Y}", change.change.capitalize()]
        if change.section:
            section = sections[change.section]
            facts.append(f"section [{section.title}](roadmap/{change.section}.md)")
        parts.append(f"\n*{' · '.join(facts)}*\n")
        if change.topics:
            headings = {topic.id: _plain(topic.text) for topic in sections[change.section].topics}
            links = ", ".join(f"[{headings[topic]}](roadmap/{change.section}.md#{topic})" for topic in change.topics)
            parts.append(f"\nTopics: {links}\n")
        if change.resources:
            found = {resource.title: resource.url for resource in sections[change.section].resources}
            links = ", ".join(f"[{title}]({found[title]})" for title in change.resources)
            parts.append(f"\nResources: {links}\n")
    return "".join(parts)


def feed_xml(changes: list[Change], sections: dict, *, site_name: str, home_url: str, page_url: str, feed_url: str) -> bytes:
    """An Atom feed of the changes (Pelican's feedgenerator), newest first. Its `updated` is the newest
    change's date, never the build's clock, so an unchanged list gives the same file."""
    feed = feedgenerator.Atom1Feed(
        title=f"{site_name}: what's new",
        link=page_url,
        description="Sections, topics and resources added to or changed in the roadmap.",
        language=LANGUAGE,
        author_name=site_name,
        author_link=home_url,
        feed_url=feed_url,
        feed_guid=feed_url,
    )
    for change in changes:
        link = f"{page_url}#{change.anchor}"
        when = dt.datetime.combine(change.date, dt.time(), dt.timezone.utc)
        what = [change.change.capitalize()]
        if change.section:
            what.append(f"section {sections[change.section].title}")
        if change.topics:
            headings = {topic.id: _plain(topic.text) for topic in sections[change.section].topics}
            what.append("topics: " + ", ".join(headings[topic] for topic in change.topics))
        if change.resources:
            what.append("resources: " + ", ".join(change.resources))
        feed.add_item(
            # Atom summaries from feedgenerator are type="html": the plain text is escaped for that.
            title=change.title, link=link, unique_id=link, description=html.escape("; ".join(what) + "."),
            pubdate=when, updateddate=when, categories=[change.section] if change.section else (),
        )
    return feed.writeString("utf-8").encode("utf-8")


# --- One build --------------------------------------------------------------------------------

LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"  # the content licence in mkdocs.yml's copyright
log = logging.getLogger("mkdocs.hooks.social")


@dataclass
class Share:
    """What the page template (partials/social-meta.html) writes into one page's head."""

    type: str
    title: str
    description: str
    url: str
    image: str
    image_alt: str
    json_ld: list[str]
    width: int = CARD_WIDTH
    height: int = CARD_HEIGHT


class Sharing:
    """The cards, metadata and structured data of one build; the hooks call it once per page."""

    def __init__(self, *, site_name: str, site_url: str, description: str, site_dir: str, cache_dir: Path) -> None:
        self.site_name, self.description = site_name, description
        self.home = site_url if site_url.endswith("/") else f"{site_url}/"
        self.site_dir, self.cache_dir = Path(site_dir), Path(cache_dir)
        host = urlsplit(self.home).netloc
        self.footer = f"{site_name} · {host}" if host else site_name
        self.sections: list = []
        self.nodes: list[MapNode] = []
        self.drawn = self.cached = 0
        self.seconds = 0.0
        self.largest = 0
        self.problems: list[Problem] = []
        self.changes: list[Change] = []
        self.by_slug: dict = {}

    def set_sections(self, ordered: list) -> None:
        self.sections = ordered
        known = {section.slug for section in ordered}
        # No links and no topics in a card's map: its image depends only on what it shows.
        self.nodes = [
            MapNode(s.slug, s.number, s.title, s.level, s.hours, (), tuple(p for p in s.prerequisites if p in known), "",
                    companion=s.companion)
            for s in ordered
        ]

    def page(self, *, title: str, url: str, description: str | None, is_home: bool, section, where: str) -> Share:
        """The metadata of one page (`url` as MkDocs gives it: '' for home, 'roadmap/x/'), with its
        card drawn or taken from the cache and written into the site."""
        description = description or self.description
        page_url = urljoin(self.home, url)
        if section is not None:
            card = section_card(section, len(self.sections), self.nodes, self.footer)
        else:
            card = page_card(title, description, self.site_name, self.footer)
        image = self._write_card(card, card_path(url), where)
        blocks = []
        if is_home:
            blocks.append(course(self.sections, self.home, self.site_name, self.description, LICENCE_URL))
        if section is not None:
            by_slug = {s.slug: s for s in self.sections}
            blocks.append(learning_resource(section, by_slug, self.home, self.site_name, LICENCE_URL))
            blocks.append(breadcrumbs([(self.site_name, self.home), (section.title, page_url)]))
        return Share(
            "website" if is_home else "article", title, description, page_url, image, card_alt(card),
            [json_ld(block) for block in blocks],
        )

    def not_found(self) -> Share:
        """The 404 page has no address of its own: its card tags point to the home page."""
        share = self.page(title="Page not found", url="404.html", description=None, is_home=False, section=None, where="404.html")
        share.url = self.home
        return share

    def _write_card(self, card: Card, site_path: str, where: str) -> str:
        started = time.perf_counter()
        png, drawn = card_png(card, self.cache_dir)
        self.seconds += time.perf_counter() - started
        self.drawn += drawn
        self.cached += not drawn
        self.largest = max(self.largest, len(png))
        if len(png) > MAX_CARD_BYTES:
            self.problems.append(Problem(where, 1, f"preview card {site_path} is {len(png)} bytes, over {MAX_CARD_BYTES}"))
        target = self.site_dir / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png)
        return urljoin(self.home, site_path)

    def check_changes(self, source, sections: dict) -> list[Problem]:
        """Read the What's new list once every section is known; its problems join the build's."""
        self.by_slug = sections
        if source is None:
            return []
        self.changes, problems = read_changes(source, sections)
        return problems

    def changes_markdown(self) -> str:
        return changes_markdown(self.changes, self.by_slug, FEED_URI)

    def feed(self) -> bytes:
        return feed_xml(
            self.changes, self.by_slug, site_name=self.site_name, home_url=self.home,
            page_url=urljoin(self.home, CHANGELOG_URI.removesuffix(".md") + "/"), feed_url=urljoin(self.home, FEED_URI),
        )

    def report(self) -> None:
        log.info(
            "Preview cards: %d drawn, %d from the cache, %.2f s, largest %.1f KiB",
            self.drawn, self.cached, self.seconds, self.largest / 1024,
        )


def drop_theme_assets(files, docs_dir: str) -> None:
    """The card fonts and their licence live in overrides/cards/: inputs of the build, not site files."""
    docs = os.path.abspath(docs_dir) + os.sep
    for file in list(files):
        from_theme = file.abs_src_path and not os.path.abspath(file.abs_src_path).startswith(docs)
        if from_theme and file.src_uri.startswith(THEME_ASSETS):
            files.remove(file)
