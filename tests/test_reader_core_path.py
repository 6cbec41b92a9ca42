"""The core path (issue 20 §3): optional topics and core hours in front matter, checked by the build,
shown on the home page, the maps, the roadmap list and the section pages; Best Learning Resources as a
companion beside the path. Pure checks first, then the built site in Chromium."""

from __future__ import annotations

import re

import pytest

import core_path
import source_page
from conftest import ROOT, build_site

HOME_SECTIONS = sorted((ROOT / "docs" / "roadmap").glob("*.md"))
PAGE = """---
title: "A section"
description: "A section that exists only to exercise the core-path checks of the build."
level: beginner
hours: 10
{extra}prerequisites: []
tags: [test]
---

## Why this section matters {{#why-it-matters}}

Text.

## First {{#first}}

Text.

## Second {{#second}}

Text.

## Resources {{#resources}}

Text.

## Practice task {{#practice}}

Text.

## Self-check {{#self-check}}

Text.
"""


def problems(extra: str = "", body: str | None = None) -> list[str]:
    text = body if body is not None else PAGE.format(extra=extra)
    return [str(problem) for problem in source_page.parse("docs/roadmap/a.md", "roadmap/a.md", text).problems]


def sources():
    return [source_page.read(ROOT / "docs", f"roadmap/{path.name}", ROOT) for path in HOME_SECTIONS]


# --- The rule, as the build checks it ----------------------------------------------------------------


def test_valid_core_path_keys_pass_and_are_read():
    assert problems("core_hours: 6\noptional: [second]\n") == []
    assert problems("") == [] and problems("core_hours: 10\n") == []
    page = source_page.parse("docs/roadmap/a.md", "roadmap/a.md", PAGE.format(extra="core_hours: 6\noptional: [second]\n"))
    assert core_path.core_hours(page.front) == 6 and core_path.optional_ids(page.front) == ("second",)


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        ("core_hours: 6\noptional: [third]\n", 7, r"'optional' names 'third', which is not a topic of this page \(topics: first, second\)"),
        ("core_hours: 6\noptional: [resources]\n", 7, r"names 'resources', which is not a topic"),
        ("core_hours: 6\noptional: [first, second]\n", 7, r"lists every topic"),
        ("core_hours: 6\noptional: [second, second]\n", 7, r"lists 'second' twice"),
        ("optional: [second]\n", 6, r"need 'core_hours'"),
        ("core_hours: 10\noptional: [second]\n", 6, r"'core_hours' \(10\) must be less than 'hours' \(10\)"),
        ("core_hours: 0\noptional: [second]\n", 6, r"'core_hours' must be a whole number of hours, at least 1"),
        ("core_hours: 8\n", 6, r"differs from 'hours' \(10\) but no topic is 'optional'"),
        ("optional: second\n", 6, r"'optional' must be a list of this page's topic ids"),
        ("companion: yes please\n", 6, r"'companion' must be true or false"),
    ],
    ids=["unknown topic", "structural id", "all optional", "twice", "no core_hours", "core not less", "zero", "core without optional", "not a list", "companion not bool"],
)
def test_core_path_mistakes_are_reported_at_their_line(extra, line, message):
    found = problems(extra)
    assert any(re.fullmatch(rf"docs/roadmap/a\.md:{line}: .*{message}.*", problem) for problem in found), found


def test_a_companion_has_no_prerequisites_and_is_no_prerequisite():
    text = PAGE.format(extra="companion: true\n").replace("prerequisites: []", "prerequisites: [b]")
    assert any("its 'prerequisites' must be []" in p for p in problems(body=text))
    companion = source_page.parse("docs/roadmap/a.md", "roadmap/a.md", PAGE.format(extra="companion: true\n"))
    follower = source_page.parse("docs/roadmap/b.md", "roadmap/b.md", PAGE.format(extra="").replace("prerequisites: []", "prerequisites: [a]"))
    found = core_path.check_companions({"a": (companion.path, companion.front), "b": (follower.path, follower.front)})
    assert [str(p) for p in found] == [
        "docs/roadmap/b.md:6: prerequisite 'a' is a companion section, read alongside the path, not a step before 'b'"
    ]


def test_topic_headings_get_their_role_as_a_class():
    page = source_page.parse("docs/roadmap/a.md", "roadmap/a.md", PAGE.format(extra="core_hours: 6\noptional: [second]\n"))
    marked = core_path.mark_topic_headings(page.body, page.first_line, page.topics, ("second",))
    assert "## First {#first .dl-topic--core}" in marked
    assert "## Second {#second .dl-topic--optional}" in marked
    assert "## Resources {#resources}" in marked  # structural headings are not topics


def test_every_section_page_follows_the_rule_and_the_core_path_fits_six_months():
    pages = sources()
    assert all(page.problems == [] for page in pages), [str(p) for page in pages for p in page.problems]
    companions = [page.slug for page in pages if core_path.is_companion(page.front)]
    assert companions == ["learning-resources"]
    total = sum(page.front.data["hours"] for page in pages)
    core = sum(core_path.core_hours(page.front) for page in pages)
    # Six months of evenings is roughly 26 weeks x 10 hours; the full roadmap is far more than that.
    assert core <= 280 < total, (core, total)


# --- A contributor's mistakes fail the build, all listed together ------------------------------------


def test_core_path_and_closing_order_mistakes_fail_the_build_together(project_copy, tmp_path):
    page = project_copy / "docs" / "roadmap" / "introduction.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace("core_hours: 4\n", "core_hours: 9\n").replace("optional: [history, biological-inspiration]", "optional: [history, quantum]")
    # Move the whole Practice task section after the Self-check, as a hand edit might.
    practice = re.search(r"^## Practice task \{#practice\}\n.*?(?=^## )", text, re.M | re.S).group(0)
    text = text.replace(practice, "").rstrip("\n") + "\n\n" + practice
    page.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    line_of = {needle: next(n for n, line in enumerate(lines, 1) if line.startswith(needle)) for needle in ("core_hours:", "optional:", "## Self-check")}
    ok, log = build_site(project_copy, tmp_path / "site")
    assert not ok
    expected = [
        (line_of["core_hours:"], "'core_hours' (9) must be less than 'hours' (6)"),
        (line_of["optional:"], "'optional' names 'quantum', which is not a topic of this page"),
        (line_of["## Self-check"], "the page must end with '## Resources {#resources}', then '## Practice task {#practice}', then '## Self-check {#self-check}'"),
    ]
    for line, message in expected:
        assert f"docs/roadmap/introduction.md:{line}: {message}" in log, log


# --- What readers see ----------------------------------------------------------------------------


def test_home_page_shows_the_core_path_beside_the_total(page, site_url):
    pages = sources()
    total = sum(p.front.data["hours"] for p in pages)
    core = sum(core_path.core_hours(p.front) for p in pages)
    page.goto(site_url, wait_until="networkidle")
    facts = page.locator(".dl-hero__facts").inner_text()
    assert re.search(rf"core path about {core} hours \({total} with every optional topic\)", facts), facts
    item = page.locator(".dl-roadmap-list > li[data-slug=advanced-deep-learning] .dl-roadmap-list__facts").inner_text()
    assert "28 h core, 45 h in all" in item and "10 topics, 5 optional" in item
    node = page.locator(".dl-map--full a[data-slug=advanced-deep-learning]")
    assert "about 45 hours (28 on the core path), 10 topics, 5 optional" in node.get_attribute("aria-label")
    assert "28 h core · 45 h all" in page.locator(".dl-map--full a[data-slug=advanced-deep-learning] + .dl-map__facts").text_content()
    # Best Learning Resources keeps its number but is a companion beside the path, not its last step.
    companion = page.locator(".dl-map--full a[data-slug=learning-resources]")
    assert "dl-map__node--companion" in companion.get_attribute("class")
    assert companion.get_attribute("aria-label").startswith("Step 14: Best Learning Resources. Companion reference, read alongside any step.")
    first = page.locator(".dl-map--full a[data-slug=prerequisites] .dl-map__box").bounding_box()
    beside = companion.locator(".dl-map__box").bounding_box()
    assert abs(beside["y"] - first["y"]) < 1 and beside["x"] > first["x"], "drawn beside the start of the path"
    assert "Companion reference, not a step" in page.locator(".dl-roadmap-list > li[data-slug=learning-resources]").inner_text()


def test_section_page_marks_core_and_optional_topics(page, site_url):
    page.goto(site_url + "roadmap/transformers/", wait_until="networkidle")
    assert "About 40 hours, 26 on the core path" in page.locator(".dl-section-summary").inner_text()
    listed = page.locator(".dl-section-optional a")
    hrefs = [listed.nth(i).get_attribute("href") for i in range(listed.count())]  # instant navigation makes them absolute
    assert [href.rsplit("/", 1)[-1] for href in hrefs] == ["#kv-cache", "#modern-block", "#scaling-laws", "#instruction-and-preference-tuning"]
    roles = page.eval_on_selector_all(
        "article h2[id]", "hs => hs.map(h => [h.id, h.classList.contains('dl-topic--optional') ? 'optional' : h.classList.contains('dl-topic--core') ? 'core' : ''])"
    )
    roles = dict(roles)
    assert roles["kv-cache"] == "optional" and roles["self-attention"] == "core" and roles["resources"] == ""
    badge = page.evaluate("getComputedStyle(document.getElementById('kv-cache'), '::after').content")
    assert badge == '"Optional on a first pass"'
    assert page.evaluate("getComputedStyle(document.getElementById('self-attention'), '::after').content") in ("none", "normal")
