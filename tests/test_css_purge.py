"""Material's unused CSS is dropped after the build (overrides/hooks/css_purge.py) without changing
what any reader sees.

The proof is in the browser: every page, and the states scripts create (search results, the phone
drawer, dark mode, keyboard focus, hover, and the first view before any input, which has only the
first half of Material's split main stylesheet), is rendered twice, once with Material's original
stylesheets and once with the purged ones, and Chromium's layout snapshot (every computed property of
every rendered box and pseudo-element, and its position and size) must be identical.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import material
import pytest

import chromium
import css_purge
from local_server import serve_directory
from reader_helpers import painted, site_pages, wait_until, wake_material

MATERIAL_STYLESHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"


# --- The pure pass ----------------------------------------------------------------------------


def evidence_from(html: str = "", script: str = "") -> css_purge.Evidence:
    evidence = css_purge.Evidence()
    evidence.add_html(html)
    evidence.add_script(script)
    return evidence


def purged(css: str, html: str = "", script: str = "") -> str:
    return css_purge.purge({"sheet": css}, evidence_from(html, script))["sheet"]


def test_a_rule_whose_class_no_page_or_script_uses_is_dropped():
    css = ".used{color:red}.unused{color:blue}.used .unused{color:green}"
    assert purged(css, html='<p class="used">') == ".used{color:red}"


def test_a_class_a_script_spells_or_builds_is_kept():
    css = ".md-search-result{color:red}.tabbed-control--next{left:0}.other{color:blue}"
    script = 'x("div",{class:"md-search-result"});let t=`tabbed-control tabbed-control--${e}`'
    assert purged(css, script=script) == ".md-search-result{color:red}.tabbed-control--next{left:0}"


def test_only_the_dead_selectors_of_a_list_go():
    assert purged(".a,.b,#c,#d{margin:0}", html='<p class="a" id="d">') == ".a,#d{margin:0}"


def test_what_stands_inside_functional_pseudo_classes_is_not_judged():
    css = ".a:not(.nowhere){color:red}.a:is(.nowhere,.elsewhere) b{color:blue}"
    assert purged(css, html='<p class="a">') == css


def test_right_to_left_rules_go_when_every_page_is_left_to_right():
    css = "[dir=ltr] .a{left:0}[dir=rtl] .a{right:0}"
    assert purged(css, html='<html dir="ltr"><p class="a">', script="const rtl = 1") == "[dir=ltr] .a{left:0}"


def test_attribute_values_must_occur_in_the_markup_or_a_script():
    css = "[data-md-color-scheme=slate]{color:red}[data-md-color-scheme=unknown]{color:blue}[hidden]{display:none}"
    html = '<body data-md-color-scheme="default"><input data-md-color-scheme="slate" hidden>'
    assert purged(css, html=html) == "[data-md-color-scheme=slate]{color:red}[hidden]{display:none}"


def test_rules_for_the_nth_content_tab_go_when_no_tab_set_is_that_large():
    css = ".tabbed-labels>label:nth-child(2){order:2}.tabbed-labels>label:nth-child(3){order:3}li:nth-child(3){color:red}"
    html = '<div class="tabbed-set" data-tabs="1:2"><div class="tabbed-labels"><label>a</label><label>b</label></div></div>'
    assert purged(css, html=html) == ".tabbed-labels>label:nth-child(2){order:2}li:nth-child(3){color:red}"


def test_unread_custom_properties_go_to_a_fixed_point():
    css = ":root{--kept:1px;--chain-a:var(--chain-b);--chain-b:2px;--read-by-script:3px}.a{margin:var(--kept)}"
    assert purged(css, html='<p class="a">', script='style.getPropertyValue("--read-by-script")') == (
        ":root{--kept:1px;--read-by-script:3px}.a{margin:var(--kept)}"
    )


def test_emptied_media_blocks_go_and_other_at_rules_stay():
    css = "@media screen{.unused{color:red}}@keyframes spin{0%{opacity:0}}@media print{.a{color:red}}"
    assert purged(css, html='<p class="a">') == "@keyframes spin{0%{opacity:0}}@media print{.a{color:red}}"


def test_a_quoted_angle_bracket_does_not_hide_the_rest_of_a_tag():
    """Markup is parsed as a browser parses it: `>` inside a quoted attribute does not end the tag."""
    css = ".after{color:red}.nowhere{color:blue}"
    assert purged(css, html='<p title="a > b" class="after">x</p>') == ".after{color:red}"


def test_escaped_selectors_and_important_values_survive():
    css = ".\\31 0{color:red}.a{color:blue!important}"
    assert purged(css, html='<p class="a">') == css


def test_rules_only_the_bundles_markup_can_match_are_split_off_and_at_rules_stay_first():
    first_view = evidence_from(html='<p class="a">')
    css = ".a{color:red}.b{color:blue}.a,.b{margin:0}@keyframes k{0%{opacity:0}}@media screen{.b{top:0}.a{top:1px}}"
    assert css_purge.split_deferred(css, first_view) == (
        ".a{color:red}.a{margin:0}@keyframes k{0%{opacity:0}}@media screen{.a{top:1px}}",
        ".b{color:blue}.b{margin:0}@media screen{.b{top:0}}",
    )


def test_the_deferred_half_is_named_after_the_first_half():
    assert css_purge.deferred_name("main.1a2b3c4d.min.css") == "main.1a2b3c4d.deferred.min.css"


def built_stylesheet(built_site: Path, original: Path) -> Path:
    """The purged file that replaced `original` (same stem, new content hash)."""
    stem = css_purge.HASHED_NAME_RE.match(original.name)["stem"]
    found = [path for path in (built_site / "assets" / "stylesheets").glob(f"{stem}.*.css")
             if not path.name.endswith(css_purge.DEFERRED_SUFFIX)]
    assert len(found) == 1, found
    return found[0]


def deferred_half(built: Path) -> str | None:
    """The text of the deferred half split off `built`, if it has one."""
    path = built.with_name(css_purge.deferred_name(built.name))
    return path.read_text(encoding="utf-8") if path.exists() else None


def test_the_built_site_carries_the_purged_stylesheets_under_new_hashed_names(built_site, perf_report):
    for original in sorted(MATERIAL_STYLESHEETS.glob("*.css")):
        built = built_stylesheet(built_site, original)
        before, after = original.stat().st_size, built.stat().st_size
        perf_report(f"css purge: {original.name} {before / 1024:.1f} -> {after / 1024:.1f} KiB raw")
        assert after < 0.8 * before, f"{original.name} was not purged ({before} -> {after} bytes)"
        # A name that promises content by its hash must keep the promise: new bytes, new name. A split
        # sheet's name hashes both halves, so neither can change without both names changing.
        text, deferred = built.read_text(encoding="utf-8"), deferred_half(built)
        if original.name.startswith(css_purge.SPLIT_STEM + "."):
            # Result items exist only once the bundle has searched (the results' container is in the markup).
            assert deferred and ".md-search-result__item" in deferred and ".md-search-result__item" not in text
            later = built.with_name(css_purge.deferred_name(built.name)).stat().st_size
            perf_report(f"css purge: {original.name} split into {after / 1024:.1f} KiB at first view + {later / 1024:.1f} KiB on first input")
            text += "\0" + deferred
        assert built.name == css_purge.hashed_name(original.name, text) != original.name
        assert not (built_site / "assets" / "stylesheets" / original.name).exists()
        assert not built.with_name(built.name + ".map").exists(), "a source map of the unpurged file was left behind"
        for page in built_site.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            assert original.name not in text and (built.name in text or "stylesheet" not in text), page


# --- Nothing a reader sees changes ------------------------------------------------------------


@pytest.fixture(scope="module")
def unpurged_site_url(built_site, tmp_path_factory):
    """The built site again, with Material's original stylesheets put back, on its own port."""
    copy = tmp_path_factory.mktemp("unpurged") / "site"
    shutil.copytree(built_site, copy)
    for original in MATERIAL_STYLESHEETS.glob("*.css"):
        purged_name = built_stylesheet(built_site, original).name
        (copy / "assets" / "stylesheets" / purged_name).unlink()
        shutil.copy(original, copy / "assets" / "stylesheets" / original.name)
        if (copy / "assets" / "stylesheets" / css_purge.deferred_name(purged_name)).exists():
            # The whole original is in the first file: its deferred half, which the first input loads, is empty.
            (copy / "assets" / "stylesheets" / css_purge.deferred_name(purged_name)).unlink()
            (copy / "assets" / "stylesheets" / css_purge.deferred_name(original.name)).write_text("", encoding="utf-8")
        for page in copy.rglob("*.html"):
            page.write_text(page.read_text(encoding="utf-8").replace(purged_name, original.name), encoding="utf-8")
    with serve_directory(copy) as url:
        yield url


# Only properties some stylesheet declares can differ between the two renderings (everything else
# comes from the browser's defaults, or depends on a declared property that is compared itself);
# the boxes' geometry catches any effect on layout. Comparing these instead of all ~480 halves the time.
DECLARED_RE = re.compile(r"[{;]\s*([a-zA-Z-][\w-]*)\s*:")
LONGHANDS_JS = """names => {
  const probe = document.createElement("div"), found = new Set();
  for (const name of names) {
    probe.style.cssText = "";
    probe.style.setProperty(name, "inherit");
    for (let i = 0; i < probe.style.length; i++) found.add(probe.style[i]);
  }
  return Array.from(found).sort();
}"""


@pytest.fixture(scope="module")
def declared_properties(built_site) -> list[str]:
    sheets = [*MATERIAL_STYLESHEETS.glob("*.css"), *(built_site / "assets").glob("*.css")]
    names = {name.lower() for sheet in sheets for name in DECLARED_RE.findall(sheet.read_text(encoding="utf-8"))}
    return sorted(name for name in names if not name.startswith("--"))


def layout_snapshot(page, declared: list[str]) -> tuple[list[str], list[tuple[str, tuple[str, ...], tuple[float, ...]]]]:
    """Property names, and (box description, computed value of each property, position and size)
    of every rendered box."""
    names = page.evaluate(LONGHANDS_JS, declared)
    cdp = page.context.new_cdp_session(page)
    snapshot = cdp.send("DOMSnapshot.captureSnapshot", {"computedStyles": names, "includeDOMRects": True})
    cdp.detach()
    strings, document = snapshot["strings"], snapshot["documents"][0]
    nodes, layout = document["nodes"], document["layout"]
    boxes = []
    for box, node in enumerate(layout["nodeIndex"]):
        attributes = nodes["attributes"][node]
        pairs = dict(zip((strings[i] for i in attributes[::2]), (strings[i] for i in attributes[1::2])))
        label = strings[nodes["nodeName"][node]] + "".join(f".{c}" for c in pairs.get("class", "").split())
        values = tuple(map(strings.__getitem__, layout["styles"][box]))
        boxes.append((label, values, tuple(round(value, 1) for value in layout["bounds"][box])))
    return names, boxes


def differences(original, purged, limit: int = 5) -> list[str]:
    (names, original_boxes), (purged_names, purged_boxes) = original, purged
    assert names == purged_names
    found = []
    if len(original_boxes) != len(purged_boxes):
        found.append(f"{len(original_boxes)} rendered boxes with the original stylesheets, {len(purged_boxes)} purged")
    for before, after in zip(original_boxes, purged_boxes):
        if before != after:
            changed = [f"{name}: {b} -> {a}" for name, b, a in zip(names, before[1], after[1]) if a != b]
            found.append(f"{before[0]} at {before[2]} -> {after[2]}: {changed[:4]}")
        if len(found) >= limit:
            break
    return found


def open_search(page) -> None:
    painted(page)
    page.keyboard.press("/")
    page.keyboard.type("attention")
    wait_until(page, "document.querySelectorAll('.md-search-result__item').length > 0")


def open_drawer(page) -> None:
    page.click(".md-header label[for=__drawer]")
    wait_until(page, "document.getElementById('__drawer').checked")


def focus_by_keyboard(page) -> None:
    for _ in range(3):
        page.keyboard.press("Tab")


def hover_navigation(page) -> None:
    page.hover(".md-sidebar--primary .md-nav__link >> nth=2")


# One page of each kind; the section pages share one layout and differ in content, which "light"
# covers on every page. Dark mode swaps colour variables, so one page of each kind shows it.
KINDS = ["", "roadmap/neural-network-basics/", "roadmap/transformers/", "roadmap/learning-resources/", "glossary/",
         "tags/", "contributing/conventions/", "contributing/link-health/", "404.html"]
def before_input(page) -> None:
    """No action: marks the state rendered before any input, with Material's bundle and the deferred
    half of its stylesheet not loaded (render does not wake the bundle for it)."""


STATES = {
    # name: (pages, context options, action)
    "light": (None, {}, None),  # None: every page of the site
    "before any input": (KINDS, {}, before_input),
    "dark": (KINDS, {"color_scheme": "dark"}, None),
    "phone": (["", "roadmap/neural-network-basics/", "glossary/", "tags/"], {"viewport": {"width": 360, "height": 740}}, None),
    "phone drawer": (["roadmap/transformers/"], {"viewport": {"width": 360, "height": 740}}, open_drawer),
    "search results": (["roadmap/transformers/"], {}, open_search),
    "phone search results": (["", "roadmap/transformers/"], {"viewport": {"width": 360, "height": 740}}, open_search),
    "keyboard focus": (["", "roadmap/transformers/"], {}, focus_by_keyboard),
    "hover": (["roadmap/transformers/"], {"color_scheme": "dark"}, hover_navigation),
}


# What Material's scripts set on the page (inline styles such as each sidebar's height, and the
# sidebars' scroll positions), read to know when they have stopped changing it.
SCRIPT_STATE_JS = """() => JSON.stringify([
  Array.from(document.querySelectorAll("[style]"), element => element.getAttribute("style")),
  Array.from(document.querySelectorAll(".md-sidebar__scrollwrap"), wrap => wrap.scrollTop),
])"""


def settle(page) -> None:
    """Wait until Material's scripts have stopped changing the page: both renderings announce a resize,
    as a window would (Material recomputes its sizes from it), and wait until what the scripts set
    (inline styles, sidebar scroll positions) is the same on two successive frames."""
    page.evaluate("window.dispatchEvent(new Event('resize'))")
    state = None
    for _ in range(20):
        painted(page)
        now = page.evaluate(SCRIPT_STATE_JS)
        if now == state:
            return
        state = now
    raise AssertionError(f"{page.url}: Material's scripts kept changing the page for 20 frames")


# Computed styles read mid-transition are whatever the clock says (a tooltip that keyboard focus
# opened was at opacity 0 in one rendering and 1 in the other): every finite animation and transition
# runs to its end first; both renderings are then in their final state.
TRANSITIONS_DONE_JS = """() => Promise.all(document.getAnimations()
  .filter(animation => animation.effect && animation.effect.getComputedTiming().endTime !== Infinity)
  .map(animation => animation.finished.catch(() => null))).then(() => true)"""


# Material sizes each sidebar from the viewport in script (an inline height on its scroll wrapper, a
# top offset, the active link scrolled into view). In full-suite runs one rendering of a page (/404.html
# twice, /contributing/conventions/ once) kept its sidebars unsized after mounting, with no error and
# with the same viewport, while the other had them sized: a difference in what the script did, which the
# stylesheets do not decide. Both renderings drop that inline sizing before the snapshot, so the proof
# compares what the stylesheets lay out (every other box and property, the sidebars' own included).
CLEAR_SIDEBAR_SIZING_JS = """() => {
  for (const sidebar of document.querySelectorAll(".md-sidebar")) {
    sidebar.style.removeProperty("top");
    for (const wrap of sidebar.querySelectorAll(".md-sidebar__scrollwrap")) {
      wrap.style.removeProperty("height");
      wrap.scrollTop = 0;
    }
  }
  document.body.getBoundingClientRect();  // lay out now: computed margins of auto are used values
}"""


def transitions_done(page) -> None:
    page.evaluate(TRANSITIONS_DONE_JS)
    painted(page)


def render(browser, url: str, options: dict, action, declared: list[str]):
    """The layout snapshot of `url` in a fresh browser context, once Material has mounted and settled."""
    context = browser.new_context(reduced_motion="reduce", **options)
    try:
        page = context.new_page()
        # "load" first: networkidle can come while a long page is still parsed (conftest, page).
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        # Material's bundle waits for a reader's first input (docs/assets/before-material.js);
        # what it mounts (code buttons, sidebars, palette, tabs) must look the same too, so both
        # renderings start it and wait until it has mounted and settled before any action (but
        # one state: the first view, where the purged site has only the first half of main.css).
        if action is not before_input:
            wake_material(page)
        settle(page)
        if action:
            action(page)
            painted(page)
        transitions_done(page)
        page.evaluate(CLEAR_SIDEBAR_SIZING_JS)
        return layout_snapshot(page, declared)
    finally:
        context.close()  # one page at a time: the first one's search worker does not compete with the second


def render_differences(browser, path: str, options: dict, action, bases: tuple[str, str], declared: list[str]) -> list[str]:
    """Render `path` from both sites and compare their layout snapshots."""
    return differences(*(render(browser, base + path, options, action, declared) for base in bases))


@pytest.fixture(scope="module")
def own_browser(browser):
    """A Chromium of this module's own, started like the suite's: the proof renders about a hundred
    pages, and does not depend on the state that earlier tests left in the shared browser."""
    own = browser.browser_type.launch(executable_path=chromium.executable(), args=chromium.FLAGS)
    yield own
    own.close()


# Chromium's layout is not perfectly repeatable: now and then one inline box of a long page comes out
# a pixel taller or shorter in one rendering, with every computed style identical (seen with inline
# MathML and with a linked abbreviation). A difference the stylesheets cause is the same every time,
# so a page fails only if its renderings differ on every one of RENDERINGS fresh attempts.
RENDERINGS = 3


@pytest.mark.parametrize("state", list(STATES))
def test_purged_stylesheets_render_every_box_exactly_as_the_originals(
    own_browser, built_site, site_url, unpurged_site_url, declared_properties, state
):
    pages, options, action = STATES[state]
    bases = (unpurged_site_url, site_url)
    failures = []
    for path in pages if pages is not None else site_pages(built_site):
        for _ in range(RENDERINGS):
            found = render_differences(own_browser, path, options, action, bases, declared_properties)
            if not found:
                break
        if found:
            failures.append(f"/{path} ({state}), on each of {RENDERINGS} renderings; the last:\n  " + "\n  ".join(found))
    assert not failures, "\n".join(failures)
