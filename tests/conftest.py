"""Shared fixtures: the built site, a local server for it, a browser, and throwaway project copies."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "overrides" / "hooks"
SEED = ROOT / "tests" / "data" / "seed-roadmap.md"

# The hooks' pure modules and the scripts' helpers are imported directly by the tests.
sys.path.insert(0, str(HOOKS))
sys.path.insert(0, str(ROOT / "scripts"))

import chromium  # noqa: E402  (needs the path above)
import local_server  # noqa: E402
import validate  # noqa: E402

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


# --- Building ------------------------------------------------------------------


def build_site(project: Path, site_dir: Path, **overrides) -> tuple[bool, str]:
    """Build `project` with its mkdocs.yml (strict), optionally overriding config keys such as
    site_url. Return (succeeded, warnings and errors logged). The same build as scripts/validate.py."""
    ok, lines = validate.strict_build(project, site_dir, **overrides)
    return ok, "\n".join(lines)


@pytest.fixture(scope="session")
def _site_server(tmp_path_factory):
    """A local server on a free port, for a site folder that is filled once the port is known."""
    site = tmp_path_factory.mktemp("site")
    with local_server.serve_directory(site) as url:
        yield site, url


@pytest.fixture(scope="session")
def built_site(_site_server) -> Path:
    """The real site, built once per test session with --strict semantics.

    It is built for the address it is served at, as production is: Material's instant navigation
    only follows links whose host and port match the sitemap, so this is what lets the browser
    tests exercise instant navigation instead of plain page loads.
    """
    site, url = _site_server
    ok, log = build_site(ROOT, site, site_url=url)
    assert ok, f"strict build failed:\n{log}"
    return site


def copy_project(folder: Path) -> Path:
    """A throwaway copy of the site sources inside `folder`, for tests that break things on purpose."""
    copy = folder / "project"
    copy.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    shutil.copy(ROOT / "CONTRIBUTING.md", copy / "CONTRIBUTING.md")  # included by docs/contributing/guide.md
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.fixture
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path)


# --- Serving -------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_url(_site_server, built_site) -> str:
    """Base URL of the built site served on 127.0.0.1 (random free port)."""
    return _site_server[1]


# --- Browser -------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium.executable()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=chromium.FLAGS)
        yield browser
        browser.close()


class PageWatch:
    """What a page did that a test may forbid: requests to other hosts, console errors."""

    def __init__(self, allowed_origin: str) -> None:
        self.allowed_origin = allowed_origin
        self.foreign_requests: list[str] = []
        self.console_errors: list[str] = []
        self.requests: list[str] = []


def _also_loaded(page, navigate):
    def navigate_until_loaded(*args, **kwargs):
        response = navigate(*args, **kwargs)
        page.wait_for_load_state("load")
        return response
    return navigate_until_loaded


@pytest.fixture
def page(browser, site_url, request):
    """A fresh browser page that blocks and records every request to a host other than the local server.

    After the test it fails on any such request and on any console error, unless the test is marked
    `console_errors_expected` (it provokes one on purpose); foreign requests are never allowed.
    Parametrize it indirectly with browser-context options, e.g. `{"color_scheme": "dark"}`.
    """
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
    watch = PageWatch(origin)
    context = browser.new_context(**getattr(request, "param", {}))

    def guard(route):
        url = route.request.url
        watch.requests.append(url)
        if url.startswith(origin + "/") or url == origin or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            watch.foreign_requests.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    # "networkidle" can come while a long page is still being parsed: its assets were all fetched
    # early, and parsing to the scripts at its end can take longer than networkidle's 500 ms quiet on
    # a busy machine. A test reads the page a reader sees, so every navigation also waits for "load".
    page.goto, page.reload = _also_loaded(page, page.goto), _also_loaded(page, page.reload)
    page.on("console", lambda message: message.type == "error" and watch.console_errors.append(f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: watch.console_errors.append(str(error)))
    page.watch = watch
    yield page
    context.close()
    assert watch.foreign_requests == [], f"requests to other hosts: {watch.foreign_requests}"
    if not request.node.get_closest_marker("console_errors_expected"):
        assert watch.console_errors == [], f"console errors: {watch.console_errors}"


# --- Measurements ----------------------------------------------------------------

_measurements: list[str] = []


@pytest.fixture
def perf_report():
    """Record a measured number (page weight, timings) to print at the end of the run."""
    return _measurements.append


def pytest_terminal_summary(terminalreporter):
    if _measurements:
        terminalreporter.section("measurements")
        for line in _measurements:
            terminalreporter.write_line(line)


def pytest_collection_modifyitems(session, config, items):
    """The CSS-purge proof (tests/test_css_purge.py) runs first. In full-suite runs, after the test files
    before it, one rendering of a page now and then came out with Material's script state unlike the
    other's (sidebars left unsized, a tooltip mid-way) while the same proof run alone never did; the
    cause is not found yet. A stable sort keeps every other test in its order."""
    items.sort(key=lambda item: item.module.__name__ != "test_css_purge")
