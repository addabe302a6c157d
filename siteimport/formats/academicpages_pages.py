"""academicpages pages (``_pages/about.md``, ``_pages/cv.md``, other pages of the menu) as
sections in the page's order, with news, awards, interests and CV entries read out of the
sections whose heading means one."""

from __future__ import annotations

import re

from people.pasted_lists import PastedItem, plain_text, read_item
from siteimport.formats.academicpages_cv import (
    CV_KIND_OF_SECTION,
    cv_entry,
    site_date,
    whole_date,
)
from siteimport.text.blocks import Block, list_items
from siteimport.text.headings import section_kind
from siteimport.text.markdown import tidy
from siteimport.types import (
    Origin,
    SiteAward,
    SiteData,
    SiteDate,
    SiteInterest,
    SiteNewsItem,
    SiteSection,
    Skipped,
)

# "**16 August 2024:**": the separator inside the bold moves out, so the date is all
# there is between the marks and people.pasted_lists reads it.
_SEPARATOR_IN_MARKS = re.compile(r"^(\*\*|\*|__)([^*_]+?)\s*([:\-–—])\s*\1")
_BOLD_FIRST = re.compile(r"^\*\*(?P<title>.+?)\*\*[\s:,.–—-]*(?P<rest>.*)$")


def dated(item) -> tuple[SiteDate, str]:
    """(date, markdown text) of a news or award item, the date at its precision."""
    head = _SEPARATOR_IN_MARKS.sub(r"\1\2\1\3", item.head)
    text = " ".join([head, *item.more])
    pasted = read_item(item.line, text)
    if isinstance(pasted, PastedItem):
        return site_date(pasted.date, pasted.precision), pasted.text
    return SiteDate(), text.strip()


def _news(block: Block, path: str, data: SiteData) -> list[str]:
    items, others = list_items(block.lines, block.first_line)
    for item in items:
        date, text = dated(item)
        data.news.append(SiteNewsItem(text=text, date=date, origin=Origin(path, item.line)))
        if date.date is None:
            _undated(data, Origin(path, item.line), "news item")
    return [text for _, text in others]


def _awards(block: Block, path: str, data: SiteData) -> list[str]:
    items, others = list_items(block.lines, block.first_line)
    for item in items:
        date, text = dated(item)
        bold = _BOLD_FIRST.match(text)
        title, description = (bold.group("title"), bold.group("rest")) if bold else (text, "")
        if date.date is None:
            date, description = _leading_date(description, date)
        data.awards.append(
            SiteAward(
                title=plain_text(title).rstrip(" ,:;."),
                description=description,
                date=date,
                origin=Origin(path, item.line),
            )
        )
    return [text for _, text in others]


def _leading_date(text: str, date: SiteDate) -> tuple[SiteDate, str]:
    """ "**Top 50 popular articles** (2022 - May 2024) …": an award's date in parentheses
    after its title; of a range, the end (when it was held last)."""
    found = re.match(r"\s*\(([^()]*)\)\s*", text)
    if found and (span := whole_date(found.group(1))):
        start, end, _ = span
        return (end if end.date else start), text[found.end() :].strip()
    return date, text


def _interests(block: Block, path: str, data: SiteData) -> list[str]:
    items, others = list_items(block.lines, block.first_line)
    for item in items:
        text = " ".join([item.head, *item.more])
        bold = _BOLD_FIRST.match(text)
        if bold:
            data.interests.append(
                SiteInterest(bold.group("title").strip(), bold.group("rest").strip())
            )
        else:
            data.interests.append(SiteInterest(plain_text(text)))
    return [text for _, text in others]


def _cv(kind: str):
    def read(block: Block, path: str, data: SiteData) -> list[str]:
        items, others = list_items(block.lines, block.first_line)
        for item in items:
            entry = cv_entry(CV_KIND_OF_SECTION[kind], item, path)
            data.cv.append(entry)
            if entry.start.date is None:
                _undated(data, entry.origin, "CV entry")
        return [text for _, text in others]

    return read


def _undated(data: SiteData, origin: Origin, what: str) -> None:
    data.warnings.append(f"{origin.describe()}: no date could be read; the {what} is kept undated.")


_STRUCTURED = {
    "news": _news,
    "awards": _awards,
    "interests": _interests,
    **{kind: _cv(kind) for kind in CV_KIND_OF_SECTION},
}


def read_blocks(
    blocks: list[Block],
    path: str,
    data: SiteData,
    *,
    intro_kind: str = "about",
    intro_heading: str = "",
) -> None:
    """Each block of a page as a section, its list read into items when its heading means a
    built-in kind; the text around the list stays as the section's markdown. The text before
    the first heading is the about text on the home page, else a section of its own."""
    for block in blocks:
        heading = block.heading or intro_heading
        kind = section_kind(block.heading) if block.heading else intro_kind
        body = tidy(block.lines)
        origin = Origin(path, block.line)
        if not body:
            if block.heading:
                reason = "empty, or only made by the theme's Liquid code"
                data.skipped.append(Skipped(f"{path}: section “{heading}”", reason, origin))
            continue
        read = _STRUCTURED.get(kind)
        if read is not None:
            body = tidy(read(block, path, data))
        data.sections.append(SiteSection(kind=kind, heading=heading, body=body, origin=origin))
        if kind == "about" and not block.heading:
            data.profile.about = body
