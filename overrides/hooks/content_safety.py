"""Content safety: refuse Markdown that could run code in a reader's browser or hide an image's meaning.

Checked on prose lines only (see markdown_source): code examples may show anything.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from frontmatter import Problem
from markdown_source import prose_lines

ALLOWED_SCHEMES = {"http", "https", "mailto"}
DANGEROUS_SCHEMES = {"javascript", "data", "vbscript"}

# Link targets, each with a group named "url".
LINK_PATTERNS = [
    re.compile(r"!?\[[^\]]*\]\(\s*<?(?P<url>[^)>]*?)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"),  # [text](url "title")
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<url>\S+?)>?(?:\s|$)"),  # [ref]: url
    re.compile(r"<(?P<url>[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>"),  # <scheme:...> autolink
    re.compile(r"""\b(?:href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(?P<url>[^"'\s>]+)""", re.I),
]
UNSAFE_TAG_RE = re.compile(r"<\s*(script|iframe|object|embed)\b", re.I)
EVENT_HANDLER_RE = re.compile(r"<[a-zA-Z][^>]*\s(on[a-z]+)\s*=", re.I)
MD_IMAGE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(")
HTML_IMG_RE = re.compile(r"<img\b(?P<attrs>[^>]*)>?", re.I)
ALT_ATTR_RE = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
SCHEME_RE = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*)\s*:")


def check_url(url: str) -> str | None:
    """Why `url` may not appear in content, or None when it may."""
    # Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"), so do we.
    compact = re.sub(r"[\x00-\x20]", "", url)
    match = SCHEME_RE.match(compact)
    if not match:
        return None  # relative link: MkDocs validates it
    scheme = match.group(1).lower()
    if scheme in DANGEROUS_SCHEMES:
        return f"'{scheme}:' URLs are not allowed (they can run code or hide content): {url}"
    if scheme not in ALLOWED_SCHEMES:
        return f"URL scheme '{scheme}:' is not allowed; use https://, http://, mailto: or a relative link: {url}"
    if scheme in {"http", "https"}:
        if re.search(r"\s", url.strip()):
            return f"malformed URL (contains whitespace): {url}"
        parts = urlsplit(url)
        host = parts.hostname or ""
        if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", host):
            return f"malformed URL (no valid host name): {url}"
    return None


def check(path: str, markdown: str, first_line: int = 1) -> list[Problem]:
    problems = []
    for line_no, line in prose_lines(markdown, first_line):
        for pattern in LINK_PATTERNS:
            for match in pattern.finditer(line):
                if reason := check_url(match.group("url")):
                    problems.append(Problem(path, line_no, reason))
        if tag := UNSAFE_TAG_RE.search(line):
            problems.append(Problem(path, line_no, f"raw <{tag.group(1).lower()}> is not allowed in Markdown"))
        if handler := EVENT_HANDLER_RE.search(line):
            problems.append(Problem(path, line_no, f"inline event handler '{handler.group(1)}=' is not allowed in Markdown"))
        for image in MD_IMAGE_RE.finditer(line):
            if not image.group("alt").strip():
                problems.append(Problem(path, line_no, "image has no alt text: write what it shows inside ![...]"))
        for image in HTML_IMG_RE.finditer(line):
            alt = ALT_ATTR_RE.search(image.group("attrs"))
            if not alt or not "".join(g or "" for g in alt.groups()).strip():
                problems.append(Problem(path, line_no, "<img> has no alt text: add alt=\"what it shows\""))
    return problems
