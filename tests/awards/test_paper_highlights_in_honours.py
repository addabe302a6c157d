"""Whether paper highlights (Oral, Best Paper…) appear among a member's honours: the lab's
default (PublicationListSettings), overridden per homepage by the awards section row's
``include_paper_highlights`` (None: the lab's default)."""

from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from labsite.cache import forget_lab_memos
from people.homepage import homepage_section_source
from publications.models import PublicationListSettings
from tests.awards.test_pages import awards_section
from tests.factories import make_award, make_person, make_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def lena(lab_a):
    lena = make_person(lab=lab_a, full_name="Lena Fischer", slug="lena")
    paper = make_publication(lab=lab_a, slug="tidal", authors=[("Lena Fischer", lena)])
    make_award(lab=lab_a, title="Graduate Fellowship", person=lena, year=2024)
    make_award(lab=lab_a, title="Best Paper Award", publication=paper, kind="paper", year=2025)
    return lena


def honours(lab, person, config=None) -> list[str]:
    source = homepage_section_source("awards")
    request = RequestFactory().get("/", HTTP_HOST="a.example.org")
    request.lab = lab
    context = source.get_context(request, person, config)
    return [award.title for award in context["awards"]] if context else []


def test_by_default_paper_highlights_are_among_the_honours(lab_a, lena):
    assert honours(lab_a, lena) == ["Best Paper Award", "Graduate Fellowship"]


def test_the_lab_may_keep_them_off_and_a_homepage_may_differ(client_a, lab_a, lena):
    PublicationListSettings.objects.create(lab=lab_a, paper_highlights_in_honours=False)
    assert honours(lab_a, lena) == ["Graduate Fellowship"]
    assert "Best Paper Award" not in awards_section(client_a.get("/people/lena/").content.decode())
    assert honours(lab_a, lena, SimpleNamespace(include_paper_highlights=None)) == [
        "Graduate Fellowship"
    ]
    assert honours(lab_a, lena, SimpleNamespace(include_paper_highlights=True)) == [
        "Best Paper Award", "Graduate Fellowship"
    ]


def test_a_homepage_may_keep_them_off_although_the_lab_shows_them(lab_a, lena):
    assert honours(lab_a, lena, SimpleNamespace(include_paper_highlights=False)) == [
        "Graduate Fellowship"
    ]
    assert honours(lab_a, lena, SimpleNamespace()) == ["Best Paper Award", "Graduate Fellowship"]


def test_only_the_members_own_labs_setting_counts(lab_a, lab_b, lena):
    PublicationListSettings.objects.create(lab=lab_b, paper_highlights_in_honours=False)
    assert honours(lab_a, lena) == ["Best Paper Award", "Graduate Fellowship"]


def test_the_lab_default_is_read_once_per_process(lab_a, lena, django_assert_num_queries):
    """The lab's default comes from its list settings, kept per process and content
    version (labsite.cache.PerLabMemo): one query in a new process, none after; the awards
    themselves are one query whatever their number."""
    PublicationListSettings.objects.create(lab=lab_a, paper_highlights_in_honours=False)
    forget_lab_memos()  # as in a new process
    with django_assert_num_queries(2):
        assert honours(lab_a, lena) == ["Graduate Fellowship"]
    with django_assert_num_queries(1):
        assert honours(lab_a, lena) == ["Graduate Fellowship"]
    for n in range(30):
        paper = make_publication(lab=lab_a, slug=f"p{n}", authors=[("Lena Fischer", lena)])
        make_award(lab=lab_a, title=f"Oral {n}", publication=paper, kind="paper", year=2020)
        make_award(lab=lab_a, title=f"Prize {n}", person=lena, year=2019)
    honours(lab_a, lena)  # the writes changed the lab's content version: read once more
    with django_assert_num_queries(1):
        assert len(honours(lab_a, lena)) == 31


def test_a_changed_default_is_seen_at_once(lab_a, lena):
    settings = PublicationListSettings.objects.create(lab=lab_a)
    assert honours(lab_a, lena) == ["Best Paper Award", "Graduate Fellowship"]
    settings.paper_highlights_in_honours = False
    settings.save()
    assert honours(lab_a, lena) == ["Graduate Fellowship"]
