"""Reader progress without an account (docs/assets/progress.js), in Chromium (the resource filter:
tests/test_reader_filters.py).

Each topic, the practice task and the self-check end with a status control (not started, in
progress, done, skipped); the section line, the maps, the home list and the home totals show all
four, and skipped items leave the totals. Progress is stored in localStorage as
{format, version: 2, states, notes, plan, review}; version 1 ({done: {slug: [ids]}}) is still read.
Every wait here waits for the script (expect, wait_until), so nothing is counted before it ran.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from learner_helpers import (
    FORMAT,
    KEY,
    SECTION,
    SLUG,
    STATE_LABELS,
    choose,
    control,
    open_section,
    section_progress,
    store,
    stored,
    v2,
)
from reader_helpers import wait_until, wake_material

MIN_TARGET = 24  # CSS pixels, WCAG 2.2 success criterion 2.5.8


def test_every_topic_the_practice_task_and_the_self_check_end_with_a_named_status_control(page, site_url):
    topics = open_section(page, site_url)
    items = topics + ["practice", "self-check"]
    assert "why-it-matters" not in topics and "resources" not in topics
    # Each control sits where its item ends: the <h2> before it is the item's, the next element is
    # the next <h2> (or the end of the article's content).
    placement = page.evaluate(
        """() => [...document.querySelectorAll('article .dl-item')].map(control => {
          let before = control.previousElementSibling;
          while (before && before.tagName !== 'H2') before = before.previousElementSibling;
          const after = control.nextElementSibling;
          return [control.dataset.item, before && before.id, !after || after.tagName === 'H2' || !after.matches('p, ul, ol, div.highlight, details')];
        })"""
    )
    assert [item for item, _, _ in placement] == items
    assert all(item == heading and at_end for item, heading, at_end in placement), placement
    for item in items:
        group = control(page, item).get_by_role("group")
        heading = page.locator(f"article h2#{item}").inner_text().replace("¶", "").strip()
        expect(group).to_have_accessible_name(f"{heading if item != 'practice' else 'Practice task'}: your status")
        for state, label in STATE_LABELS.items():
            radio = group.get_by_role("radio", name=label, exact=True)
            expect(radio).to_have_count(1)
            assert radio.is_checked() == (state == "none")
    # One line says what done means; every status group refers to it.
    means = page.locator("#dl-done-means")
    expect(means).to_be_visible()
    assert "Done" in means.inner_text() and "practice task and the self-check count" in means.inner_text()
    assert page.locator("fieldset.dl-item__states[aria-describedby=dl-done-means]").count() == len(items)
    expect(section_progress(page)).to_have_text(f"0 of {len(items)} done")


def test_every_learner_control_is_at_least_24_px_square(page, site_url):
    open_section(page, site_url)
    page.locator("details.question summary").first.click()
    expect(page.locator("details.question .dl-rating").first).to_be_visible()
    control(page, "perceptron").locator(".dl-note__toggle").click()
    targets = page.evaluate(
        """() => [...document.querySelectorAll('.dl-item input, .dl-item label, .dl-note__toggle, .dl-rating button')]
          .filter(el => el.offsetParent !== null)
          .map(el => { const box = el.getBoundingClientRect(); return [el.outerHTML.slice(0, 60), box.width, box.height]; })"""
    )
    assert len(targets) > 40
    small = [target for target in targets if target[1] < MIN_TARGET or target[2] < MIN_TARGET]
    assert not small, small


def test_a_learner_marks_topics_in_each_state_by_keyboard_and_mouse(page, site_url):
    topics = open_section(page, site_url)
    total = len(topics) + 2

    # Keyboard: Tab to the group, arrows move through the states and select them.
    control(page, "perceptron").get_by_role("radio", name="Not started").focus()
    page.keyboard.press("ArrowRight")
    expect(control(page, "perceptron").get_by_role("radio", name="In progress")).to_be_checked()
    page.keyboard.press("ArrowRight")
    expect(control(page, "perceptron").get_by_role("radio", name="Done", exact=True)).to_be_checked()
    # Mouse: a click on the label.
    control(page, "mlp").get_by_text("Skip", exact=True).click()
    choose(page, "activation-functions", "doing")
    expect(section_progress(page)).to_have_text(f"1 of {total - 1} done, 1 in progress, 1 skipped")
    page.reload(wait_until="networkidle")
    expect(control(page, "mlp").get_by_role("radio", name="Skip")).to_be_checked()
    states = stored(page)["states"][SLUG]
    assert {item: value["state"] for item, value in states.items()} == {"perceptron": "done", "mlp": "skipped", "activation-functions": "doing"}
    assert all(isinstance(value["at"], int) and value["at"] > 0 for value in states.values())

    # The section's node on the mini map says it too.
    mini = page.locator(f".dl-map--mini a[data-slug={SLUG}]")
    expect(mini).to_have_attribute("aria-label", re.compile(rf"1 of {total - 1} done, 1 in progress, 1 skipped\.$"))

    # Home: the section's line, the map node (classes, bars, name) and the totals.
    page.goto(site_url, wait_until="networkidle")
    item = page.locator(f".dl-roadmap-list > li[data-slug={SLUG}]")
    expect(item.locator(".dl-progress-line__text")).to_have_text(f"1 of {total - 1} done, 1 in progress, 1 skipped")
    node = page.locator(f".dl-map--full a[data-slug={SLUG}]")
    expect(node).to_have_class(re.compile(r"dl-map__node--started"))
    assert f"1 of {total - 1} done, 1 in progress, 1 skipped." in node.get_attribute("aria-label")
    assert int(node.locator(".dl-map__bar:not(.dl-map__bar--doing)").get_attribute("width")) > 0
    assert int(node.locator(".dl-map__bar--doing").get_attribute("width")) > 0
    overall = page.locator(".dl-progress-tools .dl-progress-line__text")
    expect(overall).to_have_text(re.compile(r"^1 of \d+ done, 1 in progress, 1 skipped$"))
    counted = int(overall.inner_text().split(" of ")[1].split()[0])
    assert counted == page.evaluate("+document.querySelector('.dl-progress-tools progress').max")
    assert page.evaluate("+document.querySelector('.dl-progress-tools progress').value") == 1


def test_a_section_reaches_100_percent_only_with_its_practice_task_and_self_check(page, site_url):
    topics = open_section(page, site_url)
    states = {topic: {"state": "done", "at": 1} for topic in topics}
    store(page, v2(states={SLUG: states}))
    expect(section_progress(page)).to_have_text(f"{len(topics)} of {len(topics) + 2} done")
    mini = page.locator(f".dl-map--mini a[data-slug={SLUG}]")
    expect(mini).not_to_have_class(re.compile("dl-map__node--complete"))
    choose(page, "practice", "done")
    expect(mini).not_to_have_class(re.compile("dl-map__node--complete"))
    choose(page, "self-check", "skipped")  # skipped: out of the total, so the section is complete
    expect(section_progress(page)).to_have_text(f"{len(topics) + 1} of {len(topics) + 1} done, 1 skipped")
    expect(mini).to_have_class(re.compile("dl-map__node--complete"))
    # Every item skipped: the node is drawn as skipped, not as complete.
    store(page, v2(states={SLUG: {item: {"state": "skipped", "at": 1} for item in [*topics, "practice", "self-check"]}}))
    expect(mini).to_have_class(re.compile("dl-map__node--skipped"))
    expect(mini).not_to_have_class(re.compile("dl-map__node--complete"))


def test_ids_that_no_longer_exist_are_kept_and_not_counted_and_version_1_still_reads(page, site_url):
    open_section(page, site_url)
    legacy = {"format": FORMAT, "version": 1, "done": {SLUG: ["perceptron", "old-topic"], "retired-section": ["gone"]}}
    store(page, legacy)
    page.reload(wait_until="networkidle")
    expect(control(page, "perceptron").get_by_role("radio", name="Done", exact=True)).to_be_checked()
    expect(section_progress(page)).to_have_text(re.compile(r"^1 of "))
    choose(page, "mlp", "done")
    expect(section_progress(page)).to_have_text(re.compile(r"^2 of "))
    data = stored(page)
    assert data["version"] == 2
    assert data["states"]["retired-section"] == {"gone": {"state": "done", "at": 0}}
    assert data["states"][SLUG]["old-topic"] == {"state": "done", "at": 0}
    assert data["states"][SLUG]["mlp"]["state"] == "done"


def test_progress_survives_instant_navigation(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    page.wait_for_load_state("load")
    wake_material(page)  # Material (instant navigation) runs from the reader's first input on
    page.evaluate("window.__sameDocument = true")  # survives only if navigation stays instant
    page.locator(f".dl-roadmap-list a[href$='{SECTION}']").click()
    page.wait_for_url(f"**/{SECTION}")
    control(page, "optimizers").wait_for()
    choose(page, "optimizers", "done")
    page.go_back()
    page.wait_for_url(site_url)
    # Instant navigation swaps the home content in after the URL changes: wait for it to be redrawn.
    text = page.locator(f".dl-roadmap-list > li[data-slug={SLUG}] .dl-progress-line__text")
    expect(text).to_have_text(re.compile(r"^1 of "), timeout=15_000)
    expect(page.locator(".dl-continue")).to_be_visible()
    assert page.evaluate("window.__sameDocument === true"), "expected instant navigation, got a full page load"
    # Back to the section: one set of controls, not two (the script runs once per page shown).
    page.go_forward()
    page.wait_for_url(f"**/{SECTION}")
    expect(control(page, "optimizers").get_by_role("radio", name="Done", exact=True)).to_be_checked()
    expect(page.locator("article .dl-item")).to_have_count(len(page.locator(".dl-section-progress").get_attribute("data-topics").split()) + 2)


def test_a_returning_learner_sees_where_to_continue_at_the_top(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    page.wait_for_load_state("load")  # the whole page laid out, map included
    # A first visit: start at the first section; the skip link lands on the hero, not past the map.
    expect(page.locator(".dl-start")).to_be_visible()
    expect(page.locator(".dl-continue")).to_be_hidden()
    # "#dl-hero-title" as built; Material's bundle, once an input has loaded it, makes it absolute.
    assert re.fullmatch(r"(.*/)?#dl-hero-title", page.locator(".md-skip").get_attribute("href"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/#dl-hero-title")
    expect(page.locator("#dl-hero-title")).to_be_in_viewport()  # the start of the content, above the map
    assert page.locator("#dl-hero-title").bounding_box()["y"] < page.locator(".dl-map--full").bounding_box()["y"]

    # The next open item of the first section already begun.
    store(page, v2(states={SLUG: {"perceptron": {"state": "done", "at": 1}, "mlp": {"state": "skipped", "at": 1}}}))
    page.reload(wait_until="networkidle")
    link = page.locator(".dl-continue__link")
    expect(link).to_have_text("Continue: Activation Functions (Neural Network Basics)")
    assert link.get_attribute("href").endswith(f"{SECTION}#activation-functions")
    expect(page.locator(".dl-start")).to_be_hidden()
    expect(page.locator(".dl-continue__percent")).to_have_text(re.compile(r"^0 % of the roadmap done \(1 of \d+ done, 1 skipped\)$"))
    # A topic in progress comes first, wherever it is.
    store(page, v2(states={SLUG: {"perceptron": {"state": "done", "at": 1}}, "transformers": {"positional-encoding": {"state": "doing", "at": 2}}}))
    expect(link).to_have_text("Continue: Positional Encoding (Transformers & Attention Mechanisms)")
    # Near the top of a 1280 x 720 window: the continue link in the first screen, the tools right after.
    viewport = page.viewport_size["height"]
    assert link.bounding_box()["y"] + link.bounding_box()["height"] < viewport
    assert page.locator("#dl-progress-title").bounding_box()["y"] < 2 * viewport
    link.click()
    page.wait_for_url("**/roadmap/transformers/#positional-encoding")


def test_without_javascript_the_pages_read_plainly(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url, wait_until="load")
        assert page.locator(".dl-progress-tools").is_hidden()
        assert page.locator(".dl-continue").is_hidden()
        assert page.locator(".dl-start").is_visible()
        assert page.locator(".dl-roadmap-list > li").count() == 14
        assert page.locator(".dl-roadmap-list .dl-progress-line").first.is_hidden()
        assert page.locator(".dl-map--full a").count() == 14
        page.goto(site_url + SECTION, wait_until="load")
        assert page.locator(".dl-item").count() == 0
        assert page.locator(".dl-section-progress").is_hidden()
        assert page.locator(".dl-learner").is_hidden()
        assert page.locator("article h2#backpropagation").is_visible()
        # The Review page is a plain list of every self-check question.
        page.goto(site_url + "learner/review/", wait_until="load")
        questions = page.locator(".dl-review__section details.question")
        assert questions.count() > 100 and questions.first.is_visible()
        for path in ("learner/plan/", "learner/notes/"):
            page.goto(site_url + path, wait_until="load")
            assert page.locator(".dl-plan, .dl-notes").first.is_hidden()
    finally:
        context.close()


def test_another_tab_sees_the_change(page, site_url):
    open_section(page, site_url)
    other = page.context.new_page()
    try:
        other.goto(site_url, wait_until="networkidle")
        choose(page, "perceptron", "done")
        wait_until(other, f"document.querySelector('.dl-roadmap-list > li[data-slug={SLUG}] .dl-progress-line__text').textContent.startsWith('1 of ')")
        assert other.evaluate(f"JSON.parse(localStorage.getItem('{KEY}')).states['{SLUG}'].perceptron.state") == "done"
    finally:
        other.close()
