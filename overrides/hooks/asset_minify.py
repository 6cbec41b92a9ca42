"""Minify the site's own scripts and stylesheets (docs/assets/*.js, *.css) in the built site.

The sources keep their comments, which explain why each piece exists; readers' browsers need none
of them (a third of the bytes of these files). rjsmin and rcssmin only remove comments and
whitespace: no renaming, no rewriting, so what runs is what the source says. Material's own files
(assets/javascripts, assets/stylesheets) are minified by Material already and are left alone.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

MINIFIERS = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def apply_to_site(site_dir: str) -> dict[str, tuple[int, int]]:
    """Minify site_dir/assets/*.js and *.css in place; return {file: (bytes before, bytes after)}."""
    sizes = {}
    for path in sorted(Path(site_dir, "assets").iterdir()):
        if path.suffix in MINIFIERS and path.is_file():
            source = path.read_text(encoding="utf-8")
            minified = MINIFIERS[path.suffix](source).strip() + "\n"
            path.write_text(minified, encoding="utf-8")
            sizes[path.name] = (len(source.encode()), len(minified.encode()))
    return sizes
