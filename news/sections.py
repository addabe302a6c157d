"""News on the lab home page and on members' homepages (registered in NewsConfig.ready)."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from news.models import NewsItem

HOME_ITEMS = 5
HOMEPAGE_ITEMS = 10


def lab_base_url(request) -> str:
    """Prefix for links to lab pages: empty on the lab's host, the lab's host on a member's
    own domain (which serves only the homepage)."""
    if getattr(request, "homepage_person_id", None) is None:
        return ""
    host = request.lab.primary_domain
    return f"{request.scheme}://{host}" if host else ""


def person_url(person) -> str:
    """The member's homepage on the lab's host, or "" when it has none to link to."""
    if not person.homepage_enabled:
        return ""
    try:
        return reverse("people:detail", kwargs={"slug": person.slug}, urlconf=settings.ROOT_URLCONF)
    except NoReverseMatch:  # people.urls routes no homepages: show the name unlinked
        return ""


def publication_url(publication) -> str:
    return reverse(
        "publications:detail", kwargs={"slug": publication.slug}, urlconf=settings.ROOT_URLCONF
    )


def attach_urls(items, base=""):
    """Set ``item.url``, ``item.person_url`` and ``item.publication_url`` for templates.

    Reversed with the lab's URLconf, so the links also work on a member's own domain.
    """
    for item in items:
        item.url = base + item.get_absolute_url()
        item.publication_url = base + publication_url(item.publication) if item.publication else ""
        url = person_url(item.person) if item.person else ""
        item.person_url = base + url if url else ""
    return items


def lab_home_context(request):
    """The latest few items, pinned first; hidden when the lab has no news."""
    items = list(
        NewsItem.objects.for_lab(request.lab)
        .published()
        .select_related("person", "publication")
        .pinned_first()[: HOME_ITEMS + 1]
    )
    if not items:
        return None
    return {
        "items": attach_urls(items[:HOME_ITEMS], ""),
        "has_more": len(items) > HOME_ITEMS,
    }


def homepage_context(request, person):
    """The member's news and lab news about their papers; hidden when there is none."""
    items = list(
        NewsItem.objects.for_lab(request.lab)
        .published()
        .about_person(person)
        .select_related("person", "publication")
        .pinned_first()[: HOMEPAGE_ITEMS + 1]
    )
    if not items:
        return None
    base = lab_base_url(request)
    return {
        "items": attach_urls(items[:HOMEPAGE_ITEMS], base),
        "has_more": len(items) > HOMEPAGE_ITEMS,
        "person": person,
        "feed_url": base
        + reverse("news:person_feed", kwargs={"slug": person.slug}, urlconf=settings.ROOT_URLCONF),
        "news_url": base + reverse("news:list", urlconf=settings.ROOT_URLCONF),
    }
