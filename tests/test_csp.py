"""Content Security Policy: present on every built page, violated by nothing the site does, and
strict enough to stop an injected inline script (see overrides/hooks/csp.py)."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

import csp
import html_safety
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


def test_only_theme_scripts_are_hashed(tmp_path):
    """A script is hashed only when a template emits it; a template expression may stand for a URL only."""
    (tmp_path / "base.html").write_text(
        '<script>__md_scope=new URL("{{ base_url }}",location)</script>'
        '<script src="{{ base_url }}/x.js"></script><style>.a{color:red}</style>'
    )
    inline = csp.Inline([tmp_path])
    inline.collect(
        '<script>__md_scope=new URL("../..",location)</script>'
        '<script>__md_scope=new URL("",alert(1),"",location)</script>'  # an expansion that is not a URL
        '<script>document.title="pwned"</script>'  # no template emits it
        '<script id="__config" type="application/json">{"a": 1}</script>'
        '<script src="assets/x.js"></script><style>.a{color:red}</style>',
        "page.md",
    )
    assert inline.scripts == {'__md_scope=new URL("../..",location)'}
    assert inline.styles == {".a{color:red}"}
    assert set(inline.not_from_theme()) == {'__md_scope=new URL("",alert(1),"",location)', 'document.title="pwned"'}
    policy = _directives(csp.policy(inline))
    assert csp.sha256_source('__md_scope=new URL("../..",location)') in policy["script-src"]
    assert csp.sha256_source('document.title="pwned"') not in policy["script-src"]
    assert csp.sha256_source('{"a": 1}') not in policy["script-src"]
    assert policy["style-src"] == ["'self'", csp.sha256_source(".a{color:red}")]


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
        # Every inline script on the page is allowed by its exact hash; no style attribute exists.
        scripts, _, style_attributes = html_safety.inline_code(text)
        for script in scripts:
            assert csp.sha256_source(script) in directives["script-src"], path
        assert style_attributes == set(), path
        assert "'unsafe-hashes'" not in directives["style-src"]
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


@pytest.mark.console_errors_expected  # the blocked script is logged as a CSP violation
def test_an_injection_that_passed_the_content_check_is_still_blocked_by_the_policy(browser, tmp_path, monkeypatch):
    """The second layer alone: with the build's content checks switched off, a script smuggled into a
    page through a malformed fence reaches the built page, and the policy (theme scripts only) stops it."""
    import local_server
    from conftest import build_site, copy_project

    monkeypatch.setattr(html_safety, "check_content", lambda html: [])
    monkeypatch.setattr(csp.Inline, "not_from_theme", lambda self: {})
    project = copy_project(tmp_path)
    page_path = project / "docs" / "roadmap" / "introduction.md"
    injection = '<script>document.title="pwned";window.__pwned=true</script>'
    page_path.write_text(page_path.read_text(encoding="utf-8") + f"\n```text {{oops\n{injection}\n```\n", encoding="utf-8")
    ok, log = build_site(project, tmp_path / "site")
    assert ok, log
    built = (tmp_path / "site" / "roadmap" / "introduction" / "index.html").read_text(encoding="utf-8")
    assert injection in built, "the trick must reach the page for this test to mean anything"
    assert csp.sha256_source('document.title="pwned";window.__pwned=true') not in _policy_of(built)
    context = browser.new_context()
    try:
        reader = context.new_page()
        reader.add_init_script(RECORD_VIOLATIONS)
        with local_server.serve_directory(tmp_path / "site") as url:
            reader.goto(url + "roadmap/introduction/", wait_until="load")
            reader.wait_for_timeout(100)  # violation events are queued as tasks
            assert reader.evaluate("window.__pwned") is None
            assert reader.title() != "pwned"
            violations = reader.evaluate("window.__cspViolations")
    finally:
        context.close()
    assert any(v.startswith("script-src") and "inline" in v for v in violations), violations
