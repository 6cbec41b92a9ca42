"""How this project starts Chromium: one list of flags for tests, audits and benchmarks.

The machines that run the suite have no network but package registries, so every flag that makes
Chromium phone home (updates, sync, field trials, QUIC probes) is off; as root it needs --no-sandbox.
"""

from __future__ import annotations

import os
from pathlib import Path

FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")


def executable() -> str | None:
    """CHROMIUM_PATH, else Debian's Chromium; None means Playwright's own managed browser."""
    if path := os.environ.get("CHROMIUM_PATH"):
        return path
    return str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.exists() else None
