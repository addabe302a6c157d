import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from news.models import NewsItem
from news.sitemaps import NewsSitemap
from tests.factories import make_news, make_person

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_slug_is_made_from_date_and_title_and_kept_unique_per_lab(lab_a, lab_b):
    date = datetime.date(2025, 9, 1)
    first = NewsItem.objects.create(lab=lab_a, date=date, title="Welcome, Omar!", body="x")
    second = NewsItem.objects.create(lab=lab_a, date=date, title="Welcome, Omar!", body="y")
    other_lab = NewsItem.objects.create(lab=lab_b, date=date, title="Welcome, Omar!", body="z")
    untitled = NewsItem.objects.create(lab=lab_a, date=date, body="🎉🎉")
    assert first.slug == "2025-09-01-welcome-omar"
    assert second.slug == "2025-09-01-welcome-omar-2"
    assert other_lab.slug == "2025-09-01-welcome-omar"
    assert untitled.slug == "2025-09-01"
    first.title = "Renamed"
    first.save()
    assert first.slug == "2025-09-01-welcome-omar"  # URLs do not move on edits


def test_reserved_slug_is_refused_with_a_message(lab_a):
    item = NewsItem(lab=lab_a, slug="feed", body="x")
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "reserved" in str(error.value.message_dict["slug"])


def test_body_is_rendered_and_sanitised_on_save(lab_a):
    item = make_news(lab=lab_a, body="**Hi** <script>alert(1)</script>")
    assert item.body_html == "<p><strong>Hi</strong> </p>"
    assert item.plain_text == "Hi"


def test_member_of_another_lab_is_refused(lab_a, lab_b):
    stranger = make_person(lab=lab_b)
    item = NewsItem(lab=lab_a, slug="x", body="x", person=stranger)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "person" in error.value.message_dict


def test_short_untitled_items_need_no_page_of_their_own(lab_a):
    assert not make_news(lab=lab_a, body="Short one").has_detail_page
    assert make_news(lab=lab_a, body="Short", title="Titled").has_detail_page
    assert make_news(lab=lab_a, body="long " * 100).has_detail_page


def test_sitemap_lists_published_items_with_pages_of_this_lab_only(lab_a, lab_b):
    make_news(lab=lab_a, slug="titled", title="Titled", date=TODAY)
    make_news(lab=lab_a, slug="long", body="word " * 100, date=TODAY - datetime.timedelta(1))
    make_news(lab=lab_a, slug="short", body="One line")
    make_news(lab=lab_a, slug="draft", title="Draft", status="draft")
    make_news(lab=lab_a, slug="future", title="Future", date=TODAY + datetime.timedelta(1))
    make_news(lab=lab_b, slug="beta", title="Beta")
    sitemap = NewsSitemap(lab_a)
    assert [item.slug for item in sitemap.items()] == ["titled", "long"]
    urls = sitemap.get_urls(site=SimpleNamespace(domain="a.example.org"), protocol="https")
    assert [url["location"] for url in urls] == [
        "https://a.example.org/news/titled/",
        "https://a.example.org/news/long/",
    ]
    assert all(url["lastmod"] for url in urls)
    assert [item.slug for item in NewsSitemap(lab_b).items()] == ["beta"]
