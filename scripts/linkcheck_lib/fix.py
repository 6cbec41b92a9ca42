"""`--fix-moved`: rewrite moved links in the Markdown sources to the address they moved to.

Only the URL is replaced, at the place the check found it (the same reader, extract.link_spans,
finds it again); the rest of the file stays byte for byte as it was, line endings included. A
line is left alone, and reported, when the new address would not read back as the same link
there (e.g. a `)` that would end an inline link early), so a maintainer reviews one clean diff.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from markdown_source import prose_lines  # extract.py put overrides/hooks on sys.path

from . import extract, syntax
from .cache import write_text_atomically
from .report import Link


@dataclass
class Rewrites:
    done: list[str] = field(default_factory=list)  # "file:line: old -> new"
    refused: list[str] = field(default_factory=list)  # "file:line: why"
    files: set[str] = field(default_factory=set)


def rewrite_moved(links: list[Link]) -> Rewrites:
    """Rewrite every location of every link that has `moved_to`."""
    wanted: dict[str, dict[int, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for link in links:
        if link.moved_to:
            for location in link.locations:
                wanted[location.file][location.line][link.url] = link.moved_to
    outcome = Rewrites()
    for file, lines in sorted(wanted.items()):
        path = Path(file)
        text = path.read_bytes().decode("utf-8")
        rows = text.split("\n")  # a CRLF row keeps its "\r", written back untouched
        prose = dict(prose_lines(text.replace("\r\n", "\n")))
        changed = False
        for number, moves in sorted(lines.items()):
            where = f"{file}:{number}"
            if problem := next((f"{new}: {p}" for new in moves.values() if (p := syntax.problem(new))), None):
                outcome.refused.append(f"{where}: moved link left as is, the new address is not usable ({problem})")
                continue
            prose_line, row = prose.get(number, ""), rows[number - 1]
            spans = [(start, end) for start, end in extract.link_spans(prose_line) if prose_line[start:end] in moves]
            if not spans:
                outcome.refused.append(f"{where}: moved link not found on this line any more; run the check again")
                continue
            new_row, new_prose = row, prose_line
            for start, end in reversed(spans):  # right to left: earlier spans keep their offsets
                new_url = moves[prose_line[start:end]]
                new_row = new_row[:start] + new_url + new_row[end:]
                new_prose = new_prose[:start] + new_url + new_prose[end:]
            expected = [moves.get(url, url) for url in extract.links_in_line(prose_line)]
            if extract.links_in_line(new_prose) != expected:
                outcome.refused.append(f"{where}: moved link left as is, the new address would not read back as the same link here; edit it by hand")
                continue
            rows[number - 1] = new_row
            changed = True
            outcome.done += [f"{where}: {old} -> {new}" for old, new in moves.items()]
        if changed:
            write_text_atomically(path, "\n".join(rows))
            outcome.files.add(file)
    return outcome
