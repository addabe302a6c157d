"""Object tools ("Import a site…", "Fresh metadata") on the person and lab change pages.

They are worked out for an object the admin has found: a change URL whose id names no
object of the visitor's lab (not a number, unknown, or another lab's) gets the admin's
own "does not exist" redirect, never a 500, and never another lab's tools.
"""

import pytest
from django.urls import reverse

from tests.admin.conftest import client_for

pytestmark = pytest.mark.django_db


def _change_url(model: str, object_id) -> str:
    return f"/admin/{model}/{object_id}/change/"


@pytest.mark.parametrize("model", ["people/person", "labsite/lab"])
@pytest.mark.parametrize("object_id", ["abc", "1%2Fpaste", "99999"])
def test_an_id_that_names_nothing_is_the_admins_redirect_not_an_error(world, model, object_id):
    response = client_for(world, "admin_a").get(_change_url(model, object_id), follow=True)
    assert response.redirect_chain == [("/admin/", 302)], response.status_code
    assert "doesn’t exist. Perhaps it was deleted?" in response.content.decode()


def test_another_labs_person_and_lab_show_no_tools_and_do_not_open(world):
    client = client_for(world, "admin_a")
    lab_b, person_b = world.lab_b, world.b["person"]
    tools_of_b = [f"/admin/site-import/person/{person_b.pk}/",
                  f"/admin/site-import/lab/{lab_b.pk}/",
                  reverse("metadata_lab", args=[lab_b.pk])]
    for model, obj in [("people/person", person_b), ("labsite/lab", lab_b)]:
        response = client.get(_change_url(model, obj.pk), follow=True)
        page = response.content.decode()
        assert response.redirect_chain == [("/admin/", 302)]
        assert "doesn’t exist. Perhaps it was deleted?" in page
        assert not [url for url in tools_of_b if url in page]


def test_the_tools_are_still_on_the_pages_of_the_labs_own_objects(world):
    client = client_for(world, "admin_a")
    lab, person = world.lab_a, world.a["person_own"]
    page = client.get(_change_url("labsite/lab", lab.pk)).content.decode()
    assert f'href="/admin/site-import/lab/{lab.pk}/">Import a site…</a>' in page
    assert f'href="{reverse("metadata_lab", args=[lab.pk])}">Fresh metadata</a>' in page
    page = client.get(_change_url("people/person", person.pk)).content.decode()
    assert f'href="/admin/site-import/person/{person.pk}/">Import a site…</a>' in page
    # An add form has no object, so no tools.
    assert "Import a site…" not in client.get("/admin/people/person/add/").content.decode()
