"""HTML as markdown: a whole HTML block, or the HTML fragments inside a markdown page
(converted without escaping, so the markdown around them stays as written)."""

from __future__ import annotations

import re

from markdownify import MarkdownConverter

from people.pasted_lists import HTML_TAG


class _Converter(MarkdownConverter):
    """Tags a page may keep become markdown; the rest keep only their text: ``style``,
    ``<font color>``, scripts, iframes and forms are dropped, and so are layout controls
    that carry no content (carousel buttons, screen-reader labels, icon spans)."""

    def convert_font(self, el, text, parent_tags):
        return text

    def convert_span(self, el, text, parent_tags):
        classes = " ".join(el.get("class") or [])
        return "" if ("sr-only" in classes or "glyphicon" in classes) else text

    def convert_a(self, el, text, parent_tags):
        if el.get("role") == "button":  # a carousel's "previous": a control, not content
            return ""
        if (el.get("href") or "").startswith("#"):  # an in-page anchor: only its words
            return text
        return super().convert_a(el, text, parent_tags)

    def _drop(self, el, text, parent_tags):
        return ""

    convert_script = convert_style = convert_iframe = convert_object = convert_embed = _drop
    convert_form = convert_input = convert_button = _drop


_ESCAPING = _Converter(heading_style="ATX", bullets="-", escape_misc=False)
# For HTML inside markdown: "*" and "_" around it are markdown already.
_NOT_ESCAPING = _Converter(
    heading_style="ATX", bullets="-", escape_misc=False, escape_asterisks=False,
    escape_underscores=False,
)


def html_to_markdown(html: str, *, escape: bool = True) -> str:
    """HTML as markdown: links, emphasis, lists, headings and images kept; presentation
    (inline style, colours, fonts) and active content dropped. ``escape=False`` for HTML
    that sits inside markdown: its "*" and "_" are then left as markdown."""
    return (_ESCAPING if escape else _NOT_ESCAPING).convert(html).strip()


# One element without a nested element of its own name: converted on its own so the markdown
# around it is left as written.
_ELEMENT = re.compile(
    r"<(a|i|em|b|strong|u|font|span|sup|sub|code|small|p|div|ul|ol|li|h[1-6]|center|table)\b"
    r"[^>]*>(?:(?!<\1\b).)*?</\1\s*>",
    re.S | re.I,
)
_VOID = re.compile(r"<(?:img|br|hr)\b[^>]*>", re.I)
_MAX_NESTING = 8  # passes; each converts the innermost elements, so time stays linear


def _converted(match: re.Match) -> str:
    return html_to_markdown(match.group(0), escape=False)


def convert_fragments(text: str) -> str:
    """Markdown with HTML elements inside: each element (innermost first) made markdown,
    void ones too; what is left is unbalanced layout (<div> without </div>) and goes."""
    for _ in range(_MAX_NESTING):
        text, count = _ELEMENT.subn(_converted, text)
        if not count:
            break
    text = _VOID.sub(_converted, text)
    return HTML_TAG.sub("", text)


# A paired element on one line, or a void one; academicpages' line-by-line reading.
_PAIRED = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>.*?</\1\s*>", re.S)
_LINE_VOID = re.compile(r"<(?:br|hr|img|input|wbr)\b[^>]*>", re.I)
_LI = re.compile(r"^(\s*)<li\b[^>]*>(.*?)(?:</li>)?\s*$", re.I)
_ENTITIES = {
    "&nbsp;": " ",
    "&quot;": '"',
    "&#39;": "'",
    "&apos;": "'",
    "&ndash;": "–",
    "&mdash;": "—",
    "&amp;": "&",
}  # never &lt;/&gt;: they would make tags
_ENTITY = re.compile("|".join(_ENTITIES))


def _segment_to_markdown(match: re.Match) -> str:
    # A whole element: its text is literal, so a "*" in it stays escaped.
    return html_to_markdown(match.group(0)).replace("\n", " ")


def line_to_markdown(line: str) -> str:
    """One line of markdown with HTML inside, as markdown only, on one line."""
    if "<" in line:
        found = _LI.match(line)
        if found:
            line = f"{found.group(1)}- {found.group(2)}"
        line = _PAIRED.sub(_segment_to_markdown, line)
        line = _LINE_VOID.sub(" ", line)
        line = HTML_TAG.sub("", line)  # a stray <ul>, </p>, an unclosed <i>
    return decode_entities(line).rstrip()


def decode_entities(text: str) -> str:
    """The entities pages write for punctuation and spaces, never ``&lt;``/``&gt;``."""
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda found: _ENTITIES[found.group(0)], text)
