"""Reports: console lines, GitHub annotations, the JSON contract and a Markdown summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .cache import write_json_atomically
from .extract import Location
from .policy import BROKEN, STATUSES, UNVERIFIABLE

PROBLEM_STATUSES = (BROKEN, UNVERIFIABLE)


@dataclass
class Link:
    url: str
    status: str
    reason: str
    locations: list[Location] = field(default_factory=list)


def console_lines(links: list[Link]) -> list[str]:
    """`docs/<file>.md:<line>: <status>: <url> (<reason>)`, one per problem location."""
    rows = [
        (location, f"{location}: {link.status}: {link.url} ({link.reason})")
        for link in links
        if link.status in PROBLEM_STATUSES
        for location in link.locations
    ]
    return [text for _, text in sorted(rows)]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(links: list[Link]) -> list[str]:
    """Workflow commands GitHub shows on the pull request's diff: broken = error, unverifiable = warning."""
    out = []
    for link in links:
        if link.status not in PROBLEM_STATUSES:
            continue
        level = "error" if link.status == BROKEN else "warning"
        for location in sorted(link.locations):
            out.append(
                f"::{level} file={_escape_property(location.file)},line={location.line},"
                f"title={_escape_property(f'{link.status} link')}::{_escape_data(f'{link.url} ({link.reason})')}"
            )
    return out


def totals(links: list[Link]) -> dict[str, int]:
    return {status: sum(1 for link in links if link.status == status) for status in STATUSES}


def summary_line(links: list[Link], unchecked: int) -> str:
    counts = totals(links)
    text = f"{len(links)} links: " + ", ".join(f"{counts[s]} {s}" for s in STATUSES)
    return text + (f"; {unchecked} NOT CHECKED" if unchecked else "")


def to_json(links: list[Link], checked_at: str) -> dict:
    return {
        "checked_at": checked_at,
        "links": [
            {
                "url": link.url,
                "status": link.status,
                "reason": link.reason,
                "locations": [{"file": loc.file, "line": loc.line} for loc in sorted(link.locations)],
            }
            for link in sorted(links, key=lambda link: link.url)
        ],
    }


def write_json(path: Path, links: list[Link], checked_at: str) -> None:
    write_json_atomically(path, to_json(links, checked_at))


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("`", "'")


def to_markdown(links: list[Link], checked_at: str, scope: str) -> str:
    counts = totals(links)
    lines = [
        "# Link check report",
        "",
        f"Checked at {checked_at} ({scope}). Produced by `python scripts/check_links.py`;"
        " the rules are in docs/contributing/links.md.",
        "",
        "| Status | Links |",
        "| --- | ---: |",
        *(f"| {status} | {counts[status]} |" for status in STATUSES),
        "",
    ]
    titles = {BROKEN: "Broken (fix or replace these)", UNVERIFIABLE: "Unverifiable (check by hand)"}
    for status in PROBLEM_STATUSES:
        found = sorted((link for link in links if link.status == status), key=lambda link: link.url)
        if not found:
            continue
        lines += [f"## {titles[status]}", ""]
        for link in found:
            where = ", ".join(f"`{loc}`" for loc in sorted(link.locations))
            lines.append(f"- <{link.url}> — {_md(link.reason)} — {where}")
        lines.append("")
    if not any(counts[s] for s in PROBLEM_STATUSES):
        lines += ["No broken or unverifiable links.", ""]
    return "\n".join(lines)


def write_markdown(path: Path, links: list[Link], checked_at: str, scope: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_markdown(links, checked_at, scope), encoding="utf-8")
