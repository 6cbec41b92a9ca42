"""The glossary (docs/glossary.md): its entries, the build's check of them, and links to them.

An entry is a `### Name (ALIAS, ALIAS) {#id}` heading followed by its definition, which links to at least
one section heading where the term is taught: `[Section](roadmap/<slug>.md#<heading-id>)`. Headings make
every entry a search result of its own (Material indexes a page by its headings). The check fails the
build when an entry links nowhere it is taught, when the anchor is not a heading of that section, or
when the entries are out of alphabetical order.

Abbreviations (docs/includes/abbreviations.md, appended to every page) become `<abbr title>` elements.
`GlossaryLinks` then makes the first mention of each on a page reachable by keyboard: a link to its
glossary entry when the entry exists (an entry's name or alias equals the abbreviation, or its singular),
otherwise `tabindex="0"`, so Material's tooltip (feature content.tooltips) shows on focus as on hover or tap.

Pure module (no MkDocs imports), so tests call it directly.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from frontmatter import Problem

GLOSSARY_URI = "glossary.md"
ENTRY_LEVEL = 3
NAME_RE = re.compile(r"^(?P<name>.*?)(?:\s*\((?P<aliases>[^()]*)\))?$")
SECTION_LINK_RE = re.compile(r"\]\((?P<target>roadmap/[a-z0-9-]+\.md)#(?P<anchor>[a-z0-9-]+)\)")


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    names: tuple[str, ...]  # the name and its aliases, as abbreviations are written
    line: int
    links: tuple[tuple[str, str, int], ...]  # (roadmap/<slug>.md, heading id, line) it is taught at


def entries(page) -> list[Entry]:
    """The glossary's entries, from its source page model (source_page.SourcePage)."""
    ends = [h.line for h in page.headings if h.level <= ENTRY_LEVEL]
    found = []
    for heading in (h for h in page.headings if h.level == ENTRY_LEVEL):
        end = next((line for line in ends if line > heading.line), None)
        body = [(n, text) for n, text in page.prose if n > heading.line and (end is None or n < end)]
        links = tuple(
            (match.group("target"), match.group("anchor"), n)
            for n, text in body for match in SECTION_LINK_RE.finditer(text)
        )
        match = NAME_RE.match(heading.text)
        aliases = [a.strip() for a in (match.group("aliases") or "").split(",") if a.strip()]
        found.append(Entry(heading.id, heading.text, (match.group("name").strip(), *aliases), heading.line, links))
    return found


def check(page, pages: dict) -> list[Problem]:
    """Every entry links to a heading of a section page that teaches it; entries are in alphabetical order."""
    problems = []
    found = entries(page)
    if not found:
        problems.append(Problem(page.path, 1, "the glossary has no entries: write each as a '### Term {#id}' heading"))
    for entry in found:
        if not entry.links:
            problems.append(Problem(page.path, entry.line, (
                f"glossary entry '{entry.title}' links to no section: end it with "
                "'Taught in [Section](roadmap/<slug>.md#<heading-id>).'"
            )))
        for target, anchor, line in entry.links:
            section = pages.get(target)
            if section is None or not section.is_section:
                problems.append(Problem(page.path, line, f"glossary entry '{entry.title}' links to {target}, which is not a section page"))
            elif anchor not in {h.id for h in section.headings}:
                problems.append(Problem(page.path, line, f"glossary entry '{entry.title}' links to {target}#{anchor}, which is not a heading id of that page"))
    for before, after in zip(found, found[1:]):
        if after.title.casefold() < before.title.casefold():
            problems.append(Problem(page.path, after.line, f"glossary entry '{after.title}' must come before '{before.title}' (alphabetical order)"))
    return problems


def targets(found: list[Entry]) -> dict[str, str]:
    """Entry id by every name and alias an abbreviation may match."""
    return {name: entry.id for entry in found for name in entry.names}


def entry_for(abbreviation: str, by_name: dict[str, str]) -> str | None:
    """The entry id for an abbreviation as written (CNNs finds CNN), or None."""
    if abbreviation in by_name:
        return by_name[abbreviation]
    if abbreviation.endswith("s") and abbreviation[:-1] in by_name:
        return by_name[abbreviation[:-1]]
    return None


# Where a link may not go: inside another link or interactive element, or in a heading (its text is the
# section's name in the table of contents and beside the permalink).
NO_LINK_INSIDE = {"a", "button", "summary", "label", "h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class PageContext:
    """What the treeprocessor needs to know of the page being rendered; set before each page renders."""

    src_uri: str = ""


class GlossaryLinks(Treeprocessor):
    def __init__(self, md, by_name: dict[str, str], page: PageContext):
        super().__init__(md)
        self.by_name = by_name
        self.page = page

    def run(self, root: etree.Element) -> None:
        reached: set[str] = set()
        self._walk(root, False, reached)

    def _walk(self, element: etree.Element, blocked: bool, reached: set[str]) -> None:
        for child in element:
            if child.tag == "abbr" and not blocked and child.text and child.text not in reached:
                reached.add(child.text)
                self._make_reachable(child)
            elif child.tag != "abbr":
                self._walk(child, blocked or child.tag in NO_LINK_INSIDE, reached)

    def _make_reachable(self, abbr: etree.Element) -> None:
        entry = entry_for(abbr.text, self.by_name)
        if entry is None:
            abbr.set("tabindex", "0")
            return
        here = posixpath.dirname(self.page.src_uri) or "."
        link = etree.SubElement(abbr, "a", {"href": f"{posixpath.relpath(GLOSSARY_URI, here)}#{entry}"})
        link.text, abbr.text = AtomicString(abbr.text), None


class GlossaryLinkExtension(Extension):
    """Registers GlossaryLinks after the abbr extension (7) and before MkDocs makes links relative (0)."""

    def __init__(self, by_name: dict[str, str], page: PageContext):
        super().__init__()
        self.by_name = by_name
        self.page = page

    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(GlossaryLinks(md, self.by_name, self.page), "glossary_links", 6)
