"""Reports: console lines, GitHub annotations, the JSON contract and a Markdown summary.

JSON contract (`--json`), read by the site build (overrides/hooks/link_health.py), the PR summary
and the deploy (`--reuse-report`):

    {"checked_at": ISO time of this run,
     "earlier_report": {"checked_at": ISO time, "reused": N},   # only when verdicts were reused
     "links": [{"url", "status", "reason", "locations": [{"file", "line"}],
                "moved_to": new address,                         # only on moved ok links
                "checked_at": ISO time}]}                        # only on verdicts reused from an earlier report
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .cache import write_json_atomically
from .extract import Location
from .policy import BROKEN, STATUSES, UNVERIFIABLE

PROBLEM_STATUSES = (BROKEN, UNVERIFIABLE)


class ReportError(ValueError):
    """An earlier report (`--reuse-report`) is not one check_links.py wrote; starts with `file:1:`."""


@dataclass
class Link:
    url: str
    status: str
    reason: str
    locations: list[Location] = field(default_factory=list)
    moved_to: str | None = None  # permanent redirects lead here (ok links only)
    checked_at: str | None = None  # set when the verdict comes from an earlier report (--reuse-report)


def moved(links: list[Link]) -> list[Link]:
    return sorted((link for link in links if link.moved_to), key=lambda link: link.url)


def console_lines(links: list[Link]) -> list[str]:
    """`docs/<file>.md:<line>: <status>: <url> (<reason>)` per problem location, and
    `docs/<file>.md:<line>: moved: <url> -> <new address>` per moved link's location."""
    rows = [
        (location, f"{location}: {link.status}: {link.url} ({link.reason})")
        for link in links
        if link.status in PROBLEM_STATUSES
        for location in link.locations
    ]
    rows += [(location, f"{location}: moved: {link.url} -> {link.moved_to}") for link in moved(links) for location in link.locations]
    return [text for _, text in sorted(rows)]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(links: list[Link]) -> list[str]:
    """Workflow commands GitHub shows on the pull request's diff: broken = error,
    unverifiable = warning, moved = notice."""
    out = []
    for link in links:
        if link.status in PROBLEM_STATUSES:
            level, title, message = "error" if link.status == BROKEN else "warning", f"{link.status} link", f"{link.url} ({link.reason})"
        elif link.moved_to:
            level, title, message = "notice", "moved link", f"{link.url} moved permanently to {link.moved_to}"
        else:
            continue
        for location in sorted(link.locations):
            out.append(
                f"::{level} file={_escape_property(location.file)},line={location.line},"
                f"title={_escape_property(title)}::{_escape_data(message)}"
            )
    return out


def totals(links: list[Link]) -> dict[str, int]:
    return {status: sum(1 for link in links if link.status == status) for status in STATUSES}


def summary_line(links: list[Link], unchecked: int) -> str:
    counts = totals(links)
    text = f"{len(links)} links: " + ", ".join(f"{counts[s]} {s}" for s in STATUSES)
    if moved_count := len(moved(links)):
        text += f" ({moved_count} of the ok links moved permanently)"
    return text + (f"; {unchecked} NOT CHECKED" if unchecked else "")


def _json_link(link: Link) -> dict:
    entry = {
        "url": link.url,
        "status": link.status,
        "reason": link.reason,
        "locations": [{"file": loc.file, "line": loc.line} for loc in sorted(link.locations)],
    }
    if link.moved_to:
        entry["moved_to"] = link.moved_to
    if link.checked_at:
        entry["checked_at"] = link.checked_at
    return entry


def to_json(links: list[Link], checked_at: str, earlier_report: dict | None = None) -> dict:
    data: dict = {"checked_at": checked_at}
    if earlier_report:
        data["earlier_report"] = earlier_report
    data["links"] = [_json_link(link) for link in sorted(links, key=lambda link: link.url)]
    return data


def load_json(path: Path) -> tuple[str, dict[str, dict]]:
    """(checked_at, URL as written -> entry) of a report written by `--json`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        checked_at, entries = data["checked_at"], data["links"]
        if not isinstance(checked_at, str) or not isinstance(entries, list):
            raise TypeError("checked_at must be a string and links a list")
        by_url = {entry["url"]: entry for entry in entries}
        if not all(isinstance(e.get("status"), str) and isinstance(e.get("reason"), str) for e in by_url.values()):
            raise TypeError("every link needs a status and a reason")
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ReportError(f"{path}:1: not a report written by check_links.py --json ({error})") from None
    return checked_at, by_url


def write_json(path: Path, links: list[Link], checked_at: str, earlier_report: dict | None = None) -> None:
    write_json_atomically(path, to_json(links, checked_at, earlier_report))


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("`", "'")


def to_markdown(links: list[Link], checked_at: str, scope: str, earlier_report: dict | None = None) -> str:
    counts = totals(links)
    reused = ""
    if earlier_report:
        reused = f" {earlier_report['reused']} verdicts were taken from the report of {earlier_report['checked_at']}."
    lines = [
        "# Link check report",
        "",
        f"Checked at {checked_at} ({scope}).{reused} Produced by `python scripts/check_links.py`;"
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
    if found := moved(links):
        lines += [
            "## Moved permanently (update these)",
            "",
            "They still answer, through a permanent redirect: the old address is the first to die."
            " `python scripts/check_links.py --fix-moved` rewrites them in the Markdown sources.",
            "",
        ]
        for link in found:
            where = ", ".join(f"`{loc}`" for loc in sorted(link.locations))
            lines.append(f"- <{link.url}> → <{link.moved_to}> — {where}")
        lines.append("")
    return "\n".join(lines)


def write_markdown(path: Path, links: list[Link], checked_at: str, scope: str, earlier_report: dict | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_markdown(links, checked_at, scope, earlier_report), encoding="utf-8")
