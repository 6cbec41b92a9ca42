"""The visual roadmap: build-time SVG (overrides/hooks/roadmap_map.py) and its behaviour in Chromium."""

from __future__ import annotations

import math
import re

from selectolax.lexbor import LexborHTMLParser

import roadmap_map
from reader_helpers import site_pages, wait_until, wake_material

SECTION = "roadmap/neural-network-basics/"


def node(slug, number, prerequisites=(), topics=("a", "b")):
    return roadmap_map.MapNode(slug, number, slug.title(), "beginner", 5, tuple(topics), tuple(prerequisites), f"{slug}/")


NODES = [
    node("basics", 1),
    node("tools", 2, ["basics"]),
    node("theory", 3, ["basics"]),
    node("practice", 4, ["tools", "theory"]),
    node("extra", 5),
]


# --- Pure layout and markup --------------------------------------------------------------------


def test_layers_put_every_section_after_all_its_prerequisites():
    layer_of = {n.slug: index for index, layer in enumerate(roadmap_map.layers(NODES)) for n in layer}
    assert layer_of == {"basics": 0, "extra": 0, "tools": 1, "theory": 1, "practice": 2}


def test_full_map_has_one_named_link_per_section_and_no_inline_style_or_script():
    svg = roadmap_map.full_map(NODES)
    # Plain `href`, not `xlink:href`: crawlers and Lighthouse's crawlable-anchors audit read only that.
    links = re.findall(r'<a class="dl-map__node[^"]*" href="([^"]+)" aria-label="([^"]+)"', svg)
    assert [href for href, _ in links] == [f"{n.slug}/" for n in NODES]
    assert links[3][1] == "Step 4: Practice. Beginner, about 5 hours, 2 topics. Builds on Tools, Theory."
    assert svg.count("<path d=") == 4  # one arrow per prerequisite
    assert "style=" not in svg and "<script" not in svg and "xlink:" not in svg
    # A link's visible text is its title alone, which its name contains (WCAG 2.5.3, axe
    # label-content-name-mismatch); the short facts are drawn outside it, hidden from screen readers.
    assert all("dl-map__meta" not in inside for inside in re.findall(r"<a .*?</a>", svg))
    assert svg.count('<g class="dl-map__facts" aria-hidden="true"><text class="dl-map__meta"') == len(NODES)


def test_where_am_i_marks_this_section_its_prerequisites_and_followers():
    svg = roadmap_map.where_am_i(NODES, "tools")
    assert re.search(r'dl-map__node--current"[^>]*aria-current="page" aria-label="Step 2: Tools \(this section\)"', svg)
    assert 'aria-label="Step 1: Basics (this section builds on it)"' in svg
    assert 'aria-label="Step 4: Practice (builds on this section)"' in svg
    assert roadmap_map.where_am_i(NODES, "unknown") == ""


def test_titles_are_escaped():
    svg = roadmap_map.full_map([roadmap_map.MapNode("x", 1, "A <b> & C", "advanced", 1, (), (), "x/")])
    assert "A &lt;b&gt; &amp; C" in svg and "<b>" not in svg


# --- In the browser ----------------------------------------------------------------------------


# The `page` fixture (conftest.py) fails any test here on a foreign request or a console error.


def focused_map_node(page):
    return page.evaluate(
        "(() => { const a = document.activeElement; return a && a.closest('.dl-map--full') ? a.getAttribute('data-slug') : null })()"
    )


def test_map_nodes_are_reached_with_tab_in_roadmap_order_and_open_with_enter(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    expected = page.eval_on_selector_all(".dl-roadmap-list > li", "items => items.map(i => i.dataset.slug)")
    reached = []
    for _ in range(200):
        page.keyboard.press("Tab")
        slug = focused_map_node(page)
        if slug:
            reached.append(slug)
        elif reached:
            break
    assert reached == expected, "every map node is a Tab stop, in roadmap order"

    # Focus is visible: the focused node's outline gets thicker and takes the accent colour.
    page.keyboard.press("Shift+Tab")
    box = "document.activeElement.querySelector('.dl-map__box')"
    assert page.evaluate(f"getComputedStyle({box}).strokeWidth") == "4px"
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label.startswith(f"Step {len(expected)}: ")
    target = page.evaluate("document.activeElement.getAttribute('data-slug')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/roadmap/{target}/")
    assert page.locator(".dl-map--mini a[aria-current=page]").get_attribute("data-slug") == target


def test_where_am_i_map_on_a_section_page_links_to_every_section(page, site_url):
    page.goto(site_url + SECTION, wait_until="networkidle")
    mini = page.locator("nav.dl-where .dl-map--mini")
    assert mini.locator("a").count() == 14
    assert mini.locator("a[aria-current=page]").get_attribute("aria-label") == "Step 4: Neural Network Basics (this section)"
    for prerequisite in ("introduction", "core-libraries"):
        assert "builds on it" in mini.locator(f"a[data-slug={prerequisite}]").get_attribute("aria-label")
    mini.locator("a[data-slug=introduction]").click()
    page.wait_for_url("**/roadmap/introduction/")


def test_map_links_survive_instant_navigation_without_console_errors(page, site_url):
    """Material's instant navigation rewrites every relative [href] on each page it shows; SVG links
    need docs/assets/before-material.js for that not to throw (the page fixture fails on console errors)."""
    # Instant navigation only takes links listed in sitemap.xml, matched on host *and port*; the
    # session's site is built for the address it is served at (conftest.py), so it is on here.
    page.goto(site_url, wait_until="networkidle")
    # Clicking a node's facts ("2 · Beginner"), drawn over the link but outside it, still follows it.
    facts = page.locator(".dl-map--full a[data-slug=introduction] + .dl-map__facts text").first
    facts.scroll_into_view_if_needed()  # the map sits below the hero and progress tools: a click must land on screen
    facts = facts.bounding_box()
    page.mouse.click(facts["x"] + 4, facts["y"] + facts["height"] / 2)
    page.wait_for_url("**/roadmap/introduction/")
    page.locator(".dl-map--mini a[data-slug=neural-network-basics]").click()
    page.wait_for_url("**/" + SECTION)
    wake_material(page)  # Material (instant navigation) runs from the reader's first input on
    page.evaluate("window.dlSameDocument = true")  # gone if a later step reloads the page
    # Back home and into another section through Material's instant navigation (HTML links): the
    # maps arrive in a fetched document, and their relative links must resolve against the new page.
    page.locator(".md-header__button.md-logo").click()
    page.wait_for_url(site_url)
    page.wait_for_selector(".dl-map--full")
    page.locator(".dl-roadmap-list li[data-slug=core-libraries] > a").click()
    page.wait_for_url("**/roadmap/core-libraries/")
    mini = page.locator("nav.dl-where .dl-map--mini")
    mini.wait_for()
    assert page.evaluate("window.dlSameDocument") is True, "both steps used instant navigation"
    assert mini.locator("a[aria-current=page]").get_attribute("data-slug") == "core-libraries"
    resolved = page.eval_on_selector_all(
        ".dl-map--mini a", "links => links.map(a => [a.dataset.slug, new URL(a.href.baseVal, document.baseURI).href])"
    )
    assert resolved and all(url == f"{site_url}roadmap/{slug}/" for slug, url in resolved), resolved
    mini.locator("a[data-slug=introduction]").click()
    page.wait_for_url("**/roadmap/introduction/")
    assert page.locator(".dl-map--mini a[aria-current=page]").get_attribute("data-slug") == "introduction"


def test_360_px_wide_phone_reads_every_page_without_sideways_scroll(browser, site_url, built_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    try:
        page = context.new_page()
        too_wide = []
        for path in site_pages(built_site):
            page.goto(site_url + path, wait_until="networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                too_wide.append(f"/{path}: {width}px")
        assert not too_wide, f"pages that scroll sideways at 360 px: {too_wide}"
        # The maps fit the phone's width whole (nothing hidden off to the side), at a readable text size.
        for path in ("", SECTION):
            page.goto(site_url + path, wait_until="networkidle")
            text = page.locator(".dl-map text:visible").first.bounding_box()  # a hidden mini-map name has no box
            assert text and text["height"] >= 9, (path, text)
            scroll = page.locator(".dl-map-scroll").first
            assert scroll.bounding_box()["width"] <= 360
            assert scroll.evaluate("box => box.scrollWidth <= box.clientWidth"), f"/{path}: the map scrolls sideways"
            boxes = page.eval_on_selector_all(".dl-map .dl-map__box", "bs => bs.map(b => b.getBoundingClientRect().right)")
            assert len(boxes) == 14 and max(boxes) <= 360, (path, max(boxes))
            assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('article')).fontSize)") >= 14
    finally:
        context.close()


def test_map_follows_the_dark_palette(browser, site_url):
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto(site_url, wait_until="networkidle")
            colours[scheme] = page.evaluate(
                "[getComputedStyle(document.querySelector('.dl-map--full .dl-map__box')).fill,"
                " getComputedStyle(document.querySelector('.dl-map--full .dl-map__title')).fill]"
            )
        finally:
            context.close()
    assert colours["light"][0] != colours["dark"][0] and colours["light"][1] != colours["dark"][1], colours


def test_a_wrapped_title_keeps_its_words_apart_in_the_link_text():
    svg = roadmap_map.full_map([roadmap_map.MapNode("x", 1, "Introduction to Deep Learning", "beginner", 1, (), (), "x/")])
    lines = re.findall(r"<tspan [^>]*>([^<]*)</tspan>", svg)
    assert lines == ["Introduction to", "Deep Learning"]
    assert "to</tspan> <tspan" in svg  # text content reads "... to Deep Learning", not "toDeep Learning"


# --- Arrows never pass under a box (computed from the SVG's own geometry) ------------------------------


def _numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]


def path_points(d: str, samples: int = 80) -> list[tuple[float, float]]:
    """Points along an SVG path made of M, L and C commands (absolute), sampled densely."""
    points, here = [], (0.0, 0.0)
    for command, args in re.findall(r"([MLC])([^MLC]*)", d):
        values = _numbers(args)
        if command == "M":
            here = (values[0], values[1])
            points.append(here)
        elif command == "L":
            end = (values[0], values[1])
            points += [(here[0] + (end[0] - here[0]) * t / samples, here[1] + (end[1] - here[1]) * t / samples) for t in range(samples + 1)]
            here = end
        else:
            (x1, y1), (x2, y2), end = (values[0], values[1]), (values[2], values[3]), (values[4], values[5])
            for step in range(samples + 1):
                t = step / samples
                a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
                points.append((a * here[0] + b * x1 + c * x2 + e * end[0], a * here[1] + b * y1 + c * y2 + e * end[1]))
            here = end
    return points


def arrows_through_boxes(svg_markup: str) -> list[str]:
    """Every (arrow, box) pair where a point of the arrow lies inside the box (1 px in from its edge)."""
    tree = LexborHTMLParser(svg_markup)
    shapes = []
    for node in tree.css("a.dl-map__node"):
        slug = node.attributes["data-slug"]
        if rect := node.css_first("rect.dl-map__box"):
            x, y, w, h = (float(rect.attributes[k]) for k in ("x", "y", "width", "height"))
            shapes.append((slug, lambda px, py, x=x, y=y, w=w, h=h: x + 1 < px < x + w - 1 and y + 1 < py < y + h - 1))
        else:
            circle = node.css_first("circle.dl-map__box")
            cx, cy, r = (float(circle.attributes[k]) for k in ("cx", "cy", "r"))
            shapes.append((slug, lambda px, py, cx=cx, cy=cy, r=r: math.hypot(px - cx, py - cy) < r - 1))
    hits = []
    paths = tree.css(".dl-map__edges > path")
    assert paths, "the map has no arrows to check"
    for index, path in enumerate(paths):
        points = path_points(path.attributes["d"])
        for slug, inside in shapes:
            if any(inside(px, py) for px, py in points):
                hits.append(f"arrow {index} ({path.attributes['d'][:40]}…) passes through {slug}")
    return hits


def test_the_geometry_check_sees_an_arrow_under_a_box():
    """The check can fail: a straight arrow drawn through a box is caught."""
    svg = (
        '<svg><g class="dl-map__edges"><path d="M10 0L10 100"/></g>'
        '<a class="dl-map__node" data-slug="x"><rect class="dl-map__box" x="0" y="40" width="50" height="20"/></a></svg>'
    )
    assert arrows_through_boxes(svg) == ["arrow 0 (M10 0L10 100…) passes through x"]


def test_an_arrow_that_skips_a_layer_goes_around_the_box_in_between():
    # c needs a and b, b needs a: the arrow a -> c crosses b's layer, where a straight line would hit b.
    nodes = [node("a", 1), node("b", 2, ["a"]), node("c", 3, ["a", "b"]), node("d", 4, ["a"]), node("e", 5, ["d", "c"])]
    assert arrows_through_boxes(roadmap_map.full_map(nodes)) == []
    for current in ("a", "c"):
        assert arrows_through_boxes(roadmap_map.where_am_i(nodes, current)) == []


def test_no_arrow_of_the_built_maps_crosses_a_box(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    full = LexborHTMLParser(home).css_first("svg.dl-map--full").html
    assert arrows_through_boxes(full) == []
    # Rows top to bottom: every arrow points down, from a section to one that builds on it.
    section = (built_site / SECTION / "index.html").read_text(encoding="utf-8")
    mini = LexborHTMLParser(section).css_first("svg.dl-map--mini").html
    assert arrows_through_boxes(mini) == []
    assert len(LexborHTMLParser(mini).css(".dl-map__edges > path")) == len(LexborHTMLParser(full).css(".dl-map__edges > path"))


def test_layers_keep_every_row_within_two_boxes_and_companions_apart():
    nodes = [node("basics", 1), node("a", 2, ["basics"]), node("b", 3, ["basics"]), node("c", 4, ["basics"]), node("d", 5, ["a", "b", "c"]),
             node("e", 6, ["a"]), node("f", 7, ["d", "e"])]
    rows = roadmap_map.layers(nodes)
    layer_of = {n.slug: index for index, row in enumerate(rows) for n in row}
    assert all(layer_of[p] < layer_of[n.slug] for n in nodes for p in n.prerequisites)
    assert layer_of["e"] == layer_of["d"], "e has room to move down beside d, out of the crowded row"
    companion = roadmap_map.MapNode("guide", 8, "Guide", "beginner", 2, ("x",), (), "guide/", companion=True)
    assert "guide" not in {n.slug for row in roadmap_map.layers([*nodes, companion]) for n in row}
    assert 'dl-map__node--companion" href="guide/"' in roadmap_map.full_map([*nodes, companion])


# --- The mini map names its numbered nodes on hover and focus ----------------------------------------


def visible_hint(page) -> list[str]:
    return page.eval_on_selector_all(
        ".dl-map--mini .dl-map__hint", "hs => hs.filter(h => getComputedStyle(h).display !== 'none').map(h => h.textContent)"
    )


def test_mini_map_nodes_show_their_name_on_hover_and_on_focus(page, site_url):
    page.goto(site_url + SECTION, wait_until="networkidle")
    page.mouse.move(0, 0)
    assert visible_hint(page) == ["Step 4: Neural Network Basics"], "the current section is named while nothing is pointed at"
    page.locator(".dl-map--mini a[data-slug=transformers] circle").hover()
    assert visible_hint(page) == ["Step 8: Transformers & Attention Mechanisms"]
    hint = page.locator(".dl-map--mini a[data-slug=transformers] .dl-map__hint").bounding_box()
    svg = page.locator(".dl-map--mini").bounding_box()
    assert hint["height"] >= 9 and hint["x"] >= svg["x"] and hint["x"] + hint["width"] <= svg["x"] + svg["width"] + 1
    page.mouse.move(0, 0)
    page.locator(".dl-map--mini a[data-slug=introduction]").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    wait_until(page, "document.activeElement.dataset.slug === 'introduction'")
    assert visible_hint(page) == ["Step 3: Introduction to Deep Learning"]
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.dataset.slug")
    number = page.evaluate("document.activeElement.nextElementSibling.textContent")  # the number drawn over it
    assert focused != "introduction" and visible_hint(page) == [f"Step {number}: " + page.evaluate("document.activeElement.getAttribute('aria-label')").split(": ", 1)[1].split(" (")[0]]
