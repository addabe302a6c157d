"""Dates and the profile edited in admin: the lab's date style by its editors, a member's own
style, photo and e-mail display by the member, membership dates only by the lab."""

import pytest

from awards.models import Award
from labsite.models import Lab
from people.models import Person
from tests.admin.conftest import admin_url, client_for, errors_of, form_data

pytestmark = pytest.mark.django_db


def test_an_editor_sets_the_lab_s_date_style_and_the_pages_follow(world):
    client = client_for(world, "editor_a")
    page = client.get(admin_url(world.lab_a, "change"))
    assert "How dates read on the pages" in page.content.decode()
    data = form_data(page)
    data["date_format"] = "month_long"
    response = client.post(admin_url(world.lab_a, "change"), data)
    assert response.status_code == 302, errors_of(response)
    assert Lab.objects.get(pk=world.lab_a.pk).date_format == "month_long"
    Award.objects.for_lab(world.lab_a).update(year=2024, month=7)
    home = client_for(world, "anonymous").get("/").content.decode()
    assert '<time class="award-date muted" datetime="2024-07">July 2024</time>' in home


def test_a_member_chooses_their_style_and_profile_but_not_their_membership(world):
    client = client_for(world, "member_a")
    person = world.a["person_own"]
    page = client.get(admin_url(person, "change"))
    html = page.content.decode()
    for help_text in ["empty: the lab", "How the homepage shows the address",
                      "shown beside the name"]:  # fmt: skip
        assert help_text in html, help_text
    data = form_data(page)
    data.update({"date_format": "month_short", "email_display": "hidden", "photo_shape": "rounded",
                 "photo_position": "top", "photo_size": "large", "native_name": "许珈铭",
                 "joined_precision": "day"})  # fmt: skip
    response = client.post(admin_url(person, "change"), data)
    assert response.status_code == 302, errors_of(response)
    person = Person.objects.for_lab(world.lab_a).get(pk=person.pk)
    assert (person.date_format, person.email_display, person.native_name) == (
        "month_short", "hidden", "许珈铭"
    )  # fmt: skip
    assert (person.photo_shape, person.photo_position, person.photo_size) == (
        "rounded", "top", "large"
    )  # fmt: skip
    assert person.joined_precision == "month"  # the lab's to say, read-only for members


def test_a_bad_address_is_kept_with_a_message(world):
    client = client_for(world, "member_a")
    person = world.a["person_own"]
    data = form_data(client.get(admin_url(person, "change")))
    data["location"] = "\n".join(f"Line {n}" for n in range(12))
    response = client.post(admin_url(person, "change"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "An address has at most 8 lines; this one has 12." in html and "Line 11" in html
    assert Person.objects.for_lab(world.lab_a).get(pk=person.pk).location != data["location"]
