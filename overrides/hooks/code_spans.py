"""Fewer elements per line of highlighted code: unwrap the Pygments spans that change nothing on screen.

Pygments wraps every token in `<span class="...">`, and a long page's code is thousands of them
(Transformers: 2,000 `n`, 1,900 `p` and 1,000 `o` spans). Four classes have no visual effect:
`n` (a plain name) is coloured `--md-code-hl-name-color`, which Material sets to
`--md-code-fg-color`, the colour of the code around it, in both schemes; `o` (operator) and `p`
(punctuation) get that colour from docs/assets/extra.css; `w` (whitespace) has no rule at all.
Their text stays where it is, as a plain text node of the same `<code>`.
tests/test_code_spans.py renders code with and without them and compares the pixels.

Pure functions; no MkDocs imports, so tests call them directly.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

PLAIN_TOKEN_CLASSES = ("n", "o", "p", "w")
SELECTOR = ", ".join(f".highlight code span[class='{name}']" for name in PLAIN_TOKEN_CLASSES)


def unwrap_plain_tokens(html: str) -> tuple[str, int]:
    """`html` (a page's content) with the plain token spans of its code blocks unwrapped; how many went."""
    if "highlight" not in html:
        return html, 0
    tree = LexborHTMLParser(f"<body>{html}</body>")
    spans = tree.css(SELECTOR)
    if not spans:
        return html, 0
    for span in spans:
        span.unwrap()
    return tree.body.inner_html, len(spans)
