"""Every Python code block on the site runs, and prints what the page shows under it.

Each page's code runs as the notebook the site publishes (scripts/examples.py: nbclient on a fresh
CPU kernel, blocks in page order, network closed, Keras on the PyTorch backend). A block preceded
by `<!-- md:no-run reason -->` is a skipped cell. What a block prints must match the ```output
fence the page shows right after it (rules in scripts/examples.py); failures name the Markdown
file and line of the block.
"""

from __future__ import annotations

import examples
import pytest
from conftest import ROOT

PAGES = examples.pages_with_code([])


def test_the_site_has_code_examples_to_run():
    assert len(PAGES) >= 5, "the roadmap teaches with code; most section pages should have Python blocks"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(ROOT / "docs").as_posix())
def test_python_blocks_on_page_run_and_print_what_the_page_shows(path, perf_report):
    relative = path.relative_to(ROOT).as_posix()
    results, no_run = examples.run_page(path)
    failures = examples.describe_failures(relative, results)
    assert not failures, "\n\n".join(failures)
    shown = sum(1 for result in results if result.shown is not None)
    perf_report(f"code examples: {relative}: {len(results)} run ({shown} with shown output), {no_run} marked no-run")


@pytest.mark.parametrize(
    ("shown", "printed", "expected"),
    [
        ("loss 0.693", "loss 0.693", True),
        ("loss 0.693", "loss 0.694", True),  # one unit in the last printed place
        ("loss 0.693", "loss 0.695", False),
        ("parameters: 99", "parameters: 100", False),  # integers are exact
        ("error 1.2e-08", "error 1.3e-08", True),
        ("error 1.2e-08", "error 1.2e-06", False),
        ("took ... ms", "took 12.5 ms", True),
        ("first\n...\nlast", "first\na\nb\nlast", True),
        ("first\n...\nlast", "first\nlast", True),
        ("first\nlast", "first\nmiddle\nlast", False),
        ("a  \nb\n", "a\nb", True),  # trailing spaces and blank lines
        ("shape (5, 3)", "shape (5, 4)", False),
        ("", "", True),
        ("", "something", False),
        ("accuracy 93.8%", "accuracy 93.75%", True),  # within one unit of the shown last place
        ("accuracy 93.8%", "accuracy 93.6%", False),
        ("[0.5  0.25]", "[0.5  0.25]", True),
        ("loss 2.5e+03", "loss 2.5e+03", True),
        ("gradient 1e-05", "gradient 2e-05", True),  # no decimal point: the exponent sets the place
        ("gradient 1e-05", "gradient 0.9", False),
        ("gradient 1e-05", "gradient 3e-05", False),
    ],
)
def test_outputs_match_rules(shown, printed, expected):
    assert examples.outputs_match(shown, printed) is expected
