"""Text helpers the lab-template reader needs and ``siteimport.markup`` does not have yet
(the lead may move them there): markdown pages with HTML and Liquid inside, YAML lists
with the line of each item, page headings, obfuscated e-mail addresses.

Pure functions over strings: no database, nothing raised but ``markup.SiteFileError``.
"""

from __future__ import annotations

import html
import re

import yaml

from siteimport.markup import SiteFileError, _Converter, yaml_data
from siteimport.types import Origin

_LIQUID_SITE_URL = re.compile(r"\{\{\s*site\.(?:url|baseurl)\s*\}\}")
_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_EMPTY_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_OBFUSCATION = re.compile(r"\[\s*at\s*\]|\(\s*at\s*\)|\s+at\s+|\{at\}|\[\s*dot\s*\]", re.I)


class _MixedConverter(_Converter):
    """markup's converter, for HTML sitting inside markdown: the markdown around it is
    already markdown, so nothing is escaped; the template's layout controls (carousel
    buttons, screen-reader labels, icon spans) carry no content and are dropped."""

    def convert_span(self, el, text, parent_tags):
        classes = " ".join(el.get("class") or [])
        return "" if ("sr-only" in classes or "glyphicon" in classes) else text

    def convert_a(self, el, text, parent_tags):
        if el.get("role") == "button" or (el.get("href") or "").startswith("#"):
            return ""
        return super().convert_a(el, text, parent_tags)


_CONVERTER = _MixedConverter(
    heading_style="ATX",
    bullets="-",
    escape_misc=False,
    escape_asterisks=False,
    escape_underscores=False,
)


def strip_liquid(text: str) -> str:
    """Liquid tags and outputs removed; ``{{ site.url }}{{ site.baseurl }}/x`` becomes "/x"."""
    return _LIQUID.sub("", _LIQUID_SITE_URL.sub("", text))


def markdown_from_mixed(text: str) -> str:
    """A markdown page (or a YAML value) with HTML and Liquid inside, as clean markdown:
    paragraph by paragraph, so the markdown stays as written and only HTML is converted."""
    text = _COMMENT.sub("", strip_liquid(text)).replace("&nbsp;", " ")
    paragraphs = []
    for block in _BLANK_LINES.split(text):
        if _TAG.search(block):
            block = _CONVERTER.convert(block)
        lines = [line.rstrip() for line in block.split("\n") if not _EMPTY_LIST_ITEM.match(line)]
        block = "\n".join(lines).strip()
        if block:
            paragraphs.append(block)
    return "\n\n".join(paragraphs)


def plain_inline(text) -> str:
    """A one-line YAML value (a name, a headline) as markdown on one line."""
    if text is None:
        return ""
    text = str(text)
    if _TAG.search(text) or "&" in text:
        text = _CONVERTER.convert(_COMMENT.sub("", text)) if _TAG.search(text) else text
        text = html.unescape(text)
    return " ".join(text.split())


def yaml_list(text: str, path: str) -> list[tuple[object, int]]:
    """The items of a YAML list file (``_data/news.yml``) with the line each starts on;
    a file that is not a list gives []. Raises ``SiteFileError`` naming the line."""
    data = yaml_data(text, path)
    if not isinstance(data, list):
        return []
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:  # yaml_data read it, so this does not happen; stay safe
        node = None
    lines = [item.start_mark.line + 1 for item in node.value] if node is not None else []
    if len(lines) != len(data):
        lines = [None] * len(data)
    return list(zip(data, lines, strict=True))


def split_headings(body: str, first_line: int) -> list[tuple[int, str, str, int]]:
    """(level, heading, text, line of the heading) for each part of a markdown page; the
    text before the first heading comes first with level 0 and heading ""."""
    parts: list[tuple[int, str, str, int]] = []
    level, heading, start, lines = 0, "", first_line, []
    for offset, line in enumerate(body.split("\n")):
        found = _HEADING.match(line)
        if found:
            parts.append((level, heading, "\n".join(lines), start))
            level, heading, start, lines = len(found[1]), found[2], first_line + offset, []
        else:
            lines.append(line)
    parts.append((level, heading, "\n".join(lines), start))
    return [part for part in parts if part[1] or part[2].strip()]


def page_heading(title: str, site_title: str) -> str:
    """The page's own name from a title such as "InfiniAI Lab - Publications" or
    "Research Group | biLAB": the part that is not the lab's name."""
    parts = [part.strip() for part in re.split(r"\s+(?:-{1,2}|\||–|—)\s+", title or "")]
    parts = [part for part in parts if part]
    if len(parts) < 2:
        return parts[0] if parts else ""
    site = (site_title or "").casefold()
    others = [p for p in parts if "lab" not in p.casefold() and p.casefold() not in site]
    return others[0] if len(others) == 1 else parts[-1]


def email_is_obfuscated(email: str) -> bool:
    """ "jane [at] x.edu", "jane at x dot edu": shown as written, never made a mailto:."""
    return bool(email) and ("@" not in email or bool(_OBFUSCATION.search(email)))


def file_error(path: str, line: int | None, message: str) -> str:
    """A warning in the words of ``SiteFileError`` (file, line, what is wrong)."""
    return str(SiteFileError(Origin(path, line), message))
