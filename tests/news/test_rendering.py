"""News items built in Python (news/rendering.py): what each list shows of an item, the same
on the news page, the lab home and a member's homepage, and nothing of the text unescaped."""

import datetime
import re

import pytest
from django.utils import timezone

from news.rendering import EXCERPT_WORDS
from tests.factories import make_news, make_person, make_publication

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def item_html(page: str, slug: str) -> str:
    match = re.search(rf'<li class="[^"]*" data-news="{slug}">.*?</li>', page, re.S)
    assert match, f"no item {slug} in the page"
    return match.group(0)


def test_an_item_shows_its_date_title_text_member_and_paper(client_a, lab_a):
    ada = make_person(lab=lab_a, slug="ada", full_name="Ada <Lovelace>")
    paper = make_publication(lab=lab_a, slug="engine", title="The <Analytical> Engine",
                             authors=[("Ada Lovelace", ada)])  # fmt: skip
    make_news(lab=lab_a, slug="accepted", date=datetime.date(2025, 9, 12), title="Paper <b>in</b>",
              body="Accepted at **OSDI**.", person=ada, publication=paper)  # fmt: skip

    item = item_html(client_a.get("/news/").content.decode(), "accepted")

    assert '<time class="news-date" datetime="2025-09-12">' in item
    title = '<a href="/news/accepted/">Paper &lt;b&gt;in&lt;/b&gt;</a>'
    assert f'<h2 class="news-title">{title}</h2>' in item
    assert '<div class="prose"><p>Accepted at <strong>OSDI</strong>.</p></div>' in item
    assert '<a href="/people/ada/">Ada &lt;Lovelace&gt;</a> · Paper: ' in item
    assert '<a href="/publications/engine/">The &lt;Analytical&gt; Engine</a>' in item
    assert "Read more" not in item and "Pinned" not in item

    home = item_html(client_a.get("/").content.decode(), "accepted")
    assert '<h3 class="news-title">' in home and "Ada &lt;Lovelace&gt;</a>" in home
    # On Ada's own homepage her name is not repeated under her news.
    own = item_html(client_a.get("/people/ada/").content.decode(), "accepted")
    assert "Lovelace" not in own and "Paper: " in own


def test_a_long_item_shows_an_excerpt_and_a_read_more_link(client_a, lab_a):
    words = " ".join(f"word{n}" for n in range(EXCERPT_WORDS + 30))
    make_news(lab=lab_a, slug="long", date=YESTERDAY, title="", body=words)

    item = item_html(client_a.get("/news/").content.decode(), "long")

    assert f"word{EXCERPT_WORDS - 1} …" in item and f"word{EXCERPT_WORDS}" not in item
    assert '<p class="news-more"><a href="/news/long/">Read more' in item
    assert "news-title" not in item  # untitled


def test_a_pinned_item_is_marked_on_the_news_page_only(client_a, lab_a):
    make_news(lab=lab_a, slug="pinned", date=YESTERDAY, title="Join us", pinned=True)
    page = item_html(client_a.get("/news/").content.decode(), "pinned")
    home = item_html(client_a.get("/").content.decode(), "pinned")
    assert 'class="news-item news-pinned"' in page and '<span class="badge">Pinned</span>' in page
    assert 'class="news-item"' in home and "Pinned" not in home


def test_an_item_of_a_member_without_homepage_names_them_without_a_link(client_a, lab_a):
    bo = make_person(lab=lab_a, slug="bo", full_name="Bo Chen", homepage_enabled=False)
    make_news(lab=lab_a, slug="bo-news", date=YESTERDAY, body="Bo joined.", person=bo)
    item = item_html(client_a.get("/news/").content.decode(), "bo-news")
    assert '<p class="news-meta muted">\n      Bo Chen\n    </p>' in item
    assert "/people/bo/" not in item


def test_another_labs_news_never_appears(client_a, lab_a, lab_b):
    make_news(lab=lab_b, slug="theirs", date=YESTERDAY, title="Their news")
    make_news(lab=lab_a, slug="ours", date=YESTERDAY, title="Our news")
    for path in ("/news/", "/"):
        page = client_a.get(path).content.decode()
        assert 'data-news="ours"' in page and "Their news" not in page, path
