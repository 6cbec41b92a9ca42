"""Math at build time: the TeX that pymdownx.arithmatex (generic mode) wraps becomes MathML.

Browsers render MathML natively, so a formula costs no script, no font download and no request.
latex2mathml silently passes unknown commands through, so we refuse those ourselves.
"""

from __future__ import annotations

import html
import re

from latex2mathml.converter import convert

ARITHMATEX_RE = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])</(?P=tag)>',
    re.S,
)
UNKNOWN_COMMAND_RE = re.compile(r"<m[ion]>(\\[a-zA-Z]+)</m[ion]>")


class MathError(ValueError):
    pass


def tex_to_mathml(tex: str, display: str) -> str:
    depth = 0
    for char in re.sub(r"\\[{}]", "", tex):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        raise MathError(f"unbalanced braces in formula: {tex}")
    mathml = convert(tex, display=display)
    if unknown := UNKNOWN_COMMAND_RE.search(mathml):
        raise MathError(f"unknown LaTeX command {unknown.group(1)} in formula: {tex}")
    if "<mi>&</mi>" in mathml:
        # latex2mathml lays out '&' only inside array, matrix and cases; elsewhere (aligned, split)
        # it would print a stray '&' and run the rows together.
        raise MathError(f"'&' alignment is only supported inside \\begin{{array}}{{rl}} (not aligned/split): {tex}")
    # alttext gives assistive technology the source when it cannot read MathML.
    return mathml.replace("<math ", f'<math alttext="{html.escape(tex, quote=True)}" ', 1)


def render(content: str) -> tuple[str, list[tuple[str, str]]]:
    """Replace arithmatex output in page HTML with MathML; return the HTML and (formula, error) pairs."""
    errors: list[tuple[str, str]] = []

    def replace(match: re.Match) -> str:
        display = "inline" if match.group("inline") is not None else "block"
        tex = html.unescape(match.group("inline") if display == "inline" else match.group("block")).strip()
        try:
            mathml = tex_to_mathml(tex, display)
        except Exception as error:  # latex2mathml raises many types; report them all the same way
            errors.append((tex, str(error) if isinstance(error, MathError) else f"cannot convert formula {tex!r}: {error}"))
            return match.group(0)
        if display == "block":
            return f'<div class="dl-math">{mathml}</div>'
        return mathml

    return ARITHMATEX_RE.sub(replace, content), errors
