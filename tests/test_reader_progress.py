"""Reader progress without an account (docs/assets/progress.js) and the resource filter, in Chromium.

Progress is stored in localStorage as {format, version, done: {section slug: [topic ids]}}.
"""

from __future__ import annotations

import json
import re


from playwright.sync_api import expect
from reader_helpers import wait_until

SECTION = "roadmap/neural-network-basics/"
SLUG = "neural-network-basics"
KEY = "dl-roadmap-progress"
FORMAT = "deep-learning-roadmap-progress"


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')") or "null") or {}


def done_button(page, topic: str):
    return page.locator(f"article h2#{topic} + button.dl-topic-done")


def section_progress_text(page) -> str:
    return page.locator(".dl-section-progress .dl-progress-line__text").inner_text()


def home_status(page) -> str:
    return page.locator(".dl-progress-tools__message").inner_text()


def test_every_topic_heading_gets_a_named_done_toggle_and_no_other_heading_does(page, site_url):
    page.goto(site_url + SECTION, wait_until="networkidle")
    topics = page.locator(".dl-section-progress").get_attribute("data-topics").split()
    assert topics and "why-it-matters" not in topics and "resources" not in topics
    buttons = page.locator("article button.dl-topic-done")
    assert buttons.count() == len(topics)
    for topic in topics:
        button = done_button(page, topic)
        assert button.get_attribute("aria-pressed") == "false"
        assert button.get_attribute("aria-label").startswith("Done: ")
    assert page.locator("article h2#why-it-matters + button.dl-topic-done").count() == 0
    assert section_progress_text(page) == f"0 of {len(topics)} topics done"


def test_mark_reload_export_reset_import_and_refuse_a_corrupt_file(page, site_url, tmp_path):
    page.goto(site_url + SECTION, wait_until="networkidle")
    total = len(page.locator(".dl-section-progress").get_attribute("data-topics").split())

    # Mark two topics by keyboard and mouse, then reload: still marked.
    done_button(page, "perceptron").focus()
    page.keyboard.press("Enter")
    done_button(page, "backpropagation").click()
    assert done_button(page, "perceptron").get_attribute("aria-pressed") == "true"
    assert section_progress_text(page) == f"2 of {total} topics done"
    page.reload(wait_until="networkidle")
    assert done_button(page, "backpropagation").get_attribute("aria-pressed") == "true"
    assert sorted(stored(page)["done"][SLUG]) == ["backpropagation", "perceptron"]

    # Home page: the section's line, the overall count and the map node all show it.
    page.goto(site_url, wait_until="networkidle")
    item = page.locator(f".dl-roadmap-list > li[data-slug={SLUG}]")
    assert item.locator(".dl-progress-line__text").inner_text() == f"2 of {total} topics done"
    node = page.locator(f".dl-map--full a[data-slug={SLUG}]")
    assert "dl-map__node--started" in node.get_attribute("class")
    assert f"2 of {total} topics done" in node.get_attribute("aria-label")
    assert int(node.locator(".dl-map__bar").get_attribute("width")) > 0
    assert page.locator(".dl-progress-tools .dl-progress-line__text").inner_text().startswith("2 of ")

    # Export to a file.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download_info.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and sorted(data["done"][SLUG]) == ["backpropagation", "perceptron"]

    # Reset asks first: dismissing keeps everything, accepting clears it.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Reset progress…").click()
    assert stored(page)["done"][SLUG]
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress…").click()
    assert stored(page) == {}
    assert item.locator(".dl-progress-line").is_hidden()
    assert page.locator(".dl-progress-tools .dl-progress-line__text").inner_text().startswith("0 of ")

    # Import the exported file: progress is back.
    page.locator(".dl-progress-tools input[type=file]").set_input_files(str(exported))
    wait_until(page, "document.querySelector('.dl-progress-tools__message').textContent.includes('Imported')")
    assert sorted(stored(page)["done"][SLUG]) == ["backpropagation", "perceptron"]
    assert item.locator(".dl-progress-line__text").inner_text() == f"2 of {total} topics done"

    # Corrupt and foreign files are refused with a message; progress stays exactly as it was.
    before = page.evaluate(f"localStorage.getItem('{KEY}')")
    bad_files = {
        "truncated.json": b'{"format": "deep-learning-roadmap-progress", "version": 1, "done": {',
        "foreign.json": json.dumps({"bookmarks": ["a", "b"]}).encode(),
        "wrong-shape.json": json.dumps({"format": FORMAT, "version": 1, "done": {SLUG: "perceptron"}}).encode(),
        "bad-id.json": json.dumps({"format": FORMAT, "version": 1, "done": {SLUG: ["<img src=x>"]}}).encode(),
    }
    for name, content in bad_files.items():
        page.locator(".dl-progress-tools input[type=file]").set_input_files(
            files=[{"name": name, "mimeType": "application/json", "buffer": content}]
        )
        message = wait_until(
            page, f"(m => m.includes('{name}') && m)(document.querySelector('.dl-progress-tools__message').textContent)"
        )
        assert message.startswith("Could not import") and "unchanged" in message, message
        assert page.evaluate(f"localStorage.getItem('{KEY}')") == before, name
    assert item.locator(".dl-progress-line__text").inner_text() == f"2 of {total} topics done"


def test_ids_that_no_longer_exist_are_kept_and_not_counted(page, site_url):
    page.goto(site_url + SECTION, wait_until="networkidle")
    legacy = {"format": FORMAT, "version": 1, "done": {SLUG: ["old-topic"], "retired-section": ["gone"]}}
    page.evaluate(f"data => localStorage.setItem('{KEY}', JSON.stringify(data))", legacy)
    page.reload(wait_until="networkidle")
    assert section_progress_text(page).startswith("0 of ")
    done_button(page, "perceptron").click()
    assert section_progress_text(page).startswith("1 of ")
    done = stored(page)["done"]
    assert sorted(done[SLUG]) == ["old-topic", "perceptron"] and done["retired-section"] == ["gone"]


def test_progress_survives_instant_navigation(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")  # survives only if navigation stays instant
    page.locator(f".dl-roadmap-list a[href$='{SECTION}']").click()
    page.wait_for_url(f"**/{SECTION}")
    done_button(page, "optimizers").wait_for()
    done_button(page, "optimizers").click()
    page.go_back()
    page.wait_for_url(site_url)
    # Instant navigation swaps the home content in after the URL changes: wait for it to be redrawn.
    text = page.locator(f".dl-roadmap-list > li[data-slug={SLUG}] .dl-progress-line__text")
    expect(text).to_have_text(re.compile(r"^1 of "))
    assert page.evaluate("window.__sameDocument === true"), "expected instant navigation, got a full page load"


def test_resources_filter_by_type_and_free_only(page, site_url):
    page.goto(site_url + SECTION, wait_until="networkidle")
    items = page.locator("article li:has(> .dl-resource)")
    total = items.count()
    assert total >= 2
    form = page.locator("form.dl-resource-filter")
    assert form.locator("[role=status]").inner_text() == f"Showing {total} of {total} resources"
    types = page.evaluate("[...document.querySelectorAll('article .dl-resource')].map(r => r.dataset.type)")
    costs = page.evaluate("[...document.querySelectorAll('article .dl-resource')].map(r => r.dataset.cost)")
    chosen = types[0]
    form.get_by_label("Type").select_option(chosen)
    visible = page.evaluate("[...document.querySelectorAll('article li > .dl-resource')].filter(r => !r.parentElement.hidden).map(r => r.dataset.type)")
    assert visible and set(visible) == {chosen} and len(visible) == types.count(chosen)
    form.get_by_label("Type").select_option("")
    form.get_by_label("Free only").check()
    visible_costs = page.evaluate("[...document.querySelectorAll('article li > .dl-resource')].filter(r => !r.parentElement.hidden).map(r => r.dataset.cost)")
    assert set(visible_costs) <= {"free"} and len(visible_costs) == costs.count("free")
    assert form.locator("[role=status]").inner_text() == f"Showing {costs.count('free')} of {total} resources"


def test_without_javascript_the_pages_read_plainly(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url, wait_until="load")
        assert page.locator(".dl-progress-tools").is_hidden()
        assert page.locator(".dl-roadmap-list > li").count() == 14
        assert page.locator(".dl-roadmap-list .dl-progress-line").first.is_hidden()
        assert page.locator(".dl-map--full a").count() == 14
        page.goto(site_url + SECTION, wait_until="load")
        assert page.locator("button.dl-topic-done").count() == 0
        assert page.locator(".dl-section-progress").is_hidden()
        assert page.locator("article h2#backpropagation").is_visible()
    finally:
        context.close()
