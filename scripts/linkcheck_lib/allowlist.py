"""The allowlist: hosts never requested, each with a written reason (scripts/link-allowlist.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml


class AllowlistError(ValueError):
    """The allowlist file is malformed; the message starts with `file:line:`."""


@dataclass(frozen=True)
class Entry:
    host: str
    reason: str


def load(path: Path) -> list[Entry]:
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise AllowlistError(f"{path}:{mark.line + 1 if mark else 1}: not valid YAML: {error}") from None
    hosts = None
    if isinstance(root, yaml.MappingNode):
        hosts = next((value for key, value in root.value if key.value == "hosts"), None)
    if not isinstance(hosts, yaml.SequenceNode):
        raise AllowlistError(f"{path}:1: expected a top-level `hosts:` list")
    entries = []
    for node in hosts.value:
        line = node.start_mark.line + 1
        fields = {key.value: value.value for key, value in node.value} if isinstance(node, yaml.MappingNode) else {}
        host, reason = str(fields.get("host", "")).strip().lower(), str(fields.get("reason", "")).strip()
        if not host:
            raise AllowlistError(f"{path}:{line}: entry needs `host:`")
        if not reason:
            raise AllowlistError(f"{path}:{line}: entry for {host} needs a `reason:` saying why it is not checked")
        if unknown := set(fields) - {"host", "reason"}:
            raise AllowlistError(f"{path}:{line}: unknown key(s) {', '.join(sorted(unknown))} (keys: host, reason)")
        entries.append(Entry(host, reason))
    return entries


def match(url: str, entries: list[Entry]) -> Entry | None:
    """The entry covering `url`'s host (or a parent domain of it), if any."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    return next((e for e in entries if host == e.host or host.endswith("." + e.host)), None)
