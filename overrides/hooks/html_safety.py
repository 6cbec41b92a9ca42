"""Publish-time safety, judged on the HTML readers receive, parsed the way a browser parses it.

Page content (what Markdown, snippets, abbreviations, markers and MathML made of a page) is held to
an **allowlist**: only the elements and attributes the site's own Markdown extensions produce, and
URLs that are relative or use `https:`, `http:` or `mailto:`, judged after entity decoding and after
removing the characters browsers ignore in a URL. Everything else is refused, so a trick that
slips past one Markdown door (a malformed fence, an attribute list, an HTML block, a snippet) is
still caught where it lands. Code examples may show any code: escaped text is not markup.

What templates render around the content (navigation, header, maps) is checked against a blocklist
(`check_theme`): no event handlers, no script URLs, no frames or plug-ins, scripts only from the
site itself. The strings contributors hand to templates (front matter titles, descriptions, tags)
must be plain text, because Material inserts them into the page unescaped.

Parsing: selectolax's lexbor engine, an HTML5-conformant parser (entities decoded, foreign content
and broken markup handled as in a browser). Pure module, no MkDocs imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

ALLOWED_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "poster", "background", "cite", "data", "ping", "srcset"}

# Attributes any allowed element may carry. `aria-*` attributes are inert text for assistive technology.
GLOBAL_ATTRIBUTES = {"id", "class", "title", "lang", "dir", "role"}
HTML_ELEMENTS = {
    # element: attributes beyond the global ones
    "a": {"href", "rel"},
    # tabindex="0": the first mention of an abbreviation with no glossary entry takes focus (glossary.py).
    "abbr": {"tabindex"}, "b": set(), "blockquote": set(), "br": set(), "caption": set(), "cite": set(),
    "code": set(), "dd": set(), "del": set(), "dfn": set(), "div": {"data-tabs"}, "dl": set(), "dt": set(),
    "em": set(), "figcaption": set(), "figure": set(), "hr": set(), "i": set(), "ins": set(),
    "kbd": set(), "li": {"value"}, "mark": set(), "ol": {"start", "type", "reversed"}, "p": set(),
    "pre": set(), "q": set(), "s": set(), "samp": set(), "small": set(), "strong": set(), "sub": set(),
    "sup": set(), "table": set(), "tbody": set(), "thead": set(), "tfoot": set(), "tr": set(),
    "u": set(), "ul": set(), "var": set(), "wbr": set(),
    "h1": set(), "h2": set(), "h3": set(), "h4": set(), "h5": set(), "h6": set(),
    "th": {"align", "colspan", "rowspan", "scope"}, "td": {"align", "colspan", "rowspan"},
    "col": {"span"}, "colgroup": {"span"},
    "details": {"open"}, "summary": set(),
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    # pymdownx.tabbed (radio inputs and labels) and pymdownx.tasklist (disabled checkboxes).
    "input": {"type", "name", "checked", "disabled"},
    "label": {"for"},
    # Resource badges from md:resource markers (overrides/hooks/markers.py).
    "span": {"data-type", "data-cost", "data-level"},
}
INPUT_TYPES = {"radio", "checkbox"}
MATHML_ELEMENTS = {
    "math": {"display", "xmlns", "alttext"},
    "mi": set(), "mn": set(), "mo": set(), "ms": set(), "mtext": set(), "mspace": set(),
    "mrow": set(), "mfrac": set(), "msqrt": set(), "mroot": set(), "mstyle": set(), "merror": set(),
    # data-search-exclude: the rendered formula is left out of the search index, its TeX annotation is
    # indexed instead (mathml.py); Material's search plugin removes the attribute from served pages.
    "mpadded": {"data-search-exclude"}, "mphantom": set(), "menclose": set(), "msub": set(), "msup": set(),
    "msubsup": set(), "munder": set(), "mover": set(), "munderover": set(), "mmultiscripts": set(),
    "mprescripts": set(), "none": set(), "mtable": set(), "mtr": set(), "mtd": set(),
    "mlabeledtr": set(), "semantics": set(), "annotation": {"encoding"},
}
MATHML_ATTRIBUTES = {
    "mathvariant", "fence", "form", "maxsize", "minsize", "stretchy", "symmetric", "largeop",
    "movablelimits", "separator", "lspace", "rspace", "accent", "accentunder", "width", "height",
    "depth", "displaystyle", "scriptlevel", "columnalign", "rowalign", "columnspacing", "rowspacing",
    "columnlines", "rowlines", "frame", "framespacing", "equalrows", "equalcolumns", "linethickness",
    "notation", "voffset", "columnspan", "rowspan", "align", "mathsize",
}
# Inline icons (pymdownx.emoji with Material's SVG generator): shapes only, no links, no scripts.
SVG_ELEMENTS = {"svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon", "title", "desc"}
SVG_ATTRIBUTES = {
    "viewBox", "xmlns", "width", "height", "d", "fill", "fill-rule", "clip-rule", "fill-opacity",
    "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-opacity", "opacity",
    "transform", "cx", "cy", "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "points", "focusable",
    "aria-hidden",
}
ALLOWED_ELEMENTS = {**HTML_ELEMENTS, **MATHML_ELEMENTS, **{name: SVG_ATTRIBUTES for name in SVG_ELEMENTS}}
# Ids and names must not clobber globals the theme's scripts read (window.__md_scope, …); the
# tabbed extension's own ids (__tabbed_1_2) are the one exception.
RESERVED_ID_RE = re.compile(r"^__(?!tabbed_\d+(?:_\d+)?$)")
# Elements templates may never emit either (checked on the theme's output).
FORBIDDEN_IN_THEME = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
# Material's search "share" link is an anchor with a javascript:void(0) target that its script handles.
THEME_SCRIPT_URLS = {"javascript:void(0)"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
HOST_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")


@dataclass(frozen=True)
class Finding:
    message: str
    needles: tuple[str, ...]  # source text that may locate the problem, most specific first
    heading_id: str | None  # id of the nearest heading before it, to locate it otherwise


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in `value` (lower case), or None for a relative URL.

    Browsers strip leading and trailing C0 controls and spaces and remove tabs and newlines anywhere
    in a URL, and read the scheme case-insensitively; so must we.
    """
    compact = re.sub(r"[\t\n\r]", "", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                   "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):", compact)
    return match.group(1).lower() if match else None


def _url_problem(value: str, *, relative_only: bool = False) -> str | None:
    compact = re.sub(r"[\s\x00-\x1f]", "", value)
    if compact.startswith(("//", "\\\\", "/\\", "\\/")):
        return f"protocol-relative URL '{value}': write https://…"
    scheme = url_scheme(value)
    if scheme is None:
        return None
    if scheme not in ALLOWED_SCHEMES:
        return f"URL scheme '{scheme}:' is not allowed ({value!r}); use https://, http://, mailto: or a relative link"
    if relative_only:
        return f"'{value}' would be loaded from another host; images and media must come from this site (a relative path)"
    if scheme in ("http", "https"):
        host = urlsplit(value.strip()).hostname or ""
        if re.search(r"\s", value.strip()) or not HOST_RE.fullmatch(host):
            return f"malformed URL {value!r}: no valid host name"
    return None


def _walk(html: str):
    """(node, nearest heading id before it) for every element of an HTML fragment, in document order."""
    tree = LexborHTMLParser(f"<!DOCTYPE html><html><head></head><body>{html}</body></html>")
    heading = None
    for node in tree.body.traverse(include_text=False):
        if node.tag in HEADING_TAGS and node.attributes.get("id"):
            heading = node.attributes["id"]
        yield node, heading


def _needles(value: str) -> tuple[str, ...]:
    """Source text that may hold an attribute value: the value itself, else what follows a URL's
    scheme (entities and spaces hidden inside a scheme leave the rest of the address as written)."""
    found = [value.strip()] if value.strip() else []
    tail = value.split(":", 1)[1].strip() if ":" in value else ""
    if len(tail) >= 4:
        found.append(tail)
    return tuple(found)


def check_content(html: str) -> list[Finding]:
    """Everything in a page's rendered content that the allowlist does not permit."""
    findings = []
    for node, heading in _walk(html):
        tag = node.tag
        if tag in ("body", "-comment"):
            continue
        if tag not in ALLOWED_ELEMENTS:
            findings.append(Finding(f"<{tag}> is not allowed in page content", (f"<{tag}",), heading))
            continue
        allowed = ALLOWED_ELEMENTS[tag] | GLOBAL_ATTRIBUTES | (MATHML_ATTRIBUTES if tag in MATHML_ELEMENTS else set())
        for name, value in node.attributes.items():
            value = value or ""
            needles = _needles(value)
            if name not in allowed and not name.startswith("aria-"):
                findings.append(Finding(f"attribute '{name}' on <{tag}> is not allowed in page content", needles, heading))
            elif name in ("id", "name", "for") and RESERVED_ID_RE.match(value):
                findings.append(Finding(f"{name}='{value}' on <{tag}>: ids starting with '__' are reserved for the theme", needles, heading))
            elif name in URL_ATTRIBUTES and (problem := _url_problem(value, relative_only=(tag == "img"))):
                findings.append(Finding(f"{problem} in {name} of <{tag}>", needles, heading))
            elif tag == "input" and name == "type" and value.lower() not in INPUT_TYPES:
                findings.append(Finding(f"<input type='{value}'> is not allowed in page content", needles, heading))
        if tag == "img" and not (node.attributes.get("alt") or "").strip():
            needles = (*_needles(node.attributes.get("src") or ""), "![](", "<img")
            findings.append(Finding("image has no alt text: write what it shows inside ![...] or alt=\"…\"", needles, heading))
    return findings


def parse(html: str) -> LexborHTMLParser:
    """A whole document, parsed once for the checks and the policy below."""
    return LexborHTMLParser(html)


def _tree(document: str | LexborHTMLParser) -> LexborHTMLParser:
    return parse(document) if isinstance(document, str) else document


def check_theme(document: str | LexborHTMLParser) -> list[Finding]:
    """Dangerous markup in what the templates rendered around the content (and in strings they embed)."""
    findings = []
    tree = _tree(document)
    for node in tree.root.traverse(include_text=False):
        tag = node.tag
        if tag in FORBIDDEN_IN_THEME:
            findings.append(Finding(f"the page template emits <{tag}>", (f"<{tag}",), None))
        if tag == "meta" and (node.attributes.get("http-equiv") or "").lower() == "refresh":
            findings.append(Finding("the page template emits a <meta http-equiv=refresh> redirect", ("refresh",), None))
        for name, value in node.attributes.items():
            value = value or ""
            if name.lower().startswith("on"):
                findings.append(Finding(f"event handler attribute '{name}' on <{tag}> in the page template", (value, f"{name}="), None))
            elif name in URL_ATTRIBUTES and value.strip() not in THEME_SCRIPT_URLS:
                problem = _url_problem(value, relative_only=(tag == "script" and name == "src"))
                if problem:
                    findings.append(Finding(f"{problem} in {name} of <{tag}> in the page template", (value,), None))
    return findings


def inline_code(document: str | LexborHTMLParser) -> tuple[set[str], set[str], set[str]]:
    """Texts of the inline scripts a browser would execute, of <style> elements, and of style attributes."""
    scripts, styles, style_attributes = set(), set(), set()
    tree = _tree(document)
    for node in tree.root.traverse(include_text=False):
        if node.tag == "script" and "src" not in node.attributes and is_executed_type(node.attributes.get("type")):
            scripts.add(_raw_text(node))
        elif node.tag == "style":
            styles.add(_raw_text(node))
        if (style := node.attributes.get("style")) is not None:
            style_attributes.add(style)
    return scripts, styles, style_attributes


def _raw_text(node) -> str:
    # Script and style contents are raw text (no entity decoding), exactly what CSP hashes.
    child = node.child
    return child.text_content if child is not None and child.text_content is not None else ""


# Script types a browser runs or processes under script-src: the HTML standard's JavaScript MIME type
# essences, modules, import maps and speculation rules. Any other type is a data block (JSON config,
# JSON-LD, templates) that is never executed.
EXECUTED_TYPES = {
    "", "module", "importmap", "speculationrules",
    "text/javascript", "application/javascript", "application/ecmascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/x-ecmascript", "text/x-javascript", "text/jscript",
    "text/livescript", *(f"text/javascript1.{minor}" for minor in range(6)),
}


def is_executed_type(value: str | None) -> bool:
    return (value or "").strip().lower() in EXECUTED_TYPES


def plain_text_problem(value: object) -> str | None:
    """Why a string that templates insert unescaped (a title, a description, a tag) is not plain text."""
    if not isinstance(value, str):
        return None
    for character in ('<', '>', '"'):
        if character in value:
            return f"must be plain text: the theme inserts it into the page unescaped, so '{character}' is not allowed"
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", value):
        return "must be plain text: control characters are not allowed"
    return None
