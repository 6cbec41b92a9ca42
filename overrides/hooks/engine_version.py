"""Refuse to build under MkDocs 2 or later, with a message a contributor can act on.

MkDocs 2 is a rewrite that drops plugins, hooks and Material's theme API, so a build under it would
either crash deep inside a plugin or quietly produce a different site. The supported engines are
MkDocs 1.6 and ProperDocs (the maintained fork of MkDocs 1.6, which reports its own 1.x version).
"""

from __future__ import annotations

import re

SUPPORTED_MAJOR = 1

MESSAGE = (
    "this site needs MkDocs 1.x, but MkDocs {version} is installed. MkDocs 2 drops the plugins, hooks "
    "and theme API the site is built with. Install the pinned tools with `python3 scripts/dev.py build` "
    "(or `pip install 'mkdocs>=1.6.1,<2'`), or build with ProperDocs, the maintained MkDocs 1.6 fork: "
    "`pip install properdocs && properdocs build`."
)


def refusal(version: str) -> str | None:
    """The message to stop with when `version` (the running engine's) is unsupported, else None."""
    match = re.match(r"\s*(\d+)", version or "")
    if not match:
        return f"cannot tell which MkDocs version is running ({version!r}); this site needs MkDocs 1.x."
    if int(match.group(1)) > SUPPORTED_MAJOR:
        return MESSAGE.format(version=version)
    return None
