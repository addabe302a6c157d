"""/people/: current members by group in the lab's order, then alumni; the lab-home strip."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_cv_entry, make_group, make_person, make_person_link

pytestmark = pytest.mark.django_db


def names_in_order(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=lambda name: html.index(name))


def section(html: str, heading: str) -> str:
    """The HTML from a heading to the next h2."""
    start = html.index(f">{heading}</h2>")
    end = html.find("<h2", start)
    return html[start : end if end != -1 else len(html)]


def test_members_are_grouped_by_group_in_the_labs_order(lab_a, client_a):
    phd = make_group(lab=lab_a, name="PhD students", order=2)
    faculty = make_group(lab=lab_a, name="Faculty", order=1)
    make_group(lab=lab_a, name="Visitors", order=3)  # empty: no heading
    make_person(lab=lab_a, full_name="Zoe Zhang", group=phd, order=2)
    make_person(lab=lab_a, full_name="Yann Young", group=phd, order=1)
    make_person(lab=lab_a, full_name="Ada Moreau", group=faculty)
    make_person(lab=lab_a, full_name="Nomad Nobody")  # no group

    html = client_a.get("/people/").content.decode()

    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", html)
    assert headings == ["Faculty", "PhD students", "Other members"]
    assert names_in_order(html, ["Zoe Zhang", "Yann Young", "Ada Moreau", "Nomad Nobody"]) == [
        "Ada Moreau",
        "Yann Young",
        "Zoe Zhang",
        "Nomad Nobody",
    ]
    assert "Yann Young" in section(html, "PhD students")
    assert "Ada Moreau" not in section(html, "PhD students")


def test_renaming_and_reordering_groups_changes_the_page(lab_a, client_a):
    first = make_group(lab=lab_a, name="Postdocs", order=1)
    second = make_group(lab=lab_a, name="Staff", order=2)
    make_person(lab=lab_a, full_name="Pat Postdoc", group=first)
    make_person(lab=lab_a, full_name="Sam Staff", group=second)
    first.order, first.name = 3, "Research fellows"
    first.save()
    html = client_a.get("/people/").content.decode()
    assert re.findall(r"<h2[^>]*>([^<]+)</h2>", html) == ["Staff", "Research fellows"]


def test_alumni_follow_from_the_date_left(lab_a, client_a):
    today = timezone.localdate()
    group = make_group(lab=lab_a, name="PhD students")
    make_person(lab=lab_a, full_name="Current Carla", group=group)
    make_person(
        lab=lab_a,
        full_name="Leaving Leo",
        group=group,
        joined=datetime.date(2020, 9, 1),
        left=today + datetime.timedelta(days=30),
    )
    make_person(
        lab=lab_a,
        full_name="Former Fay",
        group=group,
        position="Ph.D. student",
        joined=datetime.date(2018, 9, 1),
        left=datetime.date(2023, 6, 30),
        now="Research scientist at ExampleCorp",
    )
    make_person(
        lab=lab_a,
        full_name="Earlier Eli",
        joined=datetime.date(2015, 9, 1),
        left=datetime.date(2019, 6, 30),
    )

    html = client_a.get("/people/").content.decode()
    current, alumni = section(html, "PhD students"), section(html, "Alumni")

    assert "Current Carla" in current and "Leaving Leo" in current  # leaves in the future
    assert "Former Fay" not in current and "Former Fay" in alumni
    assert "(2018.09–2023.06)" in alumni  # to the month, the default precision
    assert "Now: Research scientist at ExampleCorp" in alumni
    assert names_in_order(alumni, ["Earlier Eli", "Former Fay"]) == ["Former Fay", "Earlier Eli"]


def test_someone_who_left_today_is_still_current(lab_a, client_a):
    make_person(lab=lab_a, full_name="Last Day", left=timezone.localdate())
    html = client_a.get("/people/").content.decode()
    assert "Alumni" not in html and "Last Day" in html


def test_names_link_to_homepages_only_when_enabled(lab_a, client_a):
    make_person(lab=lab_a, full_name="With Page", slug="with-page")
    make_person(lab=lab_a, full_name="No Page", slug="no-page", homepage_enabled=False)
    html = client_a.get("/people/").content.decode()
    assert '<a href="/people/with-page/">With Page</a>' in html
    assert "No Page" in html and "/people/no-page/" not in html


def test_cards_show_photo_or_initials_position_and_labelled_icon_links(lab_a, client_a):
    person = make_person(lab=lab_a, full_name="Ada Moreau", position="Associate Professor")
    make_person_link(lab=lab_a, person=person, kind="github", url="https://github.com/example-ada")
    html = client_a.get("/people/").content.decode()
    assert "Associate Professor" in html
    assert ">AM</span>" in html  # initials placeholder, no broken image
    assert 'href="https://github.com/example-ada"' in html
    assert 'aria-label="Ada Moreau: GitHub"' in html
    assert 'role="img" aria-label="GitHub"' in html
    assert "<i class=" not in html and "cdn" not in html.lower()


def test_a_photo_has_srcset_alt_and_lazy_loading(lab_a, client_a):
    from tests.people.imagedata import jpeg_bytes, upload

    person = make_person(lab=lab_a, full_name="Ada Moreau", photo_alt="Ada at the whiteboard")
    person.photo = upload("ada.jpg", jpeg_bytes())
    person.save()
    html = client_a.get("/people/").content.decode()
    img = re.search(r"<img class=\"person-avatar[^>]*>", html).group(0)
    assert 'alt="Ada at the whiteboard"' in img
    assert 'loading="lazy"' in img and 'sizes="120px"' in img
    assert re.search(r'srcset="/media/labs/lab-a/people/[^" ]+-160\.jpg 160w, ', img)
    assert 'width="120" height="120"' in img


def test_joining_members_say_when(lab_a, client_a):
    make_person(
        lab=lab_a,
        full_name="New Nia",
        joined=timezone.localdate().replace(day=1) + datetime.timedelta(days=400),
    )
    html = client_a.get("/people/").content.decode()
    assert "Joining in" in html


def test_another_labs_people_never_appear(lab_a, lab_b, client_a, client_b):
    make_person(lab=lab_a, full_name="Alpha Member", slug="alpha")
    make_person(lab=lab_a, full_name="Alpha Alumna", left=datetime.date(2020, 1, 1))
    make_person(lab=lab_b, full_name="Beta Member", slug="beta")
    page_b = client_b.get("/people/").content.decode()
    assert "Beta Member" in page_b
    assert "Alpha Member" not in page_b and "Alpha Alumna" not in page_b
    assert "Beta Member" not in client_a.get("/people/").content.decode()
    assert "Alpha Member" not in client_b.get("/").content.decode()


def test_empty_team_page(lab_a, client_a):
    response = client_a.get("/people/")
    assert response.status_code == 200
    assert "No members are listed yet." in response.content.decode()


def test_lab_home_shows_the_current_team_in_order(lab_a, client_a):
    faculty = make_group(lab=lab_a, name="Faculty", order=1)
    students = make_group(lab=lab_a, name="Students", order=2)
    make_person(lab=lab_a, full_name="Student Sue", group=students, slug="sue")
    make_person(lab=lab_a, full_name="Professor Pia", group=faculty)
    make_person(lab=lab_a, full_name="Gone Gil", left=datetime.date(2020, 1, 1))
    html = client_a.get("/").content.decode()
    team = html[html.index('id="team-heading"') :]
    assert names_in_order(team, ["Student Sue", "Professor Pia"]) == [
        "Professor Pia",
        "Student Sue",
    ]
    assert "Gone Gil" not in html
    assert 'href="/people/sue/"' in team and 'href="/people/"' in team


def test_lab_home_without_members_has_no_team_section(lab_a, client_a):
    assert 'id="team"' not in client_a.get("/").content.decode()


def make_team(lab, size, prefix="Group"):
    groups = [make_group(lab=lab, name=f"{prefix} {index}", order=index) for index in range(3)]
    for index in range(size):
        person = make_person(
            lab=lab,
            group=groups[index % 3] if index % 5 else None,
            left=datetime.date(2020, 1, 1) if index % 4 == 0 else None,
            bio="Works on *things*.",
        )
        for kind in ("scholar", "github", "homepage"):
            url = {
                "scholar": "https://scholar.google.com/citations?user=X",
                "github": "https://github.com/x",
                "homepage": "https://example.org/",
            }[kind]
            make_person_link(lab=lab, person=person, kind=kind, url=url)
        make_cv_entry(lab=lab, person=person, kind="education", title="B.Sc.")


@pytest.mark.parametrize("size", [3, 40])
def test_team_page_query_count_does_not_grow(lab_a, client_a, size, django_assert_max_num_queries):
    make_team(lab_a, size)
    client_a.get("/people/?warm")  # fills the per-lab caches every page shares (host, …)
    # The people and their links: two queries whatever the number of members.
    with django_assert_max_num_queries(2):
        response = client_a.get("/people/")
    assert response.content.decode().count('class="team-member"') == size - len(range(0, size, 4))


def test_lab_home_team_section_costs_one_query(lab_a, client_a, no_page_cache):
    make_team(lab_a, 3)
    client_a.get("/?warm")  # fills the per-lab caches every page shares (host, …)
    with CaptureQueriesContext(connection) as small:
        client_a.get("/")
    make_team(lab_a, 30, prefix="More")
    client_a.get("/?warm")
    with CaptureQueriesContext(connection) as large:
        client_a.get("/")
    assert len(large) == len(small)
    assert sum('FROM "people_person"' in query["sql"] for query in large.captured_queries) == 1
