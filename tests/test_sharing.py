"""Shareable and discoverable (issue 19): card tags and preview images on every page, schema.org
JSON-LD that matches the front matter, the What's new page and its Atom feed, and no request to
another host at build time or in the browser (overrides/hooks/social.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import ipaddress
import json
import re
import socket
import sys
from pathlib import Path
from types import SimpleNamespace

import csp
import feedparser
import html_safety
import pytest
import social
import source_page
import validate
import yaml
from conftest import ROOT
from PIL import Image
from selectolax.lexbor import LexborHTMLParser

DOCS = ROOT / "docs"
SECTION_FILES = sorted((DOCS / "roadmap").glob("*.md"))
CARD_TAGS = (
    "og:title", "og:description", "og:url", "og:type", "og:site_name",
    "og:image", "og:image:width", "og:image:height", "og:image:alt",
)


# --- Network watch over every build of this session ----------------------------------------------
# Builds run in this process (scripts/validate.py's strict_build, which conftest's build_site calls by
# module attribute). Wrapping it when this module is collected, before any fixture builds, puts every
# build of the session under an audit hook that records each name lookup or connection to a host
# other than this machine.

_foreign_during_build: list[str] = []
_building = False


def _is_local(host) -> bool:
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _watch(event: str, args) -> None:
    if not _building:
        return
    if event == "socket.getaddrinfo" and not _is_local(args[0]):
        _foreign_during_build.append(f"lookup {args[0]}")
    elif event == "socket.connect" and isinstance(args[1], tuple) and not _is_local(args[1][0]):
        _foreign_during_build.append(f"connect {args[1]}")


def _watched_build(build):
    def strict_build(*args, **kwargs):
        global _building
        _building = True
        try:
            return build(*args, **kwargs)
        finally:
            _building = False
    strict_build.watched = True
    return strict_build


if not getattr(validate.strict_build, "watched", False):
    sys.addaudithook(_watch)
    validate.strict_build = _watched_build(validate.strict_build)


# --- Helpers ----------------------------------------------------------------------------------


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _tags(tree: LexborHTMLParser) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for node in tree.css("head meta[property], head meta[name]"):
        key = node.attributes.get("property") or node.attributes.get("name")
        found.setdefault(key, []).append(node.attributes.get("content") or "")
    return found


def _json_ld(tree: LexborHTMLParser) -> dict[str, dict]:
    blocks = [json.loads(node.text()) for node in tree.css('script[type="application/ld+json"]')]
    by_type = {block["@type"]: block for block in blocks}
    assert len(by_type) == len(blocks), "one block per type"
    return by_type


def _section_order() -> list[str]:
    nav = yaml.safe_load((DOCS / "roadmap" / ".nav.yml").read_text(encoding="utf-8"))["nav"]
    return [name.removesuffix(".md") for name in nav]


def _sources() -> dict[str, source_page.SourcePage]:
    return {path.stem: source_page.read(DOCS, f"roadmap/{path.name}", ROOT) for path in SECTION_FILES}


# --- Card tags and images -----------------------------------------------------------------------


def test_every_page_has_card_tags_and_a_card_image_in_the_build(built_site, site_url, perf_report):
    pages = _pages(built_site)
    assert len(pages) > 20
    sizes = {}
    for path in pages:
        where = path.relative_to(built_site).as_posix()
        tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
        tags = _tags(tree)
        for name in CARD_TAGS:
            assert len(tags.get(name, [])) == 1, f"{where}: {name} {tags.get(name)}"
            assert tags[name][0].strip(), f"{where}: empty {name}"
        assert tags["twitter:card"] == ["summary_large_image"], where
        assert tree.css_first("title").text().startswith(tags["og:title"][0]) or where == "404.html", where
        assert tags["og:description"] == tags["description"], where
        assert tags["og:url"][0].startswith(site_url), where
        canonical = tree.css_first('link[rel="canonical"]')
        if canonical is not None:
            assert tags["og:url"][0] == canonical.attributes["href"], where
        image_url = tags["og:image"][0]
        assert image_url.startswith(site_url), f"{where}: {image_url} is not under {site_url}"
        image_file = built_site / image_url[len(site_url):]
        assert image_file.is_file(), f"{where}: {image_url} is not in the build"
        data = image_file.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "PNG", where
            assert image.size == (1200, 630), where
            image.load()  # the whole file decodes
        assert (tags["og:image:width"], tags["og:image:height"]) == (["1200"], ["630"]), where
        assert len(data) <= 60 * 1024, f"{where}: card is {len(data)} bytes"
        sizes[image_url] = len(data)
    perf_report(f"preview cards: {len(sizes)}, {sum(sizes.values()) / 1024:.0f} KiB in all, largest {max(sizes.values()) / 1024:.1f} KiB")


def test_a_section_card_shows_its_own_step(built_site, site_url):
    """Cards differ by page: every section has its own image, and the home page has one too."""
    images = set()
    for slug in _section_order():
        tree = LexborHTMLParser((built_site / "roadmap" / slug / "index.html").read_text(encoding="utf-8"))
        tags = _tags(tree)
        images.add((built_site / tags["og:image"][0][len(site_url):]).read_bytes())
        assert tags["og:type"] == ["article"]
        assert re.match(r"^Step \d+ of 14: ", tags["og:image:alt"][0])
    assert len(images) == len(SECTION_FILES)
    home = _tags(LexborHTMLParser((built_site / "index.html").read_text(encoding="utf-8")))
    assert home["og:type"] == ["website"] and home["og:url"] == [site_url]


def test_the_card_cache_draws_an_unchanged_card_once(tmp_path):
    nodes = [social.MapNode("a", 1, "A", "beginner", 3, (), (), ""), social.MapNode("b", 2, "B", "advanced", 5, (), ("a",), "")]
    card = social.Card("Second step", "Step 2 of 2", "Advanced · about 5 hours · 1 topic", "Site", "b", tuple(nodes))
    first, drawn = social.card_png(card, tmp_path)
    assert drawn
    second, drawn_again = social.card_png(card, tmp_path)
    assert not drawn_again and second == first
    assert [path.name for path in tmp_path.iterdir()] == [f"{social.card_key(card)}.png"]
    changed = dataclasses.replace(card, title="Second step, revised")
    assert social.card_key(changed) != social.card_key(card)
    assert social.card_png(changed, tmp_path)[1]


def test_a_long_title_is_fitted_or_shortened_within_the_card():
    font, lines = social._fit("word " * 60, social.HEAVY, (76, 48), 1056, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1056 for line in lines)
    with Image.open(io.BytesIO(social.render(social.Card("word " * 60, "Kicker", "facts " * 40, "Site")))) as image:
        assert image.size == (1200, 630)


# --- Structured data ----------------------------------------------------------------------------


def test_every_section_has_json_ld_matching_its_front_matter(built_site, site_url):
    sources = _sources()
    titles = {slug: source.front.data["title"] for slug, source in sources.items()}
    for number, slug in enumerate(_section_order(), start=1):
        source = sources[slug]
        front = source.front.data
        url = f"{site_url}roadmap/{slug}/"
        tree = LexborHTMLParser((built_site / "roadmap" / slug / "index.html").read_text(encoding="utf-8"))
        blocks = _json_ld(tree)
        resource = blocks["LearningResource"]
        assert resource["@context"] == "https://schema.org"
        assert resource["name"] == front["title"], slug
        assert resource["description"] == front["description"], slug
        assert resource["educationalLevel"] == front["level"], slug
        assert re.fullmatch(r"PT\d+H", resource["timeRequired"]) and resource["timeRequired"] == f"PT{front['hours']}H", slug
        assert resource["teaches"] == [social._plain(topic.text) for topic in source.topics] and resource["teaches"], slug
        assert resource["keywords"] == front["tags"], slug
        assert resource["url"] == url and resource["position"] == number, slug
        assert resource["isPartOf"] == {"@type": "Course", "@id": f"{site_url}#course", "name": "Deep Learning Roadmap", "url": site_url}
        assert [(item["name"], item["url"]) for item in resource["competencyRequired"]] == [
            (titles[needed], f"{site_url}roadmap/{needed}/") for needed in front["prerequisites"]
        ], slug
        trail = blocks["BreadcrumbList"]["itemListElement"]
        assert [(item["position"], item["name"], item["item"]) for item in trail] == [
            (1, "Deep Learning Roadmap", site_url), (2, front["title"], url),
        ], slug


def test_the_home_page_describes_the_roadmap_as_a_course_of_its_sections(built_site, site_url):
    sources = _sources()
    course = _json_ld(LexborHTMLParser((built_site / "index.html").read_text(encoding="utf-8")))["Course"]
    assert course["@id"] == f"{site_url}#course" and course["url"] == site_url
    assert course["provider"]["name"] == course["name"] == "Deep Learning Roadmap"
    assert course["description"]
    order = _section_order()
    assert len(course["hasPart"]) == len(order) == 14
    for position, (part, slug) in enumerate(zip(course["hasPart"], order, strict=True), start=1):
        assert part["@type"] == "LearningResource" and part["position"] == position
        assert part["name"] == sources[slug].front.data["title"]
        assert part["url"] == f"{site_url}roadmap/{slug}/"
        assert part["timeRequired"] == f"PT{sources[slug].front.data['hours']}H"
    total = sum(source.front.data["hours"] for source in sources.values())
    assert course["timeRequired"] == f"PT{total}H"


HOSTILE = '</script><script>alert(1)</script><!--<script>'


def test_json_ld_cannot_end_its_script_element():
    text = social.json_ld({"@type": "Thing", "name": HOSTILE, "description": "a & b > c"})
    assert "<" not in text and ">" not in text and "&" not in text
    tree = LexborHTMLParser(f'<!DOCTYPE html><html><head><script type="application/ld+json">{text}</script></head><body><p>after</p></body></html>')
    scripts = tree.css("script")
    assert len(scripts) == 1 and scripts[0].attributes["type"] == "application/ld+json"
    assert json.loads(scripts[0].text())["name"] == HOSTILE
    assert tree.css_first("p").text() == "after"


def test_json_ld_is_a_data_block_for_the_policy():
    """Browsers never run it, so the policy neither hashes it nor learns a pattern from the template."""
    document = '<html><head><script type="application/ld+json">{"a": 1}</script><script>run()</script></head></html>'
    scripts, _, _ = html_safety.inline_code(document)
    assert scripts == {"run()"}
    assert not html_safety.is_executed_type("application/ld+json")
    assert html_safety.is_executed_type("text/jscript") and html_safety.is_executed_type(" Module ")


def test_template_data_blocks_make_no_script_patterns(tmp_path):
    (tmp_path / "t.html").write_text(
        '<script type="application/ld+json">{{ block }}</script>\n<script>var base = "{{ base_url }}";</script>\n', encoding="utf-8")
    patterns = csp.template_patterns([tmp_path])
    assert len(patterns) == 1
    assert patterns[0].fullmatch('var base = "../..";')
    assert not any(pattern.fullmatch("alert") for pattern in patterns)


def test_the_real_partial_emits_no_pattern_for_its_json_ld():
    patterns = csp.template_patterns([ROOT / "overrides"])
    assert not any(pattern.fullmatch("location=x") for pattern in patterns)


# --- What's new ---------------------------------------------------------------------------------


def _listed_changes() -> list[dict]:
    front = yaml.safe_load((DOCS / "whats-new.md").read_text(encoding="utf-8").split("---\n")[1])
    return front["changes"]


def test_the_feed_parses_and_lists_the_latest_change_first(built_site, site_url):
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    listed = _listed_changes()
    latest = max(change["date"] for change in listed)
    newest = next(change for change in listed if change["date"] == latest)  # the list is kept newest first
    assert len(feed.entries) == len(listed)
    first = feed.entries[0]
    assert first.title == newest["title"]
    assert dt.date(*first.updated_parsed[:3]) == latest
    dates = [dt.date(*entry.updated_parsed[:3]) for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert feed.feed.link == f"{site_url}whats-new/"
    page = LexborHTMLParser((built_site / "whats-new" / "index.html").read_text(encoding="utf-8"))
    for entry in feed.entries:
        assert entry.link.startswith(f"{site_url}whats-new/#"), entry.link
        assert page.css_first(f'[id="{entry.link.split("#", 1)[1]}"]') is not None, entry.link
    if newest.get("section"):
        assert first.tags[0].term == newest["section"]


def test_the_whats_new_page_links_what_each_change_touched(built_site):
    page = LexborHTMLParser((built_site / "whats-new" / "index.html").read_text(encoding="utf-8"))
    article = page.css_first("article")
    headings = [node.text().rstrip("¶").strip() for node in article.css("h2")]
    assert headings == [change["title"] for change in sorted(_listed_changes(), key=lambda c: c["date"], reverse=True)]
    hrefs = {node.attributes.get("href") for node in article.css("a")}
    for change in _listed_changes():
        for topic in change.get("topics", []):
            assert f"../roadmap/{change['section']}/#{topic}" in hrefs, topic
    assert "../feed.xml" in hrefs


def test_the_home_page_links_the_page_and_the_feed(built_site, site_url):
    home = LexborHTMLParser((built_site / "index.html").read_text(encoding="utf-8"))
    hrefs = {node.attributes.get("href") for node in home.css("article a")}
    assert {"whats-new/", "feed.xml"} <= hrefs
    # No <link rel=alternate>: Material would take it for a language version and fetch a sitemap beside it.
    assert home.css_first('link[rel="alternate"]') is None


def _whats_new_source(entries: str) -> source_page.SourcePage:
    text = f"---\ntitle: What's new\ndescription: Changes to the roadmap, newest first.\nchanges:\n{entries}---\n\n# What's new\n"
    return source_page.parse("docs/whats-new.md", "whats-new.md", text)


def _sections_for_changes() -> dict:
    return {
        slug: SimpleNamespace(title=source.front.data["title"], topics=source.topics, resources=source.expansion.resources)
        for slug, source in _sources().items()
    }


def test_a_wrong_change_entry_is_reported_with_its_line():
    entries = (
        "  - date: 2026-12-01\n    title: Fine\n    change: added\n    section: transformers\n    topics: [self-attention]\n"  # line 5
        "  - date: yesterday\n    title: Bad date\n    change: added\n"  # line 10
        "  - date: 2026-12-01\n    title: Unknown section\n    change: changed\n    section: quantum-computing\n"  # line 13
        "  - date: 2026-12-01\n    title: Unknown topic\n    change: changed\n    section: transformers\n    topics: [no-such-topic]\n"  # line 17
        "  - date: 2026-12-01\n    title: Fine\n    change: added\n"  # line 22: same date and title as line 5
    )
    changes, problems = social.read_changes(_whats_new_source(entries), _sections_for_changes())
    found = [str(problem) for problem in problems]
    assert changes == []
    assert any(line.startswith("docs/whats-new.md:10: change 2: 'date' must be a date") for line in found), found
    assert any(line.startswith("docs/whats-new.md:13: change 3: 'section' names no section page") for line in found), found
    assert any(line.startswith("docs/whats-new.md:17: change 4: topic 'no-such-topic'") for line in found), found
    assert any(line.startswith("docs/whats-new.md:22: same date and title") for line in found), found


def test_the_real_changes_are_valid_and_sorted_newest_first():
    source = source_page.read(DOCS, "whats-new.md", ROOT)
    changes, problems = social.read_changes(source, _sections_for_changes())
    assert problems == []
    assert [change.date for change in changes] == sorted((change.date for change in changes), reverse=True)


# --- No other host, at build time and in the browser ------------------------------------------


def test_the_build_asks_no_other_host(built_site):
    assert validate.strict_build.watched
    assert _foreign_during_build == []


def test_the_network_watch_sees_a_foreign_lookup():
    """The watch itself works: a lookup of another host during a (pretend) build is recorded."""
    global _building
    before = len(_foreign_during_build)
    _building = True
    try:
        # A numeric address from the documentation range: resolved locally, no packet leaves.
        socket.getaddrinfo("192.0.2.1", 443, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    finally:
        _building = False
    assert _foreign_during_build[before:] == ["lookup 192.0.2.1"]
    del _foreign_during_build[before:]


@pytest.mark.parametrize("path", ["", "roadmap/transformers/", "whats-new/"])
def test_pages_with_cards_and_json_ld_load_with_no_foreign_request_or_policy_error(page, site_url, path):
    page.goto(site_url + path)
    assert page.locator('script[type="application/ld+json"]').count() >= (1 if path != "whats-new/" else 0)
    assert page.evaluate("document.querySelector('meta[property=\"og:image\"]').content").startswith(site_url)
    response = page.request.get(site_url + "feed.xml")
    assert response.ok and b"<feed" in response.body()


# --- Search engines -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "roadmap/transformers/", "glossary/"])
def test_lighthouse_seo_scores_100(site_url, tmp_path, path):
    """Lighthouse's SEO category (the version package-lock.json pins), on the home page, a section page and
    the glossary: every audit in it passes (title, description, canonical, crawlable links, robots, …)."""
    import audit  # scripts/audit.py: the audit workflow's own Lighthouse runner

    lhr = audit.lighthouse(site_url + path, "mobile", tmp_path / "seo.json", categories=["seo"])
    failing = [
        ref["id"]
        for ref in lhr["categories"]["seo"]["auditRefs"]
        if ref["weight"] > 0 and lhr["audits"][ref["id"]]["score"] is not None and lhr["audits"][ref["id"]]["score"] < 1
    ]
    assert lhr["categories"]["seo"]["score"] == 1, f"/{path}: SEO {lhr['categories']['seo']['score']}, failing {failing}"
