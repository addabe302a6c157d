"""Markdown with HTML inside, as AcadHomepage pages mix them, made clean markdown.

``markup.html_to_markdown`` reads a whole HTML document; run over markdown it would escape
every ``*`` and ``_`` and join the list lines. Here only the HTML *fragments* go through it
(an ``<a>…</a>``, a ``<span style>…</span>``), the markdown around them stays byte for byte.
Liquid and HTML comments are blanked with their newlines kept, so line numbers still point
at the source. Candidates for ``siteimport.markup`` when the lead consolidates.
"""

from __future__ import annotations

import re

from siteimport.markup import html_to_markdown

# Bounded: an unclosed "{%" must not send every later one to the end of the page
# (quadratic); a real Liquid tag is far shorter.
_LIQUID = re.compile(r"\{%[\s\S]{0,500}?%\}|\{\{[\s\S]{0,500}?\}\}")
# An inline element with its content, on one line: converted as one fragment.
_INLINE = re.compile(
    r"<(a|span|font|strong|b|em|i|u|sup|sub|code)\b[^>\n]*>[^<\n]*?(?:<\\?/\1\s*>)", re.I
)
_SCRIPT = re.compile(r"<(script|style|iframe)\b.*?(?:</\1\s*>|$)", re.I | re.DOTALL)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_BR = re.compile(r"<br\s*/?>", re.I)
_ANY_TAG = re.compile(r"<\\?/?[a-zA-Z][^>\n]*>")
# Network badges: shields.io stars and citation counters, altmetric, dimensions.
_BADGE_HOSTS = r"(?:img\.shields\.io|badge\.fury\.io|badge\.dimensions\.ai|[\w.]*altmetric\.com)"
_LINKED_BADGE = re.compile(rf"\[!\[[^\]]*\]\(https?://{_BADGE_HOSTS}[^)]*\)\]\(([^)\s]*)\)")
_BADGE = re.compile(rf"!\[[^\]]*\]\(https?://{_BADGE_HOSTS}[^)]*\)")
_HTML_LINKED_BADGE = re.compile(
    r"<a\b[^>]*?\bhref=['\"](?P<url>[^'\"]+)['\"][^>]*>\s*(?P<img><img\b[^>]*>)\s*</a>", re.I
)
_ALT = re.compile(r"""\balt=['"](?P<alt>[^'"]*)['"]""", re.I)
_MARKDOWN_ALT = re.compile(r"^\[!\[(?P<alt>[^\]]*)\]")
# Runs of spaces inside a line ("&nbsp; | &nbsp;"), never the indentation of nested lists.
_SPACES = re.compile(r"(?<=\S)[ \t]{2,}")
_BLANK_LINES = re.compile(r"\n{3,}")


def blank(match: re.Match) -> str:
    """A removed span of text as the newlines it held, so later lines keep their numbers."""
    return "\n" * match.group(0).count("\n")


def strip_liquid(text: str) -> str:
    return _LIQUID.sub(blank, text)


def _comment_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each HTML comment, found with ``str.find`` (linear); an unclosed one
    runs to the end of the page, as it does in a browser."""
    spans: list[tuple[int, int]] = []
    position = text.find("<!--")
    while position != -1:
        end = text.find("-->", position + 4)
        if end == -1:
            spans.append((position, len(text)))
            break
        spans.append((position, end + 3))
        position = text.find("<!--", end + 3)
    return spans


def comments(text: str) -> list[tuple[int, str]]:
    """(line, text) of each HTML comment, for the report: commented-out lines are not lost
    silently."""
    found, line, counted = [], 1, 0
    for start, end in _comment_spans(text):
        line += text.count("\n", counted, start)
        counted = start
        found.append((line, text[start + 4 : end].removesuffix("-->").strip()))
    return found


def strip_comments(text: str) -> str:
    pieces, position = [], 0
    for start, end in _comment_spans(text):
        pieces += [text[position:start], "\n" * text.count("\n", start, end)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _fragment(match: re.Match) -> str:
    return html_to_markdown(match.group(0).replace("<\\", "</"))


def _image(match: re.Match) -> str:
    return "" if re.search(_BADGE_HOSTS, match.group(0)) else html_to_markdown(match.group(0))


def _linked_image(match: re.Match) -> str:
    return "" if re.search(_BADGE_HOSTS, match["img"]) else match.group(0)


def inline_html_to_markdown(text: str) -> str:
    """Each line's HTML made markdown: links, emphasis and images kept, styles, colours,
    layout ``<div>``, scripts and badges dropped; ``&nbsp;`` a space. Markdown untouched."""
    text = _SCRIPT.sub(blank, text)
    text = _HTML_LINKED_BADGE.sub(_linked_image, text)
    text = _IMG.sub(_image, text)
    for _ in range(3):  # nested inline tags (<strong><span>…</span></strong>) inside out
        text = _INLINE.sub(_fragment, text)
    text = _BR.sub("  \n", text)
    text = _ANY_TAG.sub("", text)
    return text.replace("&nbsp;", " ").replace("\xa0", " ")


def drop_badges(text: str) -> str:
    """Network badge images gone; a badge that links somewhere leaves nothing either (the
    link is read separately where it means something, such as a paper's code)."""
    return _BADGE.sub("", _LINKED_BADGE.sub("", text))



def linked_badges(text: str) -> list[tuple[str, str]]:
    """(alt text, address) of each badge that links somewhere: markdown
    ``[![stars](shields…)](https://github.com/x/y)`` or HTML ``<a href><img alt></a>``."""
    found = [
        (_MARKDOWN_ALT.match(match.group(0))["alt"], match.group(1))
        for match in _LINKED_BADGE.finditer(text)
        if match.group(1)
    ]
    for match in _HTML_LINKED_BADGE.finditer(text):
        if re.search(_BADGE_HOSTS, match["img"]):
            alt = _ALT.search(match["img"])
            found.append((alt["alt"] if alt else "", match["url"]))
    return found


def clean_markdown(text: str) -> str:
    """A section body as clean markdown: no HTML, no badges, tidy spaces and blank lines."""
    text = drop_badges(inline_html_to_markdown(text))
    lines = [_SPACES.sub(" ", line).rstrip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
