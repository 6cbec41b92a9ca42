"""The learner's workbench: where a section's notebook can be downloaded or opened, and how big it is.

Pure module (no MkDocs imports): the hooks call it, the tests call it directly.

Colab opens a notebook from a GitHub path, never from our site, so the "Open in Colab" link points
at the copy the deploy workflow commits to the `notebooks` branch of the repository named by
`repo_url` in mkdocs.yml. Address form: https://colab.research.google.com/github/<owner>/<repo>/blob/<branch>/<path>.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

NOTEBOOKS_BRANCH = "notebooks"  # .github/workflows/deploy.yml publishes the generated notebooks here
COLAB_GITHUB = "https://colab.research.google.com/github/"


def github_repository(repo_url: str | None) -> tuple[str, str] | None:
    """(owner, repository) of a https://github.com/<owner>/<repo> address; None for anything else
    (no repo_url, another host, or a deeper path), since Colab only opens notebooks from GitHub."""
    if not repo_url:
        return None
    parts = urlsplit(repo_url.strip())
    segments = [segment for segment in parts.path.split("/") if segment]
    if parts.scheme != "https" or parts.hostname not in ("github.com", "www.github.com") or len(segments) != 2:
        return None
    owner, repository = segments
    return owner, repository.removesuffix(".git")


def colab_url(repo_url: str | None, notebook_name: str, branch: str = NOTEBOOKS_BRANCH) -> str | None:
    """Colab address of `notebook_name` (e.g. "transformers.ipynb") on `branch`, or None without a GitHub repository."""
    repository = github_repository(repo_url)
    if repository is None:
        return None
    owner, name = repository
    return f"{COLAB_GITHUB}{quote(owner)}/{quote(name)}/blob/{quote(branch)}/{quote(notebook_name)}"


def human_size(size: int) -> str:
    """A file size as readers expect it beside a download link: "840 B", "38 KB", "2.4 MB" (powers of 1000,
    as browsers and operating systems show downloads)."""
    if size < 1000:
        return f"{size} B"
    if size < 1000 * 1000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1000 / 1000:.1f} MB"


# --- Editions made after the build (scripts/build_pdf.py, scripts/offline_edition.py) -----------

PDF_PATH = "downloads/deep-learning-roadmap.pdf"  # site path of the PDF edition
OFFLINE_PATH = "downloads/deep-learning-roadmap-offline.zip"  # the offline edition (scripts/offline_edition.py)
EDITION_PATHS = {"pdf": PDF_PATH, "offline": OFFLINE_PATH}
# Comma-separated names of EDITION_PATHS that the command running this build makes after it ("pdf,offline" in dev.py build).
EDITIONS_VARIABLE = "ROADMAP_EDITIONS"


def requested_editions(environ) -> dict[str, str]:
    """Editions the home page links: only those the command that runs this build will also make, so a
    plain `mkdocs build` or `serve` never links a file that is not there. Name -> site path."""
    names = {name.strip() for name in environ.get(EDITIONS_VARIABLE, "").split(",") if name.strip()}
    return {name: path for name, path in EDITION_PATHS.items() if name in names}


def size_slot(site_path: str) -> str:
    """The empty element the home page and each section page hold for a download's size until the
    file exists."""
    return f'<span class="dl-download__size" data-size-of="{site_path}"></span>'


def fill_size(html: str, site_path: str, size: int) -> str:
    """`html` with the size slot of `site_path` filled in; an error if the page has no such slot."""
    slot = size_slot(site_path)
    if slot not in html:
        raise ValueError(f"no size slot for {site_path} in the page")
    return html.replace(slot, slot.replace("></span>", f">{human_size(size)}</span>"))


def fill_sizes(site: Path, site_path: str, size: int) -> int:
    """Fill the size of the download at `site_path` into every page of the built `site` that links it
    (the home page and the section pages); the number of pages filled. The home page must be one."""
    filled = 0
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if size_slot(site_path) in text:
            page.write_text(fill_size(text, site_path, size), encoding="utf-8")
            filled += 1
        elif page == site / "index.html":
            raise ValueError(f"no size slot for {site_path} in the home page")
    return filled
