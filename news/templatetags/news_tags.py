"""``{% load news_tags %}``: ``{% news_items items title_tag="h3" show_person=False
show_pinned=False %}``, the items as ``<li>`` in the page's ``date_style`` (news/rendering.py)."""

from django import template

from news.rendering import news_items_html

register = template.Library()


@register.simple_tag(takes_context=True)
def news_items(context, items, title_tag="h2", show_person=False, show_pinned=False):
    return news_items_html(
        items, title_tag=title_tag, show_person=show_person, show_pinned=show_pinned,
        date_style=context.get("date_style", ""),
    )  # fmt: skip
