"""Anchor the snippets extension's folders to mkdocs.yml instead of the current directory.

pymdownx.snippets resolves each `base_path` against the directory the build was started from, so
`mkdocs build -f path/to/mkdocs.yml` run elsewhere could not find any snippet. Relative folders are
read here as relative to the configuration file, which is what mkdocs.yml means by them.
"""

from __future__ import annotations

import os

EXTENSION = "pymdownx.snippets"


def anchor_base_paths(mdx_configs: dict, config_dir: str) -> None:
    """Make every relative `base_path` of the snippets extension absolute, from `config_dir`."""
    options = mdx_configs.get(EXTENSION)
    if options is None:
        return
    paths = options.get("base_path", ["."])  # the extension's own default: the current directory
    if isinstance(paths, str):
        paths = [paths]
    options["base_path"] = [path if os.path.isabs(path) else os.path.normpath(os.path.join(config_dir, path)) for path in paths]
