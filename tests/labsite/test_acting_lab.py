"""One answer to "which lab does this request act on" (labsite.permissions.acting_lab), for
the admin's forms, the import pages and the markdown upload alike."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from labsite.models import LabRole
from labsite.permissions import acting_lab
from tests.factories import make_lab, make_person
from tests.labsite.test_markdown import png_bytes, stored_files, upload

pytestmark = pytest.mark.django_db


def request_on(lab):
    """A request as the host middleware leaves it: ``request.lab`` is the host's lab."""
    request = RequestFactory().get("/admin/")
    request.lab = lab
    return request


def test_the_hosts_lab_when_the_user_works_in_it(lab_a, lab_b):
    assert acting_lab(request_on(lab_a), {lab_a.pk, lab_b.pk}) == lab_a
    assert acting_lab(request_on(lab_b), {lab_a.pk, lab_b.pk}) == lab_b


def test_on_a_host_of_no_lab_the_only_lab_or_none_without_a_query(
    lab_a, lab_b, django_assert_num_queries
):
    assert acting_lab(request_on(None), {lab_a.pk}) == lab_a
    with django_assert_num_queries(0):
        assert acting_lab(request_on(None), {lab_a.pk, lab_b.pk}) is None
        assert acting_lab(request_on(None), set()) is None


def test_another_labs_host_never_yields_that_lab(lab_a, lab_b):
    # Tenancy: lab B's host gives a lab-A-only user lab A (the admin) or nothing (uploads).
    assert acting_lab(request_on(lab_b), {lab_a.pk}) == lab_a
    assert acting_lab(request_on(lab_b), {lab_a.pk}, fall_back_on_other_host=False) is None


def test_superusers_any_lab_the_hosts_or_the_only_one(lab_a):
    assert acting_lab(request_on(lab_a), None) == lab_a
    assert acting_lab(request_on(None), None) == lab_a
    make_lab(slug="lab-c")
    assert acting_lab(request_on(None), None) is None


@pytest.fixture
def editor_of_a_member_of_b(lab_a, lab_b):
    user = get_user_model().objects.create_user("both", is_staff=True)
    LabRole.objects.create(user=user, lab=lab_a, role=LabRole.Role.EDITOR)
    make_person(lab=lab_b, user=user)
    return user


def test_upload_off_any_lab_by_someone_of_two_labs_asks_for_the_labs_address(
    client_a, editor_of_a_member_of_b, media_root
):
    # The old upload helper put it in lab A (the edited lab) although the member may be
    # writing their lab B homepage; the admin's forms ask which lab in that case.
    client_a.force_login(editor_of_a_member_of_b)
    response = upload(client_a, "a.png", png_bytes(), "image/png", host="admin.example.net")
    assert response.status_code == 403
    assert "lab's own address" in json.loads(response.content)["image"][0]
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("host", "folder"), [("a.example.org", "lab-a"), ("b.example.org", "lab-b")]
)
def test_upload_on_each_labs_host_is_stored_with_that_lab(
    client_a, editor_of_a_member_of_b, media_root, host, folder
):
    client_a.force_login(editor_of_a_member_of_b)
    response = upload(client_a, "a.png", png_bytes(), "image/png", host=host)
    assert response.status_code == 200, response.content
    [path] = stored_files(media_root)
    assert path.relative_to(media_root).parts[:2] == ("labs", folder)
