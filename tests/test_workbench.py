"""The learner's workbench (issue 15): notebook links on section pages, and the PDF edition.

The PDF is rendered once for the whole module, from the session's built site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import build_pdf
import pytest
import workbench
import yaml
from conftest import ROOT, SEED
from pypdf import PdfReader
from selectolax.lexbor import LexborHTMLParser
from seed import read_seed

SECTION_ORDER = [name.removesuffix(".md") for name in yaml.safe_load((ROOT / "docs/roadmap/.nav.yml").read_text())["nav"]]
REPO_URL = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["repo_url"]
COLAB_RE = re.compile(
    r"https://colab\.research\.google\.com/github/(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+)/blob/notebooks/(?P<name>[a-z-]+\.ipynb)"
)
# 279 pages and 3.8 MB when written (about 14 KB a page: text, fonts subset once, no images). The
# bound leaves room for the content to grow by half, and fails if the PDF starts embedding something
# heavy (Chromium's tagged output, uncompressed, made the same document 14.8 MB).
PDF_MAX_BYTES = 6_000_000


def _page(site: Path, slug: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / "roadmap" / slug / "index.html").read_text(encoding="utf-8"))


def _has_python(slug: str) -> bool:
    return "```python" in (ROOT / "docs" / "roadmap" / f"{slug}.md").read_text(encoding="utf-8")


# --- Pure helpers ---------------------------------------------------------------------------------


def test_colab_url_from_a_github_repo_url():
    url = workbench.colab_url("https://github.com/owner/some.repo/", "transformers.ipynb")
    assert url == "https://colab.research.google.com/github/owner/some.repo/blob/notebooks/transformers.ipynb"
    assert workbench.colab_url("https://github.com/owner/repo.git", "a.ipynb").endswith("/owner/repo/blob/notebooks/a.ipynb")


@pytest.mark.parametrize("repo_url", [None, "", "https://gitlab.com/owner/repo", "http://github.com/owner/repo", "https://github.com/owner"])
def test_no_colab_url_without_a_github_repository(repo_url):
    assert workbench.colab_url(repo_url, "a.ipynb") is None


def test_human_sizes():
    assert [workbench.human_size(n) for n in (999, 38_400, 3_765_575)] == ["999 B", "38 KB", "3.8 MB"]


def test_fill_size_fills_the_slot_and_refuses_a_page_without_one():
    page = f"<p>PDF {workbench.size_slot('downloads/x.pdf')}</p>"
    assert workbench.fill_size(page, "downloads/x.pdf", 2_500_000) == (
        '<p>PDF <span class="dl-download__size" data-size-of="downloads/x.pdf">2.5 MB</span></p>'
    )
    with pytest.raises(ValueError):
        workbench.fill_size("<p>no slot</p>", "downloads/x.pdf", 1)


def test_fill_sizes_fills_the_home_page_and_every_section_that_links_the_download(tmp_path):
    """The PDF and the zip are linked from the home page and from every section page (partials/
    downloads.html, partials/workbench.html), each with its size once the file exists."""
    slot = workbench.size_slot("downloads/x.pdf")
    (tmp_path / "roadmap" / "cnn").mkdir(parents=True)
    (tmp_path / "glossary").mkdir()
    (tmp_path / "index.html").write_text(f"<p>PDF {slot}</p>", encoding="utf-8")
    (tmp_path / "roadmap" / "cnn" / "index.html").write_text(f"<p>{slot}</p>", encoding="utf-8")
    (tmp_path / "glossary" / "index.html").write_text("<p>no download here</p>", encoding="utf-8")
    assert workbench.fill_sizes(tmp_path, "downloads/x.pdf", 3_765_575) == 2
    for page in ("index.html", "roadmap/cnn/index.html"):
        assert 'data-size-of="downloads/x.pdf">3.8 MB</span>' in (tmp_path / page).read_text(encoding="utf-8")
    assert (tmp_path / "glossary" / "index.html").read_text(encoding="utf-8") == "<p>no download here</p>"
    (tmp_path / "index.html").write_text("<p>the home page lost its slot</p>", encoding="utf-8")
    with pytest.raises(ValueError, match="home page"):
        workbench.fill_sizes(tmp_path, "downloads/x.pdf", 1)


def test_the_home_page_links_the_pdf_only_when_the_build_makes_it():
    assert workbench.requested_editions({}) == {}
    assert workbench.requested_editions({"ROADMAP_EDITIONS": "pdf"}) == {"pdf": workbench.PDF_PATH}


# --- Section pages --------------------------------------------------------------------------------


def test_repo_url_is_a_github_repository():
    assert workbench.github_repository(REPO_URL), f"mkdocs.yml repo_url {REPO_URL!r}: Colab links need a GitHub repository"


@pytest.mark.parametrize("slug", SECTION_ORDER)
def test_section_page_links_its_notebook_and_colab(built_site, slug):
    workbench_links = _page(built_site, slug).css(".dl-workbench a")
    if not _has_python(slug):
        assert workbench_links == [], f"{slug} has no code, so no notebook to offer"
        return
    download, colab = workbench_links
    assert download.text().strip() == "Download notebook"
    assert download.attributes.get("download") == f"{slug}.ipynb"
    notebook = (built_site / "roadmap" / slug / "index.html").parent / download.attributes["href"]
    book = json.loads(notebook.resolve().read_text(encoding="utf-8"))  # the link resolves to a real notebook
    assert book["nbformat"] == 4 and book["cells"]
    size = _page(built_site, slug).css_first(".dl-workbench__size").text()
    assert workbench.human_size(notebook.resolve().stat().st_size) in size
    assert colab.text().strip() == "Open in Colab"
    match = COLAB_RE.fullmatch(colab.attributes["href"])
    assert match, colab.attributes["href"]
    owner, repo = workbench.github_repository(REPO_URL)
    assert (match["owner"], match["repo"], match["name"]) == (owner, repo, f"{slug}.ipynb")


def test_notebook_links_load_nothing_from_other_hosts(page, site_url):
    """The links are plain navigation: a section page with them requests nothing from Colab or GitHub
    (the page fixture fails the test on any foreign request)."""
    page.goto(urljoin(site_url, "roadmap/transformers/"))
    links = page.locator(".dl-workbench a")
    assert links.count() == 2
    assert all(urlsplit(url).hostname == urlsplit(site_url).hostname for url in page.watch.requests)


def test_plain_build_does_not_link_a_pdf_it_has_not_made(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert workbench.PDF_PATH not in home


# --- The PDF edition (one render) -------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf(built_site, browser, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("pdf") / "edition.pdf"
    build_pdf.render(built_site, output, browser)
    return output


@pytest.fixture(scope="module")
def pdf_pages(pdf) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(pdf).pages]


@pytest.fixture(scope="module")
def pdf_text(pdf_pages) -> str:
    return " ".join(pdf_pages)


def _titles() -> list[str]:
    return [section.title for section in read_seed(SEED)]


def test_pdf_has_every_section_title_in_roadmap_order_each_from_a_new_page(pdf_pages):
    """Each section starts a page with its title, then its summary line, in roadmap order, after the
    title page and the contents (the site's section layout: title first)."""
    titles = _titles()
    assert len(titles) == 14
    starts = []
    for number, title in enumerate(titles, start=1):
        found = [index for index, text in enumerate(pdf_pages) if text.startswith(title) and f"Section {number} of 14 " in text[:300]]
        assert found, f"no page starts section {number}, {title!r}"
        starts.append(found[0])
    assert starts[0] >= 2 and starts == sorted(starts)
    assert pdf_pages[1].startswith("Contents") and all(title in pdf_pages[1] for title in titles)


def test_pdf_contents_link_to_every_section_inside_the_document(pdf):
    reader = PdfReader(pdf)
    destinations = {
        annotation.get_object().get("/Dest")
        for page in reader.pages[:3]
        for annotation in page.get("/Annots") or []
    }
    named = set(reader.named_destinations)
    for slug in SECTION_ORDER:
        assert f"/{slug}" in destinations, f"contents have no link to {slug}"
        assert f"/{slug}" in named, f"no destination for {slug} in the PDF"


@pytest.mark.parametrize("section", read_seed(SEED), ids=lambda s: f"{s.number}-{s.title}")
def test_pdf_has_every_seed_topic(pdf_text, section):
    lowered = pdf_text.lower()
    missing = [term for term in section.terms if term.lower() not in lowered]
    assert not missing, f"{section.title}: seed topics not in the PDF: {missing}"


def test_pdf_has_formulas_code_resource_addresses_and_answers(pdf_text, built_site):
    assert "∂" in pdf_text and "∑" in pdf_text  # MathML rendered, not TeX source
    assert "\\frac" not in pdf_text
    assert "import torch" in pdf_text
    assert "(https://arxiv.org/abs/1706.03762)" in pdf_text  # a resource's address, printed after its link
    # A self-check answer (inside a closed <details> on the page) is in the PDF.
    # Its longest run of words between formulas, since text extracted from MathML is spaced differently.
    answer = _page(built_site, "neural-network-basics").css_first("details.question > p")
    for formula in answer.css("math"):
        formula.replace_with("|")
    words = max((re.sub(r"\s+", " ", part).strip() for part in answer.text().split("|")), key=len)
    assert len(words) > 40 and words in pdf_text


def test_pdf_size_is_bounded(pdf, perf_report):
    size = pdf.stat().st_size
    pages = len(PdfReader(pdf).pages)
    perf_report(f"PDF edition: {size / 1e6:.1f} MB, {pages} pages")
    assert size < PDF_MAX_BYTES
