"""Near-duplicate detection stays near-linear and bounded, and its report is grouped.

2,000 near-identical titles by one first author took 17 s and wrote every pair; 800
confirmed wrote 319,600 possible-duplicate rows (publications/imports/near_duplicates.py).
"""

import io
import random

import pytest
from django.core.management import call_command

from publications.imports import NEW, POSSIBLE_DUPLICATE
from publications.imports.summary import WARNING, summarise
from publications.models import PossibleDuplicate, Publication
from tests.factories import make_lab, make_publication
from tests.imports.bench_import import WORDS
from tests.imports.helpers import near_identical_bib, run_import

pytestmark = pytest.mark.django_db


def import_at(size: int):
    lab = make_lab()
    report = run_import(lab, ("many.bib", near_identical_bib(size)))
    return lab, report


def test_work_and_rows_grow_linearly_with_near_identical_titles(settings):
    settings.LABSITE_POSSIBLE_DUPLICATES_PER_IMPORT = 100_000  # the per-entry cap only
    per_entry = settings.LABSITE_POSSIBLE_DUPLICATES_PER_ENTRY
    measured = {}
    for size in (300, 1200):
        lab, report = import_at(size)
        rows = PossibleDuplicate.objects.for_lab(lab).count()
        stats = report.plan.near_duplicates
        assert report.counts["created"] == size
        assert 0 < rows <= per_entry * size
        assert stats.listed == rows and stats.left_out > 0
        assert stats.compared <= settings.LABSITE_NEAR_DUPLICATE_CANDIDATES * size
        # No entry carries more than its share of messages (the preview printed them all).
        assert max(len(item.reasons) for item in report.items) <= per_entry
        measured[size] = (stats.compared, rows)
    # Four times the entries: about four times the work and rows (a square would be 16).
    for small, large in zip(measured[300], measured[1200], strict=True):
        assert large <= 5 * small


def test_rows_written_per_import_are_capped_and_the_rest_is_said(settings):
    settings.LABSITE_POSSIBLE_DUPLICATES_PER_IMPORT = 50
    lab, report = import_at(300)

    assert PossibleDuplicate.objects.for_lab(lab).count() == 50
    assert Publication.objects.for_lab(lab).count() == 300  # nothing lost, nothing merged
    # Each paper gets its most similar pair first, so the cap covers 50 papers.
    assert report.counts["possible_duplicates"] == 50
    unlisted = [item for item in report.items if item.status == NEW and item.flags]
    assert unlisted
    assert "not listed: this import already lists 50 possible duplicates" in unlisted[0].flags[0]
    # Re-importing lists nothing again and adds no row.
    again = run_import(lab, ("many.bib", near_identical_bib(300)))
    assert again.counts["created"] == 0
    assert PossibleDuplicate.objects.for_lab(lab).count() == 50


def test_a_real_near_duplicate_is_still_found_among_many_papers_of_one_author(lab_a, lab_b):
    """The window is small, but near-identical titles sort next to each other."""
    rng = random.Random(7)
    titles = [" ".join(rng.sample(WORDS, 6)).capitalize() + f" {n}" for n in range(600)]
    for title in titles:
        make_publication(lab=lab_a, title=title, authors=["Beidi Chen"])
    make_publication(lab=lab_b, title=titles[300][:-1] + "X", authors=["Beidi Chen"])
    start_typo = "X" + titles[100][1:]  # differs at the start: found by the shared ending
    end_typo = titles[300] + "s"  # differs at the end: found by the shared beginning
    bib = "\n\n".join(
        f"@article{{t{n}, title={{{title}}}, author={{Chen, Beidi}}, journal={{J}}, year={{2024}}}}"
        for n, title in enumerate([start_typo, end_typo])
    ).encode()

    report = run_import(lab_a, ("typos.bib", bib))

    assert [item.status for item in report.items] == [POSSIBLE_DUPLICATE, POSSIBLE_DUPLICATE]
    pairs = {(pair.publication.title, pair.other.title)
             for pair in PossibleDuplicate.objects.for_lab(lab_a).select_related(
                 "publication", "other")}
    assert pairs == {(start_typo, titles[100]), (end_typo, titles[300])}
    # Lab B's nearly identical paper is never a candidate, and lab B gets no rows.
    assert not PossibleDuplicate.objects.for_lab(lab_b).exists()
    assert report.plan.near_duplicates.compared <= 2 * 20


def test_repeated_messages_are_summarised_with_a_few_examples(settings):
    settings.LABSITE_POSSIBLE_DUPLICATES_PER_IMPORT = 100_000
    lab, report = import_at(300)

    groups = {group.kind: group for group in summarise(report.plan)}
    assert set(groups) == {POSSIBLE_DUPLICATE, WARNING}
    group = groups[POSSIBLE_DUPLICATE]
    count = report.counts["possible_duplicates"]
    assert group.title() == (
        f"{count} entries look like near-duplicates of others (created, listed for review); "
        "first 20 shown"
    )
    assert len(group.examples) == 20 and group.more == count - 20
    assert group.examples[0].startswith("many.bib, line ")
    assert "possible duplicate: nearly the same title as" in group.examples[0]
    # Papers with more similar titles than are listed: one line for all of them.
    more = groups[WARNING]
    assert more.title().endswith(
        "entries with a warning: also nearly the same title as … more by the same first "
        "author, not listed: only the … most similar are listed for review; first 20 shown")
    assert len(more.examples) == 20


def test_the_command_report_stays_short_however_many_pairs(lab_a, tmp_path):
    lines = {}
    for size in (300, 1200):
        path = tmp_path / f"many{size}.bib"
        path.write_bytes(near_identical_bib(size, surname=f"Author{size}, Ann"))
        out = io.StringIO()
        call_command("import_publications", str(path), "--lab", lab_a.slug, "--no-progress",
                     stdout=out, stderr=io.StringIO())
        text = out.getvalue()
        lines[size] = len(text.splitlines())
        assert "entries look like near-duplicates of others (created, listed for review); " \
               "first 20 shown" in text
        assert "more (--verbosity 2 lists every entry)" in text
    assert lines[1200] < 100 and lines[1200] <= lines[300] + 10
