"""publications.models.authored_by: the papers a member authors, shared by a homepage's
papers, news and awards. It is not scoped by lab; each caller's own for_lab is."""

import pytest

from awards.models import Award
from labsite.scoping import unscoped
from news.models import NewsItem
from publications.models import Authorship, Publication, authored_by
from tests.factories import make_award, make_news, make_person, make_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def lena(lab_a):
    return make_person(lab=lab_a, full_name="Lena Fischer", slug="lena")


@pytest.fixture
def stray_paper(lab_b, lena):
    """Lab B's paper with an authorship row pointing at lab A's member: a row written
    around validation (TenantModel.clean refuses it), the worst case for a shared sub-query."""
    paper = make_publication(lab=lab_b, slug="stray", title="Beta's stray paper")
    Authorship.objects.create(lab=lab_b, publication=paper, name="Lena Fischer", person=lena,
                              position=1)  # fmt: skip
    make_award(lab=lab_b, title="Beta's best paper", publication=paper, kind="paper", year=2025)
    make_news(lab=lab_b, title="Beta's news of the paper", publication=paper)
    return paper


def test_it_finds_the_members_papers(lab_a, lena):
    own = make_publication(lab=lab_a, slug="tidal", authors=[("Lena Fischer", lena)])
    make_publication(lab=lab_a, slug="other", authors=[("Someone Else", None)])
    found = Publication.objects.for_lab(lab_a).filter(pk__in=authored_by(lena))
    assert list(found) == [own]
    assert list(Publication.objects.for_lab(lab_a).by_person(lena.pk)) == [own]


def test_no_caller_lets_another_labs_rows_through(lab_a, lena, stray_paper):
    with unscoped("the control: the sub-query itself does return lab B's paper"):
        assert list(Publication.objects.filter(pk__in=authored_by(lena))) == [stray_paper]
    assert not Publication.objects.for_lab(lab_a).by_person(lena).exists()
    assert not Award.objects.for_lab(lab_a).for_person(lena).exists()
    assert not NewsItem.objects.for_lab(lab_a).about_person(lena).exists()


def test_the_homepage_shows_none_of_them(client_a, lena, stray_paper):
    page = client_a.get("/people/lena/").content.decode()
    assert "Lena Fischer" in page
    for text in ("Beta&#x27;s stray paper", "Beta's stray paper", "Beta's best paper",
                 "Beta's news of the paper", "stray"):  # fmt: skip
        assert text not in page
