"""Seed 001 (academicpages) rebuilt from admin-equivalent rows (tests/seeds/seed_001.py) and
checked section by section against the seed's text."""

import re

import pytest

from tests.seeds import seed_001
from tests.seeds.common import (
    items,
    queries_at_two_sizes,
    raw_html_fields,
    render,
    section_bodies,
    section_headings,
    seed_text,
    text_of,
)

pytestmark = pytest.mark.django_db

# What the seed shows: its HTML comments are not on its page.
SEED = re.sub(r"<!--.*?-->", "", seed_text("001"), flags=re.S)


def seed_block(heading: str) -> str:
    return SEED.split(f"# {heading}\n", 1)[1].split("\n# ", 1)[0]


def seed_list(heading: str) -> list[tuple[str, str]]:
    """(date, text) of the seed's ``<li><strong>date</strong> - text</li>`` under a heading."""
    block = seed_block(heading)
    return [
        (date, text_of(body))
        for date, body in re.findall(r"<li><strong>(.+?)</strong> - (.+?)</li>", block)
    ]


@pytest.fixture
def seed():
    return seed_001.build()


@pytest.fixture
def page(seed):
    return render(seed)


def test_no_field_holds_raw_html(seed):
    assert raw_html_fields(seed.lab) == []


def test_headings_in_the_seeds_order(page):
    assert re.findall(r"^# (.+)$", SEED, re.M) == ["Research Interests", "Awards", "News"]
    assert section_headings(page) == [
        ("about", "About"), ("interests", "Research Interests"), ("awards", "Awards"),
        ("news", "News"),
    ]  # fmt: skip


def test_about_text_and_the_highlighted_call_for_applicants(page):
    about = section_bodies(page)["about"]
    body = SEED.split("---\n", 2)[2].split("\n# ", 1)[0]
    seed_lines = [line.strip() for line in body.splitlines() if line[:1].isalpha()]
    assert len(seed_lines) == 5
    for line in seed_lines:
        plain = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)
        assert plain in text_of(about), line
    call = re.search(r"<strong>(I am seeking.+?)</strong>", SEED).group(1)
    # The seed's red bold span: an accessible <mark> the theme colours, no inline style.
    assert f"<mark><strong>{call}</strong></mark>" in about
    assert "style=" not in about


def test_research_interests_titles_and_descriptions(page):
    block = seed_block("Research Interests")
    seed_items = re.findall(r"<li><strong>(.+?)</strong> (.+?) </li>", block)
    assert len(seed_items) == 3
    rendered = section_bodies(page)["interests"]
    shown = re.findall(
        r'<li><strong>(.+?)</strong><div class="interest-description"><p>(.+?)</p></div></li>',
        rendered,
    )
    assert shown == seed_items


@pytest.mark.parametrize("heading, css, date_class", [
    ("Awards", "award", "award-date muted"), ("News", "news-item", "news-date"),
])  # fmt: skip
def test_dated_lists_to_the_month_as_the_seed_writes_them(page, heading, css, date_class):
    expected = seed_list(heading)
    assert len(expected) == 2
    rendered = items(section_bodies(page)[heading.lower()], css)
    assert len(rendered) == len(expected)
    for (date, text), entry in zip(expected, rendered, strict=True):
        time = rf'<time class="{date_class}" datetime="\d{{4}}-\d\d">{date}</time>'
        assert re.search(time, entry), entry
        assert text_of(entry).replace(date, "", 1).strip() == text


def test_the_papers_name_in_the_news_is_highlighted(page):
    news = section_bodies(page)["news"]
    title = "ArkVale: Efficient Generative LLM Inference with Recallable Key-Value Eviction"
    assert f'<span style="color: red;">{title}</span>' in SEED
    assert f"<mark>{title}</mark> has been accepted by NeurIPS 2024!" in news


@pytest.mark.parametrize("old_path", ["/about/", "/about.html"])
def test_the_old_sites_addresses_land_on_the_page(seed, old_path):
    from django.test import Client

    response = Client(HTTP_HOST=seed.host).get(old_path)
    assert response.status_code == 301 and response["Location"].endswith(seed.path)


def test_redirects_belong_to_their_lab(seed, lab_b, client_b):
    assert client_b.get("/about/").status_code == 404
    assert client_b.get(seed.path).status_code == 404


def test_query_budget_is_the_same_with_twice_the_awards_and_news(seed, no_page_cache):
    single, double = queries_at_two_sizes(seed, seed_001.add_items)
    assert single == double
    assert render(seed).count("(copy 2)") == 4
