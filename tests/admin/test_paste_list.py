"""“Paste a list” on a person's admin page: a markdown list from an old homepage becomes
awards, news items or CV entries after a preview, all in one transaction or nothing."""

import pytest

from awards.models import Award
from news.models import NewsItem
from people.models import CVEntry
from people.pasting import create_pasted_items, preview_pasted_list
from tests.admin.conftest import client_for
from tests.people.seed_lists import SEED_002_EDUCATION, SEED_002_HONOURS

pytestmark = pytest.mark.django_db


def paste_url(person):
    return f"/admin/people/person/{person.pk}/paste-list/"


def preview(client, person, target, text):
    return client.post(paste_url(person), {"target": target, "text": text, "action": "preview"})


def create(client, person, target, text):
    """Preview, then confirm with what the preview page sent back."""
    page = preview(client, person, target, text)
    digest = page.context["form"].data["previewed"]
    return client.post(
        paste_url(person),
        {"target": target, "text": text, "previewed": digest, "action": "create"},
    )


def test_the_person_page_links_to_the_paste_page(world):
    page = client_for(world, "member_a").get(
        f"/admin/people/person/{world.a['person_own'].pk}/change/"
    )
    assert paste_url(world.a["person_own"]) in page.content.decode()


def test_a_member_pastes_seed_002_s_honours_and_sees_a_preview_first(world):
    person = world.a["person_own"]
    client = client_for(world, "member_a")
    before = Award.objects.for_lab(world.lab_a).count()
    page = preview(client, person, "awards", "# 🎖 Honors and Awards\n" + SEED_002_HONOURS)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Preview: 13 items as honours and awards" in html
    assert "2023-06-01" in html and "month" in html and "Outstanding Graduates, Shaanxi." in html
    assert "Line 1: not a list item" in html and "Create 13 items" in html
    table = html.split("Preview:", 1)[1]  # (the textarea above keeps what was pasted)
    assert "&lt;span" not in table and "style=" not in table
    assert Award.objects.for_lab(world.lab_a).count() == before  # a preview writes nothing

    response = create(client, person, "awards", "# 🎖 Honors and Awards\n" + SEED_002_HONOURS)
    assert response.status_code == 302
    awards = (
        Award.objects.for_lab(world.lab_a).filter(person=person).exclude(pk=world.a["award_own"].pk)
    )
    assert awards.count() == 13
    first = awards.get(title="Outstanding Graduates, Shaanxi.")
    assert (first.year, first.month, first.lab_id) == (2023, 6, world.lab_a.pk)
    # The seed's red words stay highlighted (==…==, shown as <mark>), without their colour.
    assert awards.filter(title__startswith="==National Scholarship== (Top 1%)").count() == 3


def test_cv_entries_keep_ranges_and_the_pasted_order(world):
    person = world.a["person_own"]
    response = create(client_for(world, "member_a"), person, "cv:education", SEED_002_EDUCATION)
    assert response.status_code == 302
    entries = CVEntry.objects.for_lab(world.lab_a).filter(person=person, order__gte=0)
    rows = list(
        entries.exclude(pk=world.a["cventry_own"].pk)
        .order_by("order")
        .values_list("title", "start_year", "start_month", "end_year", "end_month")
    )
    assert rows == [
        ("School of Computer Science, Shanghai Jiao Tong University", 2023, 6, 2028, 6),
        ("School of Computer Science and Technology, Xidian University", 2019, 9, 2023, 6),
    ]


def test_news_items_become_the_person_s_dated_news(world):
    person = world.a["person_own"]
    text = (
        "- *2025.09*: &nbsp;🎉🎉 Two papers were accepted by [ASP-DAC](https://example.org) 2026."
    )
    assert create(client_for(world, "member_a"), person, "news", text).status_code == 302
    item = NewsItem.objects.for_lab(world.lab_a).get(person=person, date="2025-09-01")
    assert (
        item.body.startswith("🎉🎉 Two papers") and 'href="https://example.org"' in item.body_html
    )


def test_an_item_that_cannot_be_a_row_blocks_the_whole_list_and_names_its_line(world):
    person = world.a["person_own"]
    client = client_for(world, "member_a")
    # An undated award is fine (precision "none"); a title too long for the row is not.
    text = "- *2023.06* Fine award\n- An award without a year\n- *2022* " + "x" * 400
    page = preview(client, person, "awards", text)
    html = page.content.decode()
    assert "Ensure this value has at most 300 characters" in html
    assert "Create " not in html  # no confirm button while any row is wrong
    before = Award.objects.for_lab(world.lab_a).count()
    response = client.post(
        paste_url(person),
        {"target": "awards", "text": text, "action": "create",
         "previewed": page.context["form"].data["previewed"]},
    )  # fmt: skip
    assert "Nothing was saved: fix line(s) 3 first." in response.content.decode()
    assert Award.objects.for_lab(world.lab_a).count() == before


def test_a_list_changed_after_its_preview_is_previewed_again(world):
    person = world.a["person_own"]
    client = client_for(world, "member_a")
    page = preview(client, person, "awards", "- *2023.06* Seen")
    response = client.post(
        paste_url(person),
        {"target": "awards", "text": "- *2023.06* Not seen", "action": "create",
         "previewed": page.context["form"].data["previewed"]},
    )  # fmt: skip
    assert "changed since its preview" in response.content.decode()
    assert not Award.objects.for_lab(world.lab_a).filter(title__in=["Seen", "Not seen"]).exists()


def test_a_too_large_paste_gets_a_message_and_nothing_is_read(world):
    person = world.a["person_own"]
    response = preview(client_for(world, "member_a"), person, "awards", "- 2020 a\n" * 1001)
    assert "at most 1,000 at a time" in response.content.decode()


def test_the_paste_page_is_the_person_s_own(world):
    """A member pastes only onto their own page; another lab's person is not found."""
    member = client_for(world, "member_a")
    other = world.a["person_other"]
    assert member.get(paste_url(other)).status_code in (403, 404)
    assert member.post(
        paste_url(other), {"target": "awards", "text": "- 2020 x", "action": "create"}
    ).status_code in (403, 404)
    assert client_for(world, "admin_a").get(paste_url(world.b["person"])).status_code == 404
    assert not Award.objects.for_lab(world.lab_a).filter(person=other, title="x").exists()
    assert client_for(world, "editor_a").get(paste_url(other)).status_code == 200


def test_the_services_work_without_the_admin(world):
    person = world.a["person_other"]
    shown = preview_pasted_list(
        person=person,
        target="cv:talk",
        text="- *2025.08*, \\[Invited Talk\\] Fast LLMs @Ordos, China",
    )
    assert [row.row.title for row in shown.rows] == ["[Invited Talk] Fast LLMs @Ordos, China"]
    (entry,) = create_pasted_items(person=person, target="cv:talk", text="- *2025.08* Talk")
    assert (entry.lab_id, entry.person_id, entry.start_year, entry.start_month) == (
        world.lab_a.pk, person.pk, 2025, 8
    )  # fmt: skip


def test_pasted_dates_keep_their_precision_and_undated_lines_stay_undated(world):
    person = world.a["person_own"]
    client = client_for(world, "member_a")
    text = "- *2023.06* Outstanding Graduates, Shaanxi.\n- Best reviewer\n- *2021* Scholarship"
    assert create(client, person, "awards", text).status_code == 302
    awards = Award.objects.for_lab(world.lab_a).filter(person=person)
    assert {(a.title, a.year, a.month, a.day) for a in awards} >= {
        ("Outstanding Graduates, Shaanxi.", 2023, 6, None),
        ("Best reviewer", None, None, None),
        ("Scholarship", 2021, None, None),
    }
    assert (
        create(client, person, "news", "- Joined the lab\n- *2025.09* Paper accepted").status_code
        == 302
    )
    news = {
        item.body: item.date_precision
        for item in NewsItem.objects.for_lab(world.lab_a).filter(person=person)
    }
    assert news["Joined the lab"] == "none" and news["Paper accepted"] == "month"
