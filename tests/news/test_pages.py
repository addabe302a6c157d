import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labsite.models import LabRole
from news.models import NewsItem
from tests.factories import make_news, make_person, make_publication

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


def item_order(page: str) -> list[str]:
    """The slugs of the items as the list shows them (titled ones link to their page)."""
    return re.findall(r'data-news="([^"]+)"', page)


def test_list_is_newest_first_with_pinned_items_on_top(client_a, lab_a):
    make_news(lab=lab_a, slug="old", date=day(-30), title="Old")
    make_news(lab=lab_a, slug="new", date=day(-1), title="New")
    make_news(lab=lab_a, slug="pinned-old", date=day(-300), title="Pinned", pinned=True)
    make_news(lab=lab_a, slug="middle", date=day(-10), title="Middle")
    page = client_a.get("/news/").content.decode()
    assert item_order(page) == ["pinned-old", "new", "middle", "old"]
    assert "Pinned</span>" in page


def test_drafts_and_future_items_are_never_public(client_a, lab_a):
    make_news(lab=lab_a, slug="visible", date=day(0), body="Visible today")
    make_news(lab=lab_a, slug="draft", status=NewsItem.Status.DRAFT, body="Secret draft")
    make_news(lab=lab_a, slug="future", date=day(1), body="Tomorrow's news", title="Soon")
    page = client_a.get("/news/").content.decode()
    assert "Visible today" in page
    assert "Secret draft" not in page and "Tomorrow" not in page
    assert client_a.get("/news/draft/").status_code == 404
    assert client_a.get("/news/future/").status_code == 404
    assert client_a.get("/news/visible/").status_code == 200
    home = client_a.get("/").content.decode()
    assert "Visible today" in home and "Secret draft" not in home and "Tomorrow" not in home


def test_editors_preview_drafts_privately(client_a, lab_a, lab_b):
    make_news(lab=lab_a, slug="draft", status=NewsItem.Status.DRAFT, title="Draft title")
    users = get_user_model().objects
    editor = users.create_user("editor", is_staff=True)
    LabRole.objects.create(user=editor, lab=lab_a, role=LabRole.Role.EDITOR)
    outsider = users.create_user("outsider", is_staff=True)
    LabRole.objects.create(user=outsider, lab=lab_b, role=LabRole.Role.ADMIN)

    client_a.force_login(outsider)
    assert client_a.get("/news/draft/").status_code == 404
    client_a.force_login(editor)
    response = client_a.get("/news/draft/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft title" in page and "This draft is not public" in page
    assert 'name="robots" content="noindex"' in page
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # Still never in the list, not even for its editor.
    assert "Draft title" not in client_a.get("/news/").content.decode()


def test_member_previews_own_draft(client_a, lab_a):
    user = get_user_model().objects.create_user("lena", is_staff=True)
    lena = make_person(lab=lab_a, full_name="Lena Fischer", user=user)
    make_news(lab=lab_a, slug="mine", person=lena, status="draft", title="My draft")
    make_news(lab=lab_a, slug="theirs", status="draft", title="Lab draft")
    client_a.force_login(user)
    assert client_a.get("/news/mine/").status_code == 200
    assert client_a.get("/news/theirs/").status_code == 404


def test_list_is_paginated_twenty_per_page(client_a, lab_a):
    for n in range(45):
        make_news(lab=lab_a, slug=f"item-{n:02d}", date=day(-n), title=f"Item {n:02d}")
    first = client_a.get("/news/").content.decode()
    assert item_order(first) == [f"item-{n:02d}" for n in range(20)]
    assert "Page 1 of 3" in first and 'href="?page=2"' in first
    third = client_a.get("/news/?page=3").content.decode()
    assert item_order(third) == [f"item-{n:02d}" for n in range(40, 45)]
    assert 'href="?page=2"' in third and "?page=4" not in third
    assert client_a.get("/news/?page=4").status_code == 404
    assert client_a.get("/news/?page=abc").status_code == 404


def test_short_untitled_items_are_shown_whole_without_a_link(client_a, lab_a):
    make_news(lab=lab_a, slug="short", body="Paper accepted at **ISCA 2025** 🎉")
    long_body = "Word " * 120 + "THE-END-OF-IT"
    make_news(lab=lab_a, slug="long", body=long_body)
    page = client_a.get("/news/").content.decode()
    assert "Paper accepted at <strong>ISCA 2025</strong> 🎉" in page
    assert 'href="/news/short/"' not in page
    # A long item shows an excerpt and links to the whole.
    assert "THE-END-OF-IT" not in page and 'href="/news/long/"' in page
    # The short item's URL still works.
    detail = client_a.get("/news/short/").content.decode()
    assert "Paper accepted at <strong>ISCA 2025</strong>" in detail
    assert "THE-END-OF-IT" in client_a.get("/news/long/").content.decode()


def test_detail_page_shows_the_item_its_member_and_paper(client_a, lab_a):
    lena = make_person(lab=lab_a, full_name="Lena Fischer")
    paper = make_publication(lab=lab_a, title="Sparse Speculation", slug="sparse")
    make_news(
        lab=lab_a, slug="talk", title="Talk at NeurIPS", body="Slides are *online*.",
        person=lena, publication=paper, date=datetime.date(2024, 12, 10),
    )  # fmt: skip
    response = client_a.get("/news/talk/")
    page = response.content.decode()
    assert "<h1>Talk at NeurIPS</h1>" in page
    assert "Slides are <em>online</em>." in page
    # In the lab's date style (the default: dotted, labsite/dates.py).
    assert ">2024.12.10</time>" in page and 'datetime="2024-12-10"' in page
    assert "Lena Fischer" in page
    assert 'href="/publications/sparse/"' in page
    assert '<meta property="og:type" content="article">' in page
    assert 'content="Slides are online."' in page  # description: plain text
    assert 'type="application/atom+xml"' in page


def test_news_of_another_lab_is_404_and_never_listed(client_a, client_b, lab_a, lab_b):
    make_news(lab=lab_b, slug="beta-news", title="Beta only", body="Beta body")
    make_news(lab=lab_a, slug="alpha-news", title="Alpha only", body="Alpha body")
    assert client_a.get("/news/beta-news/").status_code == 404
    page_a = client_a.get("/news/").content.decode()
    assert "Alpha only" in page_a and "Beta" not in page_a
    assert "Beta" not in client_a.get("/").content.decode()
    assert client_b.get("/news/beta-news/").status_code == 200
    assert "Alpha" not in client_b.get("/news/").content.decode()


def test_same_slug_in_two_labs_shows_each_labs_own(client_a, client_b, lab_a, lab_b):
    make_news(lab=lab_a, slug="hello", title="Alpha hello")
    make_news(lab=lab_b, slug="hello", title="Beta hello")
    assert "Alpha hello" in client_a.get("/news/hello/").content.decode()
    assert "Beta hello" in client_b.get("/news/hello/").content.decode()


def test_news_pages_render_stored_html_without_markdown_per_request(client_a, lab_a, monkeypatch):
    make_news(lab=lab_a, slug="n", title="T", body="**stored**")

    def fail(*args, **kwargs):
        raise AssertionError("markdown rendered during a request")

    import labsite.markdown
    import news.models

    monkeypatch.setattr(news.models, "render_markdown", fail)
    monkeypatch.setattr(labsite.markdown, "render_markdown", fail)
    for url in ["/news/", "/news/n/", "/news/feed/", "/"]:
        response = client_a.get(url)
        assert response.status_code == 200, url
        assert b"stored" in response.content, url


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_list_and_detail_run_a_fixed_number_of_queries(
    client_a, lab_a, django_assert_max_num_queries, no_page_cache
):
    people = [make_person(lab=lab_a) for _ in range(3)]
    paper = make_publication(lab=lab_a, slug="p")
    for n in range(3):
        make_news(lab=lab_a, title=f"T{n}", person=people[n], publication=paper)
    client_a.get("/news/")  # warm the host and per-lab caches
    small = _count_queries(client_a, "/news/")
    for n in range(30):
        person = make_person(lab=lab_a)
        paper = make_publication(lab=lab_a)
        make_news(lab=lab_a, title=f"More {n}", person=person, publication=paper)
    client_a.get("/news/")  # warm the per-lab caches the writes made stale
    large = _count_queries(client_a, "/news/")
    assert small == large
    with django_assert_max_num_queries(3):
        client_a.get("/news/")
    with django_assert_max_num_queries(2):
        client_a.get(f"/news/{NewsItem.objects.first().slug}/")


def test_home_page_shows_latest_news_with_pinned_first(client_a, lab_a):
    make_news(lab=lab_a, slug="pinned", title="Pinned old", pinned=True, date=day(-400))
    for n in range(7):
        make_news(lab=lab_a, slug=f"n{n}", title=f"Recent {n}", date=day(-n))
    page = client_a.get("/").content.decode()
    section = page[page.index('id="news-heading"') :]
    assert item_order(section)[:5] == ["pinned", "n0", "n1", "n2", "n3"]
    assert "Recent 4" not in page
    assert 'href="/news/"' in section


def test_home_page_hides_the_news_section_without_news(client_a, lab_a):
    make_news(lab=lab_a, status="draft", title="Draft")
    assert "home-news-heading" not in client_a.get("/").content.decode()
