"""A page's text as clean markdown, composed from the rules in ``markdown`` and
``from_html``. Readers differ in what they need back, so there are a few shapes:

* ``clean_markdown``: a page body (al-folio's about, a news item) as one markdown text;
* ``clean_lines``: one markdown line per source line (academicpages cuts by line numbers);
* ``paragraphs_to_markdown``: paragraph by paragraph, HTML paragraphs converted whole
  (the lab template's pages and YAML values);
* ``blocks_to_markdown``: HTML blocks converted as HTML, markdown lines with HTML inside
  line by line, after Hugo's shortcodes and attribute lines (Hugo Blox);
* ``lines_to_markdown``: inline elements converted in place, badges and scripts dropped,
  line numbers kept (AcadHomepage's sections, read again for paper boxes).
"""

from __future__ import annotations

import html
import re

from people.pasted_lists import HTML_TAG, plain_text
from siteimport.text.from_html import (
    convert_fragments,
    html_to_markdown,
    line_to_markdown,
)
from siteimport.text.frontmatter import repair
from siteimport.text.markdown import (
    collapse_blank_lines,
    drop_badges,
    drop_html_linked_badges,
    is_badge,
    nbsp_to_space,
    strip_comments,
    strip_kramdown_attributes,
    strip_liquid,
    strip_scripts,
    strip_shortcodes,
)


def clean_markdown(text: str) -> str:
    """A page body (markdown with HTML, Liquid and comments) as clean markdown."""
    text = nbsp_to_space(strip_comments(strip_liquid(repair(text or ""))))
    return collapse_blank_lines(drop_badges(convert_fragments(text)))


def html_lines(html_text: str) -> str:
    """An HTML block of ``<p>`` lines (al-folio's ``profile.address``) as plain lines."""
    html_text = re.sub(r"</p\s*>|<br\s*/?>", "\\g<0>\n", html_text, flags=re.I)
    lines = [line.strip() for line in clean_markdown(html_text).splitlines()]
    return "\n".join(line for line in lines if line)


def remove_layout(text: str) -> str:
    """The text without comments, style/script blocks, Liquid and kramdown attributes;
    the same number of lines."""
    return strip_kramdown_attributes(strip_liquid(strip_scripts(strip_comments(text))))


def clean_lines(text: str) -> list[str]:
    """Each line of the page as markdown: as many lines as the text has."""
    return [line_to_markdown(line) for line in remove_layout(text).split("\n")]


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_EMPTY_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s*$")


def paragraphs_to_markdown(text: str) -> str:
    """A markdown page (or a YAML value) with HTML and Liquid inside, as clean markdown:
    paragraph by paragraph, so the markdown stays as written and only HTML is converted."""
    text = nbsp_to_space(strip_comments(strip_liquid(text)))
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(text):
        if HTML_TAG.search(block):
            block = html_to_markdown(block, escape=False)
        lines = [line.rstrip() for line in block.split("\n") if not _EMPTY_LIST_ITEM.match(line)]
        block = "\n".join(lines).strip()
        if block:
            paragraphs.append(block)
    return "\n\n".join(paragraphs)


def inline_markdown(text) -> str:
    """A one-line value (a name, a headline) as markdown on one line."""
    if text is None:
        return ""
    text = str(text)
    if HTML_TAG.search(text):
        text = html_to_markdown(strip_comments(text), escape=False)
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


# --- Hugo Blox -------------------------------------------------------------------------

_ANY_TAG = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>")


def _html_blocks_to_markdown(text: str) -> str:
    blocks = []
    for block in _PARAGRAPH_BREAK.split(text):
        stripped = block.strip()
        if not _ANY_TAG.search(stripped):
            blocks.append(block)
        elif stripped.startswith("<"):  # an HTML block: markdown is not read inside it
            blocks.append(html_to_markdown(stripped))
        else:
            lines = [html_to_markdown(line, escape=False) if _ANY_TAG.search(line) else line
                     for line in block.split("\n")]
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _trim(line: str) -> str:
    """No trailing blanks, except markdown's hard line break (two spaces, from <br>)."""
    if not line.strip():
        return ""
    return line.rstrip() + ("  " if line.endswith("  ") else "")


def blocks_to_markdown(text) -> str:
    """A Hugo page's markdown with Hugo's additions and the page's HTML made plain markdown:
    no comments, shortcodes, attribute lines, layout HTML or &nbsp;; links and emphasis kept."""
    if not isinstance(text, str):
        return ""
    text = strip_comments(text.replace("\r\n", "\n"))
    text = strip_kramdown_attributes(strip_shortcodes(text))
    text = text.replace("&nbsp;", " ").replace("&shy;", "").replace("\xad", "")
    if _ANY_TAG.search(text):
        text = _html_blocks_to_markdown(text)
    text = _ANY_TAG.sub("", text)  # what markdownify kept as text (unknown tags) goes too
    text = "\n".join(_trim(line) for line in text.split("\n"))
    return collapse_blank_lines(text)


# --- AcadHomepage ------------------------------------------------------------------------

# An inline element with its content, on one line (seed 002 closes with "<\/span>").
_INLINE = re.compile(
    r"<(a|span|font|strong|b|em|i|u|sup|sub|code)\b[^>\n]*>[^<\n]*?(?:<\\?/\1\s*>)", re.I
)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_BR = re.compile(r"<br\s*/?>", re.I)
_BROKEN_TAG = re.compile(r"<\\?/?[a-zA-Z][^>\n]*>")
# Runs of spaces inside a line ("&nbsp; | &nbsp;"), never the indentation of nested lists.
_SPACES = re.compile(r"(?<=\S)[ \t]{2,}")


def _fragment(match: re.Match) -> str:
    return html_to_markdown(match.group(0).replace("<\\", "</"))


def _image(match: re.Match) -> str:
    return "" if is_badge(match.group(0)) else html_to_markdown(match.group(0))


def lines_to_markdown(text: str) -> str:
    """Each line's HTML made markdown: links, emphasis and images kept, styles, colours,
    layout ``<div>``, scripts and badges dropped; ``&nbsp;`` a space. Markdown untouched,
    line numbers kept."""
    text = drop_html_linked_badges(strip_scripts(text))
    text = _IMG.sub(_image, text)
    for _ in range(3):  # nested inline tags (<strong><span>…</span></strong>) inside out
        text = _INLINE.sub(_fragment, text)
    text = _BROKEN_TAG.sub("", _BR.sub("  \n", text))
    return nbsp_to_space(text)


def clean_section(text: str) -> str:
    """A section body as clean markdown: no HTML, no badges, tidy spaces and blank lines."""
    text = drop_badges(lines_to_markdown(text))
    lines = [_SPACES.sub(" ", line).rstrip() for line in text.split("\n")]
    return collapse_blank_lines("\n".join(lines))



def plain_line(text) -> str:
    """A one-line field (a title, a venue): no markdown, no HTML, entities decoded."""
    cleaned = plain_text(blocks_to_markdown(text)).replace("\\*", "*")
    return " ".join(html.unescape(cleaned).split())
