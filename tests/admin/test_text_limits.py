"""Text longer than a field allows gets a message, never a silent cut: admin inputs carry
no maxlength (a browser cuts pasted text at it without a word), and the venue badge takes
the 100 characters real workshop badges need."""

import re

import pytest
from django.contrib import admin
from django.test import RequestFactory

from publications.models import Publication
from tests.admin.conftest import HOST_A, admin_url, client_for, errors_of, form_data

pytestmark = pytest.mark.django_db

WORKSHOP = "ICML 2024 Workshop on Efficient Systems for Foundation Models (ES-FoMo II), oral"


def post_badge(world, badge, slug="long-badge"):
    client = client_for(world, "editor_a")
    data = form_data(client.get(admin_url(Publication, "add")))
    data.update(
        {
            "title": "A paper with a long badge",
            "slug": slug,
            "kind": "conference",
            "venue_short": badge,
            "authorships-TOTAL_FORMS": "1",
            "authorships-0-position": "1",
            "authorships-0-name": "Mia Member",
        }
    )
    return client.post(admin_url(Publication, "add"), data)


def test_a_real_workshop_badge_is_kept_whole_and_shown(world, client_a):
    assert 60 < len(WORKSHOP) <= 100
    response = post_badge(world, WORKSHOP)
    assert response.status_code == 302, errors_of(response)
    paper = Publication.objects.get(lab=world.lab_a, slug="long-badge")
    assert paper.venue_short == WORKSHOP
    assert WORKSHOP in client_a.get(paper.get_absolute_url()).content.decode()


def test_a_badge_over_the_limit_gets_a_message_and_loses_nothing(world):
    badge = "x" * 101
    response = post_badge(world, badge)
    assert response.status_code == 200
    assert "at most 100 characters (it has 101)" in errors_of(response)
    page = response.content.decode()
    assert badge in page  # still in the input, to shorten
    assert "A paper with a long badge" in page
    assert not Publication.objects.filter(slug="long-badge").exists()


def test_the_limit_is_in_the_help_text_and_not_a_maxlength(world):
    response = client_for(world, "editor_a").get(admin_url(Publication, "add"))
    widget = str(response.context["adminform"].form["venue_short"])
    assert "maxlength" not in widget
    assert "at most 100 characters" in response.content.decode()


PROJECT_ADMINS = [m for m in admin.site._registry if m._meta.app_label != "auth"]


@pytest.mark.parametrize("model", [pytest.param(m, id=m._meta.label_lower) for m in PROJECT_ADMINS])
def test_no_admin_form_input_has_a_maxlength(world, model):
    """Every admin of the project (Django's own user and group pages are the operator's)."""
    request = RequestFactory().get("/", HTTP_HOST=HOST_A)
    request.user = world.users["superuser"]
    response = client_for(world, "superuser").get(admin_url(model, "add"))
    if not admin.site._registry[model].has_add_permission(request):
        # A read-only admin (a task's result, a source's status) has no form to limit.
        assert response.status_code == 403
        return
    page = response.content.decode()
    inputs = re.findall(r"<(?:input|textarea)[^>]*>", page)
    assert inputs
    assert [tag for tag in inputs if "maxlength" in tag] == []
