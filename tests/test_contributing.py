"""Contributor experience: a first-time contributor's mistakes, the section template, the page actions,
"last updated" dates, the issue forms, and the guide rendered from CONTRIBUTING.md."""

from __future__ import annotations

import datetime
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import markers
import pytest
import yaml
from conftest import ROOT, build_site
from markdown_source import prose_lines

VALIDATE = ROOT / "scripts" / "validate.py"
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Contributor",
    "GIT_AUTHOR_EMAIL": "contributor@example.org",
    "GIT_COMMITTER_NAME": "Test Contributor",
    "GIT_COMMITTER_EMAIL": "contributor@example.org",
}
# Real, canonical resources a contributor might add; the tests pick ones the page does not list yet.
CANDIDATE_RESOURCES = [
    ("Dive into Deep Learning", "https://d2l.ai/"),
    ("PyTorch tutorials", "https://pytorch.org/tutorials/"),
    ("Keras developer guides", "https://keras.io/guides/"),
    ("Deep Learning (Goodfellow, Bengio, Courville)", "https://www.deeplearningbook.org/"),
]


def git(cwd: Path, *args: str, env: dict | None = None) -> str:
    result = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, check=True, capture_output=True, text=True, env={**os.environ, **GIT_IDENTITY, **(env or {})},
    )
    return result.stdout


def run_validate(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(VALIDATE), "--project", str(project)], capture_output=True, text=True, timeout=300)


def section_page_with_resources(project: Path) -> tuple[Path, list[str], int, int]:
    """A section page of the copy with resources: (path, lines, index of the Resources heading,
    index where that section ends, i.e. where a contributor appends a new item)."""
    for path in sorted((project / "docs" / "roadmap").glob("[!_]*.md")):
        lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
        for index, line in enumerate(lines):
            if line.strip() == "## Resources {#resources}" and any("md:resource" in other for other in lines[index:]):
                end = next((n for n in range(index + 1, len(lines)) if lines[n].startswith("## ")), len(lines))
                while not lines[end - 1].strip():
                    end -= 1
                return path, lines, index, end
    raise AssertionError("no section page with a Resources section and a resource")


def unused_resources(text: str, count: int) -> list[tuple[str, str]]:
    free = [(title, url) for title, url in CANDIDATE_RESOURCES if url.rstrip("/") not in text]
    assert len(free) >= count, "every candidate resource is already on the page; add candidates"
    return free[:count]


# --- A contributor adds a resource -----------------------------------------------------------------


def test_each_contributor_mistake_is_named_with_file_line_and_fix(project_copy, tmp_path):
    page, lines, heading, end = section_page_with_resources(project_copy)
    relative = page.relative_to(project_copy).as_posix()
    existing = next(line for line in lines[heading:] if "md:resource" in line)
    existing_url = markers.RESOURCE_ITEM_RE.match(existing)["url"]
    existing_line = lines.index(existing, heading) + 1
    (title_a, url_a), (title_b, url_b), (title_c, url_c) = unused_resources("\n".join(lines), 3)
    mistakes = [
        # (markdown a contributor writes, what the message must say: the problem and its fix)
        (f"- [{title_a}]({url_a}) <!-- md:resource type=textbook cost=free level=beginner -->",
         r"unknown type 'textbook' \(use one of paper, course, book, video, docs, code, article\)"),
        (f"- [{title_b}]({url_b}) <!-- md:resource type=docs level=beginner -->",
         r"missing cost=… \(one of free, paid\)"),
        (f"- [{title_c}]({url_c.removeprefix('https://')}) <!-- md:resource type=docs cost=free level=beginner -->",
         r"resource link must be an absolute http\(s\) URL"),
        (f"- [The same resource again]({existing_url}) <!-- md:resource type=docs cost=free level=beginner -->",
         rf"duplicate resource URL {re.escape(existing_url)} \(already listed on line {existing_line}\)"),
        ("![](../assets/favicon.svg)",
         r"image has no alt text: write what it shows inside !\[\.\.\.\]"),
    ]
    # Append them to the Resources list, as a contributor would.
    first = end + 1  # 1-based line of the first new item
    page.write_text("\n".join(lines[:end] + [markdown for markdown, _ in mistakes] + lines[end:]) + "\n", encoding="utf-8")

    result = run_validate(project_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    output = result.stdout.splitlines()
    for offset, (_, message) in enumerate(mistakes):
        prefix = f"{relative}:{first + offset}: "
        lines_here = [line for line in output if line.startswith(prefix)]
        assert any(re.search(message, line) for line in lines_here), f"expected {prefix}{message} in:\n{result.stdout}"
    assert re.search(r"^validation failed: \d+ problem\(s\)$", output[-1])

    # The contributor fixes it: one correct resource instead, with the sentence on why it helps.
    correct = [
        f"- [{title_a}]({url_a}) <!-- md:resource type=book cost=free level=beginner -->",
        "  An open textbook with runnable code for each chapter.",
    ]
    page.write_text("\n".join(lines[:end] + correct + lines[end:]) + "\n", encoding="utf-8")
    result = run_validate(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "validation passed" in result.stdout

    ok, log = build_site(project_copy, tmp_path / "site")
    assert ok, log
    slug = page.stem
    markup = (tmp_path / "site" / "roadmap" / slug / "index.html").read_text(encoding="utf-8")
    item = re.search(rf'<a href="{re.escape(url_a)}"[^>]*>{re.escape(html.escape(title_a))}</a>\s*(<span class="dl-resource".*?</span></span>)', markup)
    assert item, f"the new resource is not on /roadmap/{slug}/"
    badges = item.group(1)
    assert 'data-type="book" data-cost="free" data-level="beginner"' in badges
    assert re.findall(r'<span class="dl-badge[^"]*">([^<]+)</span>', badges) == ["Book", "Free", "Beginner"]


# --- The new-section template ---------------------------------------------------------------------


def fill_template(template: str, resources: list[tuple[str, str]]) -> str:
    """What a contributor does with docs/_template.md: replace every TODO with (minimal) real text."""
    text = template
    for key, value in {
        "title": '"Minimal Section"',
        "description": '"A minimal section that checks the new-section template builds once filled in."',
        "tags": "[template]",
    }.items():
        text, count = re.subn(rf"^{key}: .*TODO.*$", f"{key}: {value}", text, count=1, flags=re.M)
        assert count == 1, f"the template has no TODO in '{key}'"
    item = re.compile(r"^- \[TODO[^\]]*\]\([^)]*\) <!-- md:resource [^>]*-->\n  TODO.*$", re.M)
    assert item.search(text), "the template has no example resource"
    filled_resources = "\n".join(
        f"- [{title}]({url}) <!-- md:resource type=book cost=free level=beginner -->\n  Worth reading."
        for title, url in resources
    )
    text = item.sub(filled_resources, text, count=1)
    text = re.sub(r'^(#+ )TODO ', r"\1", text, flags=re.M)  # topic headings keep their ids
    text = re.sub(r'^(\?\?\? question ")TODO ', r"\1", text, flags=re.M)
    text = re.sub(r"^(\s*)TODO .*$", r"\1Minimal text.", text, flags=re.M)
    text = re.sub(r"<!--(?!\s*md:).*?-->\n*", "", text, flags=re.S)  # the instructions comment
    assert "TODO" not in text, f"a TODO is left that this test does not know how to fill:\n{text}"
    return text


def add_section(project: Path, slug: str, markdown: str) -> Path:
    path = project / "docs" / "roadmap" / f"{slug}.md"
    path.write_text(markdown, encoding="utf-8")
    nav = project / "docs" / "roadmap" / ".nav.yml"
    nav.write_text(nav.read_text(encoding="utf-8").rstrip("\n") + f"\n  - {slug}.md\n", encoding="utf-8")
    return path


def test_template_is_not_built_but_filled_in_it_builds(project_copy, tmp_path):
    template = (project_copy / "docs" / "_template.md").read_text(encoding="utf-8")
    add_section(project_copy, "minimal-section", fill_template(template, CANDIDATE_RESOURCES[:2]))
    ok, log = build_site(project_copy, tmp_path / "site")
    assert ok, log
    assert not (tmp_path / "site" / "_template").exists(), "docs/_template.md must not be published"
    markup = (tmp_path / "site" / "roadmap" / "minimal-section" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in markup and "Minimal Section" in markup
    for heading_id in ("why-it-matters", "first-topic", "second-topic", "third-topic", "resources", "practice", "self-check"):
        assert f'id="{heading_id}"' in markup
    assert markup.count('class="dl-resource"') == 2


def test_template_left_unfilled_is_refused_where_the_todos_are(project_copy):
    template = (project_copy / "docs" / "_template.md").read_text(encoding="utf-8")
    add_section(project_copy, "unfinished-section", template)
    result = run_validate(project_copy)
    assert result.returncode == 1
    resource_line = next(n for n, line in enumerate(template.splitlines(), 1) if "md:resource" in line)
    assert f"docs/roadmap/unfinished-section.md:{resource_line}: md:resource has unknown type 'TODO'" in result.stdout


def test_no_published_section_page_has_a_todo_left():
    """A section made from the template is finished: no TODO in its prose (code may say TODO)."""
    leftovers = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "docs" / "roadmap").glob("[!_]*.md"))
        for number, line in prose_lines(path.read_text(encoding="utf-8"))
        if re.search(r"\bTODO\b", line)
    ]
    assert not leftovers, f"template placeholders left in: {leftovers}"


# --- The guide, the page actions and the dates on the built site -----------------------------------


def test_guide_page_renders_contributing_md(built_site):
    source = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    markup = (built_site / "contributing" / "guide" / "index.html").read_text(encoding="utf-8")
    headings = [line[3:] for _, line in prose_lines(source) if line.startswith("## ")]
    assert len(headings) >= 6
    for heading in headings:
        assert re.search(rf"<h2 id=\"[^\"]+\">{re.escape(html.escape(heading, quote=False))}<", markup), heading
    assert "python3 scripts/dev.py serve" in re.sub(r"<[^>]+>", "", markup)  # code is split into highlight spans


def pages_with_a_source(site: Path) -> list[Path]:
    return [page for page in sorted(site.rglob("index.html")) if 'rel="edit"' in page.read_text(encoding="utf-8")]


def test_every_page_with_an_edit_button_has_a_prefilled_report_button(built_site):
    form = yaml.safe_load((FORMS / "content-error.yml").read_text(encoding="utf-8"))
    field_ids = {field.get("id") for field in form["body"]}
    repo_url = re.search(r"^repo_url: (\S+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1).rstrip("/")
    pages = pages_with_a_source(built_site)
    assert len(pages) >= 15
    for page in pages:
        markup = page.read_text(encoding="utf-8")
        edit = re.search(r'<a href="([^"]+)"[^>]*rel="edit"', markup).group(1)
        report = re.search(r'<a href="([^"]+)"\s+title="Report a problem with this page" aria-label="Report a problem with this page"', markup)
        assert report, f"{page}: no report-a-problem button"
        url = urlsplit(html.unescape(report.group(1)))
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{repo_url}/issues/new"
        query = parse_qs(url.query)
        assert query["template"] == ["content-error.yml"]
        assert (FORMS / query["template"][0]).exists()
        assert "page" in field_ids, "the form has no 'page' field for the button to fill"
        source = query["page"][0]
        assert (ROOT / source).is_file(), f"{page}: the report names {source}, which does not exist"
        assert edit.endswith("/" + source), f"{page}: edit button and report name different files"


def test_last_updated_date_comes_from_git(built_site):
    page = "docs/roadmap/transformers.md"
    timestamp = git(ROOT, "log", "-1", "--format=%at", "--", page).strip()
    assert timestamp, f"{page} has no commit"
    day = datetime.datetime.fromtimestamp(int(timestamp), tz=datetime.UTC)
    expected = f"{day:%B} {day.day}, {day.year}"
    markup = (built_site / "roadmap" / "transformers" / "index.html").read_text(encoding="utf-8")
    shown = re.search(r'<aside class="md-source-file">.*?git-revision-date-localized-plugin-date"[^>]*>([^<]+)<', markup, re.S)
    assert shown and shown.group(1) == expected


def test_last_updated_date_is_announced_with_its_label(page, site_url):
    """Material names the date only in an icon tooltip; a screen reader must hear "Last update: <date>"."""
    page.goto(site_url + "roadmap/transformers/")
    fact = page.locator(".md-source-file__fact")
    assert fact.locator(".md-icon").get_attribute("aria-hidden") == "true"
    spoken = " ".join(fact.inner_text().split())  # inner_text includes the visually hidden label
    assert re.fullmatch(r"Last update: [A-Z][a-z]+ \d{1,2}, \d{4}", spoken), spoken
    label = fact.locator(".dl-visually-hidden")
    assert label.bounding_box()["width"] <= 1, "the label must not be visible"


def test_build_without_git_falls_back_to_the_build_date(project_copy, tmp_path):
    assert not (project_copy / ".git").exists()
    ok, log = build_site(project_copy, tmp_path / "site")
    assert ok, log
    today = datetime.datetime.now(datetime.UTC)
    markup = (tmp_path / "site" / "roadmap" / "transformers" / "index.html").read_text(encoding="utf-8")
    assert f"{today:%B} {today.day}, {today.year}" in markup


def test_shallow_clone_builds_with_dates_from_its_one_commit(project_copy, tmp_path, monkeypatch):
    # Outside GitHub Actions (our .ci/run, a contributor's machine) a depth-1 clone just builds.
    # On GitHub Actions the plugin warns about it, which fails the strict build: see the next test.
    for variable in ("GITHUB_ACTIONS", "GITLAB_CI", "BITBUCKET_BUILD_NUMBER"):
        monkeypatch.delenv(variable, raising=False)
    git(project_copy, "init", "-q")
    git(project_copy, "add", "-A")
    fixed = {"GIT_AUTHOR_DATE": "2024-01-02T12:00:00Z", "GIT_COMMITTER_DATE": "2024-01-02T12:00:00Z"}
    git(project_copy, "commit", "-q", "-m", "first", env=fixed)
    git(project_copy, "commit", "-q", "--allow-empty", "-m", "second", env=fixed)
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", project_copy.as_uri(), str(shallow))
    assert git(shallow, "rev-parse", "--is-shallow-repository").strip() == "true"
    ok, log = build_site(shallow, tmp_path / "site")
    assert ok, log
    markup = (tmp_path / "site" / "roadmap" / "transformers" / "index.html").read_text(encoding="utf-8")
    assert "January 2, 2024" in markup
    # The same clone built as if on GitHub Actions: the plugin's shallow-clone warning fails it.
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    ok, log = build_site(shallow, tmp_path / "site-gha")
    assert not ok and "fetch-depth: 0" in log


def test_workflows_that_build_the_site_fetch_full_history():
    """On GitHub Actions a depth-1 checkout makes the dates plugin warn and the strict build fail."""
    shallow = []
    for workflow in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        for name, job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].items():
            steps = job.get("steps", [])
            builds = any(re.search(r"scripts/dev\.py (build|test|serve)|mkdocs (build|serve)", step.get("run", "")) for step in steps)
            checkout = next((step for step in steps if step.get("uses", "").startswith("actions/checkout@")), None)
            if builds and checkout and checkout.get("with", {}).get("fetch-depth") != 0:
                shallow.append(f"{workflow.relative_to(ROOT)} job {name}")
    assert not shallow, f"add `fetch-depth: 0` to the checkout step of: {shallow}"


# --- Issue forms -----------------------------------------------------------------------------------


def load_form(name: str) -> dict:
    return yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["suggest-resource.yml", "broken-link.yml", "content-error.yml"])
def test_issue_form_is_well_formed(name):
    form = load_form(name)
    assert {"name", "description", "body"} <= form.keys()
    ids = [field["id"] for field in form["body"] if "id" in field]
    assert len(ids) == len(set(ids)), f"{name}: duplicate field ids"
    for field in form["body"]:
        assert field["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if field["type"] != "markdown":
            assert re.fullmatch(r"[a-z][a-z0-9_-]*", field["id"]) and field["attributes"]["label"]
    assert any(field.get("validations", {}).get("required") for field in form["body"])


def test_suggest_resource_form_matches_the_resource_marker():
    fields = {field.get("id"): field for field in load_form("suggest-resource.yml")["body"]}
    for key, allowed in markers.RESOURCE_FIELDS.items():
        assert fields[key]["type"] == "dropdown"
        assert tuple(fields[key]["attributes"]["options"]) == allowed, f"form options for {key} differ from markers.py"
    for key in ("section", "title", "url", "why"):
        assert fields[key]["validations"]["required"] is True


def test_issue_forms_and_config_match_githubs_schemas():
    """The schemas GitHub documents for issue forms and the chooser, vendored by check-jsonschema (offline)."""
    tool = str(Path(sys.executable).parent / "check-jsonschema")
    forms = [str(FORMS / name) for name in ("suggest-resource.yml", "broken-link.yml", "content-error.yml")]
    for schema, files in (("vendor.github-issue-forms", forms), ("vendor.github-issue-config", [str(FORMS / "config.yml")])):
        result = subprocess.run([tool, "--builtin-schema", schema, *files], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr


def test_issue_chooser_config():
    config = yaml.safe_load((FORMS / "config.yml").read_text(encoding="utf-8"))
    assert isinstance(config["blank_issues_enabled"], bool)


def test_pull_request_template_has_a_short_checklist():
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] ", text, re.M)
    assert 3 <= len(items) <= 8


# --- The same checks as pre-commit ----------------------------------------------------------------


def repository_snapshot(destination: Path) -> Path:
    """The files a commit of this working tree would hold (tracked + new, minus ignored), as a fresh repo."""
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git(destination, "init", "-q")
    git(destination, "add", "-A")
    git(destination, "commit", "-q", "-m", "snapshot")
    return destination


def test_pre_commit_hooks_pass_on_the_repository(tmp_path, perf_report):
    """`pre-commit run --all-files`, hooks installed from PyPI and npm, on a snapshot of the repository."""
    import time

    snapshot = repository_snapshot(tmp_path / "repo")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--show-diff-on-failure", "--color=never"],
        cwd=snapshot, env=env, capture_output=True, text=True, timeout=900,
    )
    perf_report(f"pre-commit run --all-files: {time.monotonic() - started:.1f} s")
    assert result.returncode == 0, result.stdout + result.stderr
    for hook in ("markdownlint", "codespell", "yamllint", "ruff", "site validation"):
        assert re.search(rf"^{re.escape(hook)}.*Passed$", result.stdout, re.M), f"{hook} did not run:\n{result.stdout}"
