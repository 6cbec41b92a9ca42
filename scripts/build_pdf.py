#!/usr/bin/env python3
"""The PDF edition: every roadmap section of a built site, in roadmap order, as one printable document.

    python scripts/build_pdf.py [--site site] [--output site/downloads/deep-learning-roadmap.pdf]

One print page is assembled from the built pages (what readers receive, not the Markdown): a title
page, a table of contents linking to each section, then each section's article on its own pages,
with the self-check answers opened and links between sections turned into links inside the PDF.
The project's Chromium (scripts/chromium.py) renders it with Playwright's page.pdf from the site
served on 127.0.0.1; any request to another host is refused, so the render works offline and the
PDF holds nothing fetched from elsewhere. Formulas are the MathML the build wrote, code blocks keep
their highlighting, and the print rules in docs/assets/extra.css print each resource's full address.

Written into the site (the default output) it also fills in the PDF's size on the home page, whose
link `dev.py build` asked for (overrides/partials/downloads.html).
"""

from __future__ import annotations

import argparse
import datetime
import html
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))

import chromium  # noqa: E402  scripts/chromium.py
import local_server  # noqa: E402
import workbench  # noqa: E402  overrides/hooks/workbench.py

# Untagged: Chromium's tagged PDF (which the document outline needs) writes its structure tree as
# uncompressed objects, 14.8 MB against 3.8 MB for the same 279 pages (measured with this site).
# The web pages are the accessible edition; the table of contents links every section.
TAGGED = False
PRINT_PAGE = "__pdf-edition__.html"  # answered by the render itself (never a file in the site)

# Parts of a section page that only make sense on screen: the map, progress, buttons, tags, the
# notebook links, "last updated", permalink pilcrows, copy buttons.
SCREEN_ONLY = (
    ".dl-where, .dl-progress-line, .dl-workbench, .md-content__button, nav.md-tags, aside.md-source-file, "
    "a.headerlink, .md-clipboard, script, noscript"
)

# Only for this document: the rules every printed page shares are in docs/assets/extra.css.
EDITION_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm; }
html { font-size: 125%; }
body { margin: 0; background: #fff; }
.dl-print { max-width: none; }
.dl-print-title { break-after: page; padding-top: 30vh; text-align: center; }
.dl-print-title h1 { font-size: 2.6em; margin-bottom: .4em; color: #1a237e; }
.dl-print-title p { font-size: 1.1em; }
.md-typeset .dl-print-title a::after { content: none; }  /* the address is the link's text already */
.dl-print-toc { break-after: page; }
.dl-print-toc ol { font-size: 1.05em; }
.dl-print-toc .dl-print-toc__facts { color: #555; }
.dl-print-section { break-before: page; }
.dl-print-section h2, .dl-print-section h3 { break-after: avoid; }
.md-typeset pre, .md-typeset table, .md-typeset .dl-math { break-inside: avoid; }
"""


@dataclass
class Section:
    slug: str
    path: str  # site path of its page, e.g. "roadmap/introduction/"
    title: str
    html: str  # the article, ready for the print page


def section_paths(site: Path) -> list[str]:
    """Site paths of the section pages in roadmap order, as the home page lists them."""
    home = LexborHTMLParser((site / "index.html").read_text(encoding="utf-8"))
    links = [node.attributes.get("href") or "" for node in home.css("ol.dl-roadmap-list > li > a")]
    if not links:
        raise SystemExit(f"{site / 'index.html'}: no roadmap list (ol.dl-roadmap-list); is this a built site?")
    return [urljoin("/", link).lstrip("/") for link in links]


def _page_file(site: Path, path: str) -> Path:
    return site / path / "index.html" if path.endswith("/") or not path else site / path


def _slug(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def read_section(site: Path, path: str, sections: dict[str, str], served: str) -> Section:
    """The article of the section page at `path`, rewritten for the print page: ids prefixed with the
    section's slug (every section has a "resources" heading), links to any section turned into links
    inside the document, links to other pages of the site made absolute (their address is printed),
    images loaded from the local server, and every <details> open."""
    slug = _slug(path)
    document = LexborHTMLParser(_page_file(site, path).read_text(encoding="utf-8"))
    article = document.css_first("article")
    if article is None:
        raise SystemExit(f"{_page_file(site, path)}: no <article>")
    canonical = document.css_first('link[rel="canonical"]')
    public_url = canonical.attributes.get("href") if canonical is not None else None
    page_url = public_url or urljoin(served, path)
    site_root = urljoin(page_url, "../" * path.count("/"))  # the site's root, also for a project site under /<repo>/
    for node in article.css(SCREEN_ONLY):
        node.decompose()
    for node in article.css("[id]"):
        node.attrs["id"] = f"{slug}--{node.attributes['id']}"
    for node in article.css("label[for]"):
        node.attrs["for"] = f"{slug}--{node.attributes['for']}"
    for name in ("aria-labelledby", "aria-describedby", "aria-controls"):
        for node in article.css(f"[{name}]"):
            node.attrs[name] = " ".join(f"{slug}--{ref}" for ref in (node.attributes[name] or "").split())
    for node in article.css("details"):
        node.attrs["open"] = ""
    for node in article.css("a[href]"):
        node.attrs["href"] = _print_href(node.attributes["href"] or "", page_url, site_root, sections)
    for node in article.css("img[src]"):
        node.attrs["src"] = urljoin(urljoin(served, path), node.attributes["src"] or "")
    heading = article.css_first("h1")
    title = heading.text(deep=True).strip() if heading is not None else slug
    body = article.inner_html
    return Section(slug, path, title, f'<section class="dl-print-section" id="{slug}">{body}</section>')


def _print_href(href: str, page_url: str, site_root: str, sections: dict[str, str]) -> str:
    absolute = urljoin(page_url, href)
    address, fragment = urldefrag(absolute)
    if address.startswith(site_root):
        inside = address[len(site_root):]
        if not inside.endswith("/") and not Path(inside).suffix:
            inside += "/"
        if inside in sections:
            target = sections[inside]
            return f"#{target}--{fragment}" if fragment else f"#{target}"
    return absolute


def print_page(site: Path, served: str) -> tuple[str, list[Section]]:
    """The HTML of the whole edition, and its sections in order."""
    paths = section_paths(site)
    by_path = {path: _slug(path) for path in paths}
    sections = [read_section(site, path, by_path, served) for path in paths]
    first = LexborHTMLParser(_page_file(site, paths[0]).read_text(encoding="utf-8"))
    stylesheets = [
        urljoin(urljoin(served, paths[0]), node.attributes.get("href") or "")
        for node in first.css('link[rel="stylesheet"]')
    ]
    home = LexborHTMLParser((site / "index.html").read_text(encoding="utf-8"))
    site_name = _text(home, ".dl-hero h1") or "Deep Learning Roadmap"
    lead = _text(home, ".dl-hero__lead")
    canonical = home.css_first('link[rel="canonical"]')
    address = canonical.attributes.get("href") if canonical is not None else ""
    today = datetime.date.today().isoformat()
    contents = "\n".join(
        f'<li><a href="#{section.slug}">{html.escape(section.title)}</a></li>' for section in sections
    )
    links = "\n".join(f'<link rel="stylesheet" href="{html.escape(href)}">' for href in stylesheets)
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(site_name)}</title>
{links}
<style>{EDITION_CSS}</style>
</head>
<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="custom" data-md-color-accent="custom">
<div class="md-typeset dl-print">
<section class="dl-print-title">
<h1>{html.escape(site_name)}</h1>
<p>{html.escape(lead)}</p>
<p>{len(sections)} sections · edition of {today}<br><a href="{html.escape(address)}">{html.escape(address)}</a></p>
</section>
<nav class="dl-print-toc" aria-labelledby="dl-print-toc-title">
<h2 id="dl-print-toc-title">Contents</h2>
<ol>
{contents}
</ol>
</nav>
{"".join(section.html for section in sections)}
</div>
</body>
</html>
"""
    return page, sections


def _text(tree: LexborHTMLParser, selector: str) -> str:
    node = tree.css_first(selector)
    return node.text(deep=True).strip() if node is not None else ""


def render(site: Path, output: Path, browser=None) -> list[Section]:
    """Write the PDF edition of the built `site` to `output`; return its sections. `browser`: a
    Playwright Chromium already running (the test suite's), else this starts the project's own."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with local_server.serve_directory(site) as served:
        served = served.rstrip("/") + "/"
        document, sections = print_page(site, served)
        if browser is not None:
            refused = _print(browser, served, document, output)
        else:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                own = playwright.chromium.launch(executable_path=chromium.executable(), args=chromium.FLAGS)
                try:
                    refused = _print(own, served, document, output)
                finally:
                    own.close()
        if refused:
            raise SystemExit(f"the print page asked other hosts for: {refused}")
    return sections


def _print(browser, served: str, document: str, output: Path) -> list[str]:
    """Print `document` as if it were at `served`/PRINT_PAGE; return what it asked other hosts for."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(served))
    refused: list[str] = []

    def only_this_site(route):
        url = route.request.url
        if url == served + PRINT_PAGE:
            route.fulfill(body=document, content_type="text/html; charset=utf-8")
        elif url.startswith(origin + "/") or url.startswith("data:"):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    context = browser.new_context(color_scheme="light")
    try:
        context.route("**/*", only_this_site)
        page = context.new_page()
        page.goto(served + PRINT_PAGE, wait_until="load")
        page.pdf(
            path=str(output),
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=(
                '<div style="width:100%;font-size:8px;color:#555;text-align:center">'
                '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
            ),
            margin={"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
            outline=TAGGED,  # Chromium builds the outline from the tags
            tagged=TAGGED,
        )
    finally:
        context.close()
    return refused


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--output", type=Path, help=f"where to write the PDF (default: SITE/{workbench.PDF_PATH})")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    output = (args.output or site / workbench.PDF_PATH).resolve()
    started = time.perf_counter()
    sections = render(site, output)
    size = output.stat().st_size
    if output == (site / workbench.PDF_PATH).resolve():
        workbench.fill_sizes(site, workbench.PDF_PATH, size)  # the home page and every section page
    print(
        f"PDF edition: {output} ({workbench.human_size(size)}, {len(sections)} sections) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
