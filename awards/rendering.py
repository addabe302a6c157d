"""Awards as list items, built in Python: a homepage lists dozens and the awards page
hundreds, and one ``{% include %}`` per award was the costliest part of a homepage (as
publications/rendering.py is for papers). Templates call ``{% award_items %}``."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from labsite.dates import time_html


def _linked(url: str, text, *, noopener: bool = False) -> SafeString:
    if not url:
        return format_html("{}", text)
    if noopener:
        return format_html('<a href="{}" rel="noopener">{}</a>', url, text)
    return format_html('<a href="{}">{}</a>', url, text)


def award_html(award, *, show_person: bool, in_year: bool = False, date_style="") -> SafeString:
    """One ``<li class="award">``: date (unless under a year heading), badge or title, body,
    the member and the paper (``person_url``/``publication_url`` from
    ``awards.sections.attach_urls``), and the description (sanitised on save)."""
    date = time_html(award.dated, date_style, "award-date muted")
    text = []
    if in_year and award.month:
        text.append(format_html('<span class="award-month muted">{}</span>', award.month_label))
    badge = format_html('<span class="badge badge-award">{}</span>', award.badge_label)
    if award.publication_id and award.badge_label == award.title_plain:
        text.append(_linked(award.safe_link, badge, noopener=True))
    else:
        if award.publication_id:
            text.append(badge)
        title = _linked(award.safe_link, award.title_display, noopener=True)
        comma = "," if award.granting_body else ""
        text.append(format_html('<strong class="award-title">{}</strong>{}', title, comma))
    if award.granting_body:
        text.append(format_html('<span class="award-body">{}</span>', award.granting_body))
    if show_person and award.person_id:
        name = _linked(getattr(award, "person_url", ""), award.person.full_name)
        text.append(format_html('<br><span class="award-person">{}</span>', name))
    if award.publication_id:
        paper = award.publication
        venue = (format_html(' <span class="badge">{}</span>', paper.venue_short)
                 if paper.venue_short else "")
        text.append(format_html(
            '<br><span class="award-paper">For <a href="{}">{}</a>{}</span>',
            getattr(award, "publication_url", ""), paper.title, venue,
        ))
    if award.description_html:
        description = mark_safe(award.description_html)  # noqa: S308 - sanitised on save
        text.append(format_html('<div class="prose award-description">{}</div>', description))
    return format_html(
        '<li class="award{}">\n  {}\n  <div class="award-text">\n    {}\n  </div>\n</li>\n',
        "" if date else " award-undated",
        "" if in_year else date,
        mark_safe("\n    ".join(text)),  # noqa: S308 - each part built by format_html
    )


def awards_html(awards, *, show_person: bool, in_year: bool = False, date_style="") -> SafeString:
    return mark_safe(  # noqa: S308 - each item built by format_html
        "".join(award_html(award, show_person=show_person, in_year=in_year,
                           date_style=date_style) for award in awards)
    )
