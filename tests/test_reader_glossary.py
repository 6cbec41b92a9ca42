"""Abbreviations and the glossary (issue 20 §5): the build's glossary check, and an abbreviation's meaning
reachable by pointer, tap and keyboard, its first mention on a page linking to its glossary entry."""

from __future__ import annotations

import pytest

import glossary
import source_page
from conftest import ROOT, build_site
from reader_helpers import MATERIAL_READY, painted, wait_until, wake_material

GLOSSARY = ROOT / "docs" / "glossary.md"


def load(docs_dir, src_uri: str):
    return source_page.read(docs_dir, src_uri, docs_dir.parent)


def all_pages(docs_dir) -> dict:
    return {p.relative_to(docs_dir).as_posix(): load(docs_dir, p.relative_to(docs_dir).as_posix())
            for p in docs_dir.rglob("*.md") if "includes" not in p.parts}


# --- The build check -------------------------------------------------------------------------------


def test_glossary_has_at_least_80_entries_each_linked_to_where_it_is_taught():
    docs = ROOT / "docs"
    pages = all_pages(docs)
    entries = glossary.entries(pages["glossary.md"])
    assert len(entries) >= 80
    assert all(entry.links for entry in entries)
    assert glossary.check(pages["glossary.md"], pages) == []
    # The beginner's core vocabulary the issue names.
    ids = {entry.id for entry in entries}
    assert {"learning-rate", "epoch", "logits", "embedding", "overfitting"} <= ids


def test_check_names_each_broken_entry_with_its_line():
    docs = ROOT / "docs"
    pages = all_pages(docs)
    text = GLOSSARY.read_text(encoding="utf-8")
    text = text.replace("(roadmap/neural-network-basics.md#adam).\n\n### AdamW", "(roadmap/neural-network-basics.md#no-such-heading).\n\n### AdamW", 1)
    text = text.replace("Taught in [Neural Network Basics](roadmap/neural-network-basics.md#softmax).", "Taught nowhere.", 1)
    text = text.replace("### Zero-shot and few-shot learning", "### Aardvark", 1)
    broken = source_page.parse("docs/glossary.md", "glossary.md", text)
    problems = [str(p) for p in glossary.check(broken, pages)]
    lines = text.split("\n")
    adam = next(n for n, line in enumerate(lines, 1) if "#no-such-heading" in line)
    logits = next(n for n, line in enumerate(lines, 1) if line.startswith("### Logits"))
    aardvark = next(n for n, line in enumerate(lines, 1) if line.startswith("### Aardvark"))
    assert f"docs/glossary.md:{adam}: glossary entry 'Adam' links to roadmap/neural-network-basics.md#no-such-heading, which is not a heading id of that page" in problems
    assert any(p.startswith(f"docs/glossary.md:{logits}: glossary entry 'Logits' links to no section") for p in problems)
    assert f"docs/glossary.md:{aardvark}: glossary entry 'Aardvark' must come before 'Word error rate (WER)' (alphabetical order)" in problems


def test_abbreviations_find_their_entry_by_name_alias_or_plural():
    by_name = glossary.targets(glossary.entries(load(ROOT / "docs", "glossary.md")))
    assert glossary.entry_for("CNN", by_name) == "cnn"
    assert glossary.entry_for("CNNs", by_name) == "cnn"
    assert glossary.entry_for("AUC", by_name) == "roc-auc"
    assert glossary.entry_for("W&B", by_name) == "wandb"
    assert glossary.entry_for("TF-IDF", by_name) is None


def test_a_broken_glossary_fails_the_build(project_copy, tmp_path):
    path = project_copy / "docs" / "glossary.md"
    text = path.read_text(encoding="utf-8").replace("roadmap/transformers.md#kv-cache", "roadmap/transformers.md#kv-cash", 1)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, l in enumerate(text.split("\n"), 1) if "#kv-cash" in l)
    ok, log = build_site(project_copy, tmp_path / "site")
    assert not ok
    assert f"docs/glossary.md:{line}: glossary entry 'KV cache' links to roadmap/transformers.md#kv-cash" in log


# --- In the browser ------------------------------------------------------------------------------

PAGE = "roadmap/transformers/"
TOOLTIP = "document.querySelector('.md-tooltip2--active')?.textContent.trim() || ''"
# The tooltip of the focused element (Material links it by aria-describedby), once it shows: the one
# the previous focus opened can still be fading out when the next opens.
FOCUSED_TOOLTIP = """(() => {
  const host = document.activeElement && document.activeElement.closest('[aria-describedby]');
  const tip = host && document.getElementById(host.getAttribute('aria-describedby'));
  return tip && tip.classList.contains('md-tooltip2--active') ? tip.textContent.trim() : '';
})()"""


def first_linked_abbr(page, text: str):
    return page.locator(f"article abbr:has(> a[href$='glossary/#{text.lower()}'])").first


def test_first_mention_links_to_the_glossary_and_shows_its_meaning_on_keyboard_focus(page, site_url):
    page.goto(site_url + PAGE, wait_until="networkidle")
    wake_material(page)  # tooltips and instant navigation are Material's: they run from the first input on
    bert = first_linked_abbr(page, "BERT")
    assert bert.get_attribute("title") == "Bidirectional Encoder Representations from Transformers"
    link = bert.locator("a")
    # Reach it with the Tab key from the element just before it in the tab order.
    link.evaluate("a => { const all = [...document.querySelectorAll('a[href], [tabindex=\"0\"], input, button')]"
                  ".filter(e => e.offsetParent); all[all.indexOf(a) - 1].focus(); }")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('abbr')?.textContent") == "BERT"
    assert wait_until(page, FOCUSED_TOOLTIP) == "Bidirectional Encoder Representations from Transformers"
    page.keyboard.press("Enter")
    # Instant navigation changes the address before it swaps the content; the section page has a #bert too.
    wait_until(page, "location.pathname.endsWith('/glossary/') && document.title.startsWith('Glossary')", timeout=30)
    assert "glossary/" in page.url
    assert "Bidirectional Encoder Representations from Transformers" in page.locator("#bert + p").inner_text()


def test_an_abbreviation_without_an_entry_takes_focus_once_per_page(page, site_url):
    page.goto(site_url + PAGE, wait_until="networkidle")
    wake_material(page)  # tooltips and instant navigation are Material's: they run from the first input on
    focusable = page.locator("article abbr[tabindex='0']")
    assert focusable.count() > 0
    texts = focusable.evaluate_all("els => els.map(e => e.textContent)")
    assert len(texts) == len(set(texts)), "each abbreviation takes focus once per page"
    first = focusable.first
    title = first.get_attribute("title")  # Material moves the title into the tooltip while it shows
    first.focus()
    assert title and wait_until(page, FOCUSED_TOOLTIP) == title


def wake_on_phone(page) -> None:
    """Material's bundle loads on the first input (docs/assets/before-material.js); a phone reader's
    first input is a scroll. (wake_material moves a mouse, which leaves a touch page in a hover state
    where a later tap shows no tooltip.)"""
    painted(page)
    page.evaluate("scrollBy(0, 1)")
    wait_until(page, MATERIAL_READY)
    page.wait_for_load_state("networkidle")  # what mounting fetches (the sitemap, for instant navigation)
    painted(page)


@pytest.mark.parametrize("page", [{"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}], indirect=True)
def test_tapping_an_abbreviation_shows_its_meaning(page, site_url):
    page.goto(site_url + PAGE, wait_until="networkidle")
    wake_on_phone(page)
    # A later mention (not a link): the tap shows the expansion.
    index = page.evaluate("""[...document.querySelectorAll('article abbr')].findIndex(abbr =>
        abbr.textContent === 'BERT' && !abbr.closest('a, h1, h2, h3, h4, h5, h6') && !abbr.querySelector('a'))""")
    later = page.locator("article abbr").nth(index)
    later.scroll_into_view_if_needed()
    later.tap()
    assert wait_until(page, TOOLTIP) == "Bidirectional Encoder Representations from Transformers"
    # The first mention is a link: the tap opens its glossary entry.
    page.goto(site_url + PAGE, wait_until="networkidle")
    wake_on_phone(page)
    first = first_linked_abbr(page, "BERT")
    first.scroll_into_view_if_needed()
    # A reader taps after reading, not in the same instant as scrolling: Material's navigation.tracking
    # writes the heading in view into the address shortly after a scroll, and if that lands after an
    # instant navigation it replaces the new page's #anchor (a race in Material, seen only here).
    page.wait_for_timeout(1500)
    first.tap()
    wait_until(page, "location.pathname.endsWith('/glossary/') && document.title.startsWith('Glossary')", timeout=30)
    wait_until(page, "(r => r.top >= 0 && r.bottom <= innerHeight)(document.getElementById('bert').getBoundingClientRect())")
    assert page.locator("#bert + p").is_visible()
