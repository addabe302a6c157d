"""Reads a markdown list pasted from an old homepage into dated items (pure: no database).

The lists people paste look like the seeds' (AcadHomepage, academicpages, al-folio)::

    - *2023.06* Outstanding Graduates, Shaanxi.
    - *2025.09*: &nbsp;🎉🎉 Two papers were accepted by ASP-DAC 2026.
    - **2024.05**: Oral presentation at MLSys.
    - [2024.05] Joined the lab.
    - September 2024: Our paper has been accepted by NeurIPS 2024!
    - 2021 – Best Paper Award
    - *2023.06 - 2028.06 (expected)*, School of Computer Science, SJTU
    <li><strong>July 2024</strong> - Outstanding Doctoral Dissertation Award</li>
    - Three papers accepted to NeurIPS 2023.        (no date: precision "none")

Each item is (date, precision, text) with precision "day", "month", "year" or "none" (the
date is the first day of its month or year), and for ranges an end (or "now"). Lines that
are not list items are reported by number, never guessed at. The input is bounded in
bytes and lines before anything is read.
"""

from __future__ import annotations

import calendar
import datetime
import html
import re
from dataclasses import dataclass, field, replace

from labsite.dates import DatePrecision

MAX_BYTES = 64 * 1024
MAX_LINES = 1000
MAX_TEXT_CHARS = 2000


# The precisions of labsite/dates.py, the one home of the rule.
Precision = DatePrecision


@dataclass(frozen=True)
class PastedItem:
    line: int  # 1-based, of the line the item starts on
    date: datetime.date | None
    precision: str
    text: str  # markdown, without the date, the bullet or HTML tags
    end_date: datetime.date | None = None
    end_precision: str = Precision.NONE
    ongoing: bool = False  # "2024.05 - Now"
    end_expected: bool = False  # "2023.06 - 2028.06 (expected)"


@dataclass(frozen=True)
class UnreadLine:
    line: int
    text: str
    reason: str


@dataclass
class PastedList:
    items: list[PastedItem] = field(default_factory=list)
    unread: list[UnreadLine] = field(default_factory=list)


class PastedListTooLarge(ValueError):
    """The paste is over the bounds; the message says which and by how much."""


_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH_NAME = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

_NUMERIC_DAY = re.compile(r"(?P<y>\d{4})[./-](?P<m>\d{1,2})[./-](?P<d>\d{1,2})")
_NUMERIC_MONTH = re.compile(r"(?P<y>\d{4})[./-](?P<m>\d{1,2})(?![\d])")
# "06/2021", "6/2021" (month first, as CVs written in the US and Europe both use)
_MONTH_YEAR = re.compile(r"(?P<m>\d{1,2})/(?P<y>\d{4})(?![\d])")
_NAMED_DAY = re.compile(rf"(?P<mn>{_MONTH_NAME})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})", re.I)
_DAY_NAMED = re.compile(rf"(?P<d>\d{{1,2}})\s+(?P<mn>{_MONTH_NAME})\s+(?P<y>\d{{4}})", re.I)
_NAMED_MONTH = re.compile(rf"(?P<mn>{_MONTH_NAME}),?\s+(?P<y>\d{{4}})", re.I)
_YEAR = re.compile(r"(?P<y>\d{4})(?!\d|\.\d)")
_DATE_FORMS = (
    (_NUMERIC_DAY, Precision.DAY),
    (_NAMED_DAY, Precision.DAY),
    (_DAY_NAMED, Precision.DAY),
    (_NUMERIC_MONTH, Precision.MONTH),
    (_NAMED_MONTH, Precision.MONTH),
    (_MONTH_YEAR, Precision.MONTH),
    (_YEAR, Precision.YEAR),
)
_ONGOING = re.compile(r"\(?(?:now|present|today|current)\b\)?", re.I)
# "2019.06 - 2022.04 (now)": a range whose owner marks it as still going on
_ONGOING_AFTER = re.compile(r"\s*\((?:now|present|ongoing|current)\)", re.I)
_RANGE_DASH = re.compile(r"\s*(?:-|–|—|~|to)\s*")
_EXPECTED = re.compile(r"\s*\((?:expected|exp\.?)\)", re.I)

_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?P<body>.*)$")
_LI = re.compile(r"^\s*<li[^>]*>(?P<body>.*?)(?:</li>)?\s*$", re.I)
_SKIPPED = re.compile(r"^\s*(?:</?(?:ul|ol)[^>]*>|<!--.*-->)\s*$", re.I)
# Wrappers around a leading date: *d*, **d**, _d_, __d__, [d], \[d\], <strong>d</strong> …
_WRAPPED = re.compile(
    r"^(?:(?P<mark>\*\*|\*|__|_)(?P<a>[^*_]+?)(?P=mark)"
    r"|\\?\[(?P<b>[^\]]+?)\\?\]"
    r"|<(?P<tag>strong|b|em|i)>(?P<c>.+?)</(?P=tag)>)",
    re.I,
)
_SEPARATOR = re.compile(r"^(?:\s|&nbsp;|[:,;|.\-–—])*")
# An HTML tag, also as pages escape it in markdown ("<\/span>"); every importer strips
# tags with this one.
HTML_TAG = re.compile(r"<\\?/?[a-zA-Z][^>]*>")
_SPACES = re.compile(r"\s+")


def parse_pasted_list(text: str) -> PastedList:
    """The items of a pasted list, and the lines that are not items (by number)."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise PastedListTooLarge(
            f"The list is {size:,} bytes; paste at most {MAX_BYTES:,} bytes at a time."
        )
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise PastedListTooLarge(
            f"The list has {len(lines):,} lines; paste at most {MAX_LINES:,} at a time."
        )
    result = PastedList()
    for number, raw in enumerate(lines, start=1):
        if not raw.strip() or _SKIPPED.match(raw):
            continue
        found = _BULLET.match(raw) or _LI.match(raw)
        if found is None:
            result.unread.append(UnreadLine(number, raw.strip(), "not a list item"))
            continue
        item = read_item(number, found.group("body"))
        if isinstance(item, UnreadLine):
            result.unread.append(item)
        else:
            result.items.append(item)
    return result


def read_item(number: int, body: str) -> PastedItem | UnreadLine:
    body = body.strip()
    wrapped = _WRAPPED.match(body)
    if wrapped is not None:
        inner = wrapped.group("a") or wrapped.group("b") or wrapped.group("c")
        span = read_dates(_clean(inner))
        dates = _clean(inner)
        rest = body[wrapped.end() :]
        if span is not None and span[-1] != len(dates):
            span = None  # "**2024 best paper**": a date is not all there is
    else:
        span = read_dates(body)
        dates, rest = (body[: span[-1]], body[span[-1] :]) if span else ("", body)
    if span is None:
        return _item(number, None, Precision.NONE, body)
    start, start_precision, end, end_precision, ongoing, _ = span
    if start is None:
        return UnreadLine(number, body, "the date does not exist (check the month and day)")
    item = _item(number, start, start_precision, rest, end, end_precision, ongoing)
    if isinstance(item, PastedItem) and end is not None and _EXPECTED.search(dates):
        # "2023.06 - 2028.06 (expected)": an end not reached yet, kept as a flag.
        item = replace(item, end_expected=True)
    return item


def read_dates(text: str):
    """(start, precision, end, end precision, ongoing, characters read) of a date or a
    range at the start of ``text``; None when it starts with no date. A start of None
    means a date that does not exist (2023.13)."""
    first = _read_date(text)
    if first is None:
        return None
    start, precision, used = first
    end, end_precision, ongoing = None, Precision.NONE, False
    dash = _RANGE_DASH.match(text, used)
    if dash is not None:
        after = dash.end()
        second = _read_date(text[after:])
        if second is not None and second[0] is not None:
            end, end_precision, length = second
            used = after + length
            if (now := _ONGOING_AFTER.match(text, used)) is not None:
                ongoing, used = True, now.end()
        elif (now := _ONGOING.match(text, after)) is not None:
            ongoing, used = True, now.end()
    expected = _EXPECTED.match(text, used)
    if expected is not None:
        used = expected.end()
    return start, precision, end, end_precision, ongoing, used


def _read_date(text: str):
    for pattern, precision in _DATE_FORMS:
        found = pattern.match(text)
        if found is None:
            continue
        parts = found.groupdict()
        year = int(parts["y"])
        month = _MONTHS[parts["mn"].lower().rstrip(".")] if parts.get("mn") else None
        month = int(parts["m"]) if parts.get("m") else month
        day = int(parts["d"]) if parts.get("d") else 1
        if not 1900 <= year <= 2200:
            return None
        try:
            value = datetime.date(year, month or 1, day)
        except ValueError:
            value = None
        return value, precision, found.end()
    return None


def _item(number, date, precision, text, end=None, end_precision=Precision.NONE, ongoing=False):
    if date is not None:
        text = _SEPARATOR.sub("", text, count=1)  # "2021 – …", "*2025.09*: …"
    text = _clean(text)
    if not text:
        return UnreadLine(number, "", "a date but no text")
    if len(text) > MAX_TEXT_CHARS:
        return UnreadLine(number, text[:80] + "…", f"longer than {MAX_TEXT_CHARS} characters")
    return PastedItem(number, date, precision, text, end, end_precision, ongoing)


# Words a page paints (seed 002's ``<span style="color: red;">…<\\span>``, ``<font
# color=red>``, ``<mark>``): kept highlighted as markdown's ``==…==``, without the colour.
_COLOURED = re.compile(
    r"<(?P<tag>span|font)\b[^>]*\bcolou?r\b[^>]*>(?P<words>[^<]+?)<(?:\\/?|/)(?P=tag)\s*>"
    r"|<mark\b[^>]*>(?P<marked>[^<]+?)<(?:\\/?|/)mark\s*>",
    re.IGNORECASE,
)


def _highlighted(found: re.Match) -> str:
    words = (found.group("words") or found.group("marked")).strip()
    return f"=={words}==" if words else ""


def _clean(text: str) -> str:
    """No HTML tags (seed 002's ``<span style=…>…<\\span>``; coloured words become
    ``==words==``), no &nbsp;, single spaces."""
    text = HTML_TAG.sub("", _COLOURED.sub(_highlighted, text)).replace("&nbsp;", " ")
    return _SPACES.sub(" ", html.unescape(text) if "&" in text else text).strip()


_LINK = re.compile(r"\[([^\]]*)\]\((\S+?)\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")
_HIGHLIGHT = re.compile(r"==(?![\s=])(.+?)(?<![\s=])==")
_STRONG = re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1")


def plain_text(markdown_text: str) -> str:
    """``text`` for a plain-text field (a title): links as their words, no emphasis or
    highlight marks, no backslash escapes (``\\[Invited Talk\\]`` is ``[Invited Talk]``)."""
    text = _LINK.sub(r"\1", markdown_text)
    text = _EMPHASIS.sub(r"\2", _HIGHLIGHT.sub(r"\1", text))
    return _ESCAPE.sub(r"\1", text).strip()


def highlighted_title(markdown_text: str) -> str:
    """``text`` for a title that may highlight words (an award's): as :func:`plain_text`,
    but words in bold or between ``==`` stay highlighted as ``==words==``."""
    # The marks to keep are hidden from plain_text as NULs (which no pasted text holds).
    kept = _STRONG.sub("\x00\\2\x00", markdown_text).replace("==", "\x00")
    return plain_text(kept).replace("\x00", "==")


def first_link(markdown_text: str) -> str:
    """The address of the first markdown link in the text, or ''."""
    found = _LINK.search(markdown_text)
    return found.group(2) if found else ""
