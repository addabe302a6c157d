"""Help texts are plain text: ``/people/<slug>/`` shows as written, not as a tag."""

import pytest
from django.contrib import admin
from django.utils.html import escape

from news.models import NewsItem
from people.models import Person
from publications.models import Publication
from tests.admin.conftest import admin_url, client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model,text",
    [
        (Person, "/people/<slug>/"),
        (Publication, "/publications/<slug>/"),
        (NewsItem, "/news/<slug>/"),
    ],
)
def test_add_page_shows_the_url_pattern_literally(world, model, text):
    page = client_for(world, "superuser").get(admin_url(model, "add")).content.decode()
    assert escape(text) in page  # "/people/&lt;slug&gt;/"
    assert text not in page


def test_a_read_only_field_shows_it_literally_too(world):
    """A member sees their slug read-only, with the same help text."""
    page = client_for(world, "member_a").get(admin_url(world.a["person_own"], "change"))
    page = page.content.decode()
    assert world.a["person_own"].slug in page
    assert "/people/&lt;slug&gt;/" in page
    assert "/people/<slug>/" not in page


@pytest.mark.parametrize(
    "model", [pytest.param(m, id=m._meta.label_lower) for m in admin.site._registry]
)
def test_no_help_text_reaches_an_add_page_as_markup(world, model):
    texts = [
        str(field.help_text)
        for field in model._meta.get_fields()
        if any(char in str(getattr(field, "help_text", "")) for char in "<>&")
    ]
    response = client_for(world, "superuser").get(admin_url(model, "add"))
    page = response.content.decode()
    for text in texts:
        assert text not in page, text
