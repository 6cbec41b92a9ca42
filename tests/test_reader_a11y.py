"""axe-core on every page of the built site, in light and in dark mode: zero violations.

axe-core comes from npm (package.json pins it; `npm ci` installs node_modules/). It is evaluated in
the page through the DevTools protocol, so the site's Content-Security-Policy stays in force.
"""

from __future__ import annotations

import pytest

from conftest import ROOT
from reader_helpers import site_pages, wait_until

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
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
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
    assert not errors, errors
