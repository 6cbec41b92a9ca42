"""Where Material keeps its JavaScript bundle, so overrides/main.html can load it on first input.

Material's base.html names the bundle by a content hash that changes with every Material release;
reading it from the installed theme keeps the template free of that name.

Pure functions; no MkDocs imports, so tests call them directly.
"""

from __future__ import annotations

from pathlib import Path

BUNDLE_GLOB = "assets/javascripts/bundle.*.min.js"


def bundle_path(theme_dirs: list[str]) -> str:
    """Site path of Material's bundle (assets/javascripts/bundle.<hash>.min.js), from the theme folders."""
    found = sorted({path.relative_to(folder).as_posix() for folder in map(Path, theme_dirs) for path in folder.glob(BUNDLE_GLOB)})
    if len(found) != 1:
        raise ValueError(f"expected one Material bundle ({BUNDLE_GLOB}) in the theme, found {found or 'none'}")
    return found[0]
