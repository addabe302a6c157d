"""A form shown again after errors cannot keep the chosen file (browsers empty file inputs):
the page says to choose it again, and no preview points at a file that was never stored."""

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from labsite.admin.forms import FILES_NOT_KEPT
from people.models import Person
from tests.admin.conftest import admin_url, client_for, errors_of, form_data
from tests.people.imagedata import jpeg_bytes, png_bytes

pytestmark = pytest.mark.django_db

NOTICE = FILES_NOT_KEPT.format(label="photo")


def image_sources(page: str) -> list[str]:
    return re.findall(r'<img[^>]+src="([^"]+)"', page)


def assert_every_media_image_exists(page, settings):
    for src in image_sources(page):
        if src.startswith(settings.MEDIA_URL):
            name = src[len(settings.MEDIA_URL) :]
            assert default_storage.exists(name), f"preview points at a missing file: {src}"


def test_add_person_with_an_error_asks_for_the_photo_again(world, settings):
    client = client_for(world, "admin_a")
    data = form_data(client.get(admin_url(Person, "add")))
    data.update({"full_name": "New Person", "slug": "new-person", "email": "not an address"})
    data["photo"] = SimpleUploadedFile("me.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(admin_url(Person, "add"), data)

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors, errors_of(response)
    page = response.content.decode()
    assert NOTICE in page
    assert "New Person" in page  # the rest of what was typed stays
    assert_every_media_image_exists(page, settings)
    assert "me.jpg" not in page and "/media/" not in "".join(image_sources(page))
    assert not Person.objects.filter(full_name="New Person").exists()


def test_an_inline_error_also_asks_for_the_photo_again(world, settings):
    """The person's own fields are valid, a link is not: the photo is still not kept."""
    person = world.a["person_own"]
    person.photo = SimpleUploadedFile("old.png", png_bytes(), content_type="image/png")
    person.save()
    stored = person.photo.name
    client = client_for(world, "member_a")
    url = admin_url(person, "change")
    data = form_data(client.get(url))
    index = int(data["links-TOTAL_FORMS"])
    data["links-TOTAL_FORMS"] = str(index + 1)
    data.update({f"links-{index}-kind": "other", f"links-{index}-url": "javascript:x"})
    data["photo"] = SimpleUploadedFile("new.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert NOTICE in page
    assert_every_media_image_exists(page, settings)
    person.refresh_from_db()
    assert person.photo.name == stored


def test_a_bad_photo_gets_its_own_message_only(world):
    client = client_for(world, "admin_a")
    data = form_data(client.get(admin_url(Person, "add")))
    data.update({"full_name": "New Person", "slug": "new-person"})
    data["photo"] = SimpleUploadedFile("me.jpg", b"<html>not a photo</html>")
    response = client.post(admin_url(Person, "add"), data)
    errors = response.context["adminform"].form.errors["photo"]
    assert NOTICE not in errors and errors


def test_a_good_form_saves_the_photo(world):
    client = client_for(world, "admin_a")
    data = form_data(client.get(admin_url(Person, "add")))
    data.update({"full_name": "New Person", "slug": "new-person"})
    data["photo"] = SimpleUploadedFile("me.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(admin_url(Person, "add"), data)
    assert response.status_code == 302, errors_of(response)
    person = Person.objects.get(slug="new-person", lab=world.lab_a)
    assert default_storage.exists(person.photo.name)


def test_the_lab_logo_follows_the_same_rule(world, settings):
    client = client_for(world, "admin_a")
    url = admin_url(world.lab_a, "change")
    data = form_data(client.get(url))
    data["accent_colour"] = "not a colour"
    data["logo"] = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client.post(url, data)
    page = response.content.decode()
    assert FILES_NOT_KEPT.format(label="logo") in page
    assert_every_media_image_exists(page, settings)
