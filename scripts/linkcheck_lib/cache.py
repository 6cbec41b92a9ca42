"""Results cache (`--cache FILE`): a URL verified ok recently is not requested again.

The file maps each checked URL (without fragment) to its last status and check time (and, for
a moved link, `moved_to`: a reused result must not forget that the link moved). Only `ok`
results younger than MAX_AGE are reused, so a broken or unverifiable link is always asked again,
and the weekly run re-checks every link at least once a week (MAX_AGE is shorter than a week).
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

MAX_AGE = timedelta(days=3)


class CacheError(ValueError):
    pass


def load(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["entries"]
        if not isinstance(entries, dict):
            raise TypeError("entries is not an object")
        return entries
    except (ValueError, KeyError, TypeError) as error:
        raise CacheError(f"{path}:1: not a link cache written by check_links.py ({error}); delete it") from None


def fresh_ok(entries: dict[str, dict], key: str, now: datetime) -> dict | None:
    """The entry of a recent `ok` result for `key` (checked_at, maybe moved_to), or None."""
    entry = entries.get(key)
    if not entry or entry.get("status") != "ok":
        return None
    try:
        checked = datetime.fromisoformat(entry["checked_at"])
    except (KeyError, TypeError, ValueError):
        return None
    return entry if timedelta(0) <= now - checked <= MAX_AGE else None


def save(path: Path, entries: dict[str, dict], now: datetime) -> None:
    """Write entries younger than MAX_AGE (older ones could not be reused anyway), atomically."""
    kept = {}
    for key, entry in entries.items():
        try:
            if now - datetime.fromisoformat(entry["checked_at"]) <= MAX_AGE:
                kept[key] = entry
        except (KeyError, TypeError, ValueError):
            continue
    write_json_atomically(path, {"version": 1, "entries": dict(sorted(kept.items()))})


def write_json_atomically(path: Path, data: dict) -> None:
    """A reader (the site build, the next run) never sees half a file."""
    write_text_atomically(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def write_text_atomically(path: Path, text: str) -> None:
    """Write UTF-8 bytes exactly as given (no newline translation), keeping an existing file's mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(text.encode("utf-8"))
    os.chmod(temporary, mode)
    os.replace(temporary, path)


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)
