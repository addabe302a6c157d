"""A member's own domain: their homepage at /, nothing else of the lab."""

import pytest
from django.test import Client

from labsite.models import Domain
from people.models import CVEntry, Person
from tests.factories import make_person
from tests.people.imagedata import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(lab_a):
    person = make_person(
        lab=lab_a, full_name="Ada Moreau", slug="ada", sections="education"
    )
    CVEntry.objects.create(lab=lab_a, person=person, kind="education", title="Ph.D. in CS")
    Domain.objects.create(lab=lab_a, host="ada.example.net", person=person)
    return person


@pytest.fixture
def client_ada(ada):
    return Client(HTTP_HOST="ada.example.net")


def test_the_members_domain_serves_their_homepage_at_root(client_ada):
    response = client_ada.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Ada Moreau</h1>" in html and "Ph.D. in CS" in html
    assert '<link rel="canonical" href="http://ada.example.net/">' in html


def test_lab_links_point_to_the_labs_primary_host(client_ada):
    html = client_ada.get("/").content.decode()
    assert 'href="http://a.example.org/people/"' in html
    assert 'href="http://a.example.org/publications/"' in html
    assert 'Member of <a href="http://a.example.org/">Alpha Systems Lab</a>' in html
    assert '<a href="/people/"' not in html


def test_the_port_of_a_development_server_is_kept(ada):
    html = Client(HTTP_HOST="ada.example.net:8000").get("/").content.decode()
    assert 'href="http://a.example.org:8000/people/"' in html


def test_other_paths_redirect_to_the_lab_host(client_ada):
    response = client_ada.get("/publications/?year=2024")
    assert response.status_code == 302
    assert response["Location"] == "http://a.example.org/publications/?year=2024"
    assert client_ada.get("/admin/")["Location"] == "http://a.example.org/admin/"
    # Their own homepage path on this host goes to /.
    assert client_ada.get("/people/ada/")["Location"] == "/"


def test_the_homepage_of_the_member_is_also_on_the_lab_host(ada, client_a):
    assert "<h1>Ada Moreau</h1>" in client_a.get("/people/ada/").content.decode()


def test_a_switched_off_homepage_is_404_on_the_domain(ada, client_ada):
    Person.objects.filter(pk=ada.pk).update(homepage_enabled=False)
    assert client_ada.get("/").status_code == 404


def test_the_photo_is_served_on_the_members_domain(ada, client_ada, settings):
    ada.photo = upload("ada.jpg", jpeg_bytes())
    ada.save()
    url = Person.objects.get(pk=ada.pk).photo_url(200)
    assert url.startswith("/media/labs/lab-a/people/")
    response = client_ada.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


def test_robots_txt_on_the_domain(client_ada):
    response = client_ada.get("/robots.txt")
    assert response.status_code == 200 and response.content.startswith(b"User-agent: *")


def test_a_domain_pointing_at_another_labs_person_serves_nothing(lab_a, lab_b):
    stranger = make_person(lab=lab_b, slug="stranger", full_name="Beta Stranger")
    # Domain.clean() refuses this; written around it, the page still must not leak.
    Domain.objects.create(lab=lab_a, host="odd.example.net", person=stranger)
    response = Client(HTTP_HOST="odd.example.net").get("/")
    assert response.status_code == 404
    assert "Beta Stranger" not in response.content.decode()
