"""Awards on the lab home page and on members' homepages (registered in AwardsConfig.ready)."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from awards.models import Award

HOME_AWARDS = 5


def lab_base_url(request) -> str:
    """Empty on the lab's host; the lab's host on a member's own domain."""
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


def attach_urls(awards, base="", *, link_people=True):
    """Set ``award.person_url`` and ``award.publication_url`` for the templates.

    Reversed with the lab's URLconf, so links also work on a member's own domain.
    """
    for award in awards:
        award.publication_url = (
            base
            + reverse(
                "publications:detail",
                kwargs={"slug": award.publication.slug},
                urlconf=settings.ROOT_URLCONF,
            )
            if award.publication_id
            else ""
        )
        url = person_url(award.person) if link_people and award.person_id else ""
        award.person_url = base + url if url else ""
    return awards


def lab_home_context(request):
    awards = list(
        Award.objects.for_lab(request.lab).select_related("person", "publication")[
            : HOME_AWARDS + 1
        ]
    )
    if not awards:
        return None
    return {"awards": attach_urls(awards[:HOME_AWARDS]), "has_more": len(awards) > HOME_AWARDS}


def homepage_context(request, person):
    """The member's awards and those of papers they author; hidden when there are none."""
    awards = list(
        Award.objects.for_lab(request.lab)
        .for_person(person)
        .select_related("person", "publication")
    )
    if not awards:
        return None
    base = lab_base_url(request)
    return {
        "awards": attach_urls(awards, base, link_people=False),
        "person": person,
        "awards_url": base + reverse("awards:list", urlconf=settings.ROOT_URLCONF),
    }
