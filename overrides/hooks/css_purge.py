"""Drop the rules of Material's stylesheets that nothing in the built site can ever match.

Why: Material ships one stylesheet for every feature and Markdown extension it supports (137 KB,
22.8 KiB gzip, the largest file of a page's first view after the JavaScript bundle); this site uses
a fraction of it. The pass runs on the built site, so it sees exactly what pages and scripts exist.

It is conservative: a rule goes only when it provably cannot apply.
- A selector is dead when one of its classes or ids appears nowhere in the site's markup (tags and
  attributes of every HTML page) nor in any of its JavaScript (Material's bundle creates search
  results, tooltips and code-copy buttons from class names it carries as strings). Whatever stands
  inside a functional pseudo-class (`:not()`, `:is()`, `:where()`, `:has()`, ...) is not checked.
- An attribute selector is dead when the attribute, or the value it requires, appears nowhere.
  `dir` and `lang` are set once by the template and never by a script, so only their values in
  the markup count: an English-only site keeps none of the right-to-left rules.
- A custom property declaration is dead when no `var()` of any stylesheet the site keeps, no
  script and no page mentions it (to a fixed point: dropping one can orphan others).
- Content tabs (pymdownx.tabbed) are styled by position, for sets of up to 20 tabs: a selector about
  the N-th tab is dead when no tab set in the site has N tabs (each set states its size in
  `data-tabs="set:count"`; scripts never add tabs).
- A selector with a CSS escape, and every at-rule but `@media`/`@supports`, is kept as it is.
Then Material's main stylesheet is split in two. Rules that only what Material's bundle creates can
match (search results, tooltips, code-copy buttons, the header's scrolled state: 4 of its 15 KiB gzip)
go to `main.<hash>.deferred.min.css`, which docs/assets/before-material.js loads together with the
bundle, on the reader's first input; every page's first view carries the rest. Both names share one
hash of both texts, so a page never pairs one half with a stale other half.
tests/test_css_purge.py renders pages with the original and the purged stylesheets and asserts
that every element's computed style is the same.

Pure functions; no MkDocs imports, so tests call them directly.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2
from selectolax.lexbor import LexborHTMLParser

# Stylesheets shipped by the theme. A purged one gets a new content-hashed name (main.<hash>.min.css):
# a cache that trusts the hash in a name must never get old bytes under a new meaning.
THEME_STYLESHEETS = "assets/stylesheets/*.css"
HASHED_NAME_RE = re.compile(r"^(?P<stem>.+?)\.[0-9a-f]{8}(?P<suffix>(?:\.min)?\.css)$")
# The stylesheet split into first-view and deferred halves (docs/assets/before-material.js derives the
# deferred half's name from the first half's: main.<hash>.min.css -> main.<hash>.deferred.min.css).
SPLIT_STEM = "main"
DEFERRED_SUFFIX = ".deferred.min.css"
STATIC_ATTRIBUTES = {"dir", "lang"}
DEFERRED_SCRIPT_ATTRIBUTE = "data-load-on-interaction"  # overrides/main.html, block scripts

TOKEN_RE = re.compile(r"[A-Za-z_][\w-]*")
# A name a script completes at run time: the text before `${` in a template literal, or before `"+`.
NAME_PREFIX_RE = re.compile(r"""([A-Za-z_][\w-]*)(?:\$\{|["'`]\s*\+)""")
CUSTOM_PROPERTY_RE = re.compile(r"--[\w-]+")
VAR_RE = re.compile(r"var\(\s*(--[\w-]+)")
TAB_COUNT_RE = re.compile(r"^\d+:(\d+)$")
NTH_CHILD_RE = re.compile(r":nth-child\((\d+)\)")
# Selector parts (after the insides of functional pseudo-classes are gone).
CLASS_OR_ID_RE = re.compile(r"([.#])(-?[A-Za-z_][\w-]*)")
ATTRIBUTE_RE = re.compile(r"\[\s*([\w-]+)\s*(?:[~|^$*]?=\s*([^\]\s]+)\s*(?:[is]\s*)?)?\]")


@dataclass
class Evidence:
    """What the built site contains that a selector could match."""

    classes: set[str] = field(default_factory=set)  # class="..." in the markup
    ids: set[str] = field(default_factory=set)  # id="..." in the markup
    attributes: dict[str, set[str]] = field(default_factory=dict)  # name -> tokens of its values
    script_tokens: set[str] = field(default_factory=set)  # scripts may add any name they spell
    script_prefixes: set[str] = field(default_factory=set)  # ... or build: `tabbed-control--${side}`
    custom_properties: set[str] = field(default_factory=set)  # --names used outside these stylesheets
    most_tabs: int = 0  # the largest content-tab set

    scripts_loaded: set[str] = field(default_factory=set)  # site paths of the scripts pages load at once
    scripts_deferred: set[str] = field(default_factory=set)  # ... and on first input (Material's bundle)

    def add_html(self, html: str, page_path: str = "index.html") -> None:
        self.add_document(LexborHTMLParser(html), page_path)

    def add_document(self, tree: LexborHTMLParser, page_path: str) -> None:
        """Everything one parsed page (at `page_path` in the site) offers a selector: its elements'
        attributes, its inline scripts, and which script files it loads."""
        for node in tree.root.traverse(include_text=False):
            for name, value in node.attributes.items():
                name, value = name.lower(), value or ""
                self.attributes.setdefault(name, set()).update(TOKEN_RE.findall(value))
                self.custom_properties.update(CUSTOM_PROPERTY_RE.findall(value))
                if name == "class":
                    self.classes.update(value.split())
                elif name == "id":
                    self.ids.add(value)
                elif name in STATIC_ATTRIBUTES:
                    self.attributes[name].add(value)
                elif name == "data-tabs" and (count := TAB_COUNT_RE.match(value.strip())):
                    self.most_tabs = max(self.most_tabs, int(count.group(1)))
            if node.tag == "script":
                src = node.attributes.get("src")
                if src is None:
                    self.add_script(node.text(deep=True))
                # A script a page loads later (Material's bundle, on first input) styles the page too.
                for url, scripts in ((src, self.scripts_loaded), (node.attributes.get(DEFERRED_SCRIPT_ATTRIBUTE), self.scripts_deferred)):
                    if url and "://" not in url and not url.startswith("//"):
                        folder = Path(page_path).parent
                        scripts.add((folder / url.split("?")[0]).as_posix())

    def add_script(self, text: str) -> None:
        self.script_tokens.update(TOKEN_RE.findall(text))
        self.script_prefixes.update(NAME_PREFIX_RE.findall(text))
        self.custom_properties.update(CUSTOM_PROPERTY_RE.findall(text))

    def add_other_stylesheet(self, css: str) -> None:
        self.custom_properties.update(VAR_RE.findall(css))

    def _scripted(self, name: str) -> bool:
        return name in self.script_tokens or any(name.startswith(prefix) for prefix in self.script_prefixes)

    def has_class(self, name: str) -> bool:
        return name in self.classes or self._scripted(name)

    def has_id(self, name: str) -> bool:
        return name in self.ids or self._scripted(name)

    def has_attribute(self, name: str, value: str) -> bool:
        if name in STATIC_ATTRIBUTES:  # set by the template only: the markup is the whole truth
            return name in self.attributes and (not value or value in self.attributes[name])
        known = self.attributes.get(name, set())
        return (name in self.attributes or self._scripted(name)) and all(
            token in known or self._scripted(token) for token in TOKEN_RE.findall(value)
        )


# --- Selectors -----------------------------------------------------------------------------


def _strip_functional_pseudo_classes(selector: str) -> str:
    """`a:not(.x) b:is(.y, .z)` -> `a b`: the parts a purge must not judge."""
    out, depth = [], 0
    index = 0
    while index < len(selector):
        char = selector[index]
        if depth == 0 and char == ":":
            match = re.match(r":{1,2}[\w-]+\(", selector[index:])
            if match:
                depth = 1
                index += len(match.group())
                continue
        if depth:
            depth += {"(": 1, ")": -1}.get(char, 0)
        else:
            out.append(char)
        index += 1
    return "".join(out)


def selector_can_match(selector: str, evidence: Evidence) -> bool:
    if "\\" in selector:
        return True  # escaped identifiers: not worth decoding, keep
    if "tabbed" in selector and any(int(n) > evidence.most_tabs for n in NTH_CHILD_RE.findall(selector)):
        return False
    bare = _strip_functional_pseudo_classes(selector)
    for name, value in ATTRIBUTE_RE.findall(bare):
        if not evidence.has_attribute(name.lower(), value.strip("\"'")):
            return False
    for kind, name in CLASS_OR_ID_RE.findall(ATTRIBUTE_RE.sub("", bare)):
        if not (evidence.has_class(name) if kind == "." else evidence.has_id(name)):
            return False
    return True


def _split_selector_list(prelude: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


# --- Stylesheet tree -----------------------------------------------------------------------
# A stylesheet becomes a list of Rule / Block / Raw items, is pruned, then serialized again.


@dataclass
class Rule:
    selectors: list[str]
    declarations: list[tuple[str, str]]  # (name, "value[ !important]") in source order


@dataclass
class Block:
    head: str  # "@media screen" and the like
    items: list


@dataclass
class Raw:
    text: str


def parse(css: str) -> list:
    nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _items(nodes)


def _items(nodes) -> list:
    items = []
    for node in nodes:
        if node.type == "qualified-rule":
            items.append(Rule(_split_selector_list(tinycss2.serialize(node.prelude)), _declarations(node.content)))
        elif node.type == "at-rule" and node.lower_at_keyword in ("media", "supports") and node.content is not None:
            head = "@" + node.at_keyword + tinycss2.serialize(node.prelude).rstrip()
            items.append(Block(head, _items(tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True))))
        elif node.type == "error":
            raise ValueError(f"unparsable stylesheet: {node.message}")
        else:
            items.append(Raw(tinycss2.serialize([node])))
    return items


def _declarations(content) -> list[tuple[str, str]]:
    found = []
    for node in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if node.type == "declaration":
            value = tinycss2.serialize(node.value).strip()
            found.append((node.name, value + ("!important" if node.important else "")))
        elif node.type == "error":
            raise ValueError(f"unparsable declaration: {node.message}")
        else:  # nested rules (not used by Material today): keep as written
            found.append(("", tinycss2.serialize([node])))
    return found


def serialize(items: list) -> str:
    out = []
    for item in items:
        if isinstance(item, Rule):
            body = ";".join(f"{name}:{value}" if name else value for name, value in item.declarations)
            out.append(",".join(item.selectors) + "{" + body + "}")
        elif isinstance(item, Block):
            out.append(item.head + "{" + serialize(item.items) + "}")
        else:
            out.append(item.text)
    return "".join(out)


def _rules(items: list):
    for item in items:
        if isinstance(item, Rule):
            yield item
        elif isinstance(item, Block):
            yield from _rules(item.items)


def _prune(items: list, keep_rule) -> list:
    kept = []
    for item in items:
        if isinstance(item, Block):
            item.items = _prune(item.items, keep_rule)
            if not item.items:
                continue
        elif isinstance(item, Rule) and not keep_rule(item):
            continue
        kept.append(item)
    return kept


# --- The pass ------------------------------------------------------------------------------


def purge(stylesheets: dict[str, str], evidence: Evidence) -> dict[str, str]:
    """Purge several stylesheets together (a custom property declared in one may be read in another)."""
    trees = {name: parse(css) for name, css in stylesheets.items()}

    def keep_selectors(rule: Rule) -> bool:
        rule.selectors = [selector for selector in rule.selectors if selector_can_match(selector, evidence)]
        return bool(rule.selectors)

    trees = {name: _prune(tree, keep_selectors) for name, tree in trees.items()}
    while _drop_unread_custom_properties(trees, evidence):
        pass
    return {name: serialize(tree) for name, tree in trees.items()}


def split_deferred(css: str, first_view: Evidence) -> tuple[str, str]:
    """A purged stylesheet as (what can match a page before Material's bundle runs, what only the
    bundle's markup can match). `first_view` is the evidence without the bundle's script. At-rules
    other than @media/@supports (keyframes, font faces) stay in the first half."""
    first, later = parse(css), parse(css)

    def can_match_now(rule: Rule) -> bool:
        rule.selectors = [selector for selector in rule.selectors if selector_can_match(selector, first_view)]
        return bool(rule.selectors)

    def only_later(rule: Rule) -> bool:
        rule.selectors = [selector for selector in rule.selectors if not selector_can_match(selector, first_view)]
        return bool(rule.selectors)

    return serialize(_prune(first, can_match_now)), serialize(_prune(_without_raw(later), only_later))


def _without_raw(items: list) -> list:
    kept = []
    for item in items:
        if isinstance(item, Block):
            item.items = _without_raw(item.items)
        if not isinstance(item, Raw):
            kept.append(item)
    return kept


def _drop_unread_custom_properties(trees: dict[str, list], evidence: Evidence) -> int:
    """One round: drop declarations of custom properties nothing reads; return how many went."""
    read = set(evidence.custom_properties)
    for tree in trees.values():
        for rule in _rules(tree):
            for _, value in rule.declarations:
                read.update(VAR_RE.findall(value))
    dropped = 0

    def keep_declarations(rule: Rule) -> bool:
        nonlocal dropped
        kept = [(name, value) for name, value in rule.declarations if not name.startswith("--") or name in read]
        dropped += len(rule.declarations) - len(kept)
        rule.declarations = kept
        return bool(kept)

    for name in trees:
        trees[name] = _prune(trees[name], keep_declarations)
    return dropped


def apply_to_site(site_dir: str, evidence: Evidence) -> tuple[dict[str, str], dict[str, tuple[int, int]]]:
    """Purge the theme's stylesheets in `site_dir` given what every page offered (`evidence`, filled by
    add_document as pages were rendered). Each purged sheet is written under a new content-hashed
    name and the original removed. Return ({old site path: new site path}, {new path: (bytes before, after)}).

    Scripts count as evidence only when a page loads them: files the site merely carries (the
    search language packs, the search worker, which cannot touch the page) add nothing.
    """
    site = Path(site_dir).resolve()
    theme = {path: path.read_text(encoding="utf-8") for path in sorted(site.glob(THEME_STYLESHEETS))}

    def add_scripts(scripts: set[str]) -> None:
        for script in sorted(scripts):
            path = (site / script).resolve()
            if path.is_file() and path.is_relative_to(site):
                evidence.add_script(path.read_text(encoding="utf-8"))

    for stylesheet in site.rglob("*.css"):
        if stylesheet not in theme:
            evidence.add_other_stylesheet(stylesheet.read_text(encoding="utf-8"))
    add_scripts(evidence.scripts_loaded)
    first_view = copy.deepcopy(evidence)
    add_scripts(evidence.scripts_deferred)
    purged = purge({str(path): css for path, css in theme.items()}, evidence)
    renames, sizes = {}, {}
    for path, css in theme.items():
        text, deferred = purged[str(path)], None
        if (match := HASHED_NAME_RE.match(path.name)) and match["stem"] == SPLIT_STEM:
            text, deferred = split_deferred(text, first_view)
        target = path.with_name(hashed_name(path.name, text if deferred is None else text + "\0" + deferred))
        target.write_text(text, encoding="utf-8")
        if deferred is not None:
            later = target.with_name(deferred_name(target.name))
            later.write_text(deferred, encoding="utf-8")
            sizes[later.relative_to(site).as_posix()] = (0, len(deferred.encode()))
        if target != path:
            path.unlink()
        # The purged file drops its sourceMappingURL; a map of the original would only mislead.
        path.with_name(path.name + ".map").unlink(missing_ok=True)
        old, new = path.relative_to(site).as_posix(), target.relative_to(site).as_posix()
        renames[old] = new
        sizes[new] = (len(css.encode()), len(text.encode()))
    return renames, sizes


def deferred_name(name: str) -> str:
    """main.1a2b3c4d.min.css -> main.1a2b3c4d.deferred.min.css (docs/assets/before-material.js does the same)."""
    return name.removesuffix(".min.css") + DEFERRED_SUFFIX


def hashed_name(name: str, text: str) -> str:
    """main.57a0d79d.min.css + new content -> main.<first 8 hex of its SHA-256>.min.css."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    match = HASHED_NAME_RE.match(name)
    return f"{match['stem']}.{digest}{match['suffix']}" if match else name
