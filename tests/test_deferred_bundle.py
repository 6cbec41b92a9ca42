"""Material's bundle loads on the reader's first input (docs/assets/before-material.js): the page is
complete before it, and every control works on first use.

Before any input: no bundle, the palette Material would choose (light and dark), its toggle shown,
the search button there, the chosen content tab underlined, reader progress drawn. First input: the
bundle mounts (copy buttons on every code block, styled by the deferred half of Material's stylesheet)
and progress.js keeps working through it. Controls
used before it is there: the search shortcut, the palette toggle, a content tab, a link.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from reader_helpers import MATERIAL_READY, painted, wait_until, wake_material

SECTION = "roadmap/recurrent-networks/"  # three content tab sets (PyTorch / Keras), linked by label
BUNDLE_LOADED = "!!document.querySelector('script[src*=\"javascripts/bundle.\"]')"


def material_loaded(page) -> bool:
    return page.evaluate(BUNDLE_LOADED)


@pytest.mark.parametrize(
    ("page", "scheme", "header"),
    [({"color_scheme": "light"}, "default", "rgb(67, 56, 202)"), ({"color_scheme": "dark"}, "slate", "rgb(49, 46, 129)")],
    indirect=["page"],
)
def test_before_any_input_the_page_is_complete_without_the_bundle(page, site_url, scheme, header):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + SECTION, wait_until="networkidle")
    assert not material_loaded(page)
    state = page.evaluate("""() => ({
      scheme: document.body.getAttribute('data-md-color-scheme'),
      header: getComputedStyle(document.querySelector('.md-header')).backgroundColor,
      toggles: [...document.querySelectorAll('[data-md-component=palette] label')].filter(l => l.offsetParent).length,
      search: !!document.querySelector('.md-header__button[for=__search]').offsetParent,
      tab: getComputedStyle(document.querySelector('.tabbed-set > input:checked ~ .tabbed-labels > label')).borderBottomColor,
      progress: !document.querySelector('.dl-section-progress').hidden,
      controls: document.querySelectorAll('article .dl-item input[type=radio]').length,
    })""")
    assert state["scheme"] == scheme and state["header"] == header, state  # not Material's default indigo
    assert state["toggles"] == 1 and state["search"], state
    assert state["tab"] not in ("rgba(0, 0, 0, 0)", "transparent"), state
    assert state["progress"] and state["controls"] > 0, state  # each topic's status control, drawn by progress.js


def test_the_first_input_mounts_material_and_progress_keeps_working(page, site_url):
    page.goto(site_url + SECTION, wait_until="networkidle")
    blocks = page.locator("article .highlight pre").count()
    assert blocks and page.locator(".md-code__nav").count() == 0
    wake_material(page)
    assert material_loaded(page)
    assert page.locator(".md-code__nav .md-code__button").count() == blocks  # Material's copy buttons
    # ... styled by the deferred half of Material's stylesheet, loaded with the bundle right after the
    # first half, so the cascade keeps Material's order (overrides/hooks/css_purge.py).
    sheets = page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].map(link => link.href.split('/').pop())")
    first = next(index for index, name in enumerate(sheets) if re.fullmatch(r"main\.[0-9a-f]{8}\.min\.css", name))
    assert sheets[first + 1] == sheets[first].replace(".min.css", ".deferred.min.css"), sheets
    assert page.evaluate("getComputedStyle(document.querySelector('.md-code__button')).cursor") == "pointer"
    assert page.evaluate("typeof document$.pipe === 'function'"), "document$ must be Material's now"
    done = page.locator("article .dl-item").first.get_by_role("radio", name="Done", exact=True)
    done.check()  # progress.js, subscribed before Material ran
    expect(done).to_be_checked()
    expect(page.locator(".dl-section-progress .dl-progress-line__text")).to_have_text(re.compile(r"^1 of \d+ done"))


def test_search_shortcut_works_before_the_bundle_arrives(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    painted(page)
    assert not material_loaded(page)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("backpropagation", delay=20)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    assert any("neural-network-basics" in (results.nth(i).get_attribute("href") or "") for i in range(results.count()))


def test_palette_toggle_works_on_first_use_and_is_remembered(page, site_url):
    page.emulate_media(color_scheme="light")
    page.goto(site_url + SECTION, wait_until="networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    page.locator("form[data-md-component=palette] label:visible").first.click()  # light -> dark (two states)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    wait_until(page, MATERIAL_READY)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.reload(wait_until="networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate", "the choice must be stored"


def test_a_content_tab_chosen_before_the_bundle_is_linked_to_the_others_after(page, site_url):
    page.goto(site_url + SECTION, wait_until="networkidle")
    sets = page.locator(".tabbed-set")
    assert sets.count() >= 2
    second = sets.first.locator(".tabbed-labels > label").nth(1)
    label = second.inner_text().strip()
    second.click()
    assert sets.first.locator("input").nth(1).is_checked()
    wait_until(page, MATERIAL_READY)
    # Material links tabs by label (content.tabs.link): every set with that label switches too.
    wait_until(page, f"""[...document.querySelectorAll('.tabbed-set')].every(set =>
      [...set.querySelectorAll('.tabbed-labels > label')].every(l => l.innerText.trim() !== {label!r}
        || document.getElementById(l.htmlFor).checked))""")


def test_a_link_followed_before_the_bundle_opens_its_page(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    page.locator(".dl-roadmap-list a", has_text="Transformers & Attention Mechanisms").click()
    page.wait_for_url("**/roadmap/transformers/")
    assert page.locator("article h1").inner_text() == "Transformers & Attention Mechanisms"
