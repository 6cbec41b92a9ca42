"""Build-time part of the learner's own tools (docs/learner/, docs/assets/learner-tools.js).

The review deck: every section's self-check questions (`<details class="question">` blocks under
`## Self-check {#self-check}`), copied from the rendered section pages into the Review page, so that
page works offline and from file:// with no request at all. Copies lose their `id` attributes (ids
must stay unique on the Review page) and their relative links are rewritten to resolve from the
Review page. The browser names each question by a hash of its question text
(docs/assets/progress.js), the same on the section page and in the copy.

Pure functions; no MkDocs imports, so tests call them directly.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

REVIEW_PAGE = "learner/review.md"
SELF_CHECK_ID = "self-check"
LINK_ATTRIBUTES = ("href", "src")


@dataclass(frozen=True)
class DeckSection:
    slug: str
    title: str
    url: str  # the section page's URL in the site, e.g. "roadmap/transformers/"
    content: str  # its rendered content (page.content)


def questions(content: str) -> list:
    """The `<details class="question">` elements between the self-check heading and the next `<h2>`."""
    tree = LexborHTMLParser(f"<body>{content}</body>")
    found, inside = [], False
    for node in tree.body.iter():
        if node.tag == "h2":
            inside = node.attributes.get("id") == SELF_CHECK_ID
        elif inside and node.tag == "details" and "question" in (node.attributes.get("class") or "").split():
            found.append(node)
    return found


def _folder(page_url: str) -> str:
    """Where a page's relative links start: the page's own URL with directory URLs ("a/b/"), its folder
    otherwise ("a/b.html", as in the offline edition)."""
    return page_url if page_url.endswith("/") else posixpath.dirname(page_url)


def _relative(value: str, from_url: str, to_url: str) -> str:
    """`value`, a link written on the page at `from_url`, as a link from the page at `to_url`."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or value.startswith("/") or not value.strip():
        return value
    path = parts.path or from_url  # a bare "#fragment" points into the page it was written on
    target = posixpath.normpath(posixpath.join(_folder(from_url), path)) if parts.path else (from_url.rstrip("/") or ".")
    relative = posixpath.relpath(target, _folder(to_url) or ".")
    if path.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return relative + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def _copy(node, from_url: str, to_url: str) -> str:
    for element in node.traverse(include_text=False):
        if "id" in element.attributes:
            del element.attrs["id"]
        for name in LINK_ATTRIBUTES:
            value = element.attributes.get(name)
            if value is not None:
                element.attrs[name] = _relative(value, from_url, to_url)
    return node.html


def deck(sections: list[DeckSection], page_url: str) -> str:
    """The Review page's question list: one block per section, in roadmap order."""
    parts = []
    for section in sections:
        copies = [_copy(node, section.url, page_url) for node in questions(section.content)]
        if not copies:
            continue
        heading = f"dl-review-{section.slug}"
        link = _relative(section.url, "", page_url)
        parts.append(
            f'<section class="dl-review__section" data-slug="{escape(section.slug)}" aria-labelledby="{heading}">'
            f'<h2 id="{heading}">{escape(section.title)}</h2>'
            f'<p class="dl-review__source"><a href="{escape(link)}#{SELF_CHECK_ID}">Self-check on the section page</a></p>'
            + "".join(copies)
            + "</section>"
        )
    return "\n".join(parts)

