"""Content Security Policy: one `<meta http-equiv>` policy for the whole built site, with no 'unsafe-inline'.

The site's own origin may serve scripts, styles, images, fonts, the search worker and the search
index; nothing else may. Inline scripts (and `<style>` elements) are allowed by the SHA-256 hash of
their exact text **only when a theme template emits them**: each inline script a template file
contains (Material's templates and `overrides/`) becomes a pattern in which every Jinja expression
(`{{ base_url }}`, …) may stand only for a short run of URL-like characters. A script in a built
page that matches no pattern did not come from the theme: it is never hashed, so browsers refuse to
run it, and the build lists it as a problem. Page content therefore can never bless itself, whatever
door it came through (issue: a `<script>` that slipped into a page was once hashed into the policy).

Why one policy for every page: with instant navigation the browser keeps the first page's policy
while Material swaps in other pages and re-runs their inline scripts, so each page must allow every
theme script any page carries. The union is known once every page is rendered, so pages are parsed
as they are rendered (`collect`) and the hooks write the policy into the built files afterwards.

What is not hashed, on purpose:
- `<script type="application/json">` (Material's `__config`), JSON-LD and other data blocks: browsers
  never execute them, so CSP does not apply to them.
- `style="..."` attributes: no template emits one, and the policy allows none (no 'unsafe-hashes').
- Inline event handlers (`onclick=`): never allowed; html_safety refuses them.

Pure functions; no MkDocs imports, so tests call them directly.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

import html_safety

CHARSET_RE = re.compile(r"<meta\s+charset=[^>]*>", re.I)
HEAD_RE = re.compile(r"<head\b[^>]*>", re.I)
EXISTING_META_RE = re.compile(r"""<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>\n?""", re.I)
TEMPLATE_SCRIPT_RE = re.compile(r"<(?P<tag>script|style)(?P<attrs>\s[^>]*)?>(?P<body>.*?)</(?P=tag)\s*>", re.S | re.I)
JINJA_EXPRESSION_RE = re.compile(r"\{\{.*?\}\}", re.S)
SCRIPT_TYPE_RE = re.compile(r"""\btype\s*=\s*["']?(?P<type>[^"'\s>]*)""", re.I)
# What a template expression inside a theme script may expand to: a relative or absolute URL or a
# plain word (base_url, config.extra.scope). Never a quote, angle bracket or backslash, so an
# expansion cannot end the string it sits in.
EXPANSION = r"[A-Za-z0-9_./:#%?=&+-]{0,200}"

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


def template_patterns(template_dirs: list[str | Path]) -> list[re.Pattern]:
    """One pattern per inline <script>/<style> body found in the theme's template files."""
    patterns = set()
    for folder in template_dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            for match in TEMPLATE_SCRIPT_RE.finditer(path.read_text(encoding="utf-8")):
                attrs = match.group("attrs") or ""
                if "src=" in attrs:
                    continue
                # A data block (JSON-LD, …) is never run, so never hashed: a pattern made from it would
                # only bless some executable script that happens to look like its expansion.
                kind = SCRIPT_TYPE_RE.search(attrs)
                if match.group("tag").lower() == "script" and not html_safety.is_executed_type(kind["type"] if kind else None):
                    continue
                parts = JINJA_EXPRESSION_RE.split(match.group("body"))
                patterns.add(EXPANSION.join(re.escape(part) for part in parts))
    return [re.compile(pattern, re.S) for pattern in sorted(patterns)]


class Inline:
    """Inline scripts and styles seen in rendered pages, split into theme output and the rest."""

    def __init__(self, template_dirs: list[str | Path]) -> None:
        self.patterns = template_patterns(template_dirs)
        self.scripts: set[str] = set()
        self.styles: set[str] = set()
        self.foreign: dict[str, str] = {}  # text of an inline script/style no template emits -> a page showing it

    def _from_theme(self, text: str) -> bool:
        return any(pattern.fullmatch(text) for pattern in self.patterns)

    def not_from_theme(self) -> dict[str, str]:
        """Inline scripts and styles no template emits (never hashed), each with a page that has it."""
        return dict(self.foreign)

    def collect(self, document, where: str) -> None:
        """Sort the inline code of one rendered document (HTML text, or html_safety.parse's tree)."""
        scripts, styles, _ = html_safety.inline_code(document)
        for text, bucket in [(text, self.scripts) for text in scripts] + [(text, self.styles) for text in styles]:
            if self._from_theme(text):
                bucket.add(text)
            else:
                self.foreign.setdefault(text, where)


def policy(inline: Inline) -> str:
    directives = {name: list(values) for name, values in BASE_DIRECTIVES.items()}
    directives["script-src"] += sorted(sha256_source(text) for text in inline.scripts)
    directives["style-src"] += sorted(sha256_source(text) for text in inline.styles)
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
