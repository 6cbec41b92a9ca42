"""Content Security Policy: present on every built page, violated by nothing the site does, and
strict enough to stop an injected inline script (see overrides/hooks/csp.py)."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

import csp
from reader_helpers import site_pages

META_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')

# Recorded in every document before any page script runs; instant navigation keeps the document.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
    + `in ${event.sourceFile || location.pathname}:${event.lineNumber} (${(event.sample || "").slice(0, 60)})`);
});
"""


def _policy_of(page_html: str) -> str:
    import html

    found = META_RE.findall(page_html)
    assert len(found) == 1, f"expected exactly one CSP meta, found {len(found)}"
    return html.unescape(found[0])


def _directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


# --- The build step (pure functions) ----------------------------------------------


def test_hash_is_the_browser_format():
    expected = base64.b64encode(hashlib.sha256(b"alert(1)").digest()).decode()
    assert csp.sha256_source("alert(1)") == f"'sha256-{expected}'"


def test_only_executed_inline_scripts_are_hashed():
    inline = csp.Inline()
    inline.add_page(
        '<script>run()</script><script type="module">mod()</script>'
        '<script id="__config" type="application/json">{"a": 1}</script>'
        '<script src="assets/x.js"></script><style>.a{color:red}</style>'
    )
    assert inline.scripts == {"run()", "mod()"}
    assert inline.styles == {".a{color:red}"}
    policy = _directives(csp.policy(inline))
    assert csp.sha256_source("run()") in policy["script-src"]
    assert csp.sha256_source('{"a": 1}') not in policy["script-src"]
    assert csp.sha256_source(".a{color:red}") in policy["style-src"]
    assert "'unsafe-hashes'" not in policy["style-src"]


def test_style_attributes_are_allowed_by_exact_hash_never_unsafe_inline():
    inline = csp.Inline()
    inline.add_page('<div style="width: 10%">x</div><math displaystyle="true"></math>')
    assert inline.style_attributes == {"width: 10%"}  # displaystyle is not a style attribute
    policy = _directives(csp.policy(inline))
    assert policy["style-src"] == ["'self'", "'unsafe-hashes'", csp.sha256_source("width: 10%")]


def test_meta_goes_after_charset_and_replaces_an_older_policy():
    page = '<html><head><meta charset="utf-8"><script>a()</script></head></html>'
    once = csp.insert_meta(page, "default-src 'none'")
    twice = csp.insert_meta(once, "default-src 'self'")
    assert META_RE.findall(twice) == ["default-src 'self'"]
    assert twice.index("<meta charset") < twice.index("Content-Security-Policy") < twice.index("<script>")


# --- The built site ---------------------------------------------------------------


def test_every_page_has_one_strict_policy_before_any_script(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 10
    policies = set()
    for path in pages:
        text = path.read_text(encoding="utf-8")
        policy = _policy_of(text)
        policies.add(policy)
        head = text[: text.index("</head>")]
        assert head.index("Content-Security-Policy") < head.index("<script"), path
        assert len(text[: text.index("Content-Security-Policy")].encode()) < 1024, "meta must be early in <head>"
        directives = _directives(policy)
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        assert directives["default-src"] == ["'none'"]
        assert directives["script-src"][0] == "'self'"
        # Every inline script on the page is allowed by its exact hash.
        for match in csp.SCRIPT_RE.finditer(text):
            if csp._is_executed_inline(match.group("attrs")):
                assert csp.sha256_source(match.group("body")) in directives["script-src"], path
    assert len(policies) == 1, "instant navigation keeps the first page's policy, so every page needs the same"


# --- In the browser ---------------------------------------------------------------


@pytest.fixture
def watched(page):
    page.context.add_init_script(RECORD_VIOLATIONS)
    return page


def _violations(page) -> list[str]:
    recorded = page.evaluate("window.__cspViolations")
    logged = [text for text in page.watch.console_errors if "Content Security Policy" in text]
    return recorded + logged


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_violates_the_policy(watched, site_url, built_site, scheme):
    """Every page, in both colour schemes, runs all of its scripts and styles within the policy."""
    watched.emulate_media(color_scheme=scheme)
    problems = []
    for path in site_pages(built_site):
        watched.goto(site_url + path, wait_until="load")
        # Material fetches the sitemap for instant navigation and the search worker boots lazily:
        # give them a moment so their requests are judged too.
        watched.wait_for_timeout(150)
        problems += [f"/{path}: {v}" for v in _violations(watched)]
        watched.watch.console_errors.clear()
    assert problems == []


def test_palette_search_progress_and_navigation_stay_within_the_policy(watched, site_url):
    watched.goto(site_url, wait_until="load")
    # Palette: switch twice and reload, so the inline palette script restores a stored choice.
    for _ in range(2):
        watched.locator("form[data-md-component=palette] label:visible").first.click()
    watched.reload(wait_until="load")
    # Search: open, query, wait for results from the worker, follow one (instant navigation).
    watched.keyboard.press("/")
    watched.keyboard.type("gradient")
    first_result = watched.locator(".md-search-result__item a").first
    first_result.wait_for(state="visible", timeout=10_000)
    first_result.click()
    watched.wait_for_load_state("load")
    # On to a section page through the sidebar (instant navigation again).
    watched.locator(".md-sidebar--primary a[href$='transformers/']").first.click()
    watched.wait_for_url("**/roadmap/transformers/")
    # Whatever reader controls the page offers (progress ticks, resource filter checkboxes and
    # selects, buttons the progress script adds), use them; then the home page map redraws progress.
    used = 0
    for control in watched.locator(".md-content button:visible, .md-content input[type=checkbox]:visible").all()[:6]:
        if control.get_attribute("data-dl-action") in ("reset", "import"):
            continue  # a confirm() dialog and a file chooser: not what this test is about
        control.click()
        used += 1
    for select in watched.locator(".md-content select:visible").all():
        select.select_option(index=1)
    # Navigate on with instant loading, come back, and go home (map with progress bars).
    watched.locator(".md-footer__link--next").first.click()
    watched.go_back()
    watched.locator(".md-header__button.md-logo").first.click()
    watched.wait_for_timeout(300)
    assert watched.locator("svg.dl-map, .md-content").count() > 0
    assert used >= 2, "the section page should offer reader controls (progress ticks, filters)"
    assert _violations(watched) == [], f"after using {used} controls"


@pytest.mark.console_errors_expected  # each blocked injection is logged as a CSP violation
def test_injected_inline_code_is_blocked(watched, site_url):
    watched.goto(site_url, wait_until="load")
    result = watched.evaluate(
        """() => {
          const run = (text) => {
            const script = document.createElement("script");
            script.textContent = text;
            document.body.append(script);
          };
          run("window.__injected = true");
          // Control: the exact text of a script the theme ships runs (allowed by its hash); one changed
          // character does not.
          const shipped = [...document.scripts].find((s) => !s.src && s.textContent.startsWith("__md_scope="));
          window.__md_scope = null;
          run(shipped.textContent);
          const controlRan = window.__md_scope instanceof URL;
          run(shipped.textContent.replace("__md_scope=", "window.__allowedRan=true,__md_scope="));
          const style = document.createElement("style");
          style.textContent = "body { visibility: hidden }";
          document.head.append(style);
          const link = document.createElement("a");
          link.setAttribute("onclick", "window.__handler = true");
          document.body.append(link);
          link.click();
          return {
            controlRan,
            injected: window.__injected === true,
            altered: window.__allowedRan === true,
            handler: window.__handler === true,
            hidden: getComputedStyle(document.body).visibility === "hidden",
          };
        }"""
    )
    assert result == {"controlRan": True, "injected": False, "altered": False, "handler": False, "hidden": False}
    watched.wait_for_timeout(100)  # violation events are queued as tasks
    violations = watched.evaluate("window.__cspViolations")
    assert sum("script-src" in v for v in violations) == 3, violations  # injected, altered, handler
    assert any("style-src" in v for v in violations), violations
