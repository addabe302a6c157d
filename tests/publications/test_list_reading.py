"""How the lab's list reads papers (seed 003): the settings' author format and title link,
a venue line that never repeats a year the venue already says, and no year-only line for a
preprint without a venue."""

import copy
import re

import pytest

from publications.list_settings import list_display, list_settings_for
from tests.factories import make_person, make_publication_list_settings
from tests.labsite.test_query_budget import QUERY_BUDGET, cold_queries
from tests.publications.helpers import paper, titles
from tests.publications.test_list import bulk_library

pytestmark = pytest.mark.django_db

ARXIV = "https://arxiv.org/abs/2410.16179"
PDF = "https://example.org/magicpig.pdf"


@pytest.fixture
def magicpig(lab_a):
    chen = make_person(lab=lab_a, full_name="Beidi Chen", slug="beidi")
    return paper(
        lab_a, "MagicPIG", slug="magicpig", kind="preprint", year=2024,
        authors=["Zhuoming Chen", "Ranajoy Sadhukhan", ("Beidi Chen", chen)],
        links=[("arxiv", ARXIV), ("pdf", PDF)],
    )  # fmt: skip


def title_href(html: str) -> str:
    return re.search(r'<div class="pub-title"><a href="([^"]+)">', html)[1]


def test_by_default_names_read_first_last_and_titles_lead_to_the_page(client_a, magicpig):
    html = client_a.get("/publications/").content.decode()
    assert "Zhuoming Chen, Ranajoy Sadhukhan, " in html
    assert title_href(html) == "/publications/magicpig/"


@pytest.mark.parametrize("title_link, expected", [
    ("page", "/publications/magicpig/"), ("pdf", PDF), ("link", ARXIV),
])  # fmt: skip
def test_the_lab_chooses_author_format_and_title_link(client_a, lab_a, magicpig, title_link,
                                                      expected):
    make_publication_list_settings(lab=lab_a, author_format="last_first", title_link=title_link)
    html = client_a.get("/publications/").content.decode()
    assert "Chen, Zhuoming; Sadhukhan, Ranajoy; " in html
    assert '<a class="member" href="/people/beidi/"><strong>Chen, Beidi</strong></a>' in html
    assert title_href(html) == expected


def test_an_unknown_stored_value_reads_as_the_default(lab_a):
    row = copy.copy(list_settings_for(lab_a))  # the process's shared row is read-only
    row.author_format, row.title_link = "surname_only", "elsewhere"
    display = list_display(row)
    assert (display.author_format, display.title_link) == ("first_last", "page")


def test_another_labs_settings_never_change_this_list(client_a, client_b, lab_b, magicpig):
    make_publication_list_settings(lab=lab_b, author_format="last_first", title_link="link")
    html = client_a.get("/publications/").content.decode()
    assert "Zhuoming Chen, Ranajoy Sadhukhan" in html and title_href(html) != ARXIV
    assert "MagicPIG" not in client_b.get("/publications/").content.decode()


@pytest.mark.parametrize("venue, year, spelt", [
    ("NeurIPS’25", 2025, True), ("NeurIPS'25", 2025, True), ("ICML2024", 2024, True),
    ("NeurIPS 2024", 2024, True), ("NeurIPS’25", 2024, False), ("ISCA", 2025, False),
    ("Vol. 125", 2025, False), ("Proc. ’255", 2025, False),
])  # fmt: skip
def test_a_venue_that_says_its_year(venue, year, spelt):
    from publications.rendering import spells_year

    assert spells_year(venue, year) is spelt


def test_venue_lines_never_repeat_a_year_and_preprints_show_none_alone(client_a, lab_a):
    make_publication_list_settings(lab=lab_a, grouping="kind")
    paper(lab_a, "Short year", kind="conference", year=2025, venue="NeurIPS’25")
    paper(lab_a, "Long year", kind="conference", year=2024, venue="ICML2024")
    paper(lab_a, "No year", kind="conference", year=2023, venue="ISCA")
    paper(lab_a, "Bare preprint", kind="preprint", year=2024)
    paper(lab_a, "Bare report", kind="other", year=2022)
    html = client_a.get("/publications/").content.decode()
    venues = re.findall(r'<span class="pub-venue">([^<]*)</span>', html)
    # The report keeps its year-only line: grouped by type, it is shown nowhere else.
    assert sorted(venues) == sorted(["NeurIPS’25", "ICML2024", "ISCA, 2023", "2022"])
    preprint = html.split("Bare preprint", 1)[1].split("</li>", 1)[0]
    assert "pub-venue" not in preprint


def test_the_list_in_last_first_with_links_runs_the_same_queries_at_two_sizes(client_a, lab_a):
    make_publication_list_settings(lab=lab_a, author_format="last_first", title_link="link")
    bulk_library(lab_a, 20)
    small, html = cold_queries("a.example.org", "/publications/")
    assert len(titles(html.decode())) == 20 and "Member" in html.decode()
    bulk_library(lab_a, 980)
    large, html = cold_queries("a.example.org", "/publications/")
    assert len(titles(html.decode())) == 1000
    assert large == small <= QUERY_BUDGET, (small, large)
