"""News items as list items, built in Python: the news page lists 20 and a homepage 10, and
one ``{% include %}`` per item was the costliest part of the news section (as
awards/rendering.py is for awards). Templates call ``{% news_items %}``."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from labsite.dates import time_html

# A long item shows this many words of its text, then "Read more".
EXCERPT_WORDS = 50


def news_item_html(
    item, *, title_tag: str = "h2", show_person: bool, show_pinned: bool, date_style=""
) -> SafeString:
    """One ``<li class="news-item">``: date, pinned badge, title, the text (an excerpt of a
    long item), and the member and paper (``url``, ``person_url`` and ``publication_url``
    from ``news.sections.attach_urls``). ``body_html`` was sanitised on save."""
    date = time_html(item.dated, date_style, "news-date")
    pinned = show_pinned and item.pinned
    classes = "news-item" + (" news-pinned" if pinned else "") + ("" if date else " news-undated")
    text = []
    if pinned:
        text.append(mark_safe('<span class="badge">Pinned</span>'))
    if item.title:
        text.append(format_html(
            '<{0} class="news-title"><a href="{1}">{2}</a></{0}>', title_tag, item.url, item.title
        ))  # fmt: skip
    if item.is_long:
        excerpt = Truncator(item.body_html).words(EXCERPT_WORDS, html=True, truncate=" …")
        text.append(format_html(
            '<div class="prose">{}</div>\n    <p class="news-more"><a href="{}">Read more'
            '<span class="visually-hidden"> about {}</span> →</a></p>',
            mark_safe(excerpt), item.url, item.display_title,  # noqa: S308 - sanitised on save
        ))  # fmt: skip
    else:
        body = mark_safe(item.body_html)  # noqa: S308 - sanitised on save
        text.append(format_html('<div class="prose">{}</div>', body))
    person = item.person if show_person and item.person_id else None
    if person is not None or item.publication_id:
        meta = []
        if person is not None:
            url = getattr(item, "person_url", "")
            meta.append(format_html('<a href="{}">{}</a>', url, person.full_name) if url
                        else format_html("{}", person.full_name))
        if item.publication_id:
            meta.append(format_html(
                'Paper: <a href="{}">{}</a>', getattr(item, "publication_url", ""),
                item.publication.title,
            ))  # fmt: skip
        joined = mark_safe(" · ".join(meta))  # noqa: S308 - each part built by format_html
        text.append(format_html('<p class="news-meta muted">\n      {}\n    </p>', joined))
    return format_html(
        '<li class="{}" data-news="{}">\n  {}\n  <div class="news-text">\n    {}\n  </div>\n'
        "</li>\n",
        classes, item.slug, date,
        mark_safe("\n    ".join(text)),  # noqa: S308 - each part built by format_html
    )  # fmt: skip


def news_items_html(items, *, title_tag="h2", show_person: bool, show_pinned: bool,
                    date_style="") -> SafeString:  # fmt: skip
    return mark_safe(  # noqa: S308 - each item built by format_html
        "".join(
            news_item_html(item, title_tag=title_tag, show_person=show_person,
                           show_pinned=show_pinned, date_style=date_style)
            for item in items
        )  # fmt: skip
    )
