"""A markdown page cut into what readers need: blocks by heading (ATX "# News" and setext
"News\\n----", never inside fenced code) and list items with their continuation lines,
each with the line of the file it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(.+?)\1")


@dataclass
class Block:
    heading: str  # "" for the text before the first heading
    line: int  # of the heading (or of the block's first line)
    lines: list[str] = field(default_factory=list)  # one per source line
    first_line: int = 0  # the source line of lines[0]
    level: int = 0  # 1 for "#" and "===", 2 for "##" and "---"…; 0 before any heading

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def plain_heading(text: str) -> str:
    """A heading as the owner wrote it, without emphasis marks or anchors."""
    return _EMPHASIS.sub(r"\2", text).strip().strip("#").strip()


def _heading_at(lines: list[str], index: int) -> tuple[int, str, int] | None:
    """(level, heading, lines it takes) when a heading starts at ``index``."""
    line = lines[index]
    found = _ATX.match(line)
    if found:
        return len(found.group(1)), found.group(2).strip(), 1
    following = lines[index + 1] if index + 1 < len(lines) else ""
    underline = _SETEXT.match(following)
    if (
        underline
        and line.strip()
        and not _BULLET.match(line)
        and not line.startswith((" " * 4, "\t", "|", ">"))
    ):
        return (1 if underline.group(1)[0] == "=" else 2), line.strip(), 2
    return None


def split_blocks(lines: list[str] | str, first_line: int = 1, *, max_level: int = 6) -> list[Block]:
    """Blocks of a page by its headings of ``max_level`` or higher, in order; the first
    block (heading "") is the text before any heading. Deeper headings stay text."""
    if isinstance(lines, str):
        lines = lines.split("\n")
    blocks = [Block("", first_line, first_line=first_line)]
    index, in_code = 0, False
    while index < len(lines):
        heading = None if in_code else _heading_at(lines, index)
        if heading is not None and heading[0] <= max_level:
            level, text, used = heading
            line = first_line + index
            blocks.append(Block(plain_heading(text), line, first_line=line + used, level=level))
            index += used
            continue
        if _FENCE.match(lines[index]):
            in_code = not in_code
        blocks[-1].lines.append(lines[index])
        index += 1
    return blocks


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
        if not line.strip():
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
