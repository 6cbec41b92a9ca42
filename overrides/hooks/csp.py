"""Content Security Policy: one `<meta http-equiv>` policy for the whole built site, with no 'unsafe-inline'.

The site's own origin may serve scripts, styles, images, fonts, the search worker and the search
index; nothing else may. The few inline scripts and styles the theme emits (Material's `__md_scope`
helpers, palette and tab restoration, anything a template adds) are allowed by the SHA-256 hash of
their exact text, computed from the built pages, so the hashes follow Material when it changes.

Why one policy for every page: with instant navigation the browser keeps the first page's policy
while Material swaps in other pages and re-runs the inline scripts of their content, so each page
must allow every inline script any page carries. Why a post-build pass: that union is known only
once every page is written.

What is not hashed, on purpose:
- `<script type="application/json">` (Material's `__config`) and other data blocks: browsers never
  execute them, so CSP does not apply to them.
- `style="..."` attributes: none are emitted today. If a template adds one, its hash is allowed with
  'unsafe-hashes' (which permits only those exact attribute values, unlike 'unsafe-inline').
- Inline event handlers (`onclick=`): never allowed; content_safety refuses them in Markdown.

Pure functions plus one file walk; no MkDocs imports, so tests call it directly.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

# A script element's raw text (browsers hash it byte for byte, as UTF-8, without entity decoding).
SCRIPT_RE = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
STYLE_RE = re.compile(r"<style\b[^>]*>(?P<body>.*?)</style\s*>", re.S | re.I)
# Attribute values are hashed after HTML decoding, as the browser parsed them. The pattern finds
# candidates fast (a literal prefix); _is_style_attribute keeps real attributes. Matching whole tags
# instead was 15x slower, and this pass reads every page of the built site.
STYLE_ATTR_RE = re.compile(r"""style\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""")
TYPE_ATTR_RE = re.compile(r"""\btype\s*=\s*["']?(?P<type>[^"'\s>]+)""", re.I)
SRC_ATTR_RE = re.compile(r"\ssrc\s*=", re.I)
# Script types a browser executes; any other type is a data block (JSON config, templates).
EXECUTED_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}
CHARSET_RE = re.compile(r"<meta\s+charset=[^>]*>", re.I)
HEAD_RE = re.compile(r"<head\b[^>]*>", re.I)
EXISTING_META_RE = re.compile(r"""<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>\n?""", re.I)

# Fixed part of the policy. frame-ancestors, report-uri and sandbox are ignored in a <meta> policy,
# so they are left out rather than pretended.
BASE_DIRECTIVES = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # data: because Material's CSS draws its icons as data: SVG masks.
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],  # search index, instant navigation, sitemap
    "worker-src": ["'self'"],  # the search worker
    "manifest-src": ["'self'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


class _Settings:
    enabled = True  # switched off for `mkdocs serve` by the hooks' on_startup


settings = _Settings()


def sha256_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _is_executed_inline(attrs: str) -> bool:
    if SRC_ATTR_RE.search(attrs):
        return False
    match = TYPE_ATTR_RE.search(attrs)
    return (match.group("type").lower() if match else "") in EXECUTED_TYPES


def _is_style_attribute(page_html: str, position: int) -> bool:
    """`style=` at `position` starts an attribute (not `displaystyle=`) inside a tag (not text)."""
    if position == 0 or not page_html[position - 1].isspace():
        return False
    return page_html.rfind("<", 0, position) > page_html.rfind(">", 0, position)


class Inline:
    """Every inline script, style element and style attribute text found in a set of pages."""

    def __init__(self) -> None:
        self.scripts: set[str] = set()
        self.styles: set[str] = set()
        self.style_attributes: set[str] = set()

    def add_page(self, page_html: str) -> None:
        for match in SCRIPT_RE.finditer(page_html):
            if _is_executed_inline(match.group("attrs")):
                self.scripts.add(match.group("body"))
        self.styles.update(match.group("body") for match in STYLE_RE.finditer(page_html))
        for match in STYLE_ATTR_RE.finditer(page_html):
            if not _is_style_attribute(page_html, match.start()):
                continue
            value = match.group("dq") if match.group("dq") is not None else match.group("sq")
            self.style_attributes.add(html.unescape(value))


def policy(inline: Inline) -> str:
    directives = {name: list(values) for name, values in BASE_DIRECTIVES.items()}
    directives["script-src"] += sorted(sha256_source(text) for text in inline.scripts)
    style_hashes = sorted(sha256_source(text) for text in inline.styles | inline.style_attributes)
    if inline.style_attributes:
        directives["style-src"].append("'unsafe-hashes'")
    directives["style-src"] += style_hashes
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


def insert_meta(page_html: str, content: str) -> str:
    """Put the policy right after `<meta charset>` (which must stay in the first 1024 bytes), before any script."""
    page_html = EXISTING_META_RE.sub("", page_html)
    value = html.escape(content, quote=False).replace('"', "&quot;")  # keep the policy's quotes readable
    meta = f'<meta http-equiv="Content-Security-Policy" content="{value}">'
    anchor = CHARSET_RE.search(page_html) or HEAD_RE.search(page_html)
    if not anchor:
        return page_html  # not a full document (a fragment someone ships as .html): nothing to protect
    return f"{page_html[: anchor.end()]}\n    {meta}{page_html[anchor.end():]}"


def apply_to_site(site_dir: str | Path) -> str:
    """Add the site-wide policy to every HTML file under `site_dir`; return the policy."""
    # Two passes, one page in memory at a time: a large site's HTML can outgrow memory.
    pages = sorted(Path(site_dir).rglob("*.html"))
    inline = Inline()
    for path in pages:
        inline.add_page(path.read_text(encoding="utf-8"))
    content = policy(inline)
    for path in pages:
        path.write_text(insert_meta(path.read_text(encoding="utf-8"), content), encoding="utf-8")
    return content
