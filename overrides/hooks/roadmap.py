"""The site's one MkDocs hooks module.

Each event function handles one concern and is gated on the page path. The logic lives in
sibling modules with no MkDocs imports (source_page, frontmatter, html_safety, section_page, markers,
mathml, roadmap_map, link_health; after the build css_purge, asset_minify and csp) so tests
call it directly. Every source file is checked in on_nav, before any page is
read, and all problems are reported together as `docs/<file>.md:<line>: <what is wrong>`, so a
contributor sees every mistake in one run and a bad page never reaches the built site. Formulas
can only be checked once rendered; their problems are raised in on_env, before anything is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

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
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url

import asset_minify
import code_spans
import core_path
import csp
import css_purge
import frontmatter
import glossary
import html_safety
import learner_pages
import link_health
import markdown_source
import markers
import material_bundle
import mathml
import notebook
import offline
import roadmap_map
import section_layout
import section_page
import snippet_paths
import social
import source_page
import workbench

SECTION_DIR = "roadmap/"


@dataclass
class Section:
    """What templates need to know about one roadmap section page."""

    source: source_page.SourcePage
    url: str
    number: int = 0

    def __getattr__(self, name):  # templates read front matter keys as attributes
        try:
            return self.source.front.data[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def slug(self) -> str:
        return self.source.slug

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def front(self) -> frontmatter.FrontMatter:
        return self.source.front

    @property
    def resources(self) -> list[markers.Resource]:
        return self.source.expansion.resources

    @property
    def topics(self) -> list[section_page.Heading]:
        return self.source.topics

    @property
    def core_hours(self) -> int:
        return core_path.core_hours(self.front)

    @property
    def optional_topics(self) -> list[section_page.Heading]:
        """Topics a reader can leave for a second pass (front matter `optional`), in page order."""
        return [topic for topic in self.topics if topic.id in core_path.optional_ids(self.front)]

    @property
    def companion(self) -> bool:
        """A reference read alongside the path, not a step on it (front matter `companion`)."""
        return core_path.is_companion(self.front)

    @property
    def notebook(self) -> str | None:
        """Site path of the section's notebook, when it has code."""
        return state.notebooks.get(self.slug)

    @property
    def notebook_size(self) -> str | None:
        """The notebook's size as shown beside its download link."""
        size = state.notebook_sizes.get(self.slug)
        return workbench.human_size(size) if size is not None else None

    @property
    def colab_url(self) -> str | None:
        """Where Colab opens the notebook (the repository's notebooks branch); None without a GitHub repo_url."""
        if self.notebook is None:
            return None
        return workbench.colab_url(state.repo_url, self.notebook.rsplit("/", 1)[-1])


@dataclass
class BuildState:
    root: str = "."
    problems: list[frontmatter.Problem] = field(default_factory=list)
    pages: dict[str, source_page.SourcePage] = field(default_factory=dict)  # by src_uri: one read and parse per build
    sections: dict[str, Section] = field(default_factory=dict)
    nav_order: list[str] = field(default_factory=list)  # src_uri of every page, in nav order
    link_report: link_health.LinkReport | None = None  # the last link check, when the build has one
    ordered: list[Section] = field(default_factory=list)  # sections in nav order, fixed once in on_env
    includes: dict[str, list[str]] = field(default_factory=dict)  # snippet files by repo path: lines, to locate problems
    auto_appended: list[str] = field(default_factory=list)  # snippet files appended to every page
    inline: csp.Inline | None = None  # inline scripts of the rendered pages, for the policy
    css_evidence: css_purge.Evidence = field(default_factory=css_purge.Evidence)  # what pages offer a selector
    notebooks: dict[str, str] = field(default_factory=dict)  # section slug -> generated notebook's path in the site
    glossary_ids: dict[str, str] = field(default_factory=dict)  # glossary entry id by name and alias, for abbreviations
    rendering: glossary.PageContext = field(default_factory=glossary.PageContext)  # the page Markdown is rendering
    notebook_sizes: dict[str, int] = field(default_factory=dict)  # section slug -> notebook size in bytes
    repo_url: str | None = None  # mkdocs.yml repo_url: the Colab links point at its notebooks branch
    sharing: social.Sharing | None = None  # preview cards, card tags, JSON-LD, What's new and its feed
    feed: File | None = None  # the Atom feed, filled in once the sections are known
    offline: bool = False  # the offline edition (Material's offline plugin on): see offline.py


state = BuildState()


def is_section(page_or_file) -> bool:
    src_uri = getattr(page_or_file, "file", page_or_file).src_uri
    return src_uri.startswith(SECTION_DIR) and src_uri.count("/") == 1


def _repo_path(file) -> str:
    if file.abs_src_path is None:  # a page this module generates (link health): no source file
        return f"(generated) {file.src_uri}"
    return os.path.relpath(file.abs_src_path, state.root).replace(os.sep, "/")


# --- Events -------------------------------------------------------------------


def on_config(config):
    global state
    state = BuildState(root=os.path.dirname(os.path.abspath(config.config_file_path)), repo_url=config.repo_url)
    state.offline = offline.enabled(config)
    if state.offline:
        offline.use_own_worker_shim(config.extra)
        config.theme["features"] = offline.without_instant_navigation(config.theme["features"])
    snippet_paths.anchor_base_paths(config["mdx_configs"], state.root)
    state.inline = csp.Inline(config.theme.dirs)
    state.sharing = social.Sharing(site_name=config.site_name, site_url=config.site_url or "", description=config.site_description or "",
                                   site_dir=config.site_dir, cache_dir=Path(state.root, ".cache", "cards"))
    state.includes = _snippet_files(config)
    path = link_health.report_path(state.root, os.environ)
    shown = os.path.relpath(path, state.root).replace(os.sep, "/") if path else ""
    state.link_report, problems = link_health.load(path, shown)
    state.problems.extend(problems)
    # The first mention of each abbreviation on a page links to its glossary entry (or takes focus).
    config.markdown_extensions.append(glossary.GlossaryLinkExtension(state.glossary_ids, state.rendering))
    return config


def _snippet_files(config) -> dict[str, list[str]]:
    """Markdown files the snippets extension may include (its base paths), to name them in problems."""
    found = {}
    options = config.mdx_configs.get("pymdownx.snippets", {})
    appended = set(options.get("auto_append", []))
    for base in options.get("base_path", []):
        folder = base if os.path.isabs(base) else os.path.join(state.root, base)
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            if name.endswith(".md"):
                path = os.path.join(folder, name)
                repo_path = os.path.relpath(path, state.root).replace(os.sep, "/")
                with open(path, encoding="utf-8") as handle:
                    found[repo_path] = handle.read().split("\n")
                if name in appended and repo_path not in state.auto_appended:
                    state.auto_appended.append(repo_path)
    return found


# Files a reader's browser would open as documents (and run their scripts) if they were published.
ACTIVE_STATIC_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".svg", ".xml")
ALLOWED_ACTIVE_STATIC = {"assets/favicon.svg"}  # reviewed site assets


def on_files(files, config):
    """Read and parse every source page once (the model all later events use); add the generated
    Link health page (totals of the last link check, or "no report")."""
    for src_uri in offline.files_to_drop(state.offline):
        if (shim := files.get_file_from_path(src_uri)) is not None:
            files.remove(shim)
    for file in files.documentation_pages():
        if file.abs_src_path is not None:
            state.pages[file.src_uri] = source_page.parse(_repo_path(file), file.src_uri, file.content_string)
    docs_dir = os.path.abspath(config.docs_dir)
    for file in [*files.static_pages(), *files.media_files()]:
        from_docs = file.abs_src_path and os.path.abspath(file.abs_src_path).startswith(docs_dir + os.sep)
        if from_docs and file.src_uri.lower().endswith(ACTIVE_STATIC_SUFFIXES) and file.src_uri not in ALLOWED_ACTIVE_STATIC:
            state.problems.append(frontmatter.Problem(
                _repo_path(file), 1,
                "HTML, SVG and XML files are not published from docs/ (a browser would run their scripts); "
                "write the page in Markdown, or add an image as PNG, JPEG or WebP",
            ))
    _add_notebooks(files, config)
    if glossary.GLOSSARY_URI in state.pages:
        state.glossary_ids.update(glossary.targets(glossary.entries(state.pages[glossary.GLOSSARY_URI])))
    titles = {src_uri: page.title for src_uri, page in state.pages.items()}
    files.append(File.generated(config, link_health.PAGE_URI, content=link_health.page_markdown(state.link_report, titles)))
    social.drop_theme_assets(files, config.docs_dir)
    state.feed = File.generated(config, social.FEED_URI, content=b"")
    files.append(state.feed)
    return files


def on_page_read_source(page, config):
    """MkDocs reads the file once more for every page; hand it the text the model already holds."""
    source = state.pages.get(page.file.src_uri)
    return source.raw if source is not None else None


def on_page_markdown(markdown, page, config, files):
    # Problems were collected from the page model in on_nav; here the markers only become HTML.
    state.rendering.src_uri = page.file.src_uri  # rendering follows this event: glossary links are relative to it
    source = state.pages.get(page.file.src_uri)
    if source is None:  # a generated page (link health): no source model, no markers
        return markdown
    expansion = source.expansion
    if markdown != source.body:  # another plugin changed the Markdown first: expand what it gave us
        prose, fences = markdown_source.split(markdown, source.first_line)
        expansion = markers.expand(source.path, markdown, prose, fences, source.first_line)
    markdown = expansion.markdown
    if source.is_section:
        markdown = core_path.mark_topic_headings(markdown, source.first_line, source.topics, core_path.optional_ids(source.front))
    if page.file.src_uri == social.CHANGELOG_URI:
        return markdown + state.sharing.changes_markdown()
    if state.link_report and expansion.resources:
        return link_health.mark_unreachable(markdown, expansion.resources, source.first_line, state.link_report)
    return markdown


NOTEBOOK_DIR = "notebooks/"


def _add_notebooks(files, config) -> None:
    """notebooks/<slug>.ipynb for every section page with code: its python blocks as a Jupyter notebook."""
    versions = notebook.locked_versions(Path(state.root))
    for source in state.pages.values():
        if not source.is_section or not source.python_fences:
            continue
        page_url = urljoin(config.site_url or "", source.src_uri.removesuffix(".md") + "/")
        book, problems = notebook.build(source, page_url, versions)
        state.problems.extend(problems)
        uri = f"{NOTEBOOK_DIR}{source.slug}.ipynb"
        content = notebook.dumps(book)
        files.append(File.generated(config, uri, content=content))
        state.notebooks[source.slug] = uri
        state.notebook_sizes[source.slug] = len(content.encode("utf-8"))


# Front matter values that templates insert into every page unescaped (title in the nav and the
# heading, description in a meta attribute, tags in the tag list).
TEMPLATE_STRINGS = ("title", "description", "tags")


def _check_source(source: source_page.SourcePage, url: str) -> None:
    """Every source-level check of one page, from its model (no rendering needed)."""
    state.problems.extend(source.problems)
    for key in TEMPLATE_STRINGS if source.front else ():
        values = source.front.data.get(key)
        for value in values if isinstance(values, list) else [values]:
            if problem := html_safety.plain_text_problem(value):
                state.problems.append(frontmatter.Problem(source.path, source.front.key_lines.get(key, 1), f"'{key}' {problem}"))
    # A section whose front matter is broken is left out of the maps and lists (they would break on
    # it) and rendered as a plain page, so its other problems are still found and reported.
    if source.is_section and source.front_ok:
        state.sections[source.slug] = Section(source, url)


def _raise_problems() -> None:
    if state.problems:
        problems = sorted(set(state.problems), key=lambda p: (p.path, p.line, p.message))
        listing = "\n".join(f"  {problem}" for problem in problems)
        raise PluginError(f"{len(problems)} content problem(s):\n{listing}")


def on_page_content(html, page, config, files):
    source = state.pages.get(page.file.src_uri)
    html, errors = mathml.render(html)
    for tex, message in errors:
        # The HTML has no source lines; the formula's first line of TeX finds it in the file.
        state.problems.append(_problem_at(page, source, (tex.splitlines()[0].strip(),), None, message))
    # Safety is judged on the finished content, after Markdown, snippets, abbreviations and MathML.
    for finding in html_safety.check_content(html):
        state.problems.append(_problem_at(page, source, finding.needles, finding.heading_id, finding.message))
    html, _ = code_spans.unwrap_plain_tokens(html)  # after the checks: it only removes elements
    return html


def _problem_at(page, source, needles, heading_id, message) -> frontmatter.Problem:
    """A problem found in rendered HTML, at the source line that holds it where that can be found:
    the page's own file, else a snippet the page includes, else the heading above it, else the page's
    first line."""
    for needle in needles:
        if source and needle and (line := source.line_of(needle)):
            return frontmatter.Problem(source.path, line, message)
    for needle in needles:
        for path in _included_by(source):
            lines = state.includes[path]
            if needle and (line := next((n for n, text in enumerate(lines, 1) if needle in text), None)):
                return frontmatter.Problem(path, line, f"{message} (included into {_repo_path(page.file)})")
    heading = next((h for h in source.headings if h.id == heading_id), None) if source else None
    line = heading.line if heading else (source.first_line if source else 1)
    return frontmatter.Problem(source.path if source else _repo_path(page.file), line, message)


def _included_by(source) -> list[str]:
    """Snippet files that end up in `source`'s page: those appended to every page, and those it names."""
    if source is None:
        return []
    named = [path for path in state.includes if os.path.basename(path) in source.raw]
    return [*state.auto_appended, *(path for path in named if path not in state.auto_appended)]


def on_env(env, config, files):
    _raise_problems()  # formulas are only checked once pages are rendered
    # Sorted once per build: every page's map reads it (sorting per page grew as pages x sections).
    state.ordered = _ordered_sections()
    env.globals["roadmap_sections"] = state.ordered
    # The learner's pages by their built address: "learner/plan/" online, "learner/plan.html" offline.
    env.globals["learner_pages"] = {name: files.get_file_from_path(f"learner/{name}.md").url for name in ("plan", "review", "notes")}
    # The offline edition is one of the editions and holds none of them: it links no download.
    env.globals["editions"] = {} if state.offline else workbench.requested_editions(os.environ)
    state.sharing.set_sections(state.ordered)
    state.feed.content_bytes = state.sharing.feed()
    env.globals["material_bundle"] = material_bundle.bundle_path(config.theme.dirs)  # loaded on first input
    return env


def _ordered_sections() -> list[Section]:
    """Sections in navigation order (awesome-nav's docs/roadmap/.nav.yml), numbered from 1."""
    position = {src_uri: index for index, src_uri in enumerate(state.nav_order)}
    ordered = sorted(state.sections.values(), key=lambda s: position.get(f"{SECTION_DIR}{s.slug}.md", len(position)))
    for number, section in enumerate(ordered, start=1):
        section.number = number
    return ordered


def on_nav(nav, config, files):
    """Check every source file before any page is rendered. Problems are reported all at once in
    on_env, after rendering has found the rest; only a broken prerequisite graph (every page's map is
    drawn from it) or tags the tags plugin would crash on stop the build here."""
    state.nav_order = [page.file.src_uri for page in nav.pages]
    for file in files.documentation_pages():
        if file.src_uri in state.pages:
            _check_source(state.pages[file.src_uri], file.url)
    declared = {
        source.slug: (source.path, source.front)
        for source in state.pages.values()
        if source.is_section and source.front is not None
    }
    graph_problems = frontmatter.check_prerequisites(declared) + core_path.check_companions(declared)
    if glossary.GLOSSARY_URI in state.pages:
        state.problems.extend(glossary.check(state.pages[glossary.GLOSSARY_URI], state.pages))
    state.problems.extend(graph_problems)
    state.problems.extend(state.sharing.check_changes(state.pages.get(social.CHANGELOG_URI), state.sections))
    broken_tags = [source for source in state.pages.values() if source.front and frontmatter.breaks_plugins(source.front)]
    for source in broken_tags:
        if not source.is_section:  # a section's tags were already checked with its whole front matter
            line = source.front.key_lines.get("tags", 1)
            state.problems.append(frontmatter.Problem(source.path, line, "'tags' must be a non-empty list of strings"))
    if graph_problems or broken_tags:
        _raise_problems()
    return nav


def on_page_context(context, page, config, nav):
    # Material's search plugin has indexed the page (its on_page_context runs before the hooks'):
    # what only the index needed leaves the served page.
    page.content = mathml.served(page.content or "")
    if is_section(page):
        context["section"] = state.sections.get(page.file.src_uri[len(SECTION_DIR):].removesuffix(".md"))
    if page.is_homepage:
        context["roadmap_map"] = roadmap_map.full_map(_map_nodes(page))
        # Material's skip link targets the first table-of-contents entry: the hero, not the Markdown at the bottom.
        page.toc = TableOfContents([AnchorLink("The roadmap", "dl-hero-title", 1), *page.toc])
    elif page.file.src_uri == learner_pages.REVIEW_PAGE:
        rendered = {p.file.src_uri: p.content or "" for p in nav.pages}
        sections = [learner_pages.DeckSection(s.slug, s.title, s.url, rendered.get(s.source.src_uri, "")) for s in state.ordered]
        context["review_deck"] = learner_pages.deck(sections, page.url)
    elif context.get("section"):
        context["roadmap_map"] = roadmap_map.where_am_i(_map_nodes(page), context["section"].slug)
        first_topic = next(iter(context["section"].topics), None)
        context["section_intro"], context["section_rest"] = section_layout.split_before_heading(
            page.content, first_topic.id if first_topic else None
        )  # the map and the reader's tools go between them (overrides/main.html)
    context["sharing"] = state.sharing.page(title=page.meta.get("title") or page.title, url=page.url, description=page.meta.get("description"),
                                            is_home=page.is_homepage, section=context.get("section"), where=_repo_path(page.file))
    return context


def on_template_context(context, template_name, config):
    if template_name == "404.html":
        context["sharing"] = state.sharing.not_found()
    return context


def _map_nodes(page) -> list[roadmap_map.MapNode]:
    """The sections as map nodes, with links relative to `page` (as the `url` filter makes them)."""
    return [
        roadmap_map.MapNode(
            s.slug, s.number, s.title, s.level, s.hours,
            tuple(topic.id for topic in s.topics), tuple(p for p in s.prerequisites if p in state.sections),
            get_relative_url(s.url, page.url),
            s.core_hours, len(s.optional_topics), s.companion,
        )
        for s in state.ordered
    ]


# --- After the build: smaller assets, then the Content Security Policy ---------------

# `mkdocs serve` injects its live-reload script into every page at request time; no build-time hash
# can allow it, so the policy is added to built sites only (build, gh-deploy, tests, benchmarks).
# The flag lives in the csp module because serve reloads this hooks module on every rebuild.


def on_startup(command, dirty):
    csp.settings.enabled = command != "serve"


def _check_output(output: str, where: str, site_path: str) -> None:
    """The finished document, as readers receive it: theme checks, and its inline scripts for the policy."""
    document = html_safety.parse(output)  # one parse serves the checks, the policy and the CSS purge
    for finding in html_safety.check_theme(document):
        state.problems.append(frontmatter.Problem(where, 1, finding.message))
    state.inline.collect(document, where)
    state.css_evidence.add_document(document, site_path)


def on_post_page(output, page, config):
    _check_output(output, _repo_path(page.file), page.file.dest_uri)
    return output


def on_post_template(output_content, template_name, config):
    _check_output(output_content, f"(template) {template_name}", template_name)
    return output_content


def on_post_build(config):
    state.problems.extend(state.sharing.problems)
    state.sharing.report()
    for text, where in state.inline.not_from_theme().items():
        state.problems.append(frontmatter.Problem(
            where, 1, f"inline script or style that no theme template emits: {text.strip()[:80]!r}"
        ))
    _raise_problems()
    # Every build, serve included, so what a writer previews is what readers get.
    renames, _ = css_purge.apply_to_site(config.site_dir, state.css_evidence)
    asset_minify.apply_to_site(config.site_dir)
    policy = csp.policy(state.inline) if csp.settings.enabled else None
    _rewrite_built_pages(config.site_dir, renames, policy)


def _rewrite_built_pages(site_dir: str, renames: dict[str, str], policy: str | None) -> None:
    """One pass over the written pages: links to the renamed stylesheets, and the policy."""
    names = {old.rsplit("/", 1)[-1]: new.rsplit("/", 1)[-1] for old, new in renames.items() if old != new}
    for path in sorted(Path(site_dir).rglob("*.html")):
        text = original = path.read_text(encoding="utf-8")
        for old, new in names.items():  # content-hashed names: unique strings, safe to replace
            text = text.replace(old, new)
        if policy is not None:
            text = csp.insert_meta(text, policy)
        if text != original:
            path.write_text(text, encoding="utf-8")
