"""Plain Pygments token spans are unwrapped (overrides/hooks/code_spans.py) without changing what is drawn,
and a section page is split around its first topic (overrides/hooks/section_layout.py)."""

from __future__ import annotations

import markdown
import pytest

import code_spans
import section_layout

CODE = '''```python
import torch
from torch import nn

class Attention(nn.Module):
    """Scaled dot-product attention."""
    def forward(self, query, key, value, mask=None):
        scores = query @ key.transpose(-2, -1) / key.shape[-1] ** 0.5  # (batch, heads, n, n)
        if mask is not None:
            scores = scores.masked_fill(mask == 0, float("-inf"))
        return torch.softmax(scores, dim=-1) @ value
```
'''


def highlighted(source: str = CODE) -> str:
    """The code as the site's Markdown extensions render it (mkdocs.yml: pymdownx.highlight, superfences)."""
    return markdown.markdown(source, extensions=["pymdownx.highlight", "pymdownx.superfences"])


def test_only_plain_name_operator_punctuation_and_whitespace_spans_go_and_the_text_stays():
    original = highlighted()
    unwrapped, removed = code_spans.unwrap_plain_tokens(original)
    assert removed > 10
    assert '<span class="n">' in original and '<span class="n">' not in unwrapped
    for gone in ('<span class="w">', '<span class="o">', '<span class="p">'):
        assert gone not in unwrapped, gone
    for kept in ('<span class="k">', '<span class="nc">', '<span class="ow">', '<span class="s2">', '<span class="c1">', '<span class="mf">'):
        assert kept in unwrapped, kept
    text = lambda html: code_spans.LexborHTMLParser(html).body.text(deep=True)  # noqa: E731
    assert text(unwrapped) == text(original)


def test_markup_without_code_or_outside_code_is_left_alone():
    html = '<p><span class="n">not code</span> &amp; <code>x</code></p>'
    assert code_spans.unwrap_plain_tokens(html) == (html, 0)


# Every visible character of the code block: where it is drawn and in which colour and style. Exact
# screenshots are not the proof: Chromium smooths the edges of a line drawn as one run of text slightly
# differently from the same line drawn as many spans (529 pixels differed, all at glyph edges), while
# every glyph stays in its place (within sub-pixel rounding) with the same colour.
DRAWN_CHARACTERS = """() => {
  const pre = document.querySelector("article .highlight pre");
  const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const drawn = [];
  const background = element => {  // what shows behind the glyph: the nearest background that is painted
    for (; element; element = element.parentElement) {
      const colour = getComputedStyle(element).backgroundColor;
      if (colour !== "rgba(0, 0, 0, 0)") return colour;
    }
    return "none";
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const style = getComputedStyle(node.parentElement);
    for (let i = 0; i < node.data.length; i++) {
      if (!node.data[i].trim()) continue;
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      drawn.push([node.data[i], Math.round(box.x * 4) / 4, Math.round(box.y * 4) / 4, style.color,
                  background(node.parentElement), style.fontWeight, style.fontStyle, style.textDecorationLine]);
    }
  }
  const block = pre.getBoundingClientRect();
  return {drawn, size: [block.width, block.height]};
}"""


@pytest.mark.parametrize("page", [{"color_scheme": "light"}, {"color_scheme": "dark"}], indirect=True)
def test_unwrapped_code_draws_every_character_in_the_same_place_and_colour(page, site_url):
    """Both versions in the site's own page and stylesheets, light and dark."""
    original = highlighted()
    unwrapped, _ = code_spans.unwrap_plain_tokens(original)
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(site_url + "glossary/", wait_until="networkidle")
    renderings = []
    for html in (original, unwrapped):  # the same place on the same page, one after the other
        page.evaluate("html => { document.querySelector('article').innerHTML = html; }", html)
        renderings.append(page.evaluate(DRAWN_CHARACTERS))
    for plain in ("n", "o", "p"):
        assert original.count(f'class="{plain}"') > 3 and f'class="{plain}"' not in unwrapped, plain
    assert len(renderings[0]["drawn"]) > 300
    colours = {character[3] for character in renderings[0]["drawn"]}
    assert len(colours) > 3, colours  # the highlighting is really there to compare
    assert renderings[0]["size"] == renderings[1]["size"]
    # Same character, colour, background and style; drawn within half a pixel (a line drawn as one run
    # accumulates glyph advances with sub-pixel rounding of its own: 0.25 px shifts were measured).
    differences = [
        (a, b) for a, b in zip(renderings[0]["drawn"], renderings[1]["drawn"])
        if a[0] != b[0] or a[3:] != b[3:] or abs(a[1] - b[1]) > 0.5 or abs(a[2] - b[2]) > 0.5
    ]
    assert len(renderings[0]["drawn"]) == len(renderings[1]["drawn"]) and not differences, differences[:5]


def test_a_section_is_split_before_its_first_topic_heading():
    html = '<p>Intro <em>text</em> &amp; more.</p>\n<h2 id="why">Why</h2>\n<h2 id="first">First</h2>\n<p>Body</p>'
    before, after = section_layout.split_before_heading(html, "first")
    assert before.startswith("<p>Intro <em>text</em> &amp; more.</p>") and '<h2 id="why">' in before
    assert after.startswith('<h2 id="first">First</h2>') and after.endswith("<p>Body</p>")
    assert section_layout.split_before_heading(html, None) == (html, "")
    assert section_layout.split_before_heading(html, "missing") == (html, "")
