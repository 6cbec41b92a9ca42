"""The site published as a project site, under /<repository>/, as a fork usually is (README, "Forking").

The site is built with its site_url under a sub-path and served only under that path, as GitHub
Pages serves a project site (a missing page gets the site's 404.html). Every address the pages use
must carry the sub-path, and in Chromium the pages, the 404 page with its styles, search, the
progress tools and instant navigation must work. The `page` fixture fails a test on any console
error or request to another host.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import local_server
import pytest
from conftest import ROOT, build_site
from playwright.sync_api import expect
from learner_helpers import choose, control, section_progress
from reader_helpers import site_pages, wake_material
from selectolax.lexbor import LexborHTMLParser

PREFIX = "/deep-learning-roadmap/"
SECTION = "roadmap/neural-network-basics/"


@pytest.fixture(scope="module")
def project_site(tmp_path_factory):
    """(site folder, its URL): built for http://127.0.0.1:PORT/deep-learning-roadmap/ and served there."""
    site = tmp_path_factory.mktemp("project-site")
    with local_server.serve_directory(site, local_server.PagesHandler, prefix=PREFIX) as url:
        ok, log = build_site(ROOT, site, site_url=url)
        assert ok, f"strict build failed:\n{log}"
        yield site, url


@pytest.fixture(scope="module")
def site_url(project_site) -> str:
    """Overrides conftest's site_url, so the `page` fixture guards this server's origin."""
    return project_site[1]


# --- What the build wrote ------------------------------------------------------------------------


def test_sitemap_and_canonical_links_carry_the_sub_path(project_site):
    site, url = project_site
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ElementTree.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", namespace)]
    assert url in locations and url + SECTION in locations
    assert all(location.startswith(url) for location in locations), locations
    for page in ("", SECTION):
        canonical = LexborHTMLParser((site / page / "index.html").read_text(encoding="utf-8")).css_first("link[rel=canonical]")
        assert canonical.attributes["href"] == url + page


def test_no_page_points_at_an_address_outside_the_sub_path(project_site):
    """Root-relative addresses (the 404 page uses them, as it is served at any depth) must start with
    the sub-path; relative ones must not climb above the site."""
    site, url = project_site
    outside = []
    for page in site_pages(site):
        file = site / page / "index.html" if page == "" or page.endswith("/") else site / page
        tree = LexborHTMLParser(file.read_text(encoding="utf-8"))
        for node in tree.css("[href], [src]"):
            address = node.attributes.get("href") or node.attributes.get("src") or ""
            if address.startswith(("http:", "https:", "mailto:", "data:", "javascript:", "#", "//")):
                continue
            resolved = urlsplit(urljoin(url + page, address)).path
            if not resolved.startswith(PREFIX):
                outside.append(f"{page or 'index'}: {address}")
    assert not outside, outside[:20]


# --- In the browser ------------------------------------------------------------------------------


def test_home_and_section_pages_render_under_the_sub_path(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    assert page.locator("h1").first.inner_text() == "Deep Learning Roadmap"
    assert page.locator(".dl-roadmap-list > li > a").count() == 14
    page.goto(site_url + SECTION, wait_until="networkidle")
    assert page.locator("article h1").inner_text() == "Neural Network Basics"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert all(request.startswith(site_url) for request in page.watch.requests), page.watch.requests


@pytest.mark.console_errors_expected  # Chromium logs the 404 status of the page itself
@pytest.mark.parametrize("missing", ["no-such-page/", "roadmap/no-such-section/deeper/"])
def test_a_missing_page_gets_the_styled_404_page_at_any_depth(page, site_url, missing):
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    response = page.goto(site_url + missing, wait_until="networkidle")
    assert response.status == 404
    assert page.locator("article h1").inner_text() == "Page not found"
    assert page.locator("article .dl-roadmap-list > li > a").count() == 14
    # Material's stylesheet and the site's own applied: a sticky header, the site's link colour.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.evaluate("[...document.styleSheets].filter(sheet => sheet.href).every(sheet => sheet.cssRules.length > 0)")
    home = page.locator("article a", has_text="home page")
    assert home.evaluate("a => a.href") == site_url
    assert failed == [site_url + missing], failed  # only the page itself: every asset loaded
    assert all(re.search(r"\b404\b", error) for error in page.watch.console_errors), page.watch.console_errors


def test_search_finds_a_section_and_links_under_the_sub_path(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type("backpropagation", delay=20)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    hrefs = [results.nth(i).evaluate("a => a.href") for i in range(min(results.count(), 5))]
    assert any(href.startswith(site_url + SECTION) for href in hrefs), hrefs
    assert all(href.startswith(site_url) for href in hrefs), hrefs


def test_instant_navigation_and_progress_tools_work_under_the_sub_path(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    wake_material(page)  # Material (instant navigation) runs from the reader's first input on
    page.evaluate("window.__sameDocument = true")  # survives only if navigation stays instant
    page.locator(f".dl-roadmap-list a[href$='{SECTION}']").click()
    page.wait_for_url(site_url + SECTION)
    control(page, "backpropagation").wait_for()
    choose(page, "backpropagation", "done")
    expect(section_progress(page)).to_have_text(re.compile(r"^1 of \d+ done$"))
    page.go_back()
    page.wait_for_url(site_url)
    line = page.locator(".dl-roadmap-list > li[data-slug=neural-network-basics] .dl-progress-line__text")
    expect(line).to_have_text(re.compile(r"^1 of "), timeout=15_000)
    assert page.evaluate("window.__sameDocument === true"), "expected instant navigation, got a full page load"
    # The home page's progress tools count it and export it.
    expect(page.locator(".dl-progress-tools .dl-progress-line__text")).to_have_text(re.compile(r"^1 of \d+ done"))
    with page.expect_download() as download:
        page.locator(".dl-progress-tools [data-dl-action=export]").click()
    assert download.value.suggested_filename == "deep-learning-roadmap-progress.json"
    states = json.loads(Path(download.value.path()).read_text())["states"]
    assert list(states) == ["neural-network-basics"] and states["neural-network-basics"]["backpropagation"]["state"] == "done"


def test_the_local_server_serves_nothing_outside_the_sub_path(project_site):
    _, url = project_site
    root = url[: -len(PREFIX)] + "/"
    for address in (root, root + "index.html", root + "assets/extra.css"):
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(address, timeout=10)
        assert error.value.code == 404
    with urllib.request.urlopen(url + "assets/extra.css", timeout=10) as response:
        assert response.status == 200
