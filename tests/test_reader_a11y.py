"""axe-core on every page of the built site, in light and in dark mode: zero violations.

The same walk checks that no page requests another host or logs a console error (a Content-Security-
Policy violation is one).

axe-core comes from npm (package.json pins it; `npm ci` installs node_modules/). It is evaluated in
the page through the DevTools protocol, so the site's Content-Security-Policy stays in force.
"""

from __future__ import annotations

import pytest

from conftest import ROOT
from reader_helpers import site_pages

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RULESETS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` in the repository root"
    return AXE.read_text(encoding="utf-8")


def describe(violations) -> str:
    lines = []
    for violation in violations:
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:4])
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_axe_violations(browser, site_url, built_site, axe_source, scheme, perf_report):
    context = browser.new_context(color_scheme=scheme)
    origin = site_url.rstrip("/")
    foreign: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(origin + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(f"{page.url}: {message.text}"))
    failures, pages = [], site_pages(built_site)
    try:
        for path in pages:
            page.goto(site_url + path, wait_until="networkidle")
            expected = "slate" if scheme == "dark" else "default"
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected, path
            if not page.evaluate("typeof window.axe === 'object'"):
                page.evaluate(axe_source)
            result = page.evaluate(
                "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}, resultTypes: ['violations']})",
                RULESETS,
            )
            if result["violations"]:
                failures.append(f"/{path} ({scheme}):\n{describe(result['violations'])}")
    finally:
        context.close()
    perf_report(f"axe-core ({scheme}): {len(pages)} pages, {len(failures)} with violations")
    assert not failures, "\n".join(failures)
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not errors, errors
