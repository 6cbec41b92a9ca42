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
SEARCH_EXCLUDE = "data-search-exclude"
# The search-only parts of a formula (tex_to_mathml), as the page is served once the search plugin has
# indexed it and removed the mark: latex2mathml never writes <mpadded>, and escaped TeX holds no '<'.
SEARCH_FORM_RE = re.compile(
    r'<semantics><mpadded(?: data-search-exclude="formula")?>(?P<shown>.*?)</mpadded>'
    r'<annotation encoding="application/x-tex">[^<]*</annotation></semantics>',
    re.S,
)
MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"
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
        # latex2mathml lays out '&' inside array, matrix, cases, split and align; elsewhere (aligned,
        # or a bare '&') it would print a stray '&' and run the rows together.
        raise MathError(f"'&' alignment is only supported inside \\begin{{array}}{{rl}}, split or align (not aligned): {tex}")
    # alttext gives assistive technology the source when it cannot read MathML. xmlns goes: an HTML
    # parser puts <math> in the MathML namespace by itself (191 of them were 0.3 KiB of a gzipped page).
    mathml = mathml.replace(f' xmlns="{MATHML_NAMESPACE}"', "", 1)
    mathml = mathml.replace("<math ", f'<math alttext="{html.escape(tex, quote=True)}" ', 1)
    # The site's search indexes the TeX, not the rendered symbols run together ("pk=ezk∑jezj"): Material's
    # indexer skips elements marked data-search-exclude (and strips the mark from the page it serves), and
    # browsers render only the first child of <semantics>, never the annotation. The mark sits on an
    # <mpadded> (without attributes it lays out as an <mrow>) because the indexer ends a skipped element
    # at the first closing tag of the same name, and latex2mathml never writes <mpadded> itself.
    start, end = mathml.index(">") + 1, mathml.rindex("</math>")
    return (
        f'{mathml[:start]}<semantics><mpadded {SEARCH_EXCLUDE}="formula">{mathml[start:end]}</mpadded>'
        f'<annotation encoding="application/x-tex">{html.escape(tex, quote=False)}</annotation></semantics></math>'
    )


def served(content: str) -> str:
    """The page readers receive: each formula without its search-only wrapper and TeX annotation
    (the TeX is in the search index already, and in alttext for assistive technology). On a long
    page they were about 1.5 KiB of the gzipped first view."""
    return SEARCH_FORM_RE.sub(lambda match: match["shown"], content)


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
