"""demo.synthetic, the benchmark's lab: the same rows as before it moved out of labsite
(counts measured with labsite/benchdata.py at the same size and seed), in its own lab."""

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from demo.synthetic import build_lab, delete_lab, proportions
from labsite.models import Lab
from people.models import Person
from publications.models import Authorship, Publication

pytestmark = pytest.mark.django_db

# labsite.benchdata.build_lab(papers=100, seed=100) before the move, row for row.
ROWS_AT_100_PAPERS = {
    "labsite.Domain": 1,
    "people.Group": 5,
    "people.Person": 10,
    "people.PersonLink": 30,
    "people.CVEntry": 50,
    "publications.Tag": 12,
    "publications.Publication": 100,
    "publications.Authorship": 592,
    "publications.PublicationLink": 146,
    "publications.Publication_tags": 95,
    "awards.Award": 6,
    "news.NewsItem": 20,
}


def rows_of(lab) -> dict[str, int]:
    counts = {}
    for label in ROWS_AT_100_PAPERS:
        if label == "publications.Publication_tags":
            rows = Publication.tags.through.objects.filter(publication__lab=lab)
        else:
            rows = apps.get_model(label)._base_manager.filter(lab=lab)
        counts[label] = rows.count()
    return counts


def test_the_synthetic_lab_has_the_same_rows_as_before_the_move():
    lab = build_lab(slug="bench-100", host="bench-100.bench.test", papers=100, seed=100)
    assert rows_of(lab) == ROWS_AT_100_PAPERS
    sizes = proportions(100)
    assert (sizes["papers"], sizes["people"], sizes["news"]) == (100, 10, 20)
    assert sizes["paper_awards"] + sizes["person_awards"] == ROWS_AT_100_PAPERS["awards.Award"]


def test_two_synthetic_labs_never_share_a_row_or_a_page():
    small = build_lab(slug="small", host="small.example.org", papers=20, seed=1)
    large = build_lab(slug="large", host="large.example.org", papers=60, seed=2)
    for lab in (small, large):
        authors = Authorship.objects.for_lab(lab).exclude(person=None)
        assert set(authors.values_list("person__lab", flat=True)) == {lab.pk}
        assert set(authors.values_list("publication__lab", flat=True)) == {lab.pk}
    assert Publication.objects.for_lab(small).count() == 20
    assert Publication.objects.for_lab(large).count() == 60
    small_client = Client(HTTP_HOST="small.example.org")
    for path in ("/", "/publications/", "/people/", "/news/"):
        body = small_client.get(path).content.decode()
        assert "Synthetic Lab small" in body and "Synthetic Lab large" not in body, path
    # Only the large lab has a paper-59: the small lab's host answers 404 for it.
    assert small_client.get("/publications/paper-59/").status_code == 404
    assert Client(HTTP_HOST="large.example.org").get("/publications/paper-59/").status_code == 200

    delete_lab(small)
    assert not Lab.objects.filter(slug="small").exists()
    assert not Person.objects.filter(lab_id=small.pk).exists()
    assert Publication.objects.for_lab(large).count() == 60


@pytest.mark.django_db(transaction=True)
def test_deleting_a_lab_leaves_no_row_behind_and_commits():
    """Outside a test transaction, as ``make bench`` rebuilding its labs runs it: a row left
    pointing at a member (a homepage section, a research interest) failed the commit."""
    gone = build_lab(slug="gone", host="gone.example.org", papers=20, seed=20)
    kept = build_lab(slug="kept", host="kept.example.org", papers=20, seed=21)
    kept_rows = _row_counts(kept)
    assert _row_counts(gone)["people.PersonSection"] > 0
    assert _row_counts(gone)["people.ResearchInterest"] > 0

    delete_lab(gone)

    assert not Lab.objects.filter(slug="gone").exists()
    assert {label: n for label, n in _row_counts(gone).items() if n} == {}
    assert _row_counts(kept) == kept_rows
    assert Publication.tags.through.objects.filter(publication__lab=kept).exists()
    connection.check_constraints()


def _row_counts(lab) -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.filter(lab_id=lab.pk).count()
        for model in apps.get_models()
        if any(field.name == "lab" for field in model._meta.fields)
    }
