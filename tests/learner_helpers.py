"""Helpers for the learner-tools browser tests (tests/test_reader_progress.py, tests/test_learner_*.py).

The progress store is one localStorage key holding {format, version: 2, states, notes, plan, review}
(docs/assets/progress.js). Waits here poll the page (expect / wait_until): a script that has not run
yet is waited for, never counted too early.
"""

from __future__ import annotations

import json

from playwright.sync_api import expect

KEY = "dl-roadmap-progress"
FORMAT = "deep-learning-roadmap-progress"
SECTION = "roadmap/neural-network-basics/"
SLUG = "neural-network-basics"
STATE_LABELS = {"none": "Not started", "doing": "In progress", "done": "Done", "skipped": "Skip"}


def stored_text(page) -> str | None:
    return page.evaluate(f"localStorage.getItem('{KEY}')")


def stored(page) -> dict:
    return json.loads(stored_text(page) or "null") or {}


def store(page, data) -> None:
    """Put `data` (an object, or a string as it is) into the progress key, then show it."""
    text = data if isinstance(data, str) else json.dumps(data)
    page.evaluate(f"text => {{ localStorage.setItem('{KEY}', text); window.dlProgress && window.dlProgress.render(); }}", text)


def v2(states=None, notes=None, plan=None, review=None) -> dict:
    return {"format": FORMAT, "version": 2, "states": states or {}, "notes": notes or {}, "plan": plan, "review": review or {}}


def control(page, item: str):
    """The status and note control at the end of a topic (or of the practice task / self-check)."""
    return page.locator(f'article .dl-item[data-item="{item}"]')


def choose(page, item: str, state: str) -> None:
    control(page, item).get_by_role("radio", name=STATE_LABELS[state]).check()
    expect(control(page, item).get_by_role("radio", name=STATE_LABELS[state])).to_be_checked()


def section_progress(page):
    return page.locator(".dl-section-progress .dl-progress-line__text")


def open_section(page, site_url, path: str = SECTION) -> list[str]:
    """Go to a section page, wait for its controls, return its topic ids."""
    page.goto(site_url + path, wait_until="networkidle")
    # A long page can still be parsing when the network goes quiet; the script runs after that.
    page.wait_for_load_state("load")
    topics = page.locator(".dl-section-progress").get_attribute("data-topics").split()
    expect(page.locator("article .dl-item")).to_have_count(len(topics) + 2, timeout=15_000)
    return topics


def write_note(page, item: str, text: str) -> None:
    """Open the note of `item` (a topic id, or "_section") and type `text`; wait until it is saved."""
    note = page.locator(f'.dl-note[data-item="{item}"]')
    toggle = note.locator(".dl-note__toggle")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    field = note.locator("textarea")
    field.fill("")
    field.press_sequentially(text[:40])  # typed, as a reader does: saved while typing
    field.fill(text)
    field.blur()
    expect(note.locator(".dl-note__saved")).to_have_text("Saved")


def status_message(page) -> str:
    return page.evaluate("(document.querySelector('[data-dl-status]') || {}).textContent || ''")


def no_sideways_scroll(page, width: int = 360) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
