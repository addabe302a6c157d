"""AcadHomepage's dated lists (``- *2023.06* Outstanding Graduates, Shaanxi.``) as news,
awards, CV entries and interests.

Each bullet is read by ``people.pasted_lists`` (the paste-a-list parser: one rule for dates
and their precision); what a line means beyond its date is decided here from the section's
kind. Lines that are not items stay in the section's markdown body, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from labsite.links import is_web_url
from people.cv import TalkKind
from people.models import CVEntry
from people.pasted_lists import PastedItem, first_link, parse_pasted_list, plain_text
from siteimport.text.cleaning import clean_section
from siteimport.text.headings import talk_kind
from siteimport.types import (
    Origin,
    SiteAward,
    SiteCVEntry,
    SiteData,
    SiteDate,
    SiteInterest,
    SiteNewsItem,
    Skipped,
)

# The theme's demo text, left in place by many forks.
PLACEHOLDER = re.compile(r"lorem ipsum|\[lorem\]", re.I)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+\S")
_TALK_KIND = re.compile(r"^\*{0,2}\\?\[(?P<kind>[^\]\\]+)\\?\]\*{0,2}\s*")
_AT_PLACE = re.compile(r"\s@\s*(?P<place>[^@]+)$")
_TITLE_MAX, _ORGANISATION_MAX, _PLACE_MAX = 300, 200, 200

CV_KINDS = {
    "education": CVEntry.Kind.EDUCATION,
    "positions": CVEntry.Kind.POSITION,
    "talks": CVEntry.Kind.TALK,
    "teaching": CVEntry.Kind.TEACHING,
    "service": CVEntry.Kind.SERVICE,
}
LIST_KINDS = frozenset({"news", "awards", "interests", *CV_KINDS})


@dataclass
class ListSection:
    """A section of dated items: its kind, heading, where its text starts, the text."""

    kind: str
    heading: str
    path: str
    line: int  # of the section's first text line
    text: str
    rest: list[str] = field(default_factory=list)  # lines that are not items


def read_list_section(section: ListSection, site: SiteData) -> str:
    """Adds the section's items to ``site``; returns the markdown of what was not an item."""
    for offset, raw in enumerate(section.text.split("\n")):
        origin = Origin(section.path, section.line + offset)
        if not _BULLET.match(raw):
            section.rest.append(raw)
            continue
        parsed = parse_pasted_list(clean_section(raw))  # one line: bounded by the line
        if not parsed.items:
            section.rest.append(raw)
            continue
        item = parsed.items[0]
        if PLACEHOLDER.search(item.text):
            site.skipped.append(Skipped(item.text[:80], "the theme's placeholder text", origin))
            continue
        _add_item(section, item, origin, site)
    return clean_section("\n".join(section.rest))


def _date(item: PastedItem, *, end: bool = False) -> SiteDate:
    if end:
        return SiteDate(item.end_date, item.end_precision)
    return SiteDate(item.date, item.precision)


def _add_item(section: ListSection, item: PastedItem, origin: Origin, site: SiteData) -> None:
    if section.kind == "news":
        site.news.append(SiteNewsItem(text=item.text, date=_date(item), origin=origin))
    elif section.kind == "awards":
        title, granting_body = _split_last(plain_text(item.text).rstrip("."))
        site.awards.append(SiteAward(
            title=title[:_TITLE_MAX], granting_body=granting_body[:_ORGANISATION_MAX],
            date=_date(item), origin=origin,
        ))
    elif section.kind == "interests":
        site.interests.append(SiteInterest(title=plain_text(item.text)[:_TITLE_MAX]))
    else:
        site.cv.append(_cv_entry(section, item, origin))


def _cv_entry(section: ListSection, item: PastedItem, origin: Origin) -> SiteCVEntry:
    kind = CV_KINDS[section.kind]
    text = plain_text(item.text).rstrip(".")
    talk_kind = ""
    if kind == CVEntry.Kind.TALK:
        talk_kind, text = _talk_kind(item.text, section.heading)
    place = ""
    if kind == CVEntry.Kind.TALK and (at := _AT_PLACE.search(text)):
        place, text = at.group("place").strip(), text[: at.start()]
    if kind == CVEntry.Kind.TALK:
        title, organisation = _split_last(text)  # "Title, CCF-HPC 2025 @Ordos, China"
    else:
        title, organisation = _split_first(text)  # "Teaching Assistant, Course by Prof. X"
    link = first_link(item.text)
    return SiteCVEntry(
        kind=kind,
        title=title[:_TITLE_MAX],
        organisation=organisation[:_ORGANISATION_MAX],
        place=place[:_PLACE_MAX],
        start=_date(item),
        end=_date(item, end=True),
        talk_kind=talk_kind,
        description=item.text if len(title) > _TITLE_MAX else "",
        link=link if is_web_url(link) else "",
        origin=origin,
    )


def _talk_kind(markdown_text: str, heading: str) -> tuple[str, str]:
    """The kind a talk's "[Invited Talk]" bracket names (or its heading, "Invited Talks"),
    and the text without the bracket."""
    found = _TALK_KIND.match(markdown_text.replace("**", "", 2).lstrip())
    if found is not None:
        kind = talk_kind(found.group("kind"), default=TalkKind.OTHER)
        rest = markdown_text.replace("**", "", 2).lstrip()[found.end():]
        return str(kind), plain_text(rest).rstrip(".")
    default = TalkKind.INVITED if "invited" in heading.casefold() else TalkKind.OTHER
    return str(default), plain_text(markdown_text).rstrip(".")


def _split_last(text: str) -> tuple[str, str]:
    head, comma, tail = text.rpartition(", ")
    return (head.strip(), tail.strip()) if comma else (text.strip(), "")


def _split_first(text: str) -> tuple[str, str]:
    head, comma, tail = text.partition(", ")
    return (head.strip(), tail.strip()) if comma else (text.strip(), "")
