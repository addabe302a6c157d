"""Citation counts, code stars and the dates they were read, where the lab asks for them
(issue 17, "Shown on the site"): every list style, the lab's list, the paper page; the lab's
and a member's citation total as a text badge; Altmetric and Dimensions links by DOI."""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labsite.sections import LabSection
from tests.factories import (
    make_person,
    make_person_link,
    make_person_section,
    make_publication_list_settings,
)
from tests.publications.helpers import paper

pytestmark = pytest.mark.django_db

NOV_30 = datetime.date(2026, 11, 30)
OCT_2 = datetime.date(2026, 10, 2)
SCHOLAR = "https://scholar.google.com/citations?user=ADA0001"
CITED_ON_NOV_30 = (
    '<span class="pub-citations" title="Citations as of 2026-11-30">Cited by 1,234'
    '<span class="visually-hidden"> (as of 2026-11-30)</span></span>'
)


def section_of(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def ada(lab_a):
    return make_person(lab=lab_a, slug="ada", full_name="Ada Moreau", sections=[])


def cited_paper(lab, slug, author, count, read_on=NOV_30, **fields):
    return paper(
        lab, f"Paper {slug}", slug=slug, year=2025, selected=True, authors=[(author.full_name,
        author)], citation_count=count, citations_read_on=read_on, **fields,
    )  # fmt: skip


# --- Counts in every list style, with their date ------------------------------------------


@pytest.mark.parametrize("style", ["list", "boxes"])
def test_a_homepage_section_shows_counts_with_their_date_in_either_style(
    lab_a, client_a, ada, style
):
    cited_paper(lab_a, "cited", ada, 1234)
    cited_paper(lab_a, "unread", ada, None, read_on=None)
    make_person_section(lab=lab_a, person=ada, kind="publications", display_style=style,
                        show_citations=True)  # fmt: skip
    html = section_of(client_a.get("/people/ada/").content.decode(), "publications")
    assert CITED_ON_NOV_30 in html
    assert html.count("pub-citations") == 1  # a paper without a reading shows none
    assert ("pub-box" in html) == (style == "boxes")


def test_counts_stay_hidden_unless_the_section_asks(lab_a, client_a, ada):
    cited_paper(lab_a, "cited", ada, 1234)
    make_person_section(lab=lab_a, person=ada, kind="publications")
    assert "Cited by" not in client_a.get("/people/ada/").content.decode()


def test_the_labs_list_shows_counts_when_its_settings_say_so(lab_a, client_a, ada):
    cited_paper(lab_a, "cited", ada, 1234)
    assert "Cited by" not in client_a.get("/publications/").content.decode()
    make_publication_list_settings(lab=lab_a, show_citations=True)
    assert CITED_ON_NOV_30 in client_a.get("/publications/").content.decode()


def test_the_paper_page_says_when_its_count_was_read(lab_a, client_a, ada):
    cited_paper(lab_a, "cited", ada, 1234)
    html = client_a.get("/publications/cited/").content.decode()
    assert 'Cited by 1234 (as of <time datetime="2026-11-30">Nov 2026</time>).' in html


def test_another_labs_counts_never_appear(lab_a, lab_b, client_a, client_b, ada):
    cited_paper(lab_a, "cited", ada, 1234)
    make_publication_list_settings(lab=lab_a, show_citations=True)
    make_publication_list_settings(lab=lab_b, show_citations=True)
    assert client_b.get("/publications/cited/").status_code == 404
    assert "1,234" not in client_b.get("/publications/").content.decode()


# --- Totals -----------------------------------------------------------------------------


def badge_of(html: str) -> tuple[str, str, str]:
    """(href, text, date line) of the citation badge of a page."""
    found = re.search(
        r'<p class="citation-total"><a class="citation-badge" href="([^"]*)">(.*?)</a>(.*?)</p>',
        html,
    )
    assert found, "no citation badge"
    text = re.sub(r"<[^>]+>", "", found.group(2))
    return found.group(1), text, re.sub(r"<[^>]+>", "", found.group(3)).strip()


def test_a_members_total_links_to_their_scholar_profile(lab_a, client_a, ada):
    lena = make_person(lab=lab_a, slug="lena", full_name="Lena Fischer", sections=[])
    cited_paper(lab_a, "one", ada, 1000, read_on=OCT_2)
    cited_paper(lab_a, "two", ada, 234)
    cited_paper(lab_a, "unread", ada, None, read_on=None)
    cited_paper(lab_a, "lenas", lena, 50)  # not Ada's: not in her total
    make_person_link(lab=lab_a, person=ada, kind="scholar", url=SCHOLAR)
    make_person_section(lab=lab_a, person=ada, kind="about", show_citation_total=True)
    href, text, dates = badge_of(section_of(client_a.get("/people/ada/").content.decode(), "about"))
    assert (href, text) == (SCHOLAR, "Citations 1,234")
    assert dates == "read 2026-10-02 to 2026-11-30"


def test_without_a_scholar_link_the_badge_leads_to_the_members_papers(lab_a, client_a, ada):
    cited_paper(lab_a, "one", ada, 7)
    make_person_section(lab=lab_a, person=ada, kind="about", show_citation_total=True)
    href, text, dates = badge_of(client_a.get("/people/ada/").content.decode())
    assert (href, text, dates) == ("/publications/?person=ada", "Citations 7", "as of 2026-11-30")


def test_no_badge_without_the_option_or_without_any_count(lab_a, client_a, ada):
    ada.about = "About Ada."
    ada.save()
    cited_paper(lab_a, "unread", ada, None, read_on=None)
    row = make_person_section(lab=lab_a, person=ada, kind="about", show_citation_total=True)
    assert "citation-badge" not in client_a.get("/people/ada/").content.decode()
    cited_paper(lab_a, "one", ada, 7)
    row.show_citation_total = False
    row.save()
    html = client_a.get("/people/ada/").content.decode()
    assert "About Ada." in html and "citation-badge" not in html


def test_the_lab_home_shows_the_labs_total(lab_a, lab_b, client_a, client_b, ada):
    cited_paper(lab_a, "one", ada, 1000)
    cited_paper(lab_a, "two", ada, 234)
    beta = make_person(lab=lab_b, slug="beta", sections=[])
    cited_paper(lab_b, "betas", beta, 99_999)
    for lab in (lab_a, lab_b):  # a new lab's about section, the total switched on
        LabSection.objects.for_lab(lab).filter(kind="about").update(show_citation_total=True)
    assert badge_of(client_a.get("/").content.decode()) == (
        "/publications/", "Citations 1,234", "as of 2026-11-30"
    )
    assert badge_of(client_b.get("/").content.decode())[1] == "Citations 99,999"


def test_the_badge_is_text_styled_by_the_theme_in_both_schemes(lab_a, client_a, ada):
    cited_paper(lab_a, "one", ada, 7)
    make_person_section(lab=lab_a, person=ada, kind="about", show_citation_total=True)
    html = section_of(client_a.get("/people/ada/").content.decode(), "about")
    assert "<img" not in html and "style=" not in html
    # Colours only from the theme's variables, which each colour scheme sets (axe checks
    # their contrast in tests/browser/test_seeds.py on seed 002's badge).
    css = Path(finders.find("labsite/site.css")).read_text(encoding="utf-8")
    rules = re.findall(r"\.citation-badge[^{]*\{([^}]*)\}", css)
    colours = [rule for rule in rules if "background" in rule or "color" in rule]
    assert len(colours) >= 3 and all("var(--" in rule and "#" not in rule for rule in colours)


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        html = client.get(path).content.decode()
    return len(queries), html


def test_totals_run_one_query_whatever_the_number_of_papers(
    lab_a, client_a, ada, no_page_cache
):
    make_person_link(lab=lab_a, person=ada, kind="scholar", url=SCHOLAR)
    make_person_section(lab=lab_a, person=ada, kind="about", show_citation_total=True)
    make_person_section(lab=lab_a, person=ada, kind="publications", show_citations=True,
                        publication_filter="all")  # fmt: skip
    LabSection.objects.for_lab(lab_a).filter(kind="about").update(show_citation_total=True)
    cited_paper(lab_a, "p0", ada, 1)
    client_a.get("/people/ada/?warm")
    small = [count_queries(client_a, path) for path in ("/people/ada/", "/")]
    for number in range(1, 40):
        cited_paper(lab_a, f"p{number}", ada, 1)
    large = [count_queries(client_a, path) for path in ("/people/ada/", "/")]
    assert [count for count, _ in small] == [count for count, _ in large]
    for (_, before), (_, after) in zip(small, large, strict=True):
        assert badge_of(before)[1] == "Citations 1" and badge_of(after)[1] == "Citations 40"


# --- Altmetric and Dimensions -------------------------------------------------------------

ALTMETRIC = "https://www.altmetric.com/details/doi/10.5555/tidal.2025"
DIMENSIONS = (
    "https://app.dimensions.ai/discover/publication?search_mode=content&amp;search_field=doi"
    "&amp;search_type=kws&amp;search_text=10.5555%2Ftidal.2025"
)


def test_the_paper_page_links_altmetric_and_dimensions_when_the_lab_asks(lab_a, client_a, ada):
    cited_paper(lab_a, "tidal", ada, 3, doi="10.5555/tidal.2025")
    cited_paper(lab_a, "no-doi", ada, 3)
    html = client_a.get("/publications/tidal/").content.decode()
    assert "altmetric" not in html and "dimensions" not in html  # off by default
    make_publication_list_settings(lab=lab_a, show_metric_links=True)
    html = client_a.get("/publications/tidal/").content.decode()
    assert f'<a class="button" href="{ALTMETRIC}">Altmetric</a>' in html
    assert f'<a class="button" href="{DIMENSIONS}">Dimensions</a>' in html
    assert "altmetric.com/embed" not in html and "badge.dimensions.ai" not in html  # no script
    assert "altmetric" not in client_a.get("/publications/no-doi/").content.decode()
    list_html = client_a.get("/publications/").content.decode()
    assert list_html.count("Altmetric</a>") == 1  # the lab's list too, only for the DOI


def test_a_link_the_paper_already_has_is_not_repeated(lab_a, client_a, ada):
    make_publication_list_settings(lab=lab_a, show_metric_links=True)
    cited_paper(lab_a, "tidal", ada, 3, doi="10.5555/TIDAL.2025",
                links=[("other", "https://altmetric.com/details/doi/10.5555/tidal.2025/",
                        "Attention")])  # fmt: skip
    html = client_a.get("/publications/tidal/").content.decode()
    assert html.count("altmetric.com/details/doi/") == 1 and "Attention</a>" in html
    assert "Dimensions</a>" in html


def test_boxes_show_the_links_when_their_section_asks(lab_a, client_a, ada):
    cited_paper(lab_a, "tidal", ada, 3, doi="10.5555/tidal.2025")
    row = make_person_section(lab=lab_a, person=ada, kind="publications",
                              display_style="boxes")  # fmt: skip
    assert "Altmetric" not in client_a.get("/people/ada/").content.decode()
    row.show_metric_links = True
    row.save()
    html = section_of(client_a.get("/people/ada/").content.decode(), "publications")
    assert f'href="{ALTMETRIC}">Altmetric</a>' in html and "Dimensions</a>" in html
