"""The offline edition (scripts/offline_edition.py): the zip of the whole site, opened from file://.

One offline build per session: the `edition` fixture makes the zip the way `dev.py build` does and
unpacks it into a temporary folder; the browser tests open those files in Chromium with no server,
refuse every request that is not a file: URL, and fail on any console error (a CSP refusal included).
"""

from __future__ import annotations

import json
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect
from learner_helpers import choose
from reader_helpers import wait_until

import offline  # overrides/hooks/offline.py
import offline_edition  # scripts/offline_edition.py
import workbench  # overrides/hooks/workbench.py

SECTION_A = "roadmap/neural-network-basics.html"
SECTION_B = "roadmap/transformers.html"
SLUG_A = "neural-network-basics"
TOPIC_A = "perceptron"
# Requests a page opened from disk may make: its own files, and what the page makes itself.
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@dataclass
class Edition:
    archive: Path
    folder: Path  # the zip's one top-level folder, unpacked
    numbers: dict


@pytest.fixture(scope="session")
def edition(tmp_path_factory) -> Edition:
    root = tmp_path_factory.mktemp("offline")
    site = root / "site"
    site.mkdir()
    numbers = offline_edition.make(site, root / "work")
    archive = site / workbench.OFFLINE_PATH
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(root / "unpacked")
    return Edition(archive, root / "unpacked" / offline_edition.FOLDER, numbers)


@pytest.fixture
def disk_page(browser, request):
    """A browser page for file:// URLs that refuses (and records) every request to anything else."""
    context = browser.new_context()
    foreign: list[str] = []
    errors: list[str] = []

    def refuse_network(route):
        foreign.append(route.request.url)
        route.abort()

    context.route("http://**/*", refuse_network)
    context.route("https://**/*", refuse_network)
    page = context.new_page()
    page.on("request", lambda req: req.url.startswith(LOCAL_SCHEMES) or foreign.append(req.url))
    page.on("console", lambda message: message.type == "error" and errors.append(f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert foreign == [], f"requests that are not file: URLs: {sorted(set(foreign))}"
    assert errors == [], f"console errors: {errors}"


def open_file(page, edition: Edition, path: str) -> None:
    page.goto((edition.folder / path).as_uri())


# --- The zip ----------------------------------------------------------------------------------


def test_the_zip_holds_one_folder_and_is_the_same_bytes_when_made_again(edition, tmp_path, perf_report):
    numbers = edition.numbers
    perf_report(
        f"offline edition: zip {workbench.human_size(numbers['zip_bytes'])} ({numbers['zip_bytes']} B), "
        f"{workbench.human_size(numbers['unpacked_bytes'])} unpacked, offline build {numbers['build_seconds']:.1f} s"
    )
    with zipfile.ZipFile(edition.archive) as bundle:
        names = bundle.namelist()
        times = {info.date_time for info in bundle.infolist()}
    assert names[0] == "README.txt" and f"{offline_edition.FOLDER}/index.html" in names
    assert all(name.startswith(offline_edition.FOLDER + "/") for name in names[1:])
    assert names[1:] == sorted(names[1:]) and times == {offline_edition.FIXED_TIME}
    # Pruned: what nothing opened from disk uses.
    assert not any(name.endswith((".map", "/404.html", "search_index.json", "sitemap.xml")) for name in names)
    assert f"{offline_edition.FOLDER}/search/search_index.js" in names
    # Zipping the unpacked copy (other folder, other file times) gives the published bytes again.
    again = tmp_path / "again.zip"
    offline_edition.package(edition.folder, again)
    assert again.read_bytes() == edition.archive.read_bytes()


def test_every_page_address_works_from_disk_and_none_leads_to_the_online_site(edition):
    assert offline_edition.check(edition.folder, "https://deep-learning-roadmap.github.io/") == []
    home = (edition.folder / "index.html").read_text(encoding="utf-8")
    assert 'href="roadmap/neural-network-basics.html"' in home
    assert "dl-downloads" not in home  # the edition links no download (it holds none)


def test_the_address_check_names_what_breaks_on_disk(tmp_path):
    (tmp_path / "roadmap").mkdir()
    (tmp_path / "roadmap" / "a.html").write_text("", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<link rel="canonical" href="https://example.org/index.html">'
        '<a href="roadmap/a.html#x">fine</a><a href="#top">fine</a><a href="https://elsewhere.example/">fine</a>'
        '<a href="roadmap/">dir</a><a href="/roadmap/a.html">root</a><img src="missing.png">'
        '<a href="https://example.org/roadmap/a.html">online</a>',
        encoding="utf-8",
    )
    problems = offline_edition.check(tmp_path, "https://example.org/")
    assert [(p.address, p.message.split()[1]) for p in problems] == [
        ("roadmap/", "a"),
        ("/roadmap/a.html", "root-absolute:"),
        ("https://example.org/roadmap/a.html", "to"),
        ("missing.png", "to"),
    ]


def test_the_offline_pages_keep_the_online_policy_shape(edition):
    page = (edition.folder / SECTION_B).read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'self\' ' in page
    assert "unsafe-inline" not in page and "unsafe-eval" not in page
    assert f'<script src="../{offline.WORKER_SHIM}"></script>' in page
    assert "unpkg.com" not in page
    # Off: on file:// Material would complete document$ before the page loads (offline.INSTANT_FEATURES).
    assert '"navigation.instant"' not in page and '"navigation.tracking"' in page


def test_online_builds_do_not_publish_the_offline_shim(built_site):
    for path in offline.SHIM_FILES:
        assert not (built_site / path).exists()
    assert "offline-worker" not in (built_site / "index.html").read_text(encoding="utf-8")


def test_the_home_page_links_each_requested_edition():
    assert workbench.requested_editions({"ROADMAP_EDITIONS": "pdf,offline"}) == {
        "pdf": workbench.PDF_PATH,
        "offline": workbench.OFFLINE_PATH,
    }
    assert workbench.requested_editions({"ROADMAP_EDITIONS": "offline"}) == {"offline": workbench.OFFLINE_PATH}


# --- From file:// in Chromium -------------------------------------------------------------------


def test_navigation_between_two_sections_through_the_nav(disk_page, edition):
    open_file(disk_page, edition, SECTION_A)
    assert disk_page.locator("article h1").inner_text()
    disk_page.locator(f"nav.md-nav--primary a[href$='{Path(SECTION_B).name}']").first.click()
    disk_page.wait_for_url((edition.folder / SECTION_B).as_uri())
    expect(disk_page.locator("article h1")).to_contain_text("Transformer")
    disk_page.locator(f"nav.md-nav--primary a[href$='{Path(SECTION_A).name}']").first.click()
    disk_page.wait_for_url((edition.folder / SECTION_A).as_uri())


def test_search_finds_a_topic_and_opens_its_page(disk_page, edition):
    open_file(disk_page, edition, "index.html")
    box = disk_page.locator(".md-search__input")
    box.fill("perceptron")
    box.press("End")  # Material searches on keyup
    started = time.monotonic()
    wait_until(disk_page, "document.querySelectorAll('.md-search-result__item').length > 0", timeout=15)
    first = disk_page.locator(".md-search-result__item a").first
    assert first.get_attribute("href").startswith((edition.folder / SECTION_A).as_uri())
    assert time.monotonic() - started < 15
    # The search ran in the shim's hidden frame: a file:// page may not start a Web Worker.
    assert disk_page.evaluate("document.querySelectorAll('iframe[hidden]').length") == 1
    first.click()
    disk_page.wait_for_url(f"{(edition.folder / SECTION_A).as_uri()}**")


def test_search_from_disk_puts_pages_with_every_word_first(disk_page, edition):
    """The ranking wrapper (docs/assets/search-worker.js) also runs in the shim's frame: it is the
    frame's worker script, and for "learning rate" no page that lacks a word comes before one that has
    both (the same rule tests/test_reader_search.py checks online, where Material's order breaks it)."""
    text = (edition.folder / "search" / "search_index.js").read_text(encoding="utf-8")
    index = json.loads(text.split("=", 1)[1].strip().rstrip(";"))
    separator = re.compile(index["config"]["separator"])
    words: dict[str, set[str]] = {}
    for doc in index["docs"]:
        page_text = re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}").lower()
        words.setdefault(doc["location"].split("#")[0], set()).update(w for w in separator.split(page_text) if w)
    open_file(disk_page, edition, "index.html")
    box = disk_page.locator(".md-search__input")
    box.fill("learning rate")
    box.press("End")
    wait_until(disk_page, "document.querySelectorAll('.md-search-result__item').length > 0", timeout=15)
    root = edition.folder.as_uri() + "/"
    links = disk_page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
    pages = list(dict.fromkeys(link.removeprefix(root).split("#")[0].split("?")[0] for link in links))
    # Material appends a wildcard to each query word: "rate" also finds "rates".
    flags = [all(any(w.startswith(term) for w in words[page]) for term in ("learning", "rate")) for page in pages]
    assert flags and flags[0], pages
    first_partial = flags.index(False) if False in flags else len(flags)
    assert not any(flags[first_partial:]), list(zip(pages, flags))
    frame_scripts = "[...document.querySelector('iframe[hidden]').contentDocument.scripts].map(s => s.src)"
    assert any("search-worker.js" in src for src in disk_page.evaluate(frame_scripts))


def test_formulas_render_as_mathml_and_the_map_is_drawn(disk_page, edition):
    open_file(disk_page, edition, SECTION_B)
    formula = disk_page.locator("article math").first
    expect(formula).to_be_visible()
    assert formula.bounding_box()["height"] > 5
    open_file(disk_page, edition, "index.html")
    roadmap = disk_page.locator(".dl-map--full")
    expect(roadmap).to_be_visible()
    assert roadmap.locator("a").count() == 14
    assert roadmap.locator("a").first.get_attribute("href").endswith(".html")


def test_a_progress_tick_is_kept_across_pages(disk_page, edition):
    open_file(disk_page, edition, SECTION_A)
    choose(disk_page, TOPIC_A, "done")  # the topic's status control (tests/learner_helpers.py)
    disk_page.locator("a.md-header__button.md-logo").click()  # back home, a full page load from disk
    disk_page.wait_for_url((edition.folder / "index.html").as_uri())
    text = disk_page.locator(f".dl-roadmap-list > li[data-slug={SLUG_A}] .dl-progress-line__text")
    expect(text).to_contain_text("1 of ")


def test_the_policy_is_enforced_from_disk(browser, edition):
    """'self' lets the copy's own file: scripts run (the tests above) and still refuses an inline
    script that no hash allows: the offline copy keeps the online site's protection."""
    context = browser.new_context()
    try:
        page = context.new_page()
        open_file(page, edition, "index.html")
        refused = page.evaluate(
            """() => new Promise(resolve => {
                document.addEventListener("securitypolicyviolation", event => resolve(event.effectiveDirective));
                const script = document.createElement("script");
                script.textContent = "window.__injected = true";
                document.body.append(script);
                setTimeout(() => resolve(null), 2000);
            })"""
        )
        assert refused == "script-src-elem"
        assert page.evaluate("window.__injected") is None
    finally:
        context.close()
