"""Dates as people write them: a date, how much of it is known, and a lab's way of writing it.

The one home of the rule. News, awards, CV entries and membership periods store a date (or
its year/month/day parts) with a :class:`DatePrecision`; pages show it with
:func:`format_date` / :func:`format_period` in the lab's or the member's :class:`DateStyle`
(templates: ``{{ item.dated|date_style:date_style }}``, see labsite_tags).
"""

from __future__ import annotations

import calendar
import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    NONE = "none", "Not shown"


class DateStyle(models.TextChoices):
    """How dates read; each label shows a month and a day as this style writes them."""

    DOTTED = "dotted", "2025.09 · 2025.09.14"
    DOTTED_UNPADDED = "dotted_unpadded", "2025.9 · 2025.9.14"
    DOTTED_SPACED = "dotted_spaced", "2025.09 · 2025.09.14 · 2024.05 - Now"
    MONTH_SHORT = "month_short", "Sep 2025 · 14 Sep 2025"
    MONTH_LONG = "month_long", "September 2025 · 14 September 2025"


# The look of pages before styles existed (awards and CV entries read "2025.09").
DEFAULT_STYLE = DateStyle.DOTTED
DATE_STYLE_HELP = "How dates read on the pages, e.g. “2025.09”, “Sep 2025” or “September 2025”."

# Between the two ends of a period: "2019.09–2023.06" (CV entries as they always read),
# "2024.10~2025.6" (seed 002's team), "Sep 2024 – Jun 2025"; whole years read "2019–2023".
_PERIOD_SEPARATORS = {
    DateStyle.DOTTED: "–",
    DateStyle.DOTTED_UNPADDED: "~",
    DateStyle.DOTTED_SPACED: " - ",  # seed 002's CV: "2023.06 - 2028.06", "2024.05 - Now"
    DateStyle.MONTH_SHORT: " – ",
    DateStyle.MONTH_LONG: " – ",
}
_YEAR_SEPARATOR = "–"
# The word an ongoing period runs to, where a style has its own (else the caller's).
_OPEN_ENDS = {DateStyle.DOTTED_SPACED: "Now"}
_ORDER = [DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.NONE]


class Dated(NamedTuple):
    """A date and how much of it to show: what models hand to templates."""

    date: datetime.date | None
    precision: str

    @property
    def iso(self) -> str:
        """For ``<time datetime>``: "2025-09-14", "2025-09", "2025", or "" when not shown."""
        return iso_date(self.date, self.precision)


def _style(style) -> DateStyle:
    try:
        return DateStyle(style)
    except ValueError:
        return DEFAULT_STYLE


def coarsest(precision: str, limit: str) -> str:
    """The less precise of two precisions: a team page shows at most the month."""
    return max(precision, limit, key=_ORDER.index)


def format_date(date: datetime.date | None, precision: str, style=DEFAULT_STYLE) -> str:
    """``date`` shown to ``precision`` in ``style``; "" for no date or precision "none"."""
    if date is None or precision == DatePrecision.NONE:
        return ""
    style = _style(style)
    if precision == DatePrecision.YEAR:
        return str(date.year)
    with_day = precision == DatePrecision.DAY
    if style in (DateStyle.DOTTED, DateStyle.DOTTED_SPACED, DateStyle.DOTTED_UNPADDED):
        width = 1 if style == DateStyle.DOTTED_UNPADDED else 2
        text = f"{date.year}.{date.month:0{width}d}"
        return f"{text}.{date.day:0{width}d}" if with_day else text
    names = calendar.month_abbr if style == DateStyle.MONTH_SHORT else calendar.month_name
    text = f"{names[date.month]} {date.year}"
    return f"{date.day} {text}" if with_day else text


def format_period(
    start: datetime.date | None,
    start_precision: str,
    end: datetime.date | None,
    end_precision: str,
    style=DEFAULT_STYLE,
    *,
    open_end: str = "",
) -> str:
    """A period: "2024.10~2025.6", "2019–2023", "Sep 2024 – present" (``open_end``, or the
    style's own word: "2024.05 - Now").

    With one end only, that end alone.

    Ends that read the same are shown once ("2024" for a period within 2024).
    """
    first = format_date(start, start_precision, style)
    last = format_date(end, end_precision, style)
    whole_years = start_precision == DatePrecision.YEAR and (
        end is None or end_precision == DatePrecision.YEAR
    )
    if first and not last and open_end:
        # Whole years read alike in every style ("2019–present"); months take its word.
        last = open_end if whole_years else _OPEN_ENDS.get(_style(style), open_end)
    if not (first and last):
        return first or last
    if first == last:
        return first
    separator = _YEAR_SEPARATOR if whole_years else _PERIOD_SEPARATORS[_style(style)]
    return f"{first}{separator}{last}"


def time_html(dated, style=DEFAULT_STYLE, css_class: str = "") -> str:
    """``dated`` in a ``<time>`` element with its machine-readable ``datetime`` ("2025-09");
    "" when the style shows no date (``{% dated_time %}``, and lists built in Python)."""
    if not isinstance(dated, Dated):
        return ""
    text = format_date(dated.date, dated.precision, style)
    if not text:
        return ""
    if css_class:
        return format_html('<time class="{}" datetime="{}">{}</time>', css_class, dated.iso, text)
    return format_html('<time datetime="{}">{}</time>', dated.iso, text)


def iso_date(date: datetime.date | None, precision: str) -> str:
    if date is None or precision == DatePrecision.NONE:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


# --- Dates kept as year / month / day parts (awards, CV entries) -------------------------------


def dated_from_parts(year: int | None, month: int | None = None, day: int | None = None) -> Dated:
    """Parts as a :class:`Dated`: known parts set the precision, unknown ones read as 1."""
    if not year:
        return Dated(None, DatePrecision.NONE)
    if not month:
        return Dated(datetime.date(year, 1, 1), DatePrecision.YEAR)
    if not day:
        return Dated(datetime.date(year, month, 1), DatePrecision.MONTH)
    return Dated(datetime.date(year, month, day), DatePrecision.DAY)


def validate_parts(
    year: int | None, month: int | None, day: int | None, *, fields: tuple[str, str, str]
) -> None:
    """A month needs a year, a day needs a month, and the day must exist in that month.

    ``fields`` names the form fields (year, month, day) the messages go to."""
    year_field, month_field, day_field = fields
    if month and not year:
        raise ValidationError({year_field: "A month needs a year."})
    if day and not month:
        raise ValidationError({month_field: "A day needs a month."})
    if day and year and month and 1 <= month <= 12:
        last_day = calendar.monthrange(year, month)[1]
        if day > last_day:
            raise ValidationError(
                {day_field: f"{calendar.month_name[month]} {year} has {last_day} days."}
            )
