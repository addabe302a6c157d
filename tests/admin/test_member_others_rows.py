"""A member reaches their own rows only: another member's person record, paper, news
item or award of the same lab is not listed, not viewable, and cannot be changed or
deleted, even by posting to its URLs directly."""

import pytest
from django.utils.html import escape

from tests.admin.conftest import admin_url

pytestmark = pytest.mark.django_db

OTHERS = {
    "person_other": ("position", "Taken over"),
    "publication_other": ("venue", "Taken over"),
    "newsitem_other": ("title", "Taken over"),
    "award_other": ("title", "Taken over"),
}


@pytest.mark.parametrize("key", OTHERS)
def test_a_member_cannot_reach_another_members_rows(world, clients, key):
    member = clients["member_a"]
    row = world.a[key]
    model = type(row)
    label = str(row)

    listing = member.get(admin_url(model))
    if listing.status_code == 200:
        assert admin_url(row, "change") not in listing.content.decode()
        assert escape(label) not in listing.content.decode()

    page = member.get(admin_url(row, "change"))
    assert page.status_code in (302, 403, 404)
    assert escape(label) not in page.content.decode()

    field, value = OTHERS[key]
    member.post(admin_url(row, "change"), {field: value})
    member.post(admin_url(row, "delete"), {"post": "yes"})
    row.refresh_from_db()  # still there, unchanged
    assert getattr(row, field) != value
    history = member.get(admin_url(row, "history"))
    assert history.status_code in (302, 403, 404)
