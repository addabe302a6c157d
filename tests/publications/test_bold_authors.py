"""Whose names are bold among a paper's authors: a publications section's ``bold_authors``
(the page's owner by default, as seed 002 bolds only its owner), the lab list's own
``bold_members`` setting."""

import re

import pytest

from labsite.sections import LabSection
from people.models import PersonSection
from tests.factories import make_person, make_person_section
from tests.publications.helpers import paper

pytestmark = pytest.mark.django_db


def bold_names(html: str) -> set[str]:
    return set(re.findall(r"<strong>([^<]+)</strong>", html))


@pytest.fixture
def coauthors(lab_a):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada", sections=[])
    ben = make_person(lab=lab_a, full_name="Ben Okafor", slug="ben")
    make_person_section(lab=lab_a, person=ada, kind="publications", heading="Papers")
    paper(lab_a, "A shared paper", selected=True, year=2025,
          authors=[("Ada Moreau", ada), ("Ben Okafor", ben), "Outside Author"])  # fmt: skip
    return ada, ben


def test_a_homepage_bolds_only_its_owner_and_still_links_other_members(client_a, coauthors):
    html = client_a.get("/people/ada/").content.decode()
    assert "A shared paper" in html
    assert bold_names(html) == {"Ada Moreau"}
    assert '<a class="member" href="/people/ben/">Ben Okafor</a>' in html


@pytest.mark.parametrize("option, expected", [
    ("members", {"Ada Moreau", "Ben Okafor"}), ("none", set()),
])  # fmt: skip
def test_a_homepage_section_may_bold_every_member_or_nobody(client_a, lab_a, coauthors, option,
                                                            expected):
    PersonSection.objects.for_lab(lab_a).filter(kind="publications").update(bold_authors=option)
    html = client_a.get("/people/ada/").content.decode()
    assert "A shared paper" in html and bold_names(html) == expected
    assert '<a class="member" href="/people/ben/">' in html  # linked whatever the bold


def test_the_lab_home_bolds_every_member_by_default(client_a, lab_a, coauthors):
    assert LabSection.objects.for_lab(lab_a).filter(kind="publications").exists()
    html = client_a.get("/").content.decode()
    assert "A shared paper" in html
    assert bold_names(html) >= {"Ada Moreau", "Ben Okafor"}


def test_the_lab_list_keeps_its_bold_members_setting(client_a, coauthors):
    html = client_a.get("/publications/").content.decode()
    assert {"Ada Moreau", "Ben Okafor"} <= bold_names(html)


def test_another_labs_member_of_the_same_name_is_never_bold_here(client_a, client_b, lab_b,
                                                                  coauthors):
    make_person(lab=lab_b, full_name="Ada Moreau", slug="ada")
    assert "A shared paper" not in client_b.get("/people/ada/").content.decode()
    assert client_b.get("/publications/").content.decode().count("A shared paper") == 0
