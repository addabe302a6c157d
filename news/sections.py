"""News on the lab home page and on members' homepages (registered in NewsConfig.ready)."""

from django.conf import settings
from django.urls import reverse

from labsite.slug_urls import slug_url
from labsite.tenancy import lab_base_url
from news.models import NewsItem

HOME_ITEMS = 5
HOMEPAGE_ITEMS = 10


def publication_url(publication) -> str:
    return slug_url("publications:detail", publication.slug, urlconf=settings.ROOT_URLCONF)


def attach_urls(items, base="", *, link_people=True):
    """Set ``item.url``, ``item.person_url`` and ``item.publication_url`` for templates.

    Reversed with the lab's URLconf, so the links also work on a member's own domain.
    """
    for item in items:
        item.url = base + item.get_absolute_url()
        item.publication_url = base + publication_url(item.publication) if item.publication else ""
        url = item.person.homepage_url if link_people and item.person_id else ""
        item.person_url = base + url if url else ""
    return items


def lab_home_context(request, lab, row):
    """The latest few items, pinned first; hidden when the lab has no news."""
    items = list(
        NewsItem.objects.for_lab(lab)
        .published()
        .for_lists()
        .pinned_first()[: HOME_ITEMS + 1]
    )
    if not items:
        return None
    return {
        "items": attach_urls(items[:HOME_ITEMS], ""),
        "has_more": len(items) > HOME_ITEMS,
        "config": row,
    }


def homepage_context(request, person, row):
    """The member's news and lab news about their papers; hidden when there is none."""
    items = list(
        NewsItem.objects.for_lab(request.lab)
        .published()
        .about_person(person)
        .for_lists(with_person=False)  # the page is the member's: no name shown
        .pinned_first()[: HOMEPAGE_ITEMS + 1]
    )
    if not items:
        return None
    base = lab_base_url(request)
    return {
        "items": attach_urls(items[:HOMEPAGE_ITEMS], base, link_people=False),
        "has_more": len(items) > HOMEPAGE_ITEMS,
        "person": person,
        "config": row,
        "feed_url": base
        + reverse("news:person_feed", kwargs={"slug": person.slug}, urlconf=settings.ROOT_URLCONF),
        "news_url": base + reverse("news:list", urlconf=settings.ROOT_URLCONF),
    }
