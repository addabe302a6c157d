"""Seed 000 (a plain page) rebuilt from admin-equivalent rows (tests/seeds/seed_000.py) and
checked section by section against the seed's text."""

import re

import pytest

from tests.seeds import seed_000
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

SEED = seed_text("000")


@pytest.fixture
def seed():
    return seed_000.build()


@pytest.fixture
def page(seed):
    return render(seed)


def test_no_field_holds_raw_html(seed):
    assert raw_html_fields(seed.lab) == []


def test_headings_in_the_seeds_order(page):
    # The seed's about text has no heading (kept for screen readers only).
    assert section_headings(page) == [("about", "About"), ("publications", "Selected Publications")]
    assert '<h2 id="about-heading" class="visually-hidden">About</h2>' in page
    assert re.findall(r"^## (.+)$", SEED, re.M) == ["Selected Publications"]


def test_about_is_the_seeds_text_with_its_links(page):
    about = section_bodies(page)["about"]
    seed_paragraphs = [p for p in SEED.split("\n\n") if p.startswith(("I am currently", "Before"))]
    assert len(seed_paragraphs) == 2
    for paragraph in seed_paragraphs:
        plain = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", paragraph)
        assert plain in text_of(about)
    seed_links = re.findall(r"\]\((https://[^)]+)\)", "\n\n".join(seed_paragraphs))
    assert hrefs(about) == seed_links


def test_photo_right_of_the_text_original_shape_with_alt(page):
    assert 'class="person-page person-photo-right person-photo-large"' in page
    photo = re.search(r'<img class="person-avatar[^"]*person-avatar-original"[^>]*>', page)
    assert photo and 'alt="Aurick Qiao"' in photo.group(0)


def test_email_obfuscated_never_a_mailto_and_the_three_links(page):
    assert "mailto:" not in page and "contact@aurick.net" not in page
    for label, url in re.findall(r"^- \[([^\]]+)\]\(([^)]+)\)$", SEED, re.M):
        href = re.escape(url.replace("&", "&amp;"))
        link = rf'<a href="{href}" rel="me">.*?<span>{re.escape(label)}</span>'
        assert re.search(link, page, re.S), label


def test_email_reads_as_the_seed_writes_it(page):
    written = re.search(r"^Email: (.+)$", SEED, re.M).group(1)
    assert written == "contact (at) [my first name] (dot) net"
    assert f'<span class="person-email">{written}</span>' in page


def test_every_paper_in_order_with_links_bold_name_venue_and_highlight(page):
    seed_papers = re.findall(
        r"^\*\*(.+?)\*\*\n((?:\[\[\w+\]\(.+?\)\]\n?)+)\\?\n?\*(.+?)\*\\\n(\S+)(?: \*\*(.+?)\*\*)?",
        SEED, re.M,
    )
    assert len(seed_papers) == 5
    rendered = items(section_bodies(page)["publications"], "pub")
    assert len(rendered) == 5
    for (title, links, authors, venue, highlight), entry in zip(seed_papers, rendered, strict=True):
        assert f">{title}</a>" in entry
        targets = re.findall(r"\[\[(\w+)\]\((.+?)\)\]", links)
        for label, url in targets:
            assert f'href="{url}">{label}</a>' in entry, (title, label)
        # The title leads where the seed's first link does (its paper).
        assert re.search(rf'<div class="pub-title">.*?<a href="{re.escape(targets[0][1])}">', entry)
        names = authors.replace("**", "").rstrip(".").split(", ")
        assert text_of(re.search(r'<div class="pub-authors">(.*?)</div>', entry).group(1)) == (
            ", ".join(names)
        )
        assert '<strong>Aurick Qiao</strong>' in entry  # the seed's own name in bold
        assert f'<span class="pub-venue">{venue}' in entry
        if highlight:
            assert f'<span class="badge badge-award">{highlight}</span>' in entry
        else:
            assert "badge-award" not in entry


def test_venue_line_reads_as_the_seeds(page):
    # "NeurIPS’25" already says its year: no ", 2025" after it.
    assert '<span class="pub-venue">NeurIPS’25</span>' in page


def test_another_labs_host_never_shows_the_seed(seed, lab_b, client_b):
    assert client_b.get(seed.path).status_code == 404
    assert b"Aurick" not in client_b.get("/").content


def test_query_budget_is_the_same_with_twice_the_papers(seed, no_page_cache):
    single, double = queries_at_two_sizes(seed, seed_000.add_items)
    assert single == double
    assert render(seed).count("(copy 2)") == 5
