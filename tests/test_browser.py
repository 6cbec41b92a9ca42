"""The built site in a real browser (Chromium via Playwright), served on 127.0.0.1.

Every test here fails on a console error or on any request to a host other than the local server.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reader_helpers import wake_material

SECTION = "roadmap/neural-network-basics/"


def first_load_weight(page) -> tuple[int, int]:
    """Bytes transferred and requests made by the page so far (Resource Timing, same origin)."""
    return page.evaluate(
        """() => {
          const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
          return [entries.reduce((sum, e) => sum + (e.transferSize || e.encodedBodySize || 0), 0), entries.length];
        }"""
    )


def test_home_page_renders_hero_and_roadmap(page, site_url, perf_report):
    page.goto(site_url, wait_until="networkidle")
    assert page.locator("h1").first.inner_text() == "Deep Learning Roadmap"
    sections = page.locator(".dl-roadmap-list > li > a")
    assert sections.count() == 14
    assert sections.first.inner_text() == "Prerequisites"
    bytes_, requests = first_load_weight(page)
    perf_report(f"home first load: {bytes_ / 1024:.1f} KiB in {requests} requests (uncompressed server)")


def test_section_page_renders_with_title_and_topics(page, site_url, perf_report):
    page.goto(site_url + SECTION, wait_until="networkidle")
    assert page.locator("article h1").inner_text() == "Neural Network Basics"
    assert page.locator("article h2#backpropagation").count() == 1
    assert "Section 4 of 14" in page.locator(".dl-section-summary").inner_text()
    bytes_, requests = first_load_weight(page)
    perf_report(f"section first load: {bytes_ / 1024:.1f} KiB in {requests} requests (uncompressed server)")


def test_navigating_from_home_to_a_section_is_instant(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    wake_material(page)  # instant navigation is Material's: it runs from the reader's first input on
    page.evaluate("window.__sameDocument = true")  # survives only if navigation stays instant
    page.locator(".dl-roadmap-list a", has_text="Transformers & Attention Mechanisms").click()
    page.wait_for_url("**/roadmap/transformers/")
    # Instant navigation swaps the content after the URL changes: wait for the new title.
    expect(page.locator("article h1")).to_have_text("Transformers & Attention Mechanisms")
    assert page.evaluate("window.__sameDocument === true"), "expected instant navigation, got a full page load"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("backpropagation", "roadmap/neural-network-basics/"), ("GoogLeNet", "roadmap/convolutional-networks/")],
)
def test_search_finds_a_section_by_a_term_on_it(page, site_url, query, expected):
    page.goto(site_url, wait_until="networkidle")
    page.keyboard.press("/")  # Material's shortcut focuses the search box
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type(query, delay=20)  # typed like a reader: Material searches on key events
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(min(results.count(), 5))]
    assert any(expected in href for href in hrefs), hrefs


def test_light_dark_toggle_switches_scheme_and_persists(page, site_url):
    page.emulate_media(color_scheme="light")
    page.goto(site_url + SECTION, wait_until="networkidle")

    def scheme() -> str:
        return page.evaluate("document.body.getAttribute('data-md-color-scheme')")

    def background() -> str:
        return page.evaluate("getComputedStyle(document.body).backgroundColor")

    assert scheme() == "default"
    light_background = background()
    for _ in range(3):  # auto -> light -> dark: click the visible toggle until dark
        if scheme() == "slate":
            break
        page.locator("form[data-md-component=palette] label:visible").first.click()
    assert scheme() == "slate"
    assert background() != light_background
    page.reload(wait_until="networkidle")
    assert scheme() == "slate", "the reader's choice must survive a reload"


def test_math_renders_as_mathml(page, site_url, built_site):
    pages = sorted(p for p in built_site.rglob("index.html") if 'class="dl-math"' in p.read_text(encoding="utf-8"))
    assert pages, "no page has display math; the MathML check has nothing to test"
    page.goto(site_url + pages[0].parent.relative_to(built_site).as_posix() + "/", wait_until="networkidle")
    math = page.locator("article .dl-math math").first
    box = math.bounding_box()
    assert box and box["height"] > 10 and box["width"] > 10, "MathML must be laid out by the browser"
    assert "\\frac" not in page.locator("article").inner_text(), "raw TeX must not reach the reader"
