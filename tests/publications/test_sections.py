import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from labsite.home import home_section_source
from labsite.sections import compose
from people.homepage import homepage_section_source, homepage_sources
from people.models import PersonSection
from tests.factories import make_person
from tests.publications.helpers import paper, titles

pytestmark = pytest.mark.django_db


def homepage_section(lab, person, **options):
    """The member's publications section (with ``options`` as the row's), as the page
    renders it; None when it has nothing to show."""
    assert homepage_section_source("publications") is not None, "registered in ready()"
    request = RequestFactory().get("/", HTTP_HOST="a.example.org")
    request.lab, request.homepage_person_id = lab, None
    row = PersonSection.objects.for_lab(lab).get(person=person, kind="publications")
    for name, value in options.items():
        setattr(row, name, value)
    rendered = compose(request, person, [row], homepage_sources)
    if not rendered:
        return None
    return render_to_string("labsite/_section.html", {"item": rendered[0], "person": person})


def test_homepage_shows_the_members_selected_papers_and_links_to_all(lab_a, lab_b):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    paper(lab_a, "Selected and Ada's", selected=True, year=2020, authors=[("Ada Moreau", ada)])
    paper(lab_a, "Ada's ordinary paper", year=2024, authors=[("Ada Moreau", ada)])
    paper(lab_a, "Selected but not Ada's", selected=True, authors=["Someone Else"])
    paper(lab_b, "Other lab, same name", selected=True, authors=["Ada Moreau"])
    html = homepage_section(lab_a, ada)
    assert "<h2" in html and "Selected publications</h2>" in html
    assert titles(html) == ["Selected and Ada's"]
    assert '<a href="/publications/?person=ada">All publications (2) →</a>' in html


def test_homepage_falls_back_to_recent_papers_and_hides_when_none(lab_a):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    assert homepage_section(lab_a, ada) is None
    for year in range(2015, 2023):
        paper(lab_a, f"Paper of {year}", year=year, authors=[("Ada Moreau", ada)])
    html = homepage_section(lab_a, ada)
    assert "Recent publications</h2>" in html
    assert titles(html) == [f"Paper of {year}" for year in range(2022, 2017, -1)]


def test_homepage_section_appears_on_the_members_page(client_a, lab_a):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    paper(
        lab_a,
        "Ada on the homepage",
        selected=True,
        authors=[("Ada Moreau", ada, {"equal_contribution": True}), "Bo Other"],
    )
    response = client_a.get(ada.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(html) == ["Ada on the homepage"]
    assert "<strong>Ada Moreau</strong></a>*" in html
    assert "* Equal contribution" in html


def test_lab_home_shows_selected_papers_else_recent_ones(client_a, lab_a):
    assert home_section_source("publications") is not None
    assert "Selected publications" not in client_a.get("/").content.decode()
    paper(lab_a, "Just a paper", year=2023)
    html = client_a.get("/").content.decode()
    assert "Recent publications</h2>" in html and titles(html) == ["Just a paper"]
    paper(lab_a, "Our flagship", selected=True, year=2020)
    html = client_a.get("/").content.decode()
    assert "Selected publications</h2>" in html and titles(html) == ["Our flagship"]
    assert '<a href="/publications/">All publications →</a>' in html


def test_lab_home_never_shows_another_labs_papers(client_a, lab_a, lab_b):
    paper(lab_b, "Beta flagship", selected=True)
    assert "Beta flagship" not in client_a.get("/").content.decode()


def test_a_section_row_chooses_all_papers_or_a_tag_kind_or_year(lab_a, lab_b):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    me = [("Ada Moreau", ada)]
    paper(lab_a, "Selected 2020", selected=True, year=2020, authors=me, tags=["llm"])
    paper(lab_a, "Preprint 2024", kind="preprint", year=2024, authors=me)
    paper(lab_a, "Journal 2022", kind="journal", year=2022, authors=me, tags=["llm"])
    paper(lab_a, "Not Ada's", year=2024, tags=["llm"], authors=["Someone Else"])
    paper(lab_b, "Other lab's Ada", year=2024, authors=["Ada Moreau"], tags=["llm"])

    assert titles(homepage_section(lab_a, ada)) == ["Selected 2020"]
    everything = homepage_section(lab_a, ada, publication_filter="all")
    assert titles(everything) == ["Preprint 2024", "Journal 2022", "Selected 2020"]
    assert "Publications</h2>" in everything
    tagged = homepage_section(lab_a, ada, publication_filter="all", filter_tag="llm")
    assert titles(tagged) == ["Journal 2022", "Selected 2020"]
    preprints = homepage_section(
        lab_a, ada, publication_filter="all", filter_kind="preprint", heading="Preprints"
    )
    assert titles(preprints) == ["Preprint 2024"] and "Preprints</h2>" in preprints
    assert titles(homepage_section(lab_a, ada, publication_filter="all", filter_year=2022)) == [
        "Journal 2022"
    ]
    # "selected" with a filter that no selected paper meets: the latest ones that do.
    assert titles(homepage_section(lab_a, ada, filter_kind="journal")) == ["Journal 2022"]
    assert homepage_section(lab_a, ada, filter_tag="no-such-tag") is None


def test_two_publications_sections_on_one_page_selected_and_all(client_a, lab_a):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada", sections=[])
    paper(lab_a, "Flagship", selected=True, year=2020, authors=[("Ada Moreau", ada)])
    paper(lab_a, "Ordinary", year=2024, authors=[("Ada Moreau", ada)])
    PersonSection(lab=lab_a, person=ada, kind="publications", order=1).save()
    PersonSection(lab=lab_a, person=ada, kind="publications", order=2, heading="All papers",
                  publication_filter="all").save()  # fmt: skip
    html = client_a.get("/people/ada/").content.decode()
    assert '<section class="page-section section-publications" id="publications"' in html
    assert 'id="publications-2" aria-labelledby="publications-2-heading"' in html
    first, second = html.split('id="publications-2"')
    assert titles(first) == ["Flagship"] and titles(second) == ["Ordinary", "Flagship"]
