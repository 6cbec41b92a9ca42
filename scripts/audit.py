#!/usr/bin/env python3
"""Lighthouse audit of every page, mobile and desktop, against the site's budgets.

    .venv/bin/python scripts/audit.py                      # build, serve, audit every page
    .venv/bin/python scripts/audit.py --page / --page roadmap/prerequisites/ --form-factor mobile

Builds the site (strict), serves it gzip-compressed on 127.0.0.1 like GitHub Pages does, runs the
Lighthouse pinned in package-lock.json (node_modules/, with CHROME_PATH pointing at the installed
Chromium; nothing is downloaded), prints one table row per page and form factor, and exits 1 when a
page misses a budget: performance >= 0.98; accessibility, best practices and SEO = 1.00; no request
to a third-party host. `--summary FILE` appends the table as Markdown (the workflow's job summary).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import chromium  # scripts/chromium.py: the project's Chromium flags
from local_server import QuietHandler, serve_directory
import validate  # scripts/validate.py: the project's strict build

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
BUDGETS = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


# --- Build and serve --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build(site_dir: Path, site_url: str) -> None:
    """Strict build with `site_url` set to the audited origin, so canonical links point at the page
    Lighthouse loads (in production they point at the production origin, which is the page itself)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    ok, problems = validate.strict_build(ROOT, site_dir, site_url=site_url)
    if not ok:
        sys.exit("audit: the strict build failed:\n" + "\n".join(problems))


class CompressedHandler(QuietHandler):
    """Static files with gzip and a short cache lifetime, as GitHub Pages serves them.
    (The page-weight tests subclass it, at the compression level a typical host uses.)"""

    compresslevel = 9

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the trailing slash
            path = path / "index.html"
        if path.suffix not in COMPRESSIBLE or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = _gzipped(str(path), path.stat().st_mtime, self.compresslevel)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


@functools.lru_cache(maxsize=None)
def _gzipped(path: str, mtime: float, level: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=level, mtime=0)


def page_paths(site_dir: Path) -> list[str]:
    """Every page the sitemap lists (what readers and crawlers reach), as paths under the site root."""
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ElementTree.parse(site_dir / "sitemap.xml")
    return [urlsplit(loc.text.strip()).path.lstrip("/") for loc in tree.findall("s:url/s:loc", namespace)]


# --- Lighthouse ---------------------------------------------------------------------


@dataclass
class Result:
    page: str
    form_factor: str
    scores: dict[str, float]
    fcp_ms: float
    lcp_ms: float
    tbt_ms: float
    cls: float
    bytes: int
    requests: int
    third_party_hosts: list[str]
    failing_audits: dict[str, list[str]]  # category -> ids of its weighted audits that did not pass

    def misses(self) -> list[str]:
        """Every budget of an audited category that the page missed, and any third-party host."""
        missed = [
            f"{name} {self.scores[name] or 0:.2f} < {budget:.2f} ({', '.join(self.failing_audits[name])})"
            for name, budget in BUDGETS.items()
            if name in self.scores and (self.scores[name] or 0) < budget
        ]
        if self.third_party_hosts:
            missed.append("third-party hosts: " + ", ".join(self.third_party_hosts))
        return missed


def chrome_path() -> str:
    for candidate in (os.environ.get("CHROME_PATH"), "/usr/bin/chromium", shutil.which("chromium"), shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("audit: no Chromium found; set CHROME_PATH (Debian: apt-get install chromium)")


def lighthouse(url: str, form_factor: str, report: Path, categories: list[str] = CATEGORIES) -> dict:
    if not LIGHTHOUSE.exists():
        sys.exit("audit: Lighthouse is not installed; run `npm ci --ignore-scripts` (package-lock.json pins it)")
    command = [
        "node", str(LIGHTHOUSE), url,
        "--quiet", "--output=json", f"--output-path={report}",
        "--only-categories=" + ",".join(categories),
        "--chrome-flags=" + " ".join(chromium.FLAGS),
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chrome_path()}, timeout=240)
    return json.loads(report.read_text())


def summarise(page: str, form_factor: str, lhr: dict, origin_host: str) -> Result:
    if lhr.get("runtimeError"):
        raise RuntimeError(f"{page} ({form_factor}): {lhr['runtimeError']}")
    audits = lhr["audits"]
    requests = audits["network-requests"]["details"]["items"]
    hosts = {urlsplit(item["url"]).hostname for item in requests if item["url"].startswith(("http:", "https:"))}
    return Result(
        page="/" + page,
        form_factor=form_factor,
        scores={name: lhr["categories"][name]["score"] for name in CATEGORIES if name in lhr["categories"]},
        fcp_ms=audits["first-contentful-paint"]["numericValue"],
        lcp_ms=audits["largest-contentful-paint"]["numericValue"],
        tbt_ms=audits["total-blocking-time"]["numericValue"],
        cls=audits["cumulative-layout-shift"]["numericValue"],
        bytes=int(audits["total-byte-weight"]["numericValue"]),
        requests=len(requests),
        third_party_hosts=sorted(host for host in hosts if host and host != origin_host),
        failing_audits={
            name: [
                ref["id"]
                for ref in lhr["categories"][name]["auditRefs"]
                if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
            ]
            for name in CATEGORIES
            if name in lhr["categories"]
        },
    )


# --- Report --------------------------------------------------------------------------

HEADER = ["page", "form", "perf", "a11y", "best", "seo", "FCP ms", "LCP ms", "TBT ms", "CLS", "KiB", "req", "3rd-party"]


def row(result: Result) -> list[str]:
    return [
        result.page, result.form_factor,
        *(f"{result.scores[name]:.2f}" if name in result.scores else "-" for name in CATEGORIES),
        f"{result.fcp_ms:.0f}", f"{result.lcp_ms:.0f}", f"{result.tbt_ms:.0f}", f"{result.cls:.3f}",
        f"{result.bytes / 1024:.1f}", str(result.requests), ", ".join(result.third_party_hosts) or "0",
    ]


def text_table(results: list[Result]) -> str:
    rows = [HEADER, *(row(result) for result in results)]
    widths = [max(len(cells[i]) for cells in rows) for i in range(len(HEADER))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip() for cells in rows)


def markdown_table(results: list[Result], failures: list[str]) -> str:
    lines = ["## Lighthouse", "", "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row(result)) + " |" for result in results]
    lines += ["", "**Budgets missed:**", *(f"- {failure}" for failure in failures)] if failures else ["", "All budgets met."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", action="append", help="path under the site root (repeatable); default: every page")
    parser.add_argument("--form-factor", choices=["mobile", "desktop", "both"], default="both")
    parser.add_argument("--summary", type=Path, help="append the table as Markdown to this file")
    parser.add_argument("--json", type=Path, help="write every result as JSON to this file")
    args = parser.parse_args()

    port = free_port()
    origin = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory(prefix="audit-") as scratch:
        site_dir = Path(scratch) / "site"
        build(site_dir, origin)
        with serve_directory(site_dir, CompressedHandler, port):
            pages = args.page or page_paths(site_dir)
            form_factors = ["mobile", "desktop"] if args.form_factor == "both" else [args.form_factor]
            results = []
            for page in pages:
                for form_factor in form_factors:
                    lhr = lighthouse(origin + page.lstrip("/"), form_factor, Path(scratch) / "report.json")
                    results.append(summarise(page.lstrip("/"), form_factor, lhr, "127.0.0.1"))
                    print(f"audited /{page.lstrip('/')} ({form_factor})", file=sys.stderr, flush=True)

    failures = [f"{r.page} ({r.form_factor}): {miss}" for r in results for miss in r.misses()]
    print(text_table(results))
    print("\n" + ("\n".join(["Budgets missed:", *failures]) if failures else "All budgets met."))
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as summary:
            summary.write(markdown_table(results, failures))
    if args.json:
        args.json.write_text(json.dumps([result.__dict__ for result in results], indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
