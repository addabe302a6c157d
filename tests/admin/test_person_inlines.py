"""Awards and news of a person as inline tables on the person admin page, registered by
their apps (people/admin_inlines.py): add-another rows, the person's lab, the person's
rights (a member edits only their own rows)."""

import pytest

from awards.models import Award
from news.models import NewsItem
from people.admin_inlines import person_admin_inline, person_admin_inlines
from tests.admin.conftest import admin_url, client_for, errors_of, form_data

pytestmark = pytest.mark.django_db


def inline_prefix(response, model) -> str:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return inline.formset.prefix
    raise AssertionError(f"no inline of {model.__name__} on the page")


def rows_of(response, model) -> list:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return [form.instance for form in inline.formset.forms if form.instance.pk]
    return []


def add_row(data, prefix, **fields):
    """Fills the next add-another row of an inline formset."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)


def test_awards_and_news_register_their_inlines_in_order():
    assert person_admin_inlines() == [person_admin_inline("awards"), person_admin_inline("news")]
    assert person_admin_inline("awards").model is Award
    assert person_admin_inline("news").model is NewsItem


def test_an_editor_adds_awards_and_news_of_a_person_as_table_rows(world):
    person = world.a["person_other"]
    client = client_for(world, "editor_a")
    response = client.get(admin_url(person, "change"))
    assert [row.title for row in rows_of(response, Award)] == ["Otto's prize"]
    data = form_data(response)
    awards, news = inline_prefix(response, Award), inline_prefix(response, NewsItem)
    add_row(data, awards, year="2023", month="6", title="Outstanding Graduates", kind="honour",
            granting_body="Shaanxi")  # fmt: skip
    add_row(data, awards, year="2022", title="National Scholarship", kind="scholarship")
    add_row(data, news, date="2025-09-01", title="", body="Two papers accepted.",
            status="published")  # fmt: skip
    response = client.post(admin_url(person, "change"), data)
    assert response.status_code == 302, errors_of(response)
    added = Award.objects.for_lab(world.lab_a).filter(person=person).exclude(title="Otto's prize")
    assert sorted(added.values_list("title", "year", "month", "lab_id")) == [
        ("National Scholarship", 2022, None, world.lab_a.pk),
        ("Outstanding Graduates", 2023, 6, world.lab_a.pk),
    ]
    item = NewsItem.objects.for_lab(world.lab_a).get(person=person)
    assert item.body_html == "<p>Two papers accepted.</p>" and item.slug


def test_a_member_sees_and_edits_only_their_own_rows(world):
    person = world.a["person_own"]
    client = client_for(world, "member_a")
    response = client.get(admin_url(person, "change"))
    page = response.content.decode()
    assert [row.title for row in rows_of(response, Award)] == ["Mia's fellowship"]
    assert [row.title for row in rows_of(response, NewsItem)] == ["Mia gave a talk"]
    for foreign in ("Otto's prize", "Alpha lab news", "Beta secret award", "Beta secret news"):
        assert foreign not in page
    data = form_data(response)
    add_row(data, inline_prefix(response, Award), year="2021", title="Silver Medal",
            kind="competition")  # fmt: skip
    response = client.post(admin_url(person, "change"), data)
    assert response.status_code == 302, errors_of(response)
    mine = Award.objects.for_lab(world.lab_a).filter(person=person)
    assert set(mine.values_list("title", flat=True)) == {"Mia's fellowship", "Silver Medal"}
    assert (
        client_for(world, "member_a")
        .get(admin_url(world.a["person_other"], "change"))["Location"]
        .startswith("/admin/")
    )  # another member's page (and its rows) stays closed


def test_a_crafted_row_id_of_someone_else_s_award_changes_nothing(world):
    person = world.a["person_own"]
    client = client_for(world, "member_a")
    response = client.get(admin_url(person, "change"))
    data = form_data(response)
    prefix = inline_prefix(response, Award)
    for target in (world.a["award_other"], world.b["award"]):
        crafted = dict(data)
        add_row(crafted, prefix, id=str(target.pk), year="1999", title="Hijacked",
                kind="honour")  # fmt: skip
        client.post(admin_url(person, "change"), crafted)
        target.refresh_from_db()
        assert target.title != "Hijacked" and target.person_id != person.pk


def test_a_bad_row_says_what_is_wrong_and_saves_nothing(world):
    person = world.a["person_own"]
    client = client_for(world, "member_a")
    response = client.get(admin_url(person, "change"))
    data = form_data(response)
    data["position"] = "Changed with a bad row"
    add_row(data, inline_prefix(response, Award), year="20233", title="Typo", kind="honour")
    response = client.post(admin_url(person, "change"), data)
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 2200" in response.content.decode()
    person.refresh_from_db()
    assert person.position != "Changed with a bad row"
    assert not Award.objects.for_lab(world.lab_a).filter(title="Typo").exists()
