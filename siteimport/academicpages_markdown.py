"""Markdown pages of Jekyll themes (kramdown with HTML inside), cut into what a reader needs:
clean text, sections by heading, list items with their continuation lines.

Written for the academicpages reader; nothing in it is specific to that theme (the lead may
move it next to ``siteimport.markup``). Cleaning keeps the line count, so every section and
list item still knows the line of the file it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from labsite.sections import SectionKind
from siteimport.markup import html_to_markdown

# Removed whole, newlines kept: HTML comments, style/script blocks, Liquid tags and output.
_REMOVED_BLOCKS = re.compile(
    r"<!--.*?(?:-->|\Z)|<(style|script)\b.*?(?:</\1\s*>|\Z)|\{%.*?%\}|\{\{.*?\}\}",
    re.S | re.I,
)
_KRAMDOWN_ATTRIBUTES = re.compile(r"\{:[^}\n]*\}")
# A paired inline element (innermost pairs are not needed: html_to_markdown takes nesting)
# or a void one; each becomes markdown on its own so the markdown around it is untouched.
_PAIRED = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>.*?</\1\s*>", re.S)
_VOID = re.compile(r"<(?:br|hr|img|input|wbr)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
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

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _blank_out(match: re.Match) -> str:
    return "\n" * match.group(0).count("\n")


def remove_layout(text: str) -> str:
    """The text without comments, style/script blocks, Liquid and kramdown attributes;
    the same number of lines."""
    return _KRAMDOWN_ATTRIBUTES.sub("", _REMOVED_BLOCKS.sub(_blank_out, text))


def _segment_to_markdown(match: re.Match) -> str:
    return html_to_markdown(match.group(0)).replace("\n", " ")


def inline_to_markdown(line: str) -> str:
    """One line of markdown with HTML inside, as markdown only."""
    if "<" in line:
        found = _LI.match(line)
        if found:
            line = f"{found.group(1)}- {found.group(2)}"
        line = _PAIRED.sub(_segment_to_markdown, line)
        line = _VOID.sub(" ", line)
        line = _ANY_TAG.sub("", line)  # a stray <ul>, </p>, an unclosed <i>
    if "&" in line:
        line = _ENTITY.sub(lambda found: _ENTITIES[found.group(0)], line)
    return line.rstrip()


def clean_lines(text: str) -> list[str]:
    """Each line of the page as markdown: as many lines as the text has."""
    return [inline_to_markdown(line) for line in remove_layout(text).split("\n")]


_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")


def tidy(lines: list[str]) -> str:
    """Lines as a markdown body: no blank runs, no blank or ruled-off ends."""
    lines = list(lines)
    while lines and (not lines[0].strip() or _RULE.match(lines[0])):
        lines.pop(0)
    while lines and (not lines[-1].strip() or _RULE.match(lines[-1])):
        lines.pop()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@dataclass
class Block:
    heading: str  # "" for the text before the first heading
    line: int  # of the heading (or of the block's first line)
    lines: list[str] = field(default_factory=list)  # cleaned, one per source line
    first_line: int = 0  # the source line of lines[0]


def _heading_at(lines: list[str], index: int, in_code: bool) -> tuple[str, int] | None:
    """(heading, lines it takes) when a heading starts at ``index``."""
    if in_code:
        return None
    line = lines[index]
    found = _ATX.match(line)
    if found:
        return found.group(2).strip(), 1
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if (
        line.strip()
        and not _BULLET.match(line)
        and not line.startswith((" " * 4, "\t", "|", ">"))
        and _SETEXT.match(following)
    ):
        return line.strip(), 2
    return None


def split_blocks(lines: list[str], first_line: int) -> list[Block]:
    """Blocks of a page by its headings (ATX "# News" and setext "News\\n---"), in order;
    the first block (heading "") is the text before any heading."""
    blocks = [Block("", first_line, first_line=first_line)]
    index, in_code = 0, False
    while index < len(lines):
        heading = _heading_at(lines, index, in_code)
        if heading is not None:
            text, used = heading
            line = first_line + index
            blocks.append(Block(plain_heading(text), line, first_line=line + used))
            index += used
            continue
        if _FENCE.match(lines[index]):
            in_code = not in_code
        blocks[-1].lines.append(lines[index])
        index += 1
    return blocks


def plain_heading(text: str) -> str:
    """A heading as the owner wrote it, without emphasis marks or anchors."""
    return re.sub(r"(\*\*|__|\*|_)(.+?)\1", r"\2", text).strip().strip("#").strip()


@dataclass
class ListItem:
    line: int
    head: str  # the item's first line, without its bullet
    more: list[str] = field(default_factory=list)  # continuation lines and sub-items, as written


def list_items(lines: list[str], first_line: int) -> tuple[list[ListItem], list[tuple[int, str]]]:
    """The top-level items of the lists in ``lines`` (with their continuation lines), and
    the other non-blank lines (line number, text)."""
    items: list[ListItem] = []
    others: list[tuple[int, str]] = []
    top_indent = None
    previous_blank = True
    for offset, line in enumerate(lines):
        blank = not line.strip()
        if blank:
            previous_blank = True
            continue
        found = _BULLET.match(line)
        indent = len(found.group(1)) if found else None
        if found and (top_indent is None or indent <= top_indent):
            top_indent = indent if top_indent is None else top_indent
            items.append(ListItem(first_line + offset, found.group(2).strip()))
        elif items and (line.startswith((" ", "\t")) or found or not previous_blank):
            items[-1].more.append(line.strip())  # indented, a sub-item, or a lazy line
        else:
            others.append((first_line + offset, line.strip()))
        previous_blank = False
    return items, others


# Headings that mean a built-in section, by the words they contain; checked in this order
# ("Teaching experience" is teaching, "Research experience" a position).
_KIND_WORDS = (
    (SectionKind.TEACHING, ("teaching",)),
    (SectionKind.TALKS, ("talk", "presentation", "keynote")),
    (SectionKind.SERVICE, ("service", "reviewer", "reviewing", "committee")),
    (SectionKind.AWARDS, ("award", "honor", "honour", "achievement", "prize", "grant")),
    (SectionKind.NEWS, ("news", "update", "announcement")),
    (SectionKind.INTERESTS, ("interest",)),
    (SectionKind.EDUCATION, ("education",)),
    (SectionKind.PUBLICATIONS, ("publication", "paper", "preprint")),
    (SectionKind.POSITIONS, ("experience", "employment", "position", "appointment", "career")),
)


def section_kind(heading: str) -> str:
    """The built-in section a heading means ("🔥 News" is news), else "custom"."""
    words = re.sub(r"[^a-z ]+", " ", heading.lower())
    for kind, stems in _KIND_WORDS:
        if any(stem in words for stem in stems):
            return kind.value
    return SectionKind.CUSTOM.value
