"""The raw-SQL writer (publications/imports/bulk.py): what bulk_create would write, faster.

Its figures are in the module's docstring (``python -m tests.imports.bench_bulk``). These
tests hold what the speed must not cost: the same rows as the ORM writes, defaults and
JSON included, across statements; every field of every row, on SQLite and PostgreSQL;
no model instance built per written row; and each lab's rows only in that lab.
"""

import pytest
from django.db.models.signals import post_init

from publications.imports import bulk
from publications.models import Authorship, Publication, PublicationLink
from tests.imports.helpers import bib, run_import

pytestmark = pytest.mark.django_db

# More rows than one statement holds on either backend (100 VALUES rows on SQLite, 2,000
# array rows on PostgreSQL), so that the chunks meet.
MANY = 2105


def test_rows_read_back_as_bulk_create_would_write_them(lab_a):
    bulk.insert_rows(Publication, ("lab", "slug", "title", "year", "month", "selected"),
                [(lab_a.pk, f"p{n}", f"Paper {n} — ‘quoted’", 2000 + n % 25, None, n % 2 == 0)
                 for n in range(MANY)])
    Publication.objects.bulk_create([Publication(lab=lab_a, slug="orm", title="Paper orm")])

    rows = Publication.objects.for_lab(lab_a).order_by("pk")
    assert rows.count() == MANY + 1
    by_orm = rows.get(slug="orm")
    raw = rows.get(slug="p2104")
    assert (raw.title, raw.year, raw.month, raw.selected) == ("Paper 2104 — ‘quoted’", 2004,
                                                               None, True)
    # Fields not named get what bulk_create gives them: defaults, JSON lists, timestamps.
    for name in ("kind", "venue", "doi", "edited_fields", "alias_title_keys", "note",
                 "citation_count", "authors_truncated"):
        assert getattr(raw, name) == getattr(by_orm, name), name
    assert raw.created is not None and raw.updated is not None
    assert [p.slug for p in rows[:3]] == ["p0", "p1", "p2"]  # in the order given


def test_author_rows_keep_every_field_across_statements(lab_a):
    paper = Publication.objects.create(lab=lab_a, slug="p", title="P")
    bulk.insert_rows(Authorship, ("lab", "publication", "position", "name", "person",
                             "equal_contribution", "corresponding"),
                [(lab_a.pk, paper.pk, n + 1, f"Author {n}", None, n % 3 == 0, n == 7)
                 for n in range(MANY)])

    rows = list(Authorship.objects.for_lab(lab_a).order_by("position").values_list(
        "position", "name", "person_id", "equal_contribution", "corresponding"))
    assert len(rows) == MANY
    assert rows[0] == (1, "Author 0", None, True, False)
    assert rows[7] == (8, "Author 7", None, False, True)
    assert rows[-1] == (MANY, f"Author {MANY - 1}", None, (MANY - 1) % 3 == 0, False)


def test_an_import_builds_no_model_instance_per_paper_author_or_link(lab_a):
    """The writes go in as rows: a 60-entry file with three authors and a link each builds
    no Publication, Authorship or PublicationLink object for them (bulk_create built one
    per row, the cost bench_bulk measures)."""
    built = []

    def count(sender, **kwargs):
        built.append(sender)

    entries = [
        f"@article{{k{n}, title={{Paper number {n} on things}}, author={{Chen, Beidi and "
        f"Dao, Tri and Ré, Christopher}}, journal={{Journal of Things}}, year={{2024}}, "
        f"url={{https://example.org/paper-{n}.pdf}}}}"
        for n in range(60)
    ]
    for model in (Publication, Authorship, PublicationLink):
        post_init.connect(count, sender=model)
    try:
        report = run_import(lab_a, ("links.bib", bib(*entries)))
    finally:
        for model in (Publication, Authorship, PublicationLink):
            post_init.disconnect(count, sender=model)

    assert report.counts["created"] == 60
    assert PublicationLink.objects.for_lab(lab_a).count() == 60
    assert Authorship.objects.for_lab(lab_a).count() == 180
    link = PublicationLink.objects.for_lab(lab_a).get(url="https://example.org/paper-7.pdf")
    assert link.publication.title == "Paper number 7 on things"
    assert (link.order, link.lab_id) == (0, lab_a.pk)
    assert built.count(PublicationLink) == 0
    assert built.count(Authorship) == 0
    assert built.count(Publication) == 0


def test_another_labs_rows_never_appear(lab_a, lab_b):
    entry = ("@article{k, title={Shared title}, author={Chen, Beidi}, journal={J}, "
             "year={2024}, url={https://example.org/shared.pdf}}")
    run_import(lab_a, ("a.bib", bib(entry)))
    run_import(lab_b, ("b.bib", bib(entry)))

    for lab in (lab_a, lab_b):
        links = PublicationLink.objects.for_lab(lab)
        assert links.count() == 1
        assert links.get().publication.lab_id == lab.pk
        authors = bulk.raw_rows(Authorship.objects.for_lab(lab).values_list("lab_id", "name"))
        assert authors == [(lab.pk, "Beidi Chen")]
