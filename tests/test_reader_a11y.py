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


# The `page` fixture (conftest.py) fails the test on any request to another host or console error.
@pytest.mark.parametrize("page", [{"color_scheme": "light"}, {"color_scheme": "dark"}], ids=["light", "dark"], indirect=True)
def test_every_page_has_no_axe_violations(page, request, site_url, built_site, axe_source, perf_report):
    scheme = request.node.callspec.params["page"]["color_scheme"]
    failures, pages = [], site_pages(built_site)
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
    perf_report(f"axe-core ({scheme}): {len(pages)} pages, {len(failures)} with violations")
    assert not failures, "\n".join(failures)
