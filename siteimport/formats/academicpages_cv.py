"""academicpages CV entries: the dated lists of ``_pages/cv.md`` (or of an about-page section
such as "Education"), and the ``_talks/`` and ``_teaching/`` collections."""

from __future__ import annotations

import datetime
import re

from labsite.dates import DatePrecision
from people.cv import CVEntry, TalkKind
from people.pasted_lists import first_link, plain_text, read_dates, read_item
from siteimport.formats.academicpages_template import demo_reason
from siteimport.text.blocks import ListItem
from siteimport.text.cleaning import clean_lines
from siteimport.text.headings import talk_kind
from siteimport.text.markdown import tidy
from siteimport.types import Origin, SiteCVEntry, SiteDate, Skipped

# A section kind (labsite.sections.SectionKind value) -> the CV entry kind it holds.
CV_KIND_OF_SECTION = {
    "education": CVEntry.Kind.EDUCATION,
    "positions": CVEntry.Kind.POSITION,
    "talks": CVEntry.Kind.TALK,
    "teaching": CVEntry.Kind.TEACHING,
    "service": CVEntry.Kind.SERVICE,
}

# A talk's ``type:`` as written, by the words in it.
_BOLD_HEAD = re.compile(r"^\*\*(?P<title>.+?)\*\*[\s,:;.–—-]*(?P<rest>.*)$")
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_ITALIC_LINE = re.compile(r"^[*_]+(?P<text>[^*_].*?)[*_]+$")
_SUB_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+")


def site_date(date, precision) -> SiteDate:
    """A date with its precision as a plain DatePrecision value ("month"), whichever
    spelling people.pasted_lists hands back."""
    if date is None:
        return SiteDate()
    return SiteDate(date, DatePrecision(str(getattr(precision, "value", precision))).value)


def front_matter_date(value) -> SiteDate:
    """A collection file's ``date:`` at the precision written: a YAML date is a day,
    ``2023`` a year, ``"2024-05"`` a month."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return SiteDate(value, DatePrecision.DAY.value)
    if isinstance(value, int) and 1900 <= value <= 2200:
        return SiteDate(datetime.date(value, 1, 1), DatePrecision.YEAR.value)
    if isinstance(value, str):
        span = whole_date(value)
        if span is not None:
            return span[0]
    return SiteDate()


def whole_date(text: str) -> tuple[SiteDate, SiteDate, bool] | None:
    """(start, end, ongoing) when ``text`` is a date or a range and nothing else."""
    text = plain_text(text).strip().rstrip(".").strip()
    span = read_dates(text) if text else None
    if span is None or span[0] is None or span[-1] != len(text):
        return None
    start, precision, end, end_precision, ongoing, _ = span
    return site_date(start, precision), site_date(end, end_precision), ongoing


def _split_title(text: str) -> tuple[str, str, tuple | None, str]:
    """(title, organisation, dates, note) of an item's first line without a leading date:
    "**Postdoctoral Researcher** (Jan 2024 - Present)" or "Ph.D in Geology, Texas A&M
    University, 2017"; a parenthesis that is not a date is a note for the description."""
    bold = _BOLD_HEAD.match(text)
    if bold:
        title, rest = bold.group("title").strip(" ,"), bold.group("rest")
        for found in _PARENTHESES.finditer(rest):
            dates = whole_date(found.group(1))
            if dates:
                rest = (rest[: found.start()] + rest[found.end() :]).strip(" ,;:.–—-")
                return title, rest, dates, ""
        rest = rest.strip(" ,;:.–—-")
        if rest.startswith("(") and rest.endswith(")"):
            return title, "", None, rest
        return title, rest, None, ""
    parts = [part.strip() for part in text.split(", ")]
    dates = whole_date(parts[-1]) if len(parts) > 1 else None
    if dates:
        parts = parts[:-1]
    return parts[0], ", ".join(parts[1:]), dates, ""


def _read_more(more: list[str], organisation: str, dates):
    """Organisation, dates and description from an item's continuation lines."""
    description = []
    for line in more:
        italic = _ITALIC_LINE.match(line)
        if not _SUB_ITEM.match(line) and dates is None and whole_date(line):
            dates = whole_date(line)
        elif italic and not organisation and not italic.group("text").startswith("("):
            organisation = italic.group("text").strip().rstrip(".")
        else:
            description.append(line)
    return organisation, dates, "\n".join(description)


def cv_entry(kind: str, item: ListItem, path: str) -> SiteCVEntry:
    """One CV entry from a list item, dates at the precision written; a single date is
    both start and end (a degree year, a one-year job), never "to present"."""
    pasted = read_item(item.line, item.head)
    dates, note = None, ""
    text = getattr(pasted, "text", item.head)
    if getattr(pasted, "precision", DatePrecision.NONE) != DatePrecision.NONE:
        dates = (
            site_date(pasted.date, pasted.precision),
            site_date(pasted.end_date, pasted.end_precision),
            pasted.ongoing,
        )
        title, organisation = (text.split(", ", 1) + [""])[:2]
    else:
        title, organisation, dates, note = _split_title(item.head)
    organisation, dates, description = _read_more(item.more, organisation, dates)
    description = "\n".join(part for part in (note, description) if part)
    start, end, ongoing = dates or (SiteDate(), SiteDate(), False)
    if end.date is None and not ongoing and kind != CVEntry.Kind.TALK:
        end = SiteDate(start.date, start.precision)
    return SiteCVEntry(
        kind=str(kind),
        title=plain_text(title),
        organisation=plain_text(organisation),
        start=start,
        end=end,
        description=description,
        link=first_link(item.head),
        origin=Origin(path, item.line),
    )


def collection_entry(kind: str, metadata: dict, body: str, origin: Origin, resolve):
    """A ``_talks/`` or ``_teaching/`` file as a CV entry, or a Skipped demo file."""
    title = plain_text(str(metadata.get("title") or "")).strip()
    text = tidy(clean_lines(body))
    reason = demo_reason(title, text)
    if reason:
        return Skipped(f"{origin.path}: {title}", reason, origin)
    venue = str(metadata.get("venue") or "")
    kind_text = str(metadata.get("type") or "")
    link = resolve(metadata.get("slidesurl") or metadata.get("link") or "") or first_link(venue)
    description = text
    if kind == CVEntry.Kind.TEACHING and kind_text:
        description = f"{kind_text}\n\n{text}".strip()
    return SiteCVEntry(
        kind=str(kind),
        title=title,
        organisation=plain_text(venue),
        place=plain_text(str(metadata.get("location") or "")),
        start=front_matter_date(metadata.get("date")),
        talk_kind=talk_kind(kind_text, default=TalkKind.OTHER) if kind == CVEntry.Kind.TALK else "",
        description=description,
        link=link,
        origin=origin,
    )
