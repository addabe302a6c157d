import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labsite.models import Domain
from tests.factories import make_news, make_person, make_publication

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def news_section(page: str) -> str:
    start = page.index('id="news-heading"')
    return page[start : page.index("</section>", start)]


def test_homepage_shows_the_members_news_and_lab_news_about_their_papers(client_a, lab_a):
    lena = make_person(lab=lab_a, full_name="Lena Fischer", slug="lena")
    omar = make_person(lab=lab_a, full_name="Omar Haddad", slug="omar")
    paper = make_publication(lab=lab_a, slug="tidal", title="Tidal",
                             authors=[("Lena Fischer", lena), "Rui Costa"])  # fmt: skip
    make_news(lab=lab_a, title="Lena passed her qualifier", person=lena, date=TODAY)
    make_news(lab=lab_a, title="Tidal accepted", publication=paper,
              date=TODAY - datetime.timedelta(days=3))  # fmt: skip
    make_news(lab=lab_a, title="Omar joined", person=omar)
    make_news(lab=lab_a, title="Lab retreat")
    make_news(lab=lab_a, title="Lena's draft", person=lena, status="draft")

    section = news_section(client_a.get("/people/lena/").content.decode())
    assert section.index("Lena passed her qualifier") < section.index("Tidal accepted")
    assert 'href="/publications/tidal/"' in section
    assert "Omar joined" not in section and "Lab retreat" not in section
    assert "draft" not in section
    assert 'href="/people/lena/feed/"' in section


def test_homepage_hides_the_news_section_when_the_member_has_none(client_a, lab_a):
    make_person(lab=lab_a, slug="quiet")
    make_news(lab=lab_a, title="Lab retreat")
    page = client_a.get("/people/quiet/").content.decode()
    assert "homepage-news-heading" not in page


def test_homepage_news_on_a_members_own_domain_links_to_the_lab_host(lab_a):
    lena = make_person(lab=lab_a, full_name="Lena Fischer", slug="lena")
    Domain.objects.create(lab=lab_a, host="lena.example.net", person=lena)
    paper = make_publication(lab=lab_a, slug="tidal", authors=[("Lena", lena)])
    make_news(lab=lab_a, slug="accepted", title="Tidal accepted", publication=paper)
    page = Client(HTTP_HOST="lena.example.net").get("/").content.decode()
    section = news_section(page)
    assert 'href="http://a.example.org/news/accepted/"' in section
    assert 'href="http://a.example.org/publications/tidal/"' in section
    assert 'href="http://a.example.org/people/lena/feed/"' in section


def test_homepage_never_shows_another_labs_news(client_a, lab_a, lab_b):
    lena = make_person(lab=lab_a, slug="lena")
    make_news(lab=lab_a, title="Alpha item", person=lena)
    make_news(lab=lab_b, title="Beta item")
    page = client_a.get("/people/lena/").content.decode()
    assert "Alpha item" in page and "Beta item" not in page


def test_homepage_news_runs_a_fixed_number_of_queries(client_a, lab_a, no_page_cache):
    lena = make_person(lab=lab_a, slug="lena")
    counts = []
    for size in (2, 15):
        for _ in range(size):
            paper = make_publication(lab=lab_a, authors=[("Lena", lena)])
            make_news(lab=lab_a, publication=paper, title="On a paper")
            make_news(lab=lab_a, person=lena)
        client_a.get("/people/lena/")
        with CaptureQueriesContext(connection) as queries:
            client_a.get("/people/lena/")
        counts.append(len([q for q in queries if "news_newsitem" in q["sql"]]))
    assert counts == [1, 1]
