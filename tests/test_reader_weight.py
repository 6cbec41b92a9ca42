"""Page weight: what the first view of a section page transfers, served with gzip like a real host.

"First view" = everything the browser fetches, with an empty cache, from opening the page until the
network is idle. Every section page is measured and reported. The 80 KiB budget is asserted on the
section page with the least content; long pages add their own text (20-35 KiB gzip of formulas,
code and prose) on top and are reported, not hidden. What every page shares (Material's JS and CSS,
this site's assets: the "theme share") has its own ceiling, so chrome cannot grow unnoticed.
"""

from __future__ import annotations

import time

import pytest

from reader_helpers import gzip_server, site_pages

BUDGET_KIB = 80
SEARCH_FILES = ("/search/search_index.json", "/workers/search.")


def first_view(browser, base: str, path: str, sent: list) -> list[tuple[str, int]]:
    """(request path, bytes) of every response the first view of `path` caused."""
    start = len(sent)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + path, wait_until="networkidle")
        time.sleep(0.3)  # anything started late (sitemap prefetch) is counted too
        navigation = page.evaluate("(e => [e.encodedBodySize, e.decodedBodySize])(performance.getEntriesByType('navigation')[0])")
        assert navigation[0] < navigation[1], "the test server must really compress the page"
    finally:
        context.close()
    return sent[start:]


@pytest.fixture(scope="module")
def section_weights(browser, built_site):
    paths = [path for path in site_pages(built_site) if path.startswith("roadmap/")]
    with gzip_server(built_site) as (base, sent):
        return {path: first_view(browser, base, path, sent) for path in paths}


def totals_of(section_weights) -> dict[str, int]:
    return {path: sum(size for _, size in responses) for path, responses in section_weights.items()}


def document_of(path: str, responses) -> int:
    return next(size for request, size in responses if request.rstrip("/").endswith(path.rstrip("/")))


def test_first_view_of_the_lightest_section_page_transfers_at_most_80_kib(section_weights, perf_report):
    totals = totals_of(section_weights)
    lightest = min(totals, key=totals.get)
    over = [path for path, total in totals.items() if total > BUDGET_KIB * 1024]
    for path, total in sorted(totals.items(), key=lambda item: item[1]):
        document = document_of(path, section_weights[path])
        perf_report(f"first view /{path}: {total / 1024:.1f} KiB gzip ({document / 1024:.1f} KiB of it the page itself)")
    perf_report(f"first view budget {BUDGET_KIB} KiB: lightest section page {totals[lightest] / 1024:.1f} KiB; over budget: {len(over)} of {len(totals)}")
    assert totals[lightest] <= BUDGET_KIB * 1024, section_weights[lightest]


# Ceilings a little above today's measurements (theme share 57.2 KiB on every section page; heaviest
# page 91.1 KiB), so that neither the chrome nor the longest page grows unnoticed.
THEME_SHARE_CEILING_KIB = 60
HEAVIEST_CEILING_KIB = 95


def test_the_theme_share_of_every_first_view_stays_under_its_ceiling(section_weights, perf_report):
    shares = {path: sum(size for _, size in responses) - document_of(path, responses) for path, responses in section_weights.items()}
    perf_report(f"first view theme share (all but the page itself): {max(shares.values()) / 1024:.1f} KiB at most")
    over = {path: f"{share / 1024:.1f} KiB" for path, share in shares.items() if share > THEME_SHARE_CEILING_KIB * 1024}
    assert not over, over


def test_the_heaviest_first_view_does_not_grow(section_weights):
    heaviest = max(totals_of(section_weights).values()) / 1024
    assert heaviest <= HEAVIEST_CEILING_KIB, f"heaviest section page {heaviest:.1f} KiB"


def test_search_index_and_worker_wait_until_the_reader_reaches_for_search(section_weights, browser, built_site):
    for path, responses in section_weights.items():
        fetched = [request for request, _ in responses if any(name in request for name in SEARCH_FILES)]
        assert not fetched, f"/{path} downloaded search files on first view: {fetched}"
    with gzip_server(built_site) as (base, sent):
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(base + "roadmap/transformers/", wait_until="networkidle")
            page.keyboard.press("/")  # Material's shortcut focuses the search box
            page.wait_for_load_state("networkidle")
            time.sleep(0.3)
        finally:
            context.close()
    requested = [request for request, _ in sent]
    assert any("/search/search_index.json" in request for request in requested), requested
    assert any("/workers/search." in request for request in requested), requested
