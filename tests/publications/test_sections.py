import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from labsite.home import home_sections
from people.homepage import homepage_section_source
from tests.factories import make_person
from tests.publications.helpers import paper, titles

pytestmark = pytest.mark.django_db


def homepage_section(lab, person):
    source = homepage_section_source("publications")
    assert source is not None, "publications registers its homepage section in ready()"
    request = RequestFactory().get("/", HTTP_HOST="a.example.org")
    request.lab, request.homepage_person_id = lab, None
    context = source.get_context(request, person)
    if context is None:
        return None
    return render_to_string(source.template, {"section": context, "person": person})


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
    assert "publications" in [section.name for section in home_sections()]
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
