"""The inline tables of a person's and a paper's admin page fit the page, in a real browser.

Django's fixed input widths made a person's awards table 1,390 px wide and a paper's
highlights 1,680 px, in a content column of 900 px on a 1,280 px laptop, so the whole
page scrolled sideways. At 1,280 px every inline now fits its column; at 390 px (a phone)
a table may scroll inside its own box, but the page never scrolls sideways.

Uses the system's Chromium (never downloaded); without it the test skips with the reason
printed, and under CI (``CI=true``) a missing browser is an error.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model

from labsite.models import LabRole
from metadata.models import CitationCount
from tests.admin.browser import PASSWORD, log_in, record_problems
from tests.factories import (
    make_award,
    make_interest,
    make_lab,
    make_person,
    make_person_link,
    make_publication,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Outstanding contribution to the understanding of distributed machine learning systems"

# How far each inline table sticks out of its box, and the page out of the window.
MEASURE = """() => ({
  page: document.documentElement.scrollWidth - window.innerWidth,
  inlines: [...document.querySelectorAll('.inline-related.tabular')].map(box => [
    box.closest('.inline-group').id, box.scrollWidth - box.clientWidth,
    Math.round(box.getBoundingClientRect().right)]),
})"""


@pytest.fixture
def pages(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    lab = make_lab(slug="wide", name="Wide Lab", hosts=["localhost"])
    user = get_user_model().objects.create_user("lena", password=PASSWORD, is_staff=True)
    LabRole.objects.create(user=user, lab=lab, role=LabRole.Role.ADMIN)
    person = make_person(lab=lab, full_name="Lena Fischer", slug="lena")
    for order, title in enumerate(["Machine learning systems", "Efficient inference"]):
        make_interest(lab=lab, person=person, title=title, order=order,
                      description="Schedulers and runtimes for shared GPU clusters. " * 3)
    make_person_link(lab=lab, person=person, url="https://github.com/" + "lena-fischer" * 4)
    for year in (2023, 2024):
        make_award(lab=lab, person=person, title=LONG, year=year, granting_body=LONG,
                   link="https://example.org/awards/" + "x" * 60)
    paper = make_publication(
        lab=lab, title="Tidal", slug="tidal",
        authors=[("Lena Fischer", person), "Kenji Sato", "Rui Costa", "Ada Moreau"],
        links=[("pdf", "https://example.org/" + "tidal" * 20 + ".pdf")],
    )
    make_award(lab=lab, publication=paper, person=None, title="Best Paper Award",
               badge="Best Paper", granting_body="OSDI 2025", year=2025)
    CitationCount.objects.create(lab=lab, publication=paper, source="openalex", count=12,
                                 read_on=datetime.date(2026, 11, 1))
    return {
        "person": f"/admin/people/person/{person.pk}/change/",
        "paper": f"/admin/publications/publication/{paper.pk}/change/",
    }


@pytest.mark.parametrize("width", [1280, 390])
def test_inline_tables_never_make_the_page_scroll_sideways(chromium, live_server, pages,
                                                          width):
    base = live_server.url.replace("127.0.0.1", "localhost")
    page = chromium.new_page(viewport={"width": width, "height": 900})
    page.set_default_timeout(10_000)
    problems = record_problems(page)
    log_in(page, base, "lena")
    expected = {
        "person": {"research_interests-group", "links-group", "awards-group"},
        "paper": {"authorships-group", "links-group", "awards-group",
                  "citation_counts-group"},
    }
    for name, path in pages.items():
        page.goto(base + path)
        page.wait_for_selector(".inline-related.tabular")
        measured = page.evaluate(MEASURE)
        groups = {group for group, _, _ in measured["inlines"]}
        assert expected[name] <= groups, f"{name}: inlines shown: {sorted(groups)}"
        assert measured["page"] <= 1, (
            f"the {name} page is {measured['page']} px wider than a {width} px window"
        )
        if width == 1280:  # a laptop: every table fits without scrolling inside its box
            too_wide = [(group, extra) for group, extra, _ in measured["inlines"] if extra > 1]
            assert not too_wide, f"{name}: inline tables wider than their column: {too_wide}"
        assert all(right <= width for _, _, right in measured["inlines"])
    assert not problems, problems
