"""Each section page is real learning material: structure, resources, self-checks, math and length."""

from __future__ import annotations

import re

import markers
import pytest
import source_page
from conftest import ROOT

SECTION_FILES = sorted((ROOT / "docs" / "roadmap").glob("[!_]*.md"))
# A section teaches 4-8 topics; at roughly 150 words each plus the introduction, practice task and
# self-check, anything under 1,200 words of prose cannot have taught them. The resources page is a
# guide to other material, so it may be shorter.
MIN_WORDS = {"learning-resources": 700}
DEFAULT_MIN_WORDS = 1200
QUESTION_RE = re.compile(r"^\?\?\?\+?\s+question\s+\"[^\"]+\"", re.M)


def model(path) -> source_page.SourcePage:
    return source_page.read(ROOT / "docs", path.relative_to(ROOT / "docs").as_posix(), ROOT)


def body(path):
    return model(path).body


def prose_words(path) -> int:
    text = " ".join(line for _, line in model(path).prose)
    text = re.sub(r"<!--.*?-->", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a link's address is not a word the reader reads
    return len(re.findall(r"[A-Za-z][A-Za-z'-]*", text))


def section_of(path, heading_id):
    """Markdown of the `##` section with the given id, up to the next `##` heading."""
    match = re.search(rf"^## .*\{{#{heading_id}\}}\s*$(.*?)(?=^## |\Z)", body(path), re.M | re.S)
    return match.group(1) if match else None


@pytest.mark.parametrize("path", SECTION_FILES, ids=lambda p: p.stem)
def test_section_has_why_practice_and_self_check(path):
    for heading_id in ("why-it-matters", "practice", "self-check", "resources"):
        assert section_of(path, heading_id) is not None, f"{path.name} has no '## … {{#{heading_id}}}' heading"
    questions = QUESTION_RE.findall(section_of(path, "self-check"))
    assert len(questions) >= 3, f"{path.name}: self-check needs >= 3 '??? question \"…\"' blocks, has {len(questions)}"
    assert len(section_of(path, "practice").split()) >= 40, f"{path.name}: the practice task is too thin"


@pytest.mark.parametrize("path", SECTION_FILES, ids=lambda p: p.stem)
def test_section_has_four_to_ten_valid_resources(path):
    expansion = model(path).expansion
    assert expansion.problems == []
    count = len(expansion.resources)
    assert 4 <= count <= 10, f"{path.name} has {count} resources; a section lists 4 to 10"
    resources_section = section_of(path, "resources")
    for resource in expansion.resources:
        assert resource.url in resources_section, f"{resource.url} is outside the Resources section"


@pytest.mark.parametrize("path", SECTION_FILES, ids=lambda p: p.stem)
def test_every_topic_heading_has_an_id_and_the_page_has_topics(path):
    page = model(path)
    assert page.problems == []
    topics = page.topics
    assert len(topics) >= 3, f"{path.name} has {len(topics)} topics"


@pytest.mark.parametrize("path", SECTION_FILES, ids=lambda p: p.stem)
def test_section_is_long_enough_to_teach(path, perf_report):
    words = prose_words(path)
    perf_report(f"words: {path.stem}: {words}")
    minimum = MIN_WORDS.get(path.stem, DEFAULT_MIN_WORDS)
    assert words >= minimum, f"{path.name} has {words} words of prose; the minimum is {minimum}"


def test_formulas_render_as_mathml(built_site):
    pages_with_math = 0
    for page in built_site.rglob("*.html"):
        markup = page.read_text(encoding="utf-8")
        assert 'class="arithmatex"' not in markup, f"{page}: a formula was not converted"
        if "<math " in markup:
            pages_with_math += 1
            assert re.search(r'<math alttext="[^"]+" display="(inline|block)"', markup), page
            assert "xmlns=" not in markup.split("<math ", 1)[1].split(">", 1)[0], page  # HTML gives <math> its namespace
    assert pages_with_math >= 5, f"only {pages_with_math} pages have math"


def test_resources_render_with_badges(built_site):
    markup = (built_site / "roadmap" / "transformers" / "index.html").read_text(encoding="utf-8")
    badges = re.findall(r'<span class="dl-resource" data-type="(\w+)" data-cost="(\w+)" data-level="(\w+)">', markup)
    assert len(badges) >= 4
    for kind, cost, level in badges:
        assert kind in markers.RESOURCE_TYPES and cost in markers.COSTS and level in markers.LEVELS
