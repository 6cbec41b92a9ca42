"""The real site: it builds strictly, has the seed's 14 sections in order, and every page is described."""

from __future__ import annotations

import html
import re
from pathlib import Path

import frontmatter
import pytest
import yaml
from conftest import ROOT, SEED
from seed import read_seed

SEED_SECTIONS = read_seed(SEED)
SECTION_ORDER = yaml.safe_load((ROOT / "docs/roadmap/.nav.yml").read_text())["nav"]
TAG_RE = re.compile(r"<[^>]+>")


def page_html(site: Path, slug: str) -> str:
    return (site / "roadmap" / slug / "index.html").read_text(encoding="utf-8")


def visible_text(markup: str) -> str:
    article = markup.split('<article class="md-content__inner md-typeset">', 1)[-1].split("</article>", 1)[0]
    article = re.sub(r"<(script|style)\b.*?</\1>", " ", article, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", TAG_RE.sub(" ", article)))


def test_seed_has_fourteen_sections():
    assert [section.number for section in SEED_SECTIONS] == list(range(1, 15))


def test_fourteen_section_pages_in_seed_order_with_seed_titles():
    assert len(SECTION_ORDER) == 14
    titles = []
    for file_name in SECTION_ORDER:
        front, problems = frontmatter.parse(file_name, (ROOT / "docs/roadmap" / file_name).read_text())
        assert not problems
        titles.append(front.data["title"])
    assert titles == [section.title for section in SEED_SECTIONS]
    on_disk = sorted(path.name for path in (ROOT / "docs/roadmap").glob("*.md") if not path.name.startswith("_"))
    assert sorted(SECTION_ORDER) == on_disk


def test_section_urls_are_stable_slugs_without_numbers(built_site):
    for file_name in SECTION_ORDER:
        slug = file_name.removesuffix(".md")
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", slug), f"{slug} must be words only, no section number"
        assert (built_site / "roadmap" / slug / "index.html").is_file()


@pytest.mark.parametrize("section", SEED_SECTIONS, ids=lambda s: f"{s.number}-{s.title}")
def test_every_seed_topic_appears_on_its_section_page(built_site, section):
    slug = SECTION_ORDER[section.number - 1].removesuffix(".md")
    text = visible_text(page_html(built_site, slug)).lower()
    missing = [term for term in section.terms if term.lower() not in text]
    assert not missing, f"roadmap/{slug}: seed topics not on the page: {missing}"


def test_final_tips_are_on_the_home_page(built_site):
    seed = SEED.read_text(encoding="utf-8")
    tips = re.findall(r"^- (.+)$", seed.split("## ✅ Final Tips", 1)[1].split("---", 1)[0], flags=re.M)
    assert len(tips) == 5
    home = visible_text((built_site / "index.html").read_text(encoding="utf-8")).lower()
    for tip in tips:
        assert tip.split(" (")[0].strip('"').lower() in home, tip


@pytest.mark.parametrize("file_name", SECTION_ORDER)
def test_section_front_matter_is_valid(file_name):
    path = f"docs/roadmap/{file_name}"
    front, problems = frontmatter.parse(path, (ROOT / path).read_text(encoding="utf-8"))
    assert not problems
    assert frontmatter.validate(path, front) == []


def test_every_page_has_a_title_and_meta_description(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 16
    for page in pages:
        markup = page.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", markup, re.S)
        description = re.search(r'<meta name="description" content="([^"]*)"', markup)
        name = page.relative_to(built_site)
        assert title and title.group(1).strip(), f"{name} has no <title>"
        assert description and len(description.group(1)) >= 40, f"{name} has no meta description"
        assert description.group(1) != "", name


def test_home_lists_all_sections_in_order(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    roadmap = home.split('class="dl-roadmap-list"', 1)[1].split("</ol>", 1)[0]
    links = re.findall(r'<a href="([^"]+)">', roadmap)
    assert links == [f"roadmap/{name.removesuffix('.md')}/" for name in SECTION_ORDER]


def test_section_page_shows_its_place_level_and_prerequisites(built_site):
    markup = page_html(built_site, "neural-network-basics")
    summary = visible_text(markup.split('class="dl-section-summary"', 1)[1].split("</p>", 1)[0])
    position = SECTION_ORDER.index("neural-network-basics.md") + 1
    assert f"Section {position} of 14" in summary
    front, _ = frontmatter.parse("x", (ROOT / "docs/roadmap/neural-network-basics.md").read_text())
    assert f"About {front.data['hours']} hours" in summary
    assert front.data["level"].capitalize() in summary


def test_404_page_offers_search_and_every_section(built_site):
    markup = (built_site / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in markup
    assert markup.count('class="dl-roadmap-list"') == 1
    assert len(re.findall(r"/roadmap/[a-z-]+/", markup.split('class="dl-roadmap-list"', 1)[1])) >= 14


def test_no_third_party_assets_in_built_html(built_site):
    """No Google Fonts, no CDN: every script, stylesheet, font and icon is served by the site itself."""
    asset_re = re.compile(
        r'<script\b[^>]*\ssrc="([^"]+)"|<link\b(?=[^>]*\srel="(?:stylesheet|preconnect|preload|modulepreload|icon|dns-prefetch)")[^>]*\shref="([^"]+)"'
    )
    checked = 0
    for page in built_site.rglob("*.html"):
        for match in asset_re.finditer(page.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            checked += 1
            assert not re.match(r"(https?:)?//", url), f"{page.relative_to(built_site)} loads {url}"
    assert checked > 20  # the pattern really finds the theme's own assets
