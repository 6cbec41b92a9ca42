"""The build refuses each kind of contributor mistake with `docs/<file>.md:<line>: <what is wrong>`.

Every case breaks a throwaway copy of the real site and runs the real (strict) build on it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import build_site

PAGE = "docs/roadmap/recurrent-networks.md"


def front_matter_line(source: str, key: str) -> int:
    """1-based line of `key:` inside the front matter."""
    for number, line in enumerate(source.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    raise AssertionError(f"{key} not in front matter")


def replace_front_matter_value(project: Path, key: str, new_line: str) -> int:
    path = project / PAGE
    source = path.read_text(encoding="utf-8")
    line = front_matter_line(source, key)
    lines = source.splitlines()
    lines[line - 1] = new_line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return line


def append_to_page(project: Path, markdown: str, page: str = PAGE) -> int:
    """Append `markdown` after a blank line; return the file line of its first line."""
    path = project / page
    source = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{source}\n\n{markdown}\n", encoding="utf-8")
    return source.count("\n") + 3


def assert_refused(project: Path, tmp_path: Path, line: int, message: str, page: str = PAGE) -> None:
    ok, log = build_site(project, tmp_path / "site")
    assert not ok, "the build should have failed"
    expected = f"{page}:{line}: "
    matching = [row.strip() for row in log.splitlines() if row.strip().startswith(expected)]
    assert matching, f"no error at {expected} in:\n{log}"
    assert any(re.search(message, row) for row in matching), f"{matching} does not say {message!r}"


FRONT_MATTER_CASES = {
    "unknown key": ("difficulty", "difficulty: hard", r"unknown front matter key 'difficulty'"),
    "wrong type": ("hours", "hours: lots", r"'hours' must be a whole number"),
    "bad level": ("level", "level: expert", r"'level' must be one of beginner, intermediate, advanced"),
    "not one sentence": ("description", 'description: "Two sentences here. And another one here for sure."', r"exactly one sentence"),
    "prerequisite names no page": ("prerequisites", "prerequisites: [building-neural-networks, quantum-computing]", r"prerequisite 'quantum-computing' names no section page"),
    "tags wrong type": ("tags", "tags: rnn", r"'tags' must be a non-empty list"),
    "invalid yaml": ("tags", "tags: [rnn, lstm", r"front matter is not valid YAML"),
}


@pytest.mark.parametrize("case", FRONT_MATTER_CASES, ids=str)
def test_front_matter_mistake_is_refused(project_copy, tmp_path, case):
    key, new_line, message = FRONT_MATTER_CASES[case]
    if key == "difficulty":  # a new key: add it under the title
        line = replace_front_matter_value(project_copy, "title", "")  # placeholder, refilled below
        path = project_copy / PAGE
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[line - 1 : line] = ['title: "Recurrent Neural Networks (RNNs)"', new_line]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        line += 1
    else:
        line = replace_front_matter_value(project_copy, key, new_line)
    if case == "invalid yaml":
        line = front_matter_line((project_copy / PAGE).read_text(), "tags") + 1  # YAML notices at the next line
    assert_refused(project_copy, tmp_path, line, message)


def test_missing_front_matter_key_is_refused(project_copy, tmp_path):
    path = project_copy / PAGE
    source = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^hours:.*\n", "", source, count=1, flags=re.M), encoding="utf-8")
    assert_refused(project_copy, tmp_path, 1, r"missing required key 'hours'")


def test_prerequisite_cycle_is_refused(project_copy, tmp_path):
    # building-neural-networks is (transitively) a prerequisite of recurrent-networks; close the loop.
    other = "docs/roadmap/building-neural-networks.md"
    path = project_copy / other
    source = path.read_text(encoding="utf-8")
    line = front_matter_line(source, "prerequisites")
    path.write_text(re.sub(r"^prerequisites:.*$", "prerequisites: [recurrent-networks]", source, count=1, flags=re.M))
    ok, log = build_site(project_copy, tmp_path / "site")
    assert not ok
    # The cycle is reported once, at the prerequisites line of the first page on it (alphabetically).
    assert f"{other}:{line}: prerequisites form a cycle: building-neural-networks -> " in log, log


CONTENT_CASES = {
    "javascript url": ("[click](javascript:alert(1))", r"URL scheme 'javascript:' is not allowed"),
    "data url": ("![a chart](data:image/png;base64,AAAA)", r"URL scheme 'data:' is not allowed"),
    "vbscript url": ('<a href="vbscript:msgbox(1)">x</a>', r"URL scheme 'vbscript:' is not allowed"),
    "obfuscated javascript": ("[x](java&#9;script:alert(1))", r"URL scheme 'javascript:' is not allowed"),
    "other scheme": ("[file](ftp://example.org/file.txt)", r"URL scheme 'ftp:' is not allowed"),
    "malformed url": ("[broken](https://exa mple)", r"malformed URL|no valid host"),
    "script tag": ("<script>alert(1)</script>", r"<script> is not allowed in page content"),
    "iframe tag": ('<iframe src="https://example.org/"></iframe>', r"<iframe> is not allowed in page content"),
    "event handler": ('<span onclick="alert(1)">hi</span>', r"attribute 'onclick' on <span> is not allowed"),
    "image without alt": ("![](../assets/favicon.svg)", r"image has no alt text"),
    "html image without alt": ('<img src="../assets/favicon.svg">', r"image has no alt text"),
    "heading without id": ("## A new topic", r"heading 'A new topic' needs an explicit id, e.g. \{#a-new-topic\}"),
    "duplicate heading id": ("## Another LSTM {#lstm}", r"heading id 'lstm' is already used on line \d+"),
    "unknown marker": ("Some text <!-- md:resourse type=paper -->", r"unknown marker 'md:resourse'"),
    "marker in capitals": ("- [A book](https://example.org/b) <!-- md:Resource type=book cost=free level=beginner -->", r"unknown marker 'md:Resource'"),
    "unknown resource type": ("- [A blog](https://example.org/post) <!-- md:resource type=blog cost=free level=beginner -->", r"unknown type 'blog'"),
    "resource missing cost": ("- [A book](https://example.org/book) <!-- md:resource type=book level=beginner -->", r"missing cost="),
    "unknown latex command": ("$$\\softmaxx(z)$$", r"unknown LaTeX command \\softmaxx"),
    "unsupported alignment": ("$$\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}$$", r"'&' alignment is only supported inside"),
}


@pytest.mark.parametrize("case", CONTENT_CASES, ids=str)
def test_unsafe_or_malformed_content_is_refused(project_copy, tmp_path, case):
    markdown, message = CONTENT_CASES[case]
    line = append_to_page(project_copy, markdown)
    assert_refused(project_copy, tmp_path, line, message)


def test_every_problem_is_reported_in_one_run(project_copy, tmp_path):
    first = append_to_page(project_copy, "<script>alert(1)</script>")
    second = append_to_page(project_copy, "[x](javascript:void(0))")
    replace_front_matter_value(project_copy, "level", "level: expert")
    ok, log = build_site(project_copy, tmp_path / "site")
    assert not ok
    for line in (first, second):
        assert f"{PAGE}:{line}: " in log
    assert "'level' must be one of" in log


def test_examples_inside_code_are_not_flagged(project_copy, tmp_path):
    append_to_page(
        project_copy,
        "Write `javascript:` in backticks and `<script>` too.\n\n"
        "```html\n<script>alert(1)</script>\n<a href=\"javascript:x\">x</a>\n```\n\n"
        "```markdown\n## A heading without id\n<!-- md:unknown -->\n```",
    )
    ok, log = build_site(project_copy, tmp_path / "site")
    assert ok, log
