"""axe-core on every page of the built site, in light and in dark mode: zero violations.

The same walk checks that no page requests another host or logs a console error (a Content-Security-
Policy violation is one).

axe-core comes from npm (package.json pins it; `npm ci` installs node_modules/). It is evaluated in
the page through the DevTools protocol, so the site's Content-Security-Policy stays in force.
"""

from __future__ import annotations

import pytest

from conftest import ROOT
from learner_helpers import SECTION, SLUG, store, v2
from reader_helpers import site_pages, wait_until

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# wcag22aa adds target size (2.5.8): every control at least 24 by 24 CSS pixels, or spaced as much.
RULESETS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` in the repository root"
    return AXE.read_text(encoding="utf-8")


# Material gives a code block that overflows keyboard focus once it has measured it; wait for that
# (for up to 5 s) so the walk judges the finished page. If it never happens, axe reports it.
MEASURED = "[...document.querySelectorAll('pre > code')].every(c => c.scrollWidth <= c.clientWidth || c.hasAttribute('tabindex'))"


def axe_violations(page, axe_source) -> list:
    try:
        wait_until(page, MEASURED, timeout=5)
    except AssertionError:
        pass
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    result = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}, resultTypes: ['violations']})",
        RULESETS,
    )
    return result["violations"]


def describe(violations) -> str:
    lines = []
    for violation in violations:
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:4])
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)


# The `page` fixture (conftest.py) fails the test on any request to another host or console error.
@pytest.mark.parametrize("page", [{"color_scheme": "light"}, {"color_scheme": "dark"}], ids=["light", "dark"], indirect=True)
def test_every_page_has_no_axe_violations(page, request, site_url, built_site, axe_source, perf_report):
    scheme = request.node.callspec.params["page"]["color_scheme"]
    failures, pages = [], site_pages(built_site)
    for path in pages:
        page.goto(site_url + path, wait_until="networkidle")
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected, path
        if violations := axe_violations(page, axe_source):
            failures.append(f"/{path} ({scheme}):\n{describe(violations)}")
    perf_report(f"axe-core ({scheme}): {len(pages)} pages, {len(failures)} with violations")
    assert not failures, "\n".join(failures)


# A learner's data makes the tools show more: the rating under an open answer, an open note, the
# notes list, the schedule, due questions. Checked with that data, at desktop width and at 360 px.
LEARNER = v2(
    states={SLUG: {"perceptron": {"state": "done", "at": 1}, "mlp": {"state": "doing", "at": 1}, "practice": {"state": "skipped", "at": 1}}},
    notes={SLUG: {"perceptron": {"text": "A note\nover two lines", "at": 1}, "_section": {"text": "On the section", "at": 1}}},
    plan={"hours": 6, "start": "", "skip": ["projects"], "at": 1},
)


@pytest.mark.parametrize(
    "page",
    [{"color_scheme": "light"}, {"color_scheme": "dark", "viewport": {"width": 360, "height": 740}}],
    ids=["light", "dark-360px"],
    indirect=True,
)
def test_the_learner_tools_with_a_learners_data_have_no_axe_violations(page, site_url, axe_source):
    page.goto(site_url + "learner/review/", wait_until="networkidle")
    wait_until(page, "window.dlLearnerTools")
    review = page.evaluate(
        """() => { const cards = {}; document.querySelectorAll('.dl-review__section[data-slug=neural-network-basics] details.question')
          .forEach(q => { cards[window.dlProgress.questionId(q)] = {due: 0, stability: 1, difficulty: 5, elapsed_days: 1,
            scheduled_days: 1, learning_steps: 0, reps: 1, lapses: 0, state: 2, last_review: 1}; }); return cards; }"""
    )
    store(page, {**LEARNER, "review": {SLUG: review}})
    failures = []
    for path in ["", SECTION, "learner/review/", "learner/plan/", "learner/notes/"]:
        page.goto(site_url + path, wait_until="networkidle")
        wait_until(page, "window.dlProgress && (!document.querySelector('.dl-progress-tools, .dl-plan, .dl-notes, .dl-review') || window.dlLearnerTools)")
        for question in page.locator("details.question:visible").all()[:2]:
            question.locator("summary").click()
            question.locator(".dl-rating").wait_for()
        if violations := axe_violations(page, axe_source):
            failures.append(f"/{path}:\n{describe(violations)}")
    assert not failures, "\n".join(failures)
