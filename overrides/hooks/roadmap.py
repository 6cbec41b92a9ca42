"""The site's one MkDocs hooks module.

Each event function handles one concern and is gated on the page path. The logic lives in
sibling modules with no MkDocs imports (frontmatter, content_safety, section_page, markers,
mathml, roadmap_map, link_health; after the build css_purge, asset_minify and csp) so tests
call it directly. Every source file is checked in on_nav, before any page is
read, and all problems are reported together as `docs/<file>.md:<line>: <what is wrong>`, so a
contributor sees every mistake in one run and a bad page never reaches the built site. Formulas
can only be checked once rendered; their problems are raised in on_env, before anything is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import mkdocs

import engine_version

# Before anything else touches MkDocs: refuse MkDocs >= 2 with a message instead of a stack trace.
if _refusal := engine_version.refusal(getattr(mkdocs, "__version__", "")):
    try:
        from mkdocs.config.base import ValidationError as _Refuse  # reported as a config error
    except ImportError:  # an engine without MkDocs 1's config API: exit with the message alone
        _Refuse = SystemExit
    raise _Refuse(_refusal)

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data
from mkdocs.utils import get_relative_url

import asset_minify
import content_safety
import csp
import css_purge
import frontmatter
import link_health
import markers
import mathml
import roadmap_map
import section_page

SECTION_DIR = "roadmap/"


@dataclass
class Section:
    """What templates need to know about one roadmap section page."""

    slug: str
    path: str
    url: str
    front: frontmatter.FrontMatter
    headings: list[section_page.Heading]
    resources: list[markers.Resource]
    number: int = 0

    def __getattr__(self, name):  # templates read front matter keys as attributes
        try:
            return self.front.data[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def topics(self) -> list[section_page.Heading]:
        return [heading for heading in self.headings if heading.is_topic]


@dataclass
class BuildState:
    root: str = "."
    problems: list[frontmatter.Problem] = field(default_factory=list)
    sections: dict[str, Section] = field(default_factory=dict)
    nav_order: list[str] = field(default_factory=list)  # src_uri of every page, in nav order
    link_report: link_health.LinkReport | None = None  # the last link check, when the build has one
    ordered: list[Section] = field(default_factory=list)  # sections in nav order, fixed once in on_env


state = BuildState()


def is_section(page_or_file) -> bool:
    src_uri = getattr(page_or_file, "file", page_or_file).src_uri
    return src_uri.startswith(SECTION_DIR) and src_uri.count("/") == 1


def _repo_path(file) -> str:
    if file.abs_src_path is None:  # a page this module generates (link health): no source file
        return f"(generated) {file.src_uri}"
    return os.path.relpath(file.abs_src_path, state.root).replace(os.sep, "/")


def _first_body_line(file, markdown: str) -> int:
    """File line on which `markdown` (the source without front matter) starts."""
    raw = file.content_string.replace("\r\n", "\n")
    return raw[: len(raw) - len(markdown)].count("\n") + 1 if raw.endswith(markdown) else 1


# --- Events -------------------------------------------------------------------


def on_config(config):
    global state
    state = BuildState(root=os.path.dirname(os.path.abspath(config.config_file_path)))
    path = link_health.report_path(state.root, os.environ)
    shown = os.path.relpath(path, state.root).replace(os.sep, "/") if path else ""
    state.link_report, problems = link_health.load(path, shown)
    state.problems.extend(problems)
    return config


def on_files(files, config):
    """Add the generated Link health page (totals of the last link check, or "no report")."""
    titles = {file.src_uri: get_data(file.content_string)[1].get("title", file.src_uri) for file in files.documentation_pages()}
    files.append(File.generated(config, link_health.PAGE_URI, content=link_health.page_markdown(state.link_report, titles)))
    return files


def on_page_markdown(markdown, page, config, files):
    # Problems were collected from the source in on_nav; here the markers only become HTML.
    first_line = _first_body_line(page.file, markdown)
    expansion = markers.expand(_repo_path(page.file), markdown, first_line)
    if state.link_report and expansion.resources:
        return link_health.mark_unreachable(expansion.markdown, expansion.resources, first_line, state.link_report)
    return expansion.markdown


def _check_source(file) -> None:
    """Every source-level check of one page, straight from its file (no rendering needed)."""
    path = _repo_path(file)
    raw = file.content_string.replace("\r\n", "\n")
    markdown, _ = get_data(raw)  # the body exactly as MkDocs will hand it to on_page_markdown
    first_line = _first_body_line(file, markdown)
    state.problems.extend(content_safety.check(path, markdown, first_line))
    expansion = markers.expand(path, markdown, first_line)
    state.problems.extend(expansion.problems)
    if not is_section(file):
        return
    front, problems = frontmatter.parse(path, raw)
    if front:
        problems += frontmatter.validate(path, front)
    found, heading_problems = section_page.headings(path, markdown, first_line)
    state.problems.extend(problems + heading_problems)
    if front:
        slug = file.src_uri[len(SECTION_DIR):].removesuffix(".md")
        state.sections[slug] = Section(slug, path, file.url, front, found, expansion.resources)


def _raise_problems() -> None:
    if state.problems:
        problems = sorted(set(state.problems), key=lambda p: (p.path, p.line, p.message))
        listing = "\n".join(f"  {problem}" for problem in problems)
        raise PluginError(f"{len(problems)} content problem(s):\n{listing}")


def on_page_content(html, page, config, files):
    html, errors = mathml.render(html)
    if errors:
        path, source = _repo_path(page.file), page.file.content_string.splitlines()
        for tex, message in errors:
            # The HTML has no source lines; the formula's first line of TeX finds it in the file.
            needle = tex.splitlines()[0].strip()
            line = next((n for n, text in enumerate(source, start=1) if needle in text), 1)
            state.problems.append(frontmatter.Problem(path, line, message))
    return html


def on_env(env, config, files):
    _raise_problems()  # formulas are only checked once pages are rendered
    # Sorted once per build: every page's map reads it (sorting per page grew as pages x sections).
    state.ordered = _ordered_sections()
    env.globals["roadmap_sections"] = state.ordered
    return env


def _ordered_sections() -> list[Section]:
    """Sections in navigation order (awesome-nav's docs/roadmap/.nav.yml), numbered from 1."""
    position = {src_uri: index for index, src_uri in enumerate(state.nav_order)}
    ordered = sorted(state.sections.values(), key=lambda s: position.get(f"{SECTION_DIR}{s.slug}.md", len(position)))
    for number, section in enumerate(ordered, start=1):
        section.number = number
    return ordered


def on_nav(nav, config, files):
    """Check every source file before any page is read, so that no plugin (tags, say) trips over
    bad front matter first, and report every problem at once."""
    state.nav_order = [page.file.src_uri for page in nav.pages]
    for file in files.documentation_pages():
        _check_source(file)
    valid = {
        slug: (section.path, section.front)
        for slug, section in state.sections.items()
        if all(key in section.front.data for key in frontmatter.SCHEMA)
    }
    state.problems.extend(frontmatter.check_prerequisites(valid))
    _raise_problems()
    return nav


def on_page_context(context, page, config, nav):
    if is_section(page):
        context["section"] = state.sections.get(page.file.src_uri[len(SECTION_DIR):].removesuffix(".md"))
    if page.is_homepage:
        context["roadmap_map"] = roadmap_map.full_map(_map_nodes(page))
    elif context.get("section"):
        context["roadmap_map"] = roadmap_map.where_am_i(_map_nodes(page), context["section"].slug)
    return context


def _map_nodes(page) -> list[roadmap_map.MapNode]:
    """The sections as map nodes, with links relative to `page` (as the `url` filter makes them)."""
    return [
        roadmap_map.MapNode(
            s.slug, s.number, s.title, s.level, s.hours,
            tuple(topic.id for topic in s.topics), tuple(s.prerequisites), get_relative_url(s.url, page.url),
        )
        for s in state.ordered
    ]


# --- After the build: smaller assets, then the Content Security Policy ---------------

# `mkdocs serve` injects its live-reload script into every page at request time; no build-time hash
# can allow it, so the policy is added to built sites only (build, gh-deploy, tests, benchmarks).
# The flag lives in the csp module because serve reloads this hooks module on every rebuild.


def on_startup(command, dirty):
    csp.settings.enabled = command != "serve"


def on_post_build(config):
    # Every build, serve included, so what a writer previews is what readers get.
    css_purge.apply_to_site(config.site_dir)
    asset_minify.apply_to_site(config.site_dir)
    if csp.settings.enabled:
        csp.apply_to_site(config.site_dir)
