"""A section page's content in two parts, so the template can put the roadmap map and the reader's
tools after the introduction: on a phone the title and the first lines of text fill the first screen.

The split falls before the first topic heading (`## ... {#id}` that is not structural, see
section_page). A page without one keeps all its content in the first part.

Pure functions; no MkDocs imports, so tests call them directly.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser


def split_before_heading(html: str, heading_id: str | None) -> tuple[str, str]:
    """(content before the top-level element with id `heading_id`, content from it on)."""
    if not heading_id:
        return html, ""
    body = LexborHTMLParser(f"<body>{html}</body>").body
    parts: tuple[list[str], list[str]] = ([], [])
    side = 0
    for node in body.iter(include_text=True):
        if side == 0 and node.tag != "-text" and node.attributes.get("id") == heading_id:
            side = 1
        parts[side].append(node.html or "")  # serialized, so text stays escaped
    if side == 0:
        return html, ""
    return "".join(parts[0]), "".join(parts[1])
