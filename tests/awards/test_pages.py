import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from labsite.models import Domain
from tests.factories import make_award, make_person, make_publication

pytestmark = pytest.mark.django_db


def headings(page: str) -> list[str]:
    return re.findall(r'<h2 id="year-(\d+)">', page)


def test_awards_page_lists_awards_by_year_newest_first(client_a, lab_a):
    lena = make_person(lab=lab_a, full_name="Lena Fischer", slug="lena")
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    paper = make_publication(lab=lab_a, title="Tidal: Elastic Scheduling", slug="tidal",
                             venue_short="OSDI 2025", authors=[("Lena Fischer", lena)])  # fmt: skip
    make_award(lab=lab_a, title="Best Paper Award", badge="Best Paper", granting_body="OSDI 2025",
               year=2025, month=7, kind="paper", publication=paper)  # fmt: skip
    make_award(lab=lab_a, title="Graduate Fellowship", granting_body="Example Foundation",
               year=2024, kind="fellowship", person=lena,
               description="For *systems* work.")  # fmt: skip
    make_award(lab=lab_a, title="Early Career Award", year=2022, person=ada)
    make_award(lab=lab_a, title="Dean's List", year=2025, month=1, person=lena)

    page = client_a.get("/awards/").content.decode()
    assert headings(page) == ["2025", "2024", "2022"]
    # Within a year, later months first.
    assert (
        page.index("Best Paper Award")
        < page.index("Dean&#x27;s List")
        < page.index("Graduate Fellowship")
    )
    assert '<span class="badge badge-award">Best Paper</span>' in page
    assert 'href="/publications/tidal/">Tidal: Elastic Scheduling</a>' in page
    assert 'href="/people/lena/">Lena Fischer</a>' in page
    assert 'href="/people/ada/">Ada Moreau</a>' in page
    assert "Example Foundation" in page
    assert "For <em>systems</em> work." in page
    assert ">Jul<" in page  # the month under its year heading


def test_person_without_homepage_is_named_but_not_linked(client_a, lab_a):
    hidden = make_person(lab=lab_a, full_name="Quiet Person", slug="quiet", homepage_enabled=False)
    make_award(lab=lab_a, title="Prize", person=hidden)
    page = client_a.get("/awards/").content.decode()
    assert "Quiet Person" in page and 'href="/people/quiet/"' not in page


def test_award_links_are_shown_only_when_http(client_a, lab_a):
    person = make_person(lab=lab_a)
    make_award(lab=lab_a, title="Linked", person=person, link="https://example.org/prize")
    # A row written outside forms (shell, import) skips URL validation.
    make_award(lab=lab_a, title="Sneaky", person=person, link="javascript:alert(1)")
    page = client_a.get("/awards/").content.decode()
    assert 'href="https://example.org/prize"' in page
    assert "javascript:" not in page


def test_empty_awards_page_says_so(client_a, lab_a):
    assert "No awards listed yet." in client_a.get("/awards/").content.decode()


def test_awards_of_another_lab_never_appear(client_a, client_b, lab_a, lab_b):
    make_award(lab=lab_a, title="Alpha prize", person=make_person(lab=lab_a))
    make_award(lab=lab_b, title="Beta prize", person=make_person(lab=lab_b))
    page_a = client_a.get("/awards/").content.decode()
    assert "Alpha prize" in page_a and "Beta prize" not in page_a
    assert "Beta prize" not in client_a.get("/").content.decode()
    assert "Alpha prize" not in client_b.get("/awards/").content.decode()


def test_awards_page_runs_a_fixed_number_of_queries(client_a, lab_a, no_page_cache):
    counts = []
    for size in (2, 25):
        for n in range(size):
            person = make_person(lab=lab_a)
            paper = make_publication(lab=lab_a)
            make_award(lab=lab_a, title=f"P{n}", person=person, publication=paper, kind="paper",
                       year=2000 + n % 20)  # fmt: skip
        client_a.get("/awards/")
        with CaptureQueriesContext(connection) as queries:
            assert client_a.get("/awards/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 2


def test_home_page_highlights_latest_awards(client_a, lab_a):
    person = make_person(lab=lab_a)
    for year in range(2015, 2023):
        make_award(lab=lab_a, title=f"Prize of {year}", year=year, person=person)
    page = client_a.get("/").content.decode()
    section = page[page.index('id="awards-heading"') :]
    assert "Prize of 2022" in section and "Prize of 2018" in section
    assert "Prize of 2017" not in section
    assert 'href="/awards/"' in section


def awards_section(page: str) -> str:
    start = page.index('id="awards-heading"')
    return page[start : page.index("</section>", start)]


def test_homepage_shows_members_awards_and_awards_of_their_papers(client_a, lab_a):
    lena = make_person(lab=lab_a, full_name="Lena Fischer", slug="lena")
    omar = make_person(lab=lab_a, slug="omar")
    paper = make_publication(lab=lab_a, slug="tidal", authors=[("Lena Fischer", lena)])
    others = make_publication(lab=lab_a, slug="other", authors=[("Omar", omar)])
    make_award(lab=lab_a, title="Graduate Fellowship", person=lena, year=2024)
    make_award(lab=lab_a, title="Best Paper Award", publication=paper, kind="paper", year=2025)
    make_award(lab=lab_a, title="Omar's prize", person=omar)
    make_award(lab=lab_a, title="Spotlight", publication=others, kind="paper")
    section = awards_section(client_a.get("/people/lena/").content.decode())
    assert section.index("Best Paper Award") < section.index("Graduate Fellowship")
    assert 'href="/publications/tidal/"' in section
    assert "Omar" not in section and "Spotlight" not in section
    make_person(lab=lab_a, slug="nobody")
    assert "homepage-awards-heading" not in client_a.get("/people/nobody/").content.decode()


def test_homepage_awards_on_own_domain_link_to_the_lab_host(lab_a):
    lena = make_person(lab=lab_a, slug="lena")
    Domain.objects.create(lab=lab_a, host="lena.example.net", person=lena)
    paper = make_publication(lab=lab_a, slug="tidal", authors=[("Lena", lena)])
    make_award(lab=lab_a, title="Best Paper Award", publication=paper, kind="paper")
    page = Client(HTTP_HOST="lena.example.net").get("/").content.decode()
    assert 'href="http://a.example.org/publications/tidal/"' in awards_section(page)
