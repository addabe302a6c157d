"""A page's text as clean markdown, composed from the rules in ``markdown`` and
``from_html``. One cleaner, ``blocks_to_markdown``, does the work: comments, shortcodes and
attribute lines removed, an HTML block converted as HTML, a markdown line with HTML inside
converted without escaping, tags left over dropped, &nbsp; a space. Around it each reader
gets the shape it needs back:

* ``clean_markdown``: a page body (al-folio) with Liquid removed and badges dropped;
* ``paragraphs_to_markdown``: the same without hard line breaks or empty list items (the
  lab template's pages and YAML values); ``inline_markdown`` for one-line values;
* ``clean_section``: badges (linked ones too) dropped and runs of spaces collapsed
  (AcadHomepage's sections);
* ``plain_line``: a one-line field with no markdown at all (Hugo Blox titles, venues);
* ``clean_lines``: one markdown line per source line (academicpages cuts its pages by
  line numbers, so this one converts line by line).
"""

from __future__ import annotations

import html
import re

from people.pasted_lists import plain_text
from siteimport.text.from_html import (
    HTML_TAG,
    html_to_markdown,
    line_to_markdown,
)
from siteimport.text.frontmatter import repair
from siteimport.text.markdown import (
    collapse_blank_lines,
    drop_badges,
    drop_html_linked_badges,
    strip_comments,
    strip_kramdown_attributes,
    strip_liquid,
    strip_scripts,
    strip_shortcodes,
)


def clean_markdown(text: str) -> str:
    """A page body (markdown with HTML, Liquid and comments) as clean markdown."""
    text = blocks_to_markdown(strip_liquid(repair(text or "")))
    return collapse_blank_lines(drop_badges(text))


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
    text = blocks_to_markdown(strip_liquid(text))
    # No hard line breaks: the template's lines are shown as the list they are.
    lines = [line.rstrip() for line in text.split("\n") if not _EMPTY_LIST_ITEM.match(line)]
    return collapse_blank_lines("\n".join(lines))


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

# Runs of spaces inside a line ("&nbsp; | &nbsp;"), never the indentation of nested lists.
_SPACES = re.compile(r"(?<=\S)[ \t]{2,}")


def clean_section(text: str) -> str:
    """A section body as clean markdown: no HTML, no badges, tidy spaces and blank lines."""
    text = blocks_to_markdown(drop_html_linked_badges(text.replace("<\\/", "</")))
    lines = [_SPACES.sub(" ", line).rstrip() for line in drop_badges(text).split("\n")]
    return collapse_blank_lines("\n".join(lines))



def plain_line(text) -> str:
    """A one-line field (a title, a venue): no markdown, no HTML, entities decoded."""
    cleaned = plain_text(blocks_to_markdown(text)).replace("\\*", "*")
    return " ".join(html.unescape(cleaned).split())
