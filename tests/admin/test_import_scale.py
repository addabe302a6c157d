"""Admin import preview and review at scale: paginated, bounded in size and queries,
repeated messages summarised; pages of a preview only for its uploader."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publications.models import Authorship, ImportUpload, PossibleDuplicate, Publication
from tests.admin.test_import_page import IMPORT_URL, REVIEW_URL, confirm, preview, upload
from tests.factories import make_person, make_publication
from tests.imports.helpers import near_identical_bib

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr class="status-')


def page_link(html: str, number: int, param: str = "page") -> str:
    """The href of the link to page ``number`` of the list paged by ``param``."""
    found = re.search(rf'<a href="(\?[^"]*\b{param}={number}\b[^"]*)">{number}</a>', html)
    return found.group(1).replace("&amp;", "&")


def test_preview_is_paginated_summarised_and_bounded_in_size(world, clients):
    editor = clients["editor_a"]
    sizes = {}
    for size in (300, 1200):
        bib = near_identical_bib(size, surname=f"Author{size}, Ann")
        page = preview(editor, world.lab_a, [upload(f"many{size}.bib", bib)])
        html = page.content.decode()
        sizes[size] = len(html)
        assert len(ROW.findall(html)) == 100
        assert f"Every entry (1–100 of {size})" in html
        assert "entries look like near-duplicates of others (created, listed for review); " \
               "first 20 shown" in html
    # Four times the entries, about the same page (it was 273 MB for 2,000).
    assert sizes[1200] < 1.25 * sizes[300]
    assert sizes[1200] < 400_000

    # The last page, planned again from the stored upload; then confirm from there.
    last = editor.get(IMPORT_URL + page_link(html, 12))
    text = last.content.decode()
    assert "Every entry (1101–1200 of 1200)" in text
    assert "entry k1199" in text and "entry k5<" not in text
    assert "changed since you looked" not in text
    assert not Publication.objects.for_lab(world.lab_a).filter(title__contains="part 1199")
    done = confirm(editor, last)
    assert done.status_code == 302
    assert Publication.objects.for_lab(world.lab_a).filter(title__contains="models part").count() \
        == 1200
    assert PossibleDuplicate.objects.for_lab(world.lab_a).count() <= 1000


def test_a_changed_lab_shows_on_the_next_page_of_a_preview(world, clients):
    editor = clients["editor_a"]
    first = preview(editor, world.lab_a, [upload("many.bib", near_identical_bib(150))])
    make_publication(lab=world.lab_a, title="Scalable sparse attention for long context models "
                     "part 120", authors=["Beidi Chen"])

    second = editor.get(IMPORT_URL + page_link(first.content.decode(), 2)).content.decode()

    assert "changed since you looked" in second
    assert "Every entry (101–150 of 150)" in second


def test_a_preview_page_is_only_for_its_uploader(world, clients):
    first = preview(clients["editor_a"], world.lab_a, [upload("many.bib", near_identical_bib(150))])
    link = page_link(first.content.decode(), 2)
    # Another user of the same lab, a lab B admin, nonsense: no page, nothing from it shown.
    for role in ("admin_a", "admin_b"):
        response = clients[role].get(IMPORT_URL + link)
        assert response.status_code == 404
        assert b"models part" not in response.content
    assert clients["editor_a"].get(IMPORT_URL + "?batch=nope&page=2").status_code == 404
    assert clients["anonymous"].get(IMPORT_URL + link).status_code == 302
    assert ImportUpload.objects.count() == 1


def add_pairs(lab, count: int, *, start: int, title: str = "Twin paper") -> None:
    papers = Publication.objects.bulk_create(
        Publication(lab=lab, title=f"{title} {n}", slug=f"twin-{lab.pk}-{n}", year=2024)
        for n in range(start, start + count + 1)
    )
    PossibleDuplicate.objects.bulk_create(
        PossibleDuplicate(lab=lab, publication=later, other=earlier, reason="nearly the same")
        for earlier, later in zip(papers, papers[1:], strict=False)
    )


def add_ambiguous_names(lab, count: int, *, start: int) -> None:
    papers = Publication.objects.bulk_create(
        Publication(lab=lab, title=f"Who wrote {n}", slug=f"who-{lab.pk}-{n}", year=2024)
        for n in range(start, start + count)
    )
    Authorship.objects.bulk_create(
        Authorship(lab=lab, publication=paper, position=1, name="B. Chen") for paper in papers
    )


def test_review_page_is_paginated_with_the_same_queries_at_any_size(world, clients):
    editor = clients["editor_a"]
    make_person(lab=world.lab_a, full_name="Bo Chen")
    make_person(lab=world.lab_a, full_name="Bin Chen")
    add_pairs(world.lab_b, 40, start=0, title="Beta twin")  # never shown, never counted
    editor.get(REVIEW_URL)  # the session and the host's lab are looked up once
    measured = {}
    for pairs, names, start in ((150, 110, 0), (600, 440, 1000)):
        add_pairs(world.lab_a, pairs - PossibleDuplicate.objects.for_lab(world.lab_a).count(),
                  start=start)
        add_ambiguous_names(world.lab_a, names - Authorship.objects.filter(
            lab=world.lab_a, name="B. Chen").count(), start=start)
        with CaptureQueriesContext(connection) as queries:
            html = editor.get(REVIEW_URL).content.decode()
        measured[pairs] = (len(queries), len(html))
        assert f"<strong>{pairs}</strong> pairs to decide" in html
        assert f"<strong>{names}</strong> names to link" in html
        assert html.count('value="dismiss"') == 100
        assert f"Pairs 1–100 of {pairs}" in html
        assert "Beta twin" not in html
    (few_queries, few_bytes), (many_queries, many_bytes) = measured[150], measured[600]
    assert many_queries == few_queries
    assert many_bytes < 1.25 * few_bytes

    # The last page of each list, and a decision made there comes back to it.
    last = editor.get(REVIEW_URL + page_link(html, 6)).content.decode()
    assert "Pairs 501–600 of 600" in last and last.count('value="dismiss"') == 100
    names = editor.get(REVIEW_URL + page_link(html, 5, "names_page")).content.decode()
    assert "Names 401–440 of 440" in names and names.count('value="link"') == 40
    assert "Pairs 1–100 of 600" in names
    pair = PossibleDuplicate.objects.for_lab(world.lab_a).order_by("-created", "pk")[550]
    response = editor.post(REVIEW_URL, {"lab": world.lab_a.pk, "action": "dismiss",
                                        "duplicate": pair.pk, "page": 6})
    assert response["Location"].endswith(f"?lab={world.lab_a.pk}&page=6")
    pair.refresh_from_db()
    assert pair.resolved
