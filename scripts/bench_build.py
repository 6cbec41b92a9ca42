#!/usr/bin/env python3
"""How the build scales: strict build time, search-index size and largest page at 1x, 10x, 100x content.

    .venv/bin/python scripts/bench_build.py                 # 1x, 10x, 100x
    .venv/bin/python scripts/bench_build.py --scale 1 --scale 10 --profile 10 --search 10

The synthetic copies live in a temporary directory and are deleted afterwards. A copy at scale k
holds the real site plus k-1 clones of every roadmap section (`<slug>-x<i>.md`, prerequisites
pointing at the same clone's sections, so the roadmap graph keeps its shape), listed in the
roadmap's .nav.yml. Each build runs in a fresh process, so nothing is warm from the previous one.

`--profile K` profiles the K-times build and lists the slowest hook functions (overrides/hooks/),
the place to look for anything that grows faster than the content. `--search K` serves the K-times
site on 127.0.0.1 and measures, in Chromium, the time from the last keystroke of a query to the
rendered results.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import chromium  # scripts/chromium.py: the project's Chromium flags
from local_server import serve_directory

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = "docs/roadmap"
FRONT_MATTER_RE = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n", re.S)
COPY_IGNORE = [".git", ".venv", ".tools", "node_modules", "site", "__pycache__", ".pytest_cache", "*.pyc"]
QUERIES = ["gradient", "attention", "convolution", "overfitting", "embedding"]


# --- Synthetic content ------------------------------------------------------------------


def make_project(scale: int, target: Path) -> int:
    """Copy the site sources into `target` with `scale` times the roadmap sections; return the page count."""
    # The whole working tree (snippets include files from the repository root), minus tools and output.
    shutil.copytree(ROOT, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*COPY_IGNORE))
    sections = target / SECTIONS
    originals = sorted(path for path in sections.glob("*.md") if not path.name.startswith("_"))
    slugs = [path.stem for path in originals]
    nav_file = sections / ".nav.yml"
    nav = nav_file.read_text()
    clone_entries = []
    for copy in range(1, scale):
        for path in originals:
            clone = sections / f"{path.stem}-x{copy}.md"
            clone.write_text(_clone_page(path.read_text(), slugs, copy))
            clone_entries.append(f"  - {clone.name}\n")
    nav_file.write_text(nav.rstrip("\n") + "\n" + "".join(clone_entries))
    return len(list((target / "docs").rglob("*.md")))


def _clone_page(text: str, slugs: list[str], copy: int) -> str:
    """The page as clone number `copy`: a distinct title, prerequisites renamed to the same clone."""
    import yaml

    match = FRONT_MATTER_RE.match(text)
    front = yaml.safe_load(match.group("yaml"))
    front["title"] = f"{front['title']} (copy {copy})"
    front["prerequisites"] = [f"{slug}-x{copy}" if slug in slugs else slug for slug in front.get("prerequisites") or []]
    return f"---\n{yaml.safe_dump(front, sort_keys=False, allow_unicode=True)}---\n{text[match.end():]}"


# --- Build ------------------------------------------------------------------------------


@dataclass
class Measurement:
    scale: int
    pages: int
    seconds: float
    search_index_bytes: int
    largest_page: str
    largest_page_bytes: int
    site_bytes: int


def build(project: Path, site: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=project, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return time.perf_counter() - started


def measure(scale: int, scratch: Path) -> Measurement:
    """Scale 0 is the real checkout built in place (with git history for the page dates);
    scale k >= 1 is a copy with k times the sections (no .git: dates fall back to the build date)."""
    if scale == 0:
        project, pages = ROOT, len(list((ROOT / "docs").rglob("*.md")))
    else:
        project = scratch / f"project-{scale}x"
        project.mkdir()
        pages = make_project(scale, project)
    site = scratch / f"site-{scale}x"
    seconds = build(project, site)
    html = [(path.stat().st_size, path) for path in site.rglob("*.html")]
    largest_bytes, largest = max(html)
    return Measurement(
        scale, pages, seconds,
        (site / "search" / "search_index.json").stat().st_size,
        largest.relative_to(site).as_posix(), largest_bytes,
        sum(path.stat().st_size for path in site.rglob("*") if path.is_file()),
    )


def profile(scale: int, scratch: Path, top: int = 15) -> str:
    """Profile one in-process build; the hook functions sorted by their own total time."""
    project = scratch / f"profile-{scale}x"
    project.mkdir()
    make_project(scale, project)
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    previous = os.getcwd()
    os.chdir(project)
    profiler = cProfile.Profile()
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(scratch / f"profile-site-{scale}x"))
        profiler.enable()
        mkdocs_build(config)
        profiler.disable()
    finally:
        os.chdir(previous)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"overrides/hooks/", top)
    out.write("\n--- everything, by cumulative time ---\n")
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# --- Search in the browser ------------------------------------------------------------


def search_latency(site: Path) -> dict[str, float]:
    """Median and worst time from the last keystroke of a query to rendered results, plus index load."""
    from playwright.sync_api import sync_playwright

    executable = chromium.executable()
    with serve_directory(site) as url:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=chromium.FLAGS)
            # The policy forbids eval, which Playwright's wait_for_function uses; search speed is what's measured here.
            page = browser.new_page(bypass_csp=True)
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
            page.goto(url, wait_until="load")
            started = time.perf_counter()
            page.keyboard.press("/")
            page.keyboard.type("a")  # the worker has indexed once the first results (or "no results") show
            page.wait_for_function("document.querySelector('.md-search-result__meta')?.textContent.match(/\\d|No/)", timeout=60_000)
            ready = time.perf_counter() - started
            timings = []
            for query in QUERIES:
                page.fill(".md-search__input", query[:-1])
                page.wait_for_timeout(400)  # let the previous query's results settle
                page.evaluate(
                    """() => {
                      const list = document.querySelector('.md-search-result__list');
                      window.__searchDone = null;
                      new MutationObserver((changes, observer) => {
                        window.__searchDone = performance.now(); observer.disconnect();
                      }).observe(list, {childList: true});
                      window.__searchStart = performance.now();
                    }"""
                )
                page.keyboard.press(query[-1])
                page.wait_for_function("window.__searchDone !== null", timeout=10_000)
                timings.append(page.evaluate("window.__searchDone - window.__searchStart"))
            browser.close()
    return {"index_ready_s": ready, "median_ms": statistics.median(timings), "worst_ms": max(timings)}


# --- Report -------------------------------------------------------------------------------


def report(results: list[Measurement]) -> str:
    base = next((r for r in results if r.scale == 1), results[0])
    lines = [f"{'scale':>5} {'pages':>6} {'build s':>8} {'ms/page':>8} {'x time':>7} {'index KiB':>10} {'x index':>8} "
             f"{'site MiB':>9} {'largest page':>40} {'KiB':>8}"]
    for r in results:
        lines.append(
            f"{'real' if r.scale == 0 else str(r.scale) + 'x':>5} {r.pages:>6} {r.seconds:>8.2f} {1000 * r.seconds / r.pages:>8.1f} {r.seconds / base.seconds:>7.1f} "
            f"{r.search_index_bytes / 1024:>10.0f} {r.search_index_bytes / base.search_index_bytes:>8.1f} "
            f"{r.site_bytes / 2**20:>9.1f} {r.largest_page:>40} {r.largest_page_bytes / 1024:>8.0f}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append", help="content multiple (repeatable; 0 = the real checkout in place); default 0, 1, 10, 100")
    parser.add_argument("--profile", type=int, metavar="K", help="profile the K-times build")
    parser.add_argument("--search", type=int, metavar="K", help="measure search latency on the K-times site")
    args = parser.parse_args()
    scales = sorted(set(args.scale or [0, 1, 10, 100]))

    with tempfile.TemporaryDirectory(prefix="bench-") as scratch_name:
        scratch = Path(scratch_name)
        results = []
        for scale in scales:
            results.append(measure(scale, scratch))
            print(f"built {scale}x: {results[-1].pages} pages in {results[-1].seconds:.2f} s", file=sys.stderr, flush=True)
        print(report(results))
        if args.search:
            site = scratch / f"site-{args.search}x"
            if not site.exists():
                measure(args.search, scratch)
            latency = search_latency(site)
            print(f"\nsearch at {args.search}x: index ready {latency['index_ready_s']:.2f} s after first keystroke; "
                  f"query to results median {latency['median_ms']:.0f} ms, worst {latency['worst_ms']:.0f} ms "
                  f"({len(QUERIES)} queries)")
        if args.profile:
            print(f"\nprofile of the {args.profile}x build\n" + profile(args.profile, scratch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
