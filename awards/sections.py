"""Awards on the lab home page and on members' homepages (registered in AwardsConfig.ready)."""

from django.conf import settings
from django.urls import reverse

from awards.models import Award
from labsite.slug_urls import slug_url
from labsite.tenancy import lab_base_url
from publications.list_settings import list_settings_for

HOME_AWARDS = 5


def attach_urls(awards, base="", *, link_people=True):
    """Set ``award.person_url`` and ``award.publication_url`` for the templates.

    Reversed with the lab's URLconf, so links also work on a member's own domain.
    """
    root = settings.ROOT_URLCONF
    for award in awards:
        award.publication_url = (
            base + slug_url("publications:detail", award.publication.slug, urlconf=root)
            if award.publication_id
            else ""
        )
        url = award.person.homepage_url if link_people and award.person_id else ""
        award.person_url = base + url if url else ""
    return awards


def lab_home_context(request, lab, row):
    awards = list(
        Award.objects.for_lab(lab).for_lists()[
            : HOME_AWARDS + 1
        ]
    )
    if not awards:
        return None
    return {
        "awards": attach_urls(awards[:HOME_AWARDS]),
        "has_more": len(awards) > HOME_AWARDS,
        "config": row,
    }


def homepage_context(request, person, row):
    """The member's awards and those of papers they author; hidden when there are none.

    Paper highlights are included as the section row says in ``include_paper_highlights``;
    None, or no row, follows the lab's setting (its list settings, kept per process).
    """
    with_papers = getattr(row, "include_paper_highlights", None)
    if with_papers is None:
        with_papers = list_settings_for(request.lab).paper_highlights_in_honours
    awards = list(
        Award.objects.for_lab(request.lab)
        .for_person(person, with_papers=with_papers)
        .for_lists(with_person=False)  # the page is the member's: no name shown
    )
    if not awards:
        return None
    base = lab_base_url(request)
    return {
        "awards": attach_urls(awards, base, link_people=False),
        "person": person,
        "config": row,
        "awards_url": base + reverse("awards:list", urlconf=settings.ROOT_URLCONF),
    }
