"""One model of each Markdown source page, from one read and one parse per build.

Everything the build, the tests and the scripts need from a page's source is here: the front
matter with the line of each key, the body exactly as MkDocs renders it, its prose lines and code
fences (each python fence with its no-run reason, content tab and shown output), the headings with
their ids, the resources, the Markdown with markers expanded, and every problem found on the way.
Checks and features read this model instead of reading or parsing the file again.

Pure module (no MkDocs imports), so tests and scripts build the same model the hooks do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import core_path
import frontmatter
import markers
import section_page
from frontmatter import FrontMatter, Problem
from markdown_source import Fence, split

SECTION_DIR = "roadmap/"


@dataclass
class SourcePage:
    path: str  # repository-relative path, as problems name it: docs/roadmap/x.md
    src_uri: str  # path inside docs/: roadmap/x.md
    raw: str  # the file's text with \n line ends
    body: str  # the Markdown after the front matter: what MkDocs renders
    first_line: int  # file line on which `body` starts
    front: FrontMatter | None
    prose: list[tuple[int, str]]
    fences: list[Fence]
    headings: list[section_page.Heading]
    expansion: markers.Expansion
    problems: list[Problem] = field(default_factory=list)
    front_ok: bool = False  # front matter present and valid (for a section page: every key checked)

    @property
    def is_section(self) -> bool:
        return self.src_uri.startswith(SECTION_DIR) and self.src_uri.count("/") == 1

    @property
    def slug(self) -> str:
        return Path(self.src_uri).stem

    @property
    def title(self) -> str:
        value = self.front.data.get("title") if self.front else None
        return value if isinstance(value, str) and value.strip() else self.src_uri

    @property
    def topics(self) -> list[section_page.Heading]:
        return [heading for heading in self.headings if heading.is_topic]

    @property
    def python_fences(self) -> list[Fence]:
        return [fence for fence in self.fences if fence.is_python]

    def line_of(self, needle: str) -> int | None:
        """The first file line that contains `needle`, for problems found after rendering."""
        if needle:
            for number, text in enumerate(self.raw.split("\n"), start=1):
                if needle in text:
                    return number
        return None


def parse(path: str, src_uri: str, raw: str) -> SourcePage:
    raw = raw.replace("\r\n", "\n")
    yaml_text, body, first_line = frontmatter.split(raw)
    problems: list[Problem] = []
    front = None
    if yaml_text is not None:
        front, problems = frontmatter.parse_yaml(path, yaml_text)
    prose, fences = split(body, first_line)
    expansion = markers.expand(path, body, prose, fences, first_line)
    headings, heading_problems = section_page.headings(path, prose)
    page = SourcePage(path, src_uri, raw, body, first_line, front, prose, fences, headings, expansion)
    page.problems = problems + expansion.problems
    page.front_ok = front is not None and not problems
    if page.is_section:
        if front is None and yaml_text is None:
            page.problems.append(Problem(path, 1, "section page has no front matter: start the file with a '---' block"))
        elif front is not None:
            front_problems = frontmatter.validate(path, front)
            front_problems += core_path.validate(path, front, [heading.id for heading in page.topics])
            page.problems += front_problems
            page.front_ok = page.front_ok and not front_problems
        page.problems += heading_problems + section_page.check_closing_order(path, headings)
    return page


def read(docs_dir: Path, src_uri: str, root: Path) -> SourcePage:
    """Read and parse `docs_dir/src_uri`; problems name it relative to the repository `root`."""
    file = Path(docs_dir) / src_uri
    return parse(file.relative_to(root).as_posix(), src_uri, file.read_text(encoding="utf-8"))
