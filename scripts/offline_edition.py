#!/usr/bin/env python3
"""The offline edition: the whole site as a zip that works from disk (file://), no server, no network.

    python scripts/offline_edition.py [--site site] [--work .cache/offline-site]

A second strict build of the same sources with ROADMAP_OFFLINE=true (Material's offline plugin:
page links instead of directory URLs, the search index as a script; overrides/hooks/offline.py: the
site's own file:// search shim), then:

- pruned of what nothing opened from disk uses: 404.html (no server shows it, and its links are
  root-absolute), the sitemaps, search_index.json (file:// pages read search_index.js), the source
  maps, and lunr's language packs when the search language is English alone;
- checked: every link and asset address of every page leads to a file of the copy (no directory
  URL, no root-absolute path), and no link sends the reader to the online site for a page the copy has;
- zipped under one folder, deep-learning-roadmap/, with sorted entries and fixed timestamps (the same
  files give the same bytes), to SITE/downloads/deep-learning-roadmap-offline.zip, whose size the
  home page then shows (its link was asked for with ROADMAP_EDITIONS=offline, overrides/hooks/workbench.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))

import workbench  # noqa: E402  overrides/hooks/workbench.py

ENABLE_VARIABLE = "ROADMAP_OFFLINE"  # mkdocs.yml: `offline: enabled: !ENV [ROADMAP_OFFLINE, false]`
FOLDER = "deep-learning-roadmap"  # the one top-level folder of the zip
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold: no build time in the bytes
README = f"""Deep Learning Roadmap, offline edition

Open {FOLDER}/index.html in your web browser. Everything works from this folder, with no
connection: pages, search, formulas, the roadmap map, and your progress and notes (kept by the
browser for files opened from disk). Links to outside resources need a connection, of course.
"""

# Attributes that hold an address a browser follows or loads.
ADDRESS_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}
# <link rel> values that name an address without loading or following it.
NAMING_ONLY_RELS = {"canonical", "alternate"}


@dataclass(frozen=True)
class Problem:
    page: str  # path inside the offline copy
    address: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}: {self.address!r} {self.message}"


def build(work: Path, config: Path = ROOT / "mkdocs.yml") -> float:
    """Strict build of the offline edition into `work`; return the seconds it took."""
    env = {**os.environ, ENABLE_VARIABLE: "true", "NO_MKDOCS_2_WARNING": "1"}
    env.pop(workbench.EDITIONS_VARIABLE, None)  # the hooks link no edition from it anyway
    started = time.perf_counter()
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(work)]
    status = subprocess.call(command, env=env)
    if status:
        raise SystemExit(f"the offline edition's build failed (exit status {status}; MkDocs said why above)")
    return time.perf_counter() - started


def prune(work: Path) -> list[str]:
    """Remove what nothing opened from disk uses; return the removed paths."""
    removed = ["404.html", "sitemap.xml", "sitemap.xml.gz"]
    index = work / "search" / "search_index.json"
    if index.exists():
        languages = json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", [])
        if languages == ["en"]:  # the search worker loads lunr's packs for other languages only
            removed.append("assets/javascripts/lunr")
        removed.append("search/search_index.json")
    removed += sorted(path.relative_to(work).as_posix() for path in work.rglob("*.map"))
    for name in removed:
        path = work / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    return removed


def check(work: Path, site_url: str | None) -> list[Problem]:
    """Every address of every page that must work from file://, with what is wrong with it."""
    problems = []
    online = (site_url or "").rstrip("/") + "/" if site_url else None
    for page in sorted(work.rglob("*.html")):
        where = page.relative_to(work).as_posix()
        document = LexborHTMLParser(page.read_text(encoding="utf-8"))
        for tag, attribute in ADDRESS_ATTRIBUTES.items():
            for node in document.css(f"{tag}[{attribute}]"):
                address = node.attributes.get(attribute) or ""
                rels = set((node.attributes.get("rel") or "").split())
                if tag == "link" and rels & NAMING_ONLY_RELS:
                    continue
                if problem := _address_problem(work, page, address, online):
                    problems.append(Problem(where, address, problem))
    return problems


def _address_problem(work: Path, page: Path, address: str, online: str | None) -> str | None:
    parts = urlsplit(address)
    if parts.scheme or address.startswith("//"):
        if online and address.startswith(online):
            return "leads to the online site; the offline copy must link its own page"
        return None  # an outside resource: a link the reader follows when online
    if not parts.path:
        return None  # "#anchor" or "?query" on the same page
    if parts.path.startswith("/"):
        return "is root-absolute: from disk it means the root of the reader's file system"
    if parts.path.endswith("/"):
        return "is a directory URL: from disk it shows a file listing, not the page"
    target = (page.parent / unquote(parts.path)).resolve()
    if not target.is_file() or not target.is_relative_to(work.resolve()):
        return "leads to no file of the offline copy"
    return None


def package(work: Path, archive: Path) -> int:
    """Zip `work` under FOLDER/ with a README, deterministically; return the zip's size in bytes."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(path for path in work.rglob("*") if path.is_file())
    partial = archive.with_name(archive.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        _add(bundle, "README.txt", README.encode("utf-8"))
        for path in files:
            _add(bundle, f"{FOLDER}/{path.relative_to(work).as_posix()}", path.read_bytes())
    partial.replace(archive)  # never a half-written zip where the site links one
    return archive.stat().st_size


def _add(bundle: zipfile.ZipFile, name: str, data: bytes) -> None:
    entry = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16  # rw-r--r-- whatever the build machine's umask
    entry.create_system = 3  # Unix, so the mode above is read as one
    bundle.writestr(entry, data, compresslevel=9)


def online_address(work: Path) -> str | None:
    """The online site's address (mkdocs.yml site_url), as the copy's home page names it in its
    canonical link."""
    home = LexborHTMLParser((work / "index.html").read_text(encoding="utf-8"))
    canonical = home.css_first('link[rel="canonical"]')
    address = canonical.attributes.get("href") if canonical is not None else None
    return urljoin(address, ".") if address else None


def make(site: Path, work: Path, config: Path = ROOT / "mkdocs.yml") -> dict[str, float | int]:
    """Build, prune, check and zip the edition into `site`, and show its size on `site`'s home page
    when that page asked for it. Returns the measurements."""
    seconds = build(work, config)
    prune(work)
    if problems := check(work, online_address(work)):
        listing = "\n".join(f"  {problem}" for problem in problems)
        raise SystemExit(f"{len(problems)} address(es) of the offline edition would not work from disk:\n{listing}")
    archive = site / workbench.OFFLINE_PATH
    size = package(work, archive)
    home = site / "index.html"
    if home.exists() and workbench.size_slot(workbench.OFFLINE_PATH) in home.read_text(encoding="utf-8"):
        workbench.fill_sizes(site, workbench.OFFLINE_PATH, size)  # the home page and every section page
    unpacked = sum(path.stat().st_size for path in work.rglob("*") if path.is_file())
    return {"build_seconds": seconds, "zip_bytes": size, "unpacked_bytes": unpacked}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site the zip goes into (default: site/)")
    parser.add_argument("--work", type=Path, default=ROOT / ".cache" / "offline-site", help="where the edition is built")
    args = parser.parse_args(argv)
    numbers = make(args.site.resolve(), args.work.resolve())
    print(
        f"Offline edition: {args.site / workbench.OFFLINE_PATH} ({workbench.human_size(int(numbers['zip_bytes']))}; "
        f"{workbench.human_size(int(numbers['unpacked_bytes']))} unpacked), built in {numbers['build_seconds']:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
