"""Cleaning the text of a Jekyll page into the markdown labsite keeps (al-folio reader's
helpers; the lead may move them into ``siteimport.markup`` when other readers need them).

Liquid (``{% … %}``, ``{{ … }}``), HTML comments and badge images are dropped; HTML
becomes markdown through ``markup.html_to_markdown``; mojibake is repaired through
``markup.repair``.
"""

from __future__ import annotations

import re

from siteimport.markup import html_to_markdown, repair

_LIQUID = re.compile(r"\{%-?.*?-?%\}|\{\{-?.*?-?\}\}", re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# Network badges say nothing a page needs: citation counts, stars, altmetric donuts.
_BADGE = re.compile(
    r"!\[[^\]]*\]\(\s*https?://(?:img\.shields\.io|badge\.dimensions\.ai|"
    r"api\.altmetric\.com|badges\.altmetric\.com)[^)]*\)"
)
_BLANK_LINES = re.compile(r"\n{3,}")
# One element without a nested element of its own name: converted on its own so the markdown
# around it is left as written (markdownify would escape its "*" and "_").
_ELEMENT = re.compile(
    r"<(a|i|em|b|strong|u|font|span|sup|sub|code|small|p|div|ul|ol|li|h[1-6]|center|table)\b"
    r"[^>]*>(?:(?!<\1\b).)*?</\1\s*>",
    re.S | re.I,
)
_VOID = re.compile(r"<(?:img|br|hr)\b[^>]*>", re.I)
_MAX_NESTING = 8  # passes; each converts the innermost elements, so time stays linear
_NBSP = re.compile(r"&nbsp;|\u00a0")


def strip_liquid(text: str) -> str:
    return _LIQUID.sub("", text)


def clean_markdown(text: str) -> str:
    """A page body (markdown with HTML, Liquid and comments) as clean markdown."""
    text = _COMMENT.sub("", strip_liquid(repair(text or "")))
    text = _NBSP.sub(" ", text)
    for _ in range(_MAX_NESTING):
        text, count = _ELEMENT.subn(_converted, text)
        if not count:
            break
    text = _VOID.sub(_converted, text)
    text = _HTML_TAG.sub("", text)  # what is left is unbalanced layout: <div> without </div>
    text = _BADGE.sub("", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def _converted(match: re.Match) -> str:
    markdown = html_to_markdown(match.group(0))
    return markdown.replace("\\*", "*").replace("\\_", "_")


def html_lines(html: str) -> str:
    """An HTML block of ``<p>`` lines (al-folio's ``profile.address``) as plain lines."""
    html = re.sub(r"</p\s*>|<br\s*/?>", "\\g<0>\n", html, flags=re.I)
    lines = [line.strip() for line in clean_markdown(html).splitlines()]
    return "\n".join(line for line in lines if line)
