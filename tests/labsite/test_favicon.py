"""/favicon.ico, which browsers ask every host for (admin pages included), leads to the
lab's tab icon; a member's own domain gets the lab's full menu."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.templatetags.static import static
from django.test import Client

from labsite.models import Domain
from tests.factories import make_person
from tests.people.imagedata import png_bytes

pytestmark = pytest.mark.django_db


DEFAULT_ICON = static("labsite/favicon.svg")


def followed(client, path="/favicon.ico"):
    response = client.get(path)
    assert response.status_code == 302, response.status_code
    return response["Location"], client.get(response["Location"])


def favicon_location(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302, response.status_code
    return response["Location"]


def test_favicon_ico_leads_to_the_default_icon(client_a):
    # Static files are whitenoise's (not in the test client): the file it would serve.
    assert favicon_location(client_a) == DEFAULT_ICON
    assert "<svg" in Path(finders.find("labsite/favicon.svg")).read_text()


def test_favicon_ico_on_the_admin_host_for_a_logged_in_editor(lab_a):
    user = get_user_model().objects.create_user("root", is_staff=True, is_superuser=True)
    client = Client(HTTP_HOST="a.example.org")
    client.force_login(user)
    page = client.get("/admin/").content.decode()
    assert "labsite admin" in page
    assert favicon_location(client) == DEFAULT_ICON


def test_each_lab_gets_its_own_icon_never_another_labs(lab_a, lab_b, client_a, client_b):
    lab_a.favicon = SimpleUploadedFile("icon.png", png_bytes(128, 128), content_type="image/png")
    lab_a.save()
    lab_a.refresh_from_db()
    location, icon = followed(client_a)
    assert location == lab_a.favicon.url
    assert icon.status_code == 200 and icon["Content-Type"] == "image/png"
    assert f'<link rel="icon" href="{lab_a.favicon.url}">' in client_a.get("/").content.decode()

    assert favicon_location(client_b) == DEFAULT_ICON
    assert lab_a.favicon.url not in client_b.get("/").content.decode()


@pytest.fixture
def ada_client(lab_a):
    person = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    Domain.objects.create(lab=lab_a, host="ada.example.net", person=person)
    return Client(HTTP_HOST="ada.example.net")


def test_a_members_domain_has_the_icon(ada_client):
    assert favicon_location(ada_client) == DEFAULT_ICON


def test_a_members_domain_has_the_labs_whole_menu(ada_client):
    client = ada_client
    page = client.get("/").content.decode()
    nav = page[page.index('aria-label="Main"') : page.index("</nav>")]
    for section, label in [
        ("people", "People"),
        ("publications", "Publications"),
        ("news", "News"),
        ("awards", "Awards"),
    ]:
        assert f'<a href="http://a.example.org/{section}/">{label}</a>' in nav
    assert 'aria-current="page"' not in nav  # no lab page is the current one here
