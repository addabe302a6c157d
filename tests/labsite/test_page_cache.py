import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from labsite.cache import bump_content_version, content_version
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_second_request_is_served_from_the_cache_without_queries(
    client_a, lab_a, django_assert_num_queries
):
    first = client_a.get("/")
    with django_assert_num_queries(0):
        second = client_a.get("/")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_a_saved_change_is_visible_on_the_next_request(client_a, lab_a):
    assert "Fresh words" not in client_a.get("/").content.decode()
    lab_a.about = "Fresh words"
    lab_a.save()
    assert "Fresh words" in client_a.get("/").content.decode()


def test_any_tenant_row_change_bumps_the_version_of_its_lab_only(lab_a, lab_b):
    version_a, version_b = content_version(lab_a.pk), content_version(lab_b.pk)
    person = make_person(lab=lab_a, full_name="Ada Moreau")
    assert content_version(lab_a.pk) > version_a
    assert content_version(lab_b.pk) == version_b
    version_a = content_version(lab_a.pk)
    person.delete()
    assert content_version(lab_a.pk) > version_a


def test_conditional_get_answers_304(client_a, lab_a):
    first = client_a.get("/")
    assert first["Cache-Control"] == "no-cache"
    assert first.has_header("Last-Modified")
    again = client_a.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    bump_content_version(lab_a.pk)
    changed = client_a.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_pages_of_two_labs_never_mix(client_a, client_b, lab_a, lab_b):
    client_a.get("/")
    page_b = client_b.get("/").content.decode()
    assert "Beta Vision Group" in page_b and "Alpha Systems Lab" not in page_b


def test_query_string_is_part_of_the_key(client_a, lab_a):
    # The test client records the templates a response rendered: none on a cache hit.
    assert client_a.get("/").templates
    assert not client_a.get("/").templates
    assert client_a.get("/?year=2024").templates
    assert not client_a.get("/?year=2024").templates


def test_logged_in_editors_bypass_the_cache(lab_a):
    anonymous = Client(HTTP_HOST="a.example.org")
    anonymous.get("/")
    editor = Client(HTTP_HOST="a.example.org")
    user = get_user_model().objects.create_user("editor", password="x-long-password-1")
    editor.force_login(user)
    response = editor.get("/")
    assert not response.has_header("ETag")  # rendered, not from the cache
