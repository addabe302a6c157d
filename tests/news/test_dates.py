"""News dated as members write them: at a precision, in the lab's or member's style, undated
items in the member's order (seeds 001, 002, 004 of issue 15)."""

import datetime
import re
from types import SimpleNamespace

import pytest

from labsite.dates import DatePrecision, DateStyle
from news.models import NewsItem
from news.sitemaps import NewsSitemap
from tests.factories import make_news, make_person
from tests.news.test_feeds import parse_feed

pytestmark = pytest.mark.django_db

MONTH, NONE = DatePrecision.MONTH, DatePrecision.NONE


def news_texts(html: str) -> list[str]:
    """(date shown, first words) of each news item, in page order."""
    items = re.findall(r'<li class="news-item[^"]*"[^>]*>(.*?)</li>', html, re.S)
    result = []
    for item in items:
        date = re.search(r"<time[^>]*>([^<]*)</time>", item)
        text = re.sub(r"<[^>]+>", "", item.split("news-text", 1)[1]).split()
        result.append((date.group(1) if date else "", " ".join(text[1:5])))
    return result


def test_seed_002_news_read_to_the_month_in_the_member_s_order(lab_a, client_a):
    jiaming = make_person(lab=lab_a, full_name="Jiaming Xu", slug="jiaming")
    september = datetime.date(2025, 9, 1)
    # Two items of one month, entered in page order: the member's order keeps them so.
    for order, (date, body) in enumerate(
        [
            (september, "🎉🎉 We release SpecDiff and SpecPrune-VLA."),
            (september, "🎉🎉 Two papers were accepted by ASP-DAC 2026."),
            (datetime.date(2025, 8, 1), "🎤🎤 A invited talk was given in Ordos, China."),
            (datetime.date(2025, 6, 1), "🎤🎤 Oral presentation in ISCA 2025."),
        ]
    ):
        make_news(lab=lab_a, person=jiaming, date=date, date_precision=MONTH, order=order,
                  body=body)  # fmt: skip
    html = client_a.get("/people/jiaming/").content.decode()
    assert news_texts(html) == [
        ("2025.09", "🎉🎉 We release SpecDiff"),
        ("2025.09", "🎉🎉 Two papers were"),
        ("2025.08", "🎤🎤 A invited talk"),
        ("2025.06", "🎤🎤 Oral presentation in"),
    ]
    assert html.count('datetime="2025-09"') == 2 and "2025-09-01" not in html


def test_seed_001_news_in_the_lab_s_long_style_and_a_member_s_own_style(lab_a, client_a):
    lab_a.date_format = DateStyle.MONTH_LONG
    lab_a.save()
    ray = make_person(lab=lab_a, full_name="Ray", slug="ray")
    make_news(lab=lab_a, date=datetime.date(2024, 9, 20), date_precision=MONTH,
              body="Our paper ArkVale has been accepted by NeurIPS 2024!", person=ray)  # fmt: skip
    make_news(lab=lab_a, date=datetime.date(2024, 8, 5), date_precision=MONTH,
              body="Join ByteDance as TopSeed researcher", person=ray)  # fmt: skip
    listed = [date for date, _ in news_texts(client_a.get("/news/").content.decode())]
    assert listed == ["September 2024", "August 2024"]
    ray.date_format = DateStyle.MONTH_SHORT  # the member's choice wins on their homepage
    ray.save()
    homepage = [date for date, _ in news_texts(client_a.get("/people/ray/").content.decode())]
    assert homepage == ["Sep 2024", "Aug 2024"]
    # The lab's pages keep the lab's style.
    assert "September 2024" in client_a.get("/").content.decode()


def test_seed_004_undated_news_keep_their_order_on_every_page(lab_a, client_a):
    ray = make_person(lab=lab_a, full_name="Zirui Liu", slug="ray")
    bodies = [
        "🔥🔥 Our KIVI largely inspires the KV Cache quantization system in Huggingface.",
        "Our KIVI, Self-Extend, and Compress-then-prompt are accepted by ICML 2024.",
        "Three paper accepted to Neurips 2023.",
        "Two paper accepted to TMLR.",
    ]
    # Entered on different days, shown in the member's order: one date, numbered.
    for order, body in enumerate(bodies):
        make_news(lab=lab_a, person=ray, date=datetime.date(2024, 6, 1), date_precision=NONE,
                  order=order, body=body)  # fmt: skip
    first_words = [" ".join(body.split()[:4]) for body in bodies]
    for path in ["/news/", "/people/ray/", "/"]:
        html = client_a.get(path).content.decode()
        items = news_texts(html)
        assert [date for date, _ in items] == ["", "", "", ""], path
        assert [text for _, text in items] == first_words, path
        assert "news-undated" in html and "2024.06.01" not in html and "2024-06-01" not in html
    detail = client_a.get(NewsItem.objects.for_lab(lab_a).get(order=2).get_absolute_url())
    assert "<time" not in detail.content.decode().split("<article", 1)[1].split("</article>")[0]


def test_the_feed_and_sitemap_of_undated_items_use_their_publication_date(lab_a, client_a):
    """Atom needs a date on each entry: an undated item's is the day it appears (``date``),
    which the page does not show; its title and text carry no date."""
    make_news(lab=lab_a, slug="undated", title="KIVI inspires Huggingface", body="Text.",
              date=datetime.date(2024, 6, 1), date_precision=NONE)  # fmt: skip
    make_news(lab=lab_a, slug="dated", title="Paper accepted", body="Text.",
              date=datetime.date(2024, 7, 1), date_precision=MONTH)  # fmt: skip
    _, entries = parse_feed(client_a.get("/news/feed/"))
    assert [entry["title"] for entry in entries] == ["Paper accepted", "KIVI inspires Huggingface"]
    assert entries[1]["published"].startswith("2024-06-01")
    assert entries[1]["updated"] >= entries[1]["published"]
    sitemap = NewsSitemap(lab_a)
    urls = sitemap.get_urls(site=SimpleNamespace(domain="a.example.org"), protocol="https")
    assert [url["location"] for url in urls] == [
        "https://a.example.org/news/dated/",
        "https://a.example.org/news/undated/",
    ]


def test_same_date_items_follow_order_then_newest_written(lab_a):
    day = datetime.date(2025, 1, 10)
    first = make_news(lab=lab_a, date=day, order=0, body="A")
    second = make_news(lab=lab_a, date=day, order=0, body="B")
    numbered = make_news(lab=lab_a, date=day, order=5, body="C")
    newer = make_news(lab=lab_a, date=datetime.date(2025, 2, 1), order=9, body="D")
    listed = list(NewsItem.objects.for_lab(lab_a).pinned_first())
    assert listed == [newer, second, first, numbered]
    assert list(NewsItem.objects.for_lab(lab_a).newest_first()) == listed


def test_another_lab_s_style_and_items_stay_there(lab_a, lab_b, client_a, client_b):
    lab_b.date_format = DateStyle.MONTH_LONG
    lab_b.save()
    make_news(lab=lab_a, body="Alpha item", date=datetime.date(2025, 9, 14))
    make_news(lab=lab_b, body="Beta item", date=datetime.date(2025, 9, 14), slug="beta")
    alpha = client_a.get("/news/").content.decode()
    beta = client_b.get("/news/").content.decode()
    assert "Alpha item" in alpha and "Beta item" not in alpha and "2025.09.14" in alpha
    assert "Beta item" in beta and "Alpha item" not in beta and "14 September 2025" in beta
    assert client_a.get("/news/beta/").status_code == 404
