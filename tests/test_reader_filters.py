"""Resource filters (docs/assets/resource-filter.js, issue 20 §7): type, cost and level, each offered
only where a page's resources differ on it, so every control can change what is shown."""

from __future__ import annotations

import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from reader_helpers import painted, wait_until, wake_material
from test_reader_a11y import AXE, axe_violations, describe

FACTS = ("type", "cost", "level")
SECTIONS = ["introduction", "neural-network-basics", "transformers", "learning-resources"]


def resource_facts(built_site, slug) -> list[dict[str, str]]:
    """Type, cost and level of every resource on a built section page, as the markup states them."""
    markup = (built_site / "roadmap" / slug / "index.html").read_text(encoding="utf-8")
    return [
        {fact: badge.attributes[f"data-{fact}"] for fact in FACTS}
        for badge in LexborHTMLParser(markup).css("article li > span.dl-resource")
    ]


def visible(page) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        "article li > .dl-resource",
        "bs => bs.filter(b => !b.parentElement.hidden && b.parentElement.offsetParent !== null).map(b => ({type: b.dataset.type, cost: b.dataset.cost, level: b.dataset.level}))",
    )


@pytest.fixture(scope="module")
def axe_script() -> str:
    return AXE.read_text(encoding="utf-8")


FILTER_FETCHED = "performance.getEntriesByType('resource').some(entry => entry.name.endsWith('/assets/resource-filter.js'))"


def reveal_resources(page) -> None:
    """Scroll to the page's first resource list, as a reader would: the filter script is fetched when
    the list nears the screen (progress.js), and has run once it has arrived and a frame has passed."""
    page.locator("article li > .dl-resource").first.scroll_into_view_if_needed()
    wait_until(page, FILTER_FETCHED)
    painted(page)


def status(page) -> str:
    return page.locator("form.dl-resource-filter [role=status]").inner_text()


@pytest.mark.parametrize("slug", SECTIONS)
def test_a_filter_is_offered_exactly_for_the_facts_the_resources_differ_on(page, site_url, built_site, slug):
    resources = resource_facts(built_site, slug)
    splits = [fact for fact in FACTS if len({r[fact] for r in resources}) > 1]
    page.goto(site_url + f"roadmap/{slug}/", wait_until="networkidle")
    # The page's scripts have run once the progress script has shown the section's progress line
    # (both act on the same document$ emission, the filter right after it).
    wait_until(page, "(() => { const line = document.querySelector('.dl-section-progress'); return line && !line.hidden })()")
    reveal_resources(page)
    form = page.locator("form.dl-resource-filter")
    if splits:
        form.wait_for()
    offered = form.locator("select").evaluate_all("ss => ss.map(s => s.name)") if form.count() else []
    assert offered == splits, f"{slug}: offered {offered}, resources differ on {splits}"
    if not splits:
        return
    total = len(resources)
    assert status(page) == f"Showing {total} of {total} resources"
    # Every option of every control shows exactly the resources with that value, and says how many.
    for fact in splits:
        select = form.locator(f"select[name={fact}]")
        values = select.evaluate("s => [...s.options].map(o => [o.value, o.textContent])")
        assert values[0][0] == "" and values[0][1].endswith(f"({total})")
        for value, text in values[1:]:
            select.select_option(value)
            shown = visible(page)
            expected = [r for r in resources if r[fact] == value]
            assert shown == expected and 0 < len(shown) < total, (slug, fact, value)
            assert text.endswith(f"({len(expected)})") and status(page) == f"Showing {len(expected)} of {total} resources"
        select.select_option("")
    assert len(visible(page)) == total


def test_filters_combine_and_say_when_nothing_matches(page, site_url, built_site, axe_script):
    slug = "introduction"  # free and paid resources, at three levels
    resources = resource_facts(built_site, slug)
    page.goto(site_url + f"roadmap/{slug}/", wait_until="networkidle")
    reveal_resources(page)
    form = page.locator("form.dl-resource-filter")
    form.wait_for()
    if violations := axe_violations(page, axe_script):  # the filter, which the page-wide walk may not reach
        raise AssertionError(f"/roadmap/{slug}/ with its filter:\n{describe(violations)}")
    form.get_by_label("Cost").select_option("free")
    form.get_by_label("Level").select_option("beginner")
    expected = [r for r in resources if r["cost"] == "free" and r["level"] == "beginner"]
    assert visible(page) == expected and expected
    combos = {(r["type"], r["cost"], r["level"]) for r in resources}
    empty = next(
        (t, c, lv) for t in {r["type"] for r in resources} for c in ("free", "paid") for lv in ("beginner", "intermediate", "advanced")
        if (t, c, lv) not in combos and any(r["cost"] == c for r in resources) and any(r["level"] == lv for r in resources)
    )
    form.get_by_label("Type").select_option(empty[0])
    form.get_by_label("Cost").select_option(empty[1])
    form.get_by_label("Level").select_option(empty[2])
    assert visible(page) == []
    assert re.match(r"No resource matches all of these filters; showing 0 of \d+", status(page))


def test_filter_is_keyboard_operable_and_arrives_with_instant_navigation(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    wake_material(page)  # Material (instant navigation) runs from the reader's first input on
    page.evaluate("window.dlSameDocument = true")
    page.locator(".dl-roadmap-list li[data-slug=introduction] > a").click()
    page.wait_for_url("**/roadmap/introduction/")
    reveal_resources(page)
    form = page.locator("form.dl-resource-filter")
    form.wait_for()
    assert page.evaluate("window.dlSameDocument") is True, "reached by instant navigation, without a reload"
    assert page.locator("form.dl-resource-filter").count() == 1
    cost = form.get_by_label("Cost")
    cost.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # reached by keyboard, so its focus ring shows (:focus-visible)
    page.keyboard.press("f")  # type-ahead picks "Free (…)" in a closed <select>
    assert cost.evaluate("s => s.value") == "free"
    assert {r["cost"] for r in visible(page)} == {"free"}
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_the_filter_script_is_separate_and_loaded_only_where_a_page_has_resources(built_site):
    progress = (built_site / "assets" / "progress.js").read_text(encoding="utf-8")
    assert "dl-resource-filter" not in progress and "Showing " not in progress  # none of the filter's code
    assert "resource-filter.js" in progress  # it loads the filter, on pages with a resource list
    assert "dl-resource-filter" in (built_site / "assets" / "resource-filter.js").read_text(encoding="utf-8")
    for page in ("index.html", "learner/notes/index.html", "roadmap/transformers/index.html"):
        assert "resource-filter.js" not in (built_site / page).read_text(encoding="utf-8"), page  # no script tag on any page


def test_a_long_page_fetches_its_filter_only_when_its_resources_near_the_screen(page, site_url):
    """The filter is not part of a section page's first view (its resources close the page)."""
    page.goto(site_url + "roadmap/transformers/", wait_until="networkidle")
    painted(page)
    assert not page.evaluate(FILTER_FETCHED), "fetched before the reader came near the resources"
    assert page.locator("form.dl-resource-filter").count() == 0
    reveal_resources(page)
    page.locator("form.dl-resource-filter").wait_for()
