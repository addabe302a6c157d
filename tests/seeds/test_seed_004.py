"""Seed 004 (al-folio) rebuilt from admin-equivalent rows (tests/seeds/seed_004.py) and
checked section by section against the seed's text."""

import re

import ftfy
import pytest

from tests.seeds import seed_004
from tests.seeds.common import (
    hrefs,
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

# The seed as its page shows it: comments out, its mojibake read as the author meant.
SEED = ftfy.fix_text(re.sub(r"<!--.*?-->", "", seed_text("004"), flags=re.S), uncurl_quotes=False)


def block(heading: str) -> str:
    return SEED.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]


def plain(markdown: str) -> str:
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown).replace("**", "")
    return text.replace('"', "").strip()


@pytest.fixture
def seed():
    return seed_004.build()


@pytest.fixture
def page(seed):
    return render(seed)


@pytest.fixture
def bodies(page):
    return section_bodies(page)


def test_no_field_holds_raw_html(seed):
    assert raw_html_fields(seed.lab) == []


def test_headings_in_the_seeds_order(page):
    headings = re.findall(r"^### (.+)$", SEED, re.M)
    assert headings == ["About me", "News", "Publications"]
    assert section_headings(page) == list(zip(["about", "news", "publications"], headings,
                                              strict=True))  # fmt: skip


def test_photo_right_uncropped_and_the_three_address_lines(page):
    assert "align: right" in SEED and "image_circular: false" in SEED
    assert 'class="person-page person-photo-right' in page
    photo = re.search(r'<img class="person-avatar[^"]*person-avatar-original"[^>]*>', page)
    assert photo and 'alt="Zirui &quot;Ray&quot; Liu"' in photo.group(0)
    lines = re.findall(r"<p>(.+?)</p>", SEED.split("address: >", 1)[1].split("\n\n", 1)[0])
    assert lines == ["Duncan Hall, 3014", "6100 Main St", "Houston, TX 77005"]
    assert f'<address class="person-address">{"<br>".join(lines)}</address>' in page


def test_about_me_every_paragraph_bold_and_links_kept(bodies):
    about = bodies["about"]
    paragraphs = [p for p in block("About me").split("\n\n") if p.strip()]
    assert len(paragraphs) == 5
    shown = text_of(about).replace("“", "").replace("”", "")
    for paragraph in paragraphs:
        assert plain(paragraph) in shown, paragraph[:40]
    for bold in re.findall(r"\*\*(.+?)\*\*", block("About me")):
        assert f"<strong>{bold}</strong>" in about
    assert "mailto:ziruiliu.recruit@gmail.com" in hrefs(about)
    assert [href for href in hrefs(about) if href.startswith("https")] == re.findall(
        r"\]\((https[^)]+)\)", block("About me")
    )


def test_no_mojibake_reaches_the_page(page):
    assert "â€" not in page and "ðŸ" not in page
    assert "I’m Zirui" in page and "📧📧 Prospective students" in page


def test_news_undated_in_the_members_order(bodies):
    expected = [plain(line[2:]) for line in block("News").splitlines() if line.startswith("- ")]
    assert len(expected) == 8
    rendered = items(bodies["news"], "news-item news-undated")
    assert len(rendered) == 8
    assert "<time" not in bodies["news"]
    shown = [text_of(re.search(r'<div class="prose">(.*?)</div>', entry, re.S).group(1))
             for entry in rendered]  # fmt: skip
    assert shown == expected


def test_publications_points_to_scholar(bodies):
    links = re.findall(r"\]\((https[^)]+)\)", block("Publications"))
    assert hrefs(bodies["publications"]) == links
    assert text_of(bodies["publications"]).endswith(plain(block("Publications")))


def test_another_labs_host_never_shows_the_seed(seed, lab_b, client_b):
    assert client_b.get(seed.path).status_code == 404
    assert "Duncan Hall" not in client_b.get("/people/").content.decode()


def test_query_budget_is_the_same_with_twice_the_news(seed, no_page_cache):
    single, double = queries_at_two_sizes(seed, seed_004.add_items)
    assert single == double
    from news.sections import HOMEPAGE_ITEMS

    # Sixteen undated items: a homepage shows its first ten, copies among them.
    page = render(seed)
    assert len(items(section_bodies(page)["news"], "news-item")) == HOMEPAGE_ITEMS
    assert "(copy 2)" in page
