"""Small things that cost trust (issue 20 §8): every click of the colour toggle switches the scheme,
section pages end with Resources, Practice task and Self-check in that order, and the edit and report
icons stay together on a phone."""

from __future__ import annotations

import pytest

import section_page
import source_page
from conftest import ROOT
from reader_helpers import wait_until

SECTION = "roadmap/neural-network-basics/"


@pytest.mark.parametrize("page", [{"color_scheme": "light"}, {"color_scheme": "dark"}], ids=["light", "dark"], indirect=True)
def test_every_click_of_the_colour_toggle_visibly_switches(page, site_url, request):
    page.goto(site_url + SECTION, wait_until="networkidle")

    def seen() -> tuple[str, str]:
        return page.evaluate("[document.body.getAttribute('data-md-color-scheme'), getComputedStyle(document.body).backgroundColor]")

    first = "slate" if request.node.callspec.params["page"]["color_scheme"] == "dark" else "default"
    # Material's bundle applies the system's scheme once it has run (the body starts with the first palette).
    wait_until(page, f"document.body.getAttribute('data-md-color-scheme') === '{first}'")
    history = [seen()]
    for _ in range(4):
        page.locator("form[data-md-component=palette] label:visible").first.click()
        page.wait_for_timeout(300)  # Material switches colours with a short transition
        history.append(seen())
    for before, after in zip(history, history[1:]):
        assert before[0] != after[0] and before[1] != after[1], f"a click changed nothing visible: {history}"
    # The toggle says what the next click does: to screen readers (the checked radio they land on)
    # and on hover (Material's tooltip, feature content.tooltips, which takes over the label's title).
    expected = "Switch to light mode" if history[-1][0] == "slate" else "Switch to dark mode"
    assert page.locator("form[data-md-component=palette] input:checked").get_attribute("aria-label") == expected
    label = page.locator("form[data-md-component=palette] label:visible").first
    label.hover()
    shown = page.wait_for_function(
        """label => label.getAttribute("title")
          || (label.getAttribute("aria-describedby") && document.getElementById(label.getAttribute("aria-describedby")).textContent.trim())""",
        arg=label.element_handle(),
    ).json_value()
    assert shown == expected


CLOSING = """
## Why this section matters {#why-it-matters}

Text.

## Topic {#topic}

Text.
"""


@pytest.mark.parametrize(
    ("order", "message"),
    [
        (("resources", "practice", "self-check"), None),
        (("practice", "resources", "self-check"), "the page must end with '## Resources {#resources}', then '## Practice task {#practice}', then '## Self-check {#self-check}' (found 'practice', 'resources', 'self-check')"),
        (("resources", "practice", "self-check", "topic-after"), "then '## Self-check {#self-check}': 'topic-after' comes after them"),
        (("resources", "self-check"), "section page has no 'practice' heading"),
    ],
    ids=["in order", "swapped", "topic after", "missing"],
)
def test_closing_sections_order_is_enforced(order, message):
    lines = [(number, line) for number, line in enumerate(CLOSING.split("\n"), start=1)]
    for heading_id in order:
        lines.append((len(lines) + 1, f"## Heading {{#{heading_id}}}"))
        lines.append((len(lines) + 1, "Text."))
    headings, _ = section_page.headings("docs/roadmap/x.md", lines)
    problems = [str(p) for p in section_page.check_closing_order("docs/roadmap/x.md", headings)]
    if message is None:
        assert problems == []
    else:
        assert len(problems) == 1 and message in problems[0] and problems[0].startswith("docs/roadmap/x.md:"), problems


def test_every_section_page_ends_with_resources_practice_and_self_check():
    for path in sorted((ROOT / "docs" / "roadmap").glob("*.md")):
        page = source_page.read(ROOT / "docs", f"roadmap/{path.name}", ROOT)
        top = [h.id for h in page.headings if h.level == 2]
        assert top[-3:] == ["resources", "practice", "self-check"], path.name


@pytest.mark.parametrize("width", [390, 360, 1280])
def test_edit_and_report_icons_sit_together(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 844})
    try:
        page = context.new_page()
        page.goto(site_url + SECTION, wait_until="networkidle")
        # Measured together once the progress script has shown the section's progress line (which
        # moves everything below it down).
        wait_until(page, "(() => { const line = document.querySelector('.dl-section-progress'); return line && !line.hidden })()")
        edit, report, title = page.evaluate(
            "['article a.md-content__button[rel=edit]', 'article a.dl-report-problem', 'article h1']"
            ".map(s => document.querySelector(s).getBoundingClientRect().toJSON())"
        )
        assert abs(edit["y"] - report["y"]) < 2, f"same row: {edit} {report}"
        assert 0 <= edit["x"] - (report["x"] + report["width"]) <= 24, f"side by side: {edit} {report}"
        assert report["y"] < title["y"] + title["height"] and edit["y"] >= title["y"] - 40, "beside the page title"
    finally:
        context.close()
