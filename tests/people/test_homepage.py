"""/people/<slug>/: a member's homepage, its sections, metadata and contact."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labsite.sections import SectionSource
from people.homepage import homepage_sources
from people.models import CVEntry, Person, PersonLink, PersonSection
from tests.factories import make_cv_entry, make_group, make_person, make_person_link
from tests.people.imagedata import jpeg_bytes, upload

pytestmark = pytest.mark.django_db

CV_ONLY = "education,positions,talks,teaching,service"


def headings(html: str) -> list[str]:
    main = html[html.index('<div class="person-main">') :]
    return re.findall(r"<h2[^>]*>([^<]+)</h2>", main)


def add_cv(person, kind, title, **fields):
    return make_cv_entry(lab=person.lab, person=person, kind=kind, title=title, **fields)


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_homepage_shows_profile_about_interests_and_links(lab_a, client_a):
    person = make_person(
        lab=lab_a,
        full_name="Ada Moreau",
        slug="ada",
        position="Associate Professor",
        affiliation="Example University",
        about="I study **schedulers**.",
        research_interests="Machine learning systems\nScheduling\n",
        location="Room 3014\n100 Example Street",
    )
    PersonLink.objects.create(
        lab=lab_a, person=person, kind="orcid", url="https://orcid.org/0000-0002-1825-0097"
    )
    html = client_a.get("/people/ada/").content.decode()
    assert "<h1>Ada Moreau</h1>" in html
    assert "Associate Professor" in html and "Example University" in html
    assert "<strong>schedulers</strong>" in html
    assert "<li>Machine learning systems</li><li>Scheduling</li>" in html
    assert '<address class="person-address">Room 3014<br>100 Example Street</address>' in html
    assert '<a href="https://orcid.org/0000-0002-1825-0097" rel="me">' in html
    assert "Member of <a" in html


def test_sections_follow_the_members_order_and_empty_ones_are_hidden(lab_a, client_a):
    person = make_person(lab=lab_a, slug="ada", sections="service,talks,education")
    add_cv(
        person,
        "education",
        "Ph.D. in Computer Science",
        organisation="Example Tech",
        start_year=2010,
        end_year=2015,
    )
    add_cv(person, "service", "Program committee, OSDI", start_year=2022)
    add_cv(person, "teaching", "CS 544")  # teaching is not among the chosen sections
    # talks is chosen but has no entries: no heading.

    html = client_a.get("/people/ada/").content.decode()

    assert headings(html) == ["Service", "Education"]
    assert "CS 544" not in html
    assert "2010–2015" in html and "2022–present" in html
    assert 'Ph.D. in Computer Science</span><span class="cv-meta">, Example Tech' in html


def test_members_can_reorder_sections(lab_a, client_a):
    person = make_person(lab=lab_a, slug="ada", sections="education,service")
    add_cv(person, "education", "B.Sc.")
    add_cv(person, "service", "Reviewer")
    assert headings(client_a.get("/people/ada/").content.decode()) == ["Education", "Service"]
    service = PersonSection.objects.for_lab(lab_a).get(person=person, kind="service")
    service.order = 1
    service.save()  # through the model: the page cache sees the edit
    assert headings(client_a.get("/people/ada/").content.decode()) == ["Service", "Education"]


def test_sections_of_other_apps_come_from_the_registry(lab_a, client_a, monkeypatch):
    calls = []

    def news_context(request, person, row):
        calls.append((person.slug, row.kind))
        return {
            "heading": "Latest news",
            "entries": [CVEntry(kind="talk", title="A registered news entry")],
        }

    monkeypatch.setitem(
        homepage_sources._sources,
        "news",
        SectionSource("news", "people/sections/cv.html", news_context),
    )
    monkeypatch.setitem(
        homepage_sources._sources,
        "awards",
        SectionSource("awards", "people/sections/cv.html", lambda r, p, row: None),
    )
    person = make_person(lab=lab_a, slug="ada", sections="awards,education,news")
    add_cv(person, "education", "B.Sc.")
    html = client_a.get("/people/ada/").content.decode()
    assert headings(html) == ["Education", "Latest news"]  # awards: no content, not shown
    assert "A registered news entry" in html and calls == [("ada", "news")]


def test_contact_email_is_not_harvestable_but_readable(lab_a, client_a):
    make_person(lab=lab_a, slug="ada", email="ada.m@example.org")
    html = client_a.get("/people/ada/").content.decode()
    assert "ada.m@example.org" not in html
    assert "@example" not in html
    assert '<span class="person-email">ada [dot] m [at] example [dot] org</span>' in html
    # Text, and never turned into a mailto: (tests/people/test_profile.py has the other modes).
    assert "mailto:" not in html and "email.js" not in html


def test_jsonld_person_with_same_as_image_and_url(lab_a, client_a):
    person = make_person(
        lab=lab_a,
        full_name="Ada Moreau",
        slug="ada",
        position="Associate Professor",
        affiliation="Example University",
        research_interests="Scheduling",
    )
    person.photo = upload("ada.jpg", jpeg_bytes())
    person.save()
    for kind, url in [
        ("scholar", "https://scholar.google.com/citations?user=EXAMPLE"),
        ("github", "https://github.com/example-ada"),
    ]:
        PersonLink.objects.create(lab=lab_a, person=person, kind=kind, url=url)
    add_cv(
        person,
        "education",
        "Ph.D.",
        organisation="Example Institute of Technology",
        start_year=2010,
        end_year=2015,
    )
    add_cv(person, "education", "Postdoc studies", organisation="Ongoing U", start_year=2024)

    html = client_a.get("/people/ada/").content.decode()
    data = jsonld(html)

    assert data["@context"] == "https://schema.org" and data["@type"] == "Person"
    assert data["name"] == "Ada Moreau"
    assert data["jobTitle"] == "Associate Professor"
    assert data["affiliation"] == {"@type": "Organization", "name": "Example University"}
    assert data["memberOf"]["name"] == "Alpha Systems Lab"
    assert data["sameAs"] == [
        "https://scholar.google.com/citations?user=EXAMPLE",
        "https://github.com/example-ada",
    ]
    assert data["url"] == "http://a.example.org/people/ada/"
    assert data["image"].startswith("http://a.example.org/media/labs/lab-a/people/ada-")
    assert data["alumniOf"] == [
        {"@type": "EducationalOrganization", "name": "Example Institute of Technology"}
    ]
    assert data["knowsAbout"] == ["Scheduling"]


def test_jsonld_and_meta_tags_are_safe_with_hostile_text(lab_a, client_a):
    hostile = 'Eve </script><script>alert(1)</script> "quoted" & co'
    make_person(
        lab=lab_a,
        slug="eve",
        full_name=hostile,
        position="<b>boss</b>",
        about="<script>alert(2)</script>Hello",
    )
    html = client_a.get("/people/eve/").content.decode()
    assert "<script>alert(" not in html
    assert "<b>boss</b>" not in html
    data = jsonld(html)
    assert data["name"] == hostile and data["jobTitle"] == "<b>boss</b>"


def test_opengraph_and_canonical(lab_a, client_a):
    person = make_person(lab=lab_a, slug="ada", full_name="Ada Moreau", bio="Builds *schedulers*.")
    html = client_a.get("/people/ada/").content.decode()
    assert '<meta property="og:type" content="profile">' in html
    assert '<meta property="og:title" content="Ada Moreau">' in html
    assert '<meta property="og:description" content="Builds schedulers.">' in html
    assert '<link rel="canonical" href="http://a.example.org/people/ada/">' in html
    assert "og:image" not in html  # no photo yet
    person.photo = upload("ada.jpg", jpeg_bytes())
    person.save()
    html = client_a.get("/people/ada/").content.decode()
    match = re.search(r'<meta property="og:image" content="([^"]+)">', html)
    assert match and match.group(1).startswith("http://a.example.org/media/labs/lab-a/people/")


def test_homepage_photo_has_srcset_alt_and_dimensions(lab_a, client_a):
    person = make_person(lab=lab_a, slug="ada", full_name="Ada Moreau")
    person.photo = upload("ada.jpg", jpeg_bytes(1000, 800))
    person.save()
    html = client_a.get("/people/ada/").content.decode()
    img = re.search(r"<img class=\"person-avatar[^>]*>", html).group(0)
    assert 'alt="Ada Moreau"' in img and 'width="200" height="200"' in img
    assert "160w" in img and "320w" in img and "640w" in img and 'sizes="200px"' in img


def test_alumni_homepage_says_where_they_are_now(lab_a, client_a):
    make_person(
        lab=lab_a,
        slug="mei",
        joined=datetime.date(2018, 9, 1),
        left=datetime.date(2023, 6, 30),
        now="Research scientist at ExampleCorp",
    )
    html = client_a.get("/people/mei/").content.decode()
    # New members' dates are known to the month (Person.joined_precision).
    assert "Former member of Alpha Systems Lab (2018.09–2023.06). Now: Research scientist" in html


def test_homepage_404s(lab_a, lab_b, client_a, client_b):
    make_person(lab=lab_a, slug="ada")
    make_person(lab=lab_a, slug="hidden", homepage_enabled=False)
    assert client_a.get("/people/ada/").status_code == 200
    assert client_b.get("/people/ada/").status_code == 404  # another lab's member
    assert client_a.get("/people/hidden/").status_code == 404  # homepage switched off
    assert client_a.get("/people/nobody/").status_code == 404


def test_a_bad_url_stored_around_validation_is_not_linked(lab_a, client_a):
    person = make_person(lab=lab_a, slug="ada")
    link = PersonLink.objects.create(lab=lab_a, person=person, kind="other", url="https://x.org")
    PersonLink.objects.filter(pk=link.pk).update(url="javascript:alert(1)")
    html = client_a.get("/people/ada/").content.decode()
    assert "javascript:" not in html


def make_member_with_cv(lab, size, slug):
    group = make_group(lab=lab, name=f"Group of {slug}")
    person = make_person(lab=lab, slug=slug, group=group, email="a@example.org")
    for index in range(size):
        make_person_link(lab=lab, person=person, kind="other", url=f"https://example.org/{index}")
        for kind in CVEntry.Kind.values:
            add_cv(person, kind, f"{kind} {index}", start_year=2000 + index)
        make_person(lab=lab)  # other members do not matter either
    return person


@pytest.mark.parametrize("size", [2, 30])
def test_homepage_query_count_is_fixed(lab_a, client_a, size, django_assert_max_num_queries):
    make_member_with_cv(lab_a, size, "ada")
    person = Person.objects.for_lab(lab_a).get(slug="ada")
    PersonSection.objects.for_lab(lab_a).filter(person=person).exclude(
        kind__in=CV_ONLY.split(",")
    ).delete()
    client_a.get("/people/ada/?warm")  # fills the per-lab caches every page shares (host, …)
    # The person (with group), its sections, links, the CV entries all CV sections share
    # and its research interests.
    with django_assert_max_num_queries(5):
        response = client_a.get("/people/ada/")
    html = response.content.decode()
    assert headings(html) == ["Education", "Experience", "Talks", "Teaching", "Service"]
    assert html.count('<li>\n      <span class="cv-period">') == size * 5


def test_homepage_with_every_section_does_not_grow(lab_a, client_a, no_page_cache):
    make_member_with_cv(lab_a, 2, "small")
    make_member_with_cv(lab_a, 25, "large")
    client_a.get("/people/small/?warm")  # fills the per-lab caches every page shares (host, …)
    with CaptureQueriesContext(connection) as small:
        client_a.get("/people/small/")
    with CaptureQueriesContext(connection) as large:
        client_a.get("/people/large/")
    assert len(large) == len(small)


def test_jsonld_carries_the_pages_csp_nonce_when_there_is_one():
    from django.template import Context, Template

    template = Template("{% load labsite_tags %}{% json_ld data %}")
    data = {"name": "</script>"}
    with_nonce = template.render(Context({"data": data, "csp_nonce": "n0nce"}))
    assert with_nonce == (
        '<script type="application/ld+json" nonce="n0nce">{"name": "\\u003C/script\\u003E"}'
        "</script>"
    )
    assert 'nonce="' not in template.render(Context({"data": data, "csp_nonce": ""}))


def test_jsonld_reads_a_lazy_nonce_that_is_falsy_until_used():
    # django-csp 4 hands templates a lazy nonce whose bool() is False until it is read.
    from django.template import Context, Template

    class LazyNonce:
        def __bool__(self):
            return False

        def __str__(self):
            return "l4zy"

    html = Template("{% load labsite_tags %}{% json_ld data %}").render(
        Context({"data": {"name": "x"}, "csp_nonce": LazyNonce()})
    )
    assert html.startswith('<script type="application/ld+json" nonce="l4zy">')


def test_cv_periods_in_years_or_year_months(lab_a, client_a):
    person = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    add_cv(person, CVEntry.Kind.EDUCATION, "Ph.D.", start_year=2021, start_month=9,
           end_year=2025, end_month=6)
    add_cv(person, CVEntry.Kind.POSITION, "Intern", start_year=2024, start_month=7)
    add_cv(person, CVEntry.Kind.TALK, "Keynote", start_year=2025, start_month=3)
    add_cv(person, CVEntry.Kind.EDUCATION, "B.Sc.", start_year=2017, end_year=2021)
    with pytest.raises(ValidationError):  # a month without its year means nothing
        CVEntry(lab=lab_a, person=person, kind="talk", title="When?", start_month=4).full_clean()
    page = client_a.get("/people/ada/").content.decode()
    assert "2021.09–2025.06" in page
    assert "2024.07–present" in page
    assert "2025.03" in page and "2025.03–present" not in page  # a talk is a date
    assert "2017–2021" in page
