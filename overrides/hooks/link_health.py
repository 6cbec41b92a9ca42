"""Link health for readers: what the last link check (scripts/check_links.py --json) found.

How the build finds the report: the path in the environment variable LINK_REPORT, else
`.cache/link-report.json` next to mkdocs.yml (git-ignored; the deploy workflow writes it there
before building: the weekly check's report, completed with the links added since). LINK_REPORT
set to an empty string turns the feature off. Without a report the site builds as usual and the
Link health page says plainly that no link check ran for this build.

With a report, a resource whose URL the check found `broken` gets a note on its page, "reported
unreachable on <date>", with a link to the Internet Archive's copy, and the Link health page
(generated, `contributing/link-health.md`) gives the totals, the date of the check (and of the
earlier report it reused, if any) and the unreachable list.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass, field
from urllib.parse import quote

from frontmatter import Problem

REPORT_ENV = "LINK_REPORT"
DEFAULT_REPORT = os.path.join(".cache", "link-report.json")
PAGE_URI = "contributing/link-health.md"
ARCHIVE = "https://web.archive.org/web/"
STATUSES = ("ok", "broken", "unverifiable", "skipped")


@dataclass
class LinkReport:
    path: str
    checked_at: str
    links: list[dict] = field(default_factory=list)
    earlier_report: dict | None = None  # {"checked_at", "reused"}: verdicts taken from an earlier report

    @property
    def date(self) -> str:
        """The date the verdicts date from: the earlier report's when most of them come from it."""
        return (self.earlier_report or {}).get("checked_at", self.checked_at)[:10]

    def broken(self) -> dict[str, list[dict]]:
        """URL -> locations, for every broken link."""
        return {link["url"]: link["locations"] for link in self.links if link["status"] == "broken"}

    def date_of(self, url: str) -> str:
        """When `url` was found as reported: its own date when reused from an earlier report."""
        link = next((link for link in self.links if link["url"] == url), {})
        return link.get("checked_at", self.checked_at)[:10]

    def totals(self) -> dict[str, int]:
        return {status: sum(1 for link in self.links if link["status"] == status) for status in STATUSES}


def report_path(root: str, environ) -> str | None:
    """Where the report is, or None when there is none to read."""
    configured = environ.get(REPORT_ENV)
    if configured is not None:
        return os.path.join(root, configured) if configured else None
    default = os.path.join(root, DEFAULT_REPORT)
    return default if os.path.exists(default) else None


def load(path: str | None, shown: str) -> tuple[LinkReport | None, list[Problem]]:
    """Read and validate the report at `path` (`shown` is how errors name it)."""
    if path is None:
        return None, []
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        return None, [Problem(shown, 1, f"link report not found (set by {REPORT_ENV}); unset it or run scripts/check_links.py --json")]
    except json.JSONDecodeError as error:
        return None, [Problem(shown, error.lineno, f"link report is not valid JSON: {error.msg}")]
    problems = []
    if not isinstance(data, dict) or not isinstance(data.get("checked_at"), str) or not isinstance(data.get("links"), list):
        return None, [Problem(shown, 1, 'link report needs "checked_at" (ISO date) and "links" (list), as check_links.py --json writes')]
    earlier = data.get("earlier_report")
    if earlier is not None and not (
        isinstance(earlier, dict) and isinstance(earlier.get("checked_at"), str) and isinstance(earlier.get("reused"), int)
    ):
        problems.append(Problem(shown, 1, 'link report\'s "earlier_report" needs "checked_at" (ISO date) and "reused" (count)'))
    for index, link in enumerate(data["links"]):
        if not (
            isinstance(link, dict)
            and isinstance(link.get("url"), str)
            and link.get("status") in STATUSES
            and isinstance(link.get("locations"), list)
            and isinstance(link.get("checked_at", ""), str)
        ):
            problems.append(Problem(shown, 1, f"link report entry {index} needs url, status ({', '.join(STATUSES)}) and locations"))
    return (None if problems else LinkReport(shown, data["checked_at"], data["links"], earlier)), problems


def archive_url(url: str) -> str:
    return ARCHIVE + quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def unreachable_note(url: str, date: str) -> str:
    """The HTML appended to a broken resource's list item."""
    return (
        f' <span class="dl-unreachable">Reported unreachable on {html.escape(date)} · '
        f'<a href="{html.escape(archive_url(url))}">archived copy</a></span>'
    )


def mark_unreachable(markdown: str, resources, first_line: int, report: LinkReport) -> str:
    """Append the note to each resource line whose URL the report found broken."""
    broken = report.broken()
    lines = markdown.split("\n")
    for resource in resources:
        if resource.url in broken:
            index = resource.line - first_line
            lines[index] += unreachable_note(resource.url, report.date_of(resource.url))
    return "\n".join(lines)


def _where(location: dict, pages: dict[str, str]) -> str:
    """A location as a link to its page when that page is in this build, else as text."""
    file = str(location.get("file", ""))
    src_uri = file.removeprefix("docs/")
    title = pages.get(src_uri)
    if title is None:
        return f"`{file}:{location.get('line', '?')}`"
    target = os.path.relpath(src_uri, os.path.dirname(PAGE_URI)).replace(os.sep, "/")
    return f"[{_escape(title)}]({target})"


def _escape(text: str) -> str:
    return html.escape(text).replace("[", "&#91;").replace("]", "&#93;").replace("|", "&#124;")


def page_markdown(report: LinkReport | None, pages: dict[str, str]) -> str:
    """The Link health page. `pages` maps the src_uri of each page in this build to its title."""
    head = (
        "---\n"
        "title: Link health\n"
        'description: "How the roadmap\'s external links fared at the last automatic check, and which ones did not answer."\n'
        "---\n\n"
        "# Link health\n\n"
        "Every external link on this site is checked automatically every week, and every change "
        "to a page is checked before it is merged. How it works: [Links](links.md).\n\n"
    )
    if report is None:
        return head + (
            "**No link check ran for this build of the site**, so this page has no results and no "
            "link is marked on its page: a link here may or may not answer. The weekly check of "
            "every link keeps its latest findings in the repository's issue labelled `link-rot`.\n"
        )
    totals = report.totals()
    if report.earlier_report:
        when = (
            f"Last checked on **{html.escape(report.date)}** (UTC) by the weekly check of every link; "
            f"links added since then were checked when this site was built, on "
            f"**{html.escape(report.checked_at[:10])}**. {len(report.links)} links in all.\n"
        )
    else:
        when = f"Last checked on **{html.escape(report.date)}** (UTC): {len(report.links)} links.\n"
    body = [
        when,
        "| Result | Links |",
        "| --- | --- |",  # no alignment: it would be an inline style, which the CSP refuses
        f"| Answered | {totals['ok']} |",
        f"| Reported unreachable | {totals['broken']} |",
        f"| Could not be verified (bot walls, rate limits, time-outs) | {totals['unverifiable']} |",
        f"| Not checked (mail addresses, allowlisted hosts) | {totals['skipped']} |",
        "",
    ]
    broken = report.broken()
    if broken:
        body += ["## Reported unreachable {#unreachable}", "",
                 "Each is marked on its page with a link to the Internet Archive's copy.", ""]
        for url, locations in sorted(broken.items()):
            where = ", ".join(_where(location, pages) for location in locations)
            shown = url.replace("`", "%60")  # code span: shown as written, nothing to escape but backticks
            body.append(f"- `{shown}` on {where} · [archived copy](<{archive_url(url)}>)")
        body.append("")
    else:
        body += ["No link was reported unreachable.", ""]
    return head + "\n".join(body)
