"""Dates at their precision in the page's style: ``{% load date_tags %}``.

The page's style is ``date_style`` in the context: the lab's (context processor), or the
member's on their homepage. The rule itself is labsite/dates.py.

- ``{{ item.dated|date_style:date_style }}`` "2025.09", "Sep 2025", "" when not shown.
- ``{% dated_time item.dated date_style "news-date" %}`` the same in a ``<time>`` element,
  with its machine-readable ``datetime`` ("2025-09"); nothing when not shown.
- ``{% period entry.start_dated entry.end_dated date_style open_end="present" %}``.
"""

from django import template

from labsite.dates import Dated, format_date, format_period, time_html

register = template.Library()


def _parts(dated) -> tuple:
    if isinstance(dated, Dated):
        return dated
    return (None, "none")


@register.filter
def date_style(dated, style=""):
    return format_date(*_parts(dated), style)


@register.simple_tag
def dated_time(dated, style="", css_class=""):
    return time_html(dated, style, css_class)


@register.simple_tag
def period(start, end, style="", open_end=""):
    return format_period(*_parts(start), *_parts(end), style, open_end=open_end)
