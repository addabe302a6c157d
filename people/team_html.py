"""The members of a homepage's team section as list items, built in Python: a lead's team
lists dozens of people, and one ``{% include %}`` per member was a large part of the page
(as awards/rendering.py and publications/rendering.py are for their lists)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def team_member_html(member, *, person=None, period: bool) -> SafeString:
    """``<li>``: the name (linked to their homepage, unless it is this page's own member),
    "(native name, period)" and ": position in affiliation" (seed 002)."""
    name = member.full_name
    if member.homepage_enabled and (person is None or member.pk != person.pk):
        name = format_html('<a href="{}">{}</a>', member.homepage_url, name)
    parts = [format_html('<li><span class="team-member-name">{}</span>', name)]
    native = member.native_name
    period_text = (member.period_label or member.years) if period else ""
    if native or period_text:
        inner = []
        if native:
            inner.append(format_html('<span class="team-member-native">{}</span>', native))
        if period_text:
            inner.append(format_html('<span class="team-member-period">{}</span>', period_text))
        parts.append(format_html(" ({})", mark_safe(", ".join(inner))))  # noqa: S308 - built above
    position, affiliation = member.position, member.affiliation
    if position or affiliation:
        joined = " in " if position and affiliation else ""
        parts.append(format_html(
            ': <span class="team-member-position">{}{}{}</span>', position, joined, affiliation
        ))
    parts.append("</li>")
    return mark_safe("".join(parts))  # noqa: S308 - each part built by format_html


def team_members_html(members, *, person=None, period: bool) -> SafeString:
    return mark_safe(  # noqa: S308 - each item built by format_html
        "".join(team_member_html(member, person=person, period=period) for member in members)
    )
