"""Read the seed roadmap (tests/data/seed-roadmap.md): its numbered sections, titles and topic terms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SECTION_RE = re.compile(r"^##\s+\S+\s+(?P<number>\d+)\.\s+(?P<title>.+?)\s*$")
BULLET_RE = re.compile(r"^\s*-\s+(?P<text>.+?)\s*$")
TABLE_ROW_RE = re.compile(r"^\|\s*(?P<first>[^|]+?)\s*\|")
LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]+\)")
FILLER = {"etc.", "etc", "use cases", "models", "architectures", "tools", "mathematics"}


@dataclass
class SeedSection:
    number: int
    title: str
    items: list[str] = field(default_factory=list)

    @property
    def terms(self) -> list[str]:
        """Each item split into the words a learner would look for: "Pooling (Max, Avg)" -> Pooling, Max, Avg."""
        found = []
        for item in self.items:
            for part in re.split(r"[:,()]", item):
                term = part.strip().strip("`").strip()
                if term and term.lower() not in FILLER:
                    found.append(term)
        return found


def read_seed(path: Path) -> list[SeedSection]:
    sections: list[SeedSection] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := SECTION_RE.match(line):
            sections.append(SeedSection(int(match.group("number")), match.group("title")))
        elif line.startswith("## "):
            sections.append(SeedSection(0, line))  # "Final Tips" and the like: not a numbered section
        elif sections and sections[-1].number and (match := BULLET_RE.match(line)):
            text = LINK_RE.sub(r"\1", match.group("text")).replace("✅", "").strip()
            sections[-1].items.append(text.rstrip(":"))
        elif sections and sections[-1].number and (match := TABLE_ROW_RE.match(line)):
            first = match.group("first")
            if first != "Project" and not set(first) <= set("-: "):
                sections[-1].items.append(first)
    return [section for section in sections if section.number]
