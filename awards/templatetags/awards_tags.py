"""``{% load awards_tags %}``: ``{% award_items awards show_person=True in_year=False %}``,
the awards as ``<li>`` items in the page's ``date_style`` (awards/rendering.py)."""

from django import template

from awards.rendering import awards_html

register = template.Library()


@register.simple_tag(takes_context=True)
def award_items(context, awards, show_person=False, in_year=False):
    return awards_html(
        awards, show_person=show_person, in_year=in_year, date_style=context.get("date_style", "")
    )
