"""Re-importing changes nothing; updated exports update; edits made in admin are kept."""

import datetime

import pytest
from django.utils import timezone

from publications.imports import DUPLICATE, UPDATE, record_edited_fields
from publications.models import Publication
from tests.imports.helpers import bib, run_import, snapshot

pytestmark = pytest.mark.django_db

ALL_FILES = ("profile.bib", "profile.csv", "scholar.ris", "scholar.enw", "gs_data.json",
             "iclr.bib")


def test_reimporting_every_file_changes_nothing(lab_a, beidi):
    first = run_import(lab_a, *ALL_FILES, person=beidi)
    assert first.counts["created"] == 12
    before = snapshot(lab_a)

    again = run_import(lab_a, *ALL_FILES, person=beidi)

    assert snapshot(lab_a) == before  # not even the "updated" timestamps
    assert again.counts == {"created": 0, "updated": 0, "merged": 0,
                            "duplicates": first.plan.importable, "possible_duplicates": 0,
                            "not_yours": 0, "errors": 0}
    assert not again.plan.writes_anything


def test_reimporting_in_another_order_changes_nothing(lab_a):
    run_import(lab_a, *ALL_FILES)
    before = snapshot(lab_a)

    run_import(lab_a, *reversed(ALL_FILES))

    assert snapshot(lab_a) == before


def test_updated_export_updates_citation_counts(lab_a):
    run_import(lab_a, "gs_data.json")
    Publication.objects.for_lab(lab_a).update(citations_read_on=datetime.date(2024, 1, 1))

    report = run_import(lab_a, "gs_data_updated.json")

    by_title = {i.title[:10]: i for i in report.items}
    assert by_title["Efficient "].status == UPDATE
    assert by_title["Efficient "].changes == ["citation_count"]
    assert by_title["H2o: Heavy"].status == DUPLICATE  # same count: untouched
    streaming = Publication.objects.for_lab(lab_a).get(title__startswith="Efficient")
    assert streaming.citation_count == 901
    assert streaming.citations_read_on == timezone.localdate()
    h2o = Publication.objects.for_lab(lab_a).get(title__startswith="H2o")
    assert (h2o.citation_count, h2o.citations_read_on) == (455, datetime.date(2024, 1, 1))


def test_updated_export_fills_empty_fields_only(lab_a):
    run_import(lab_a, "gs_data.json")  # titles, years, venues; no authors, no pages split
    flash = Publication.objects.for_lab(lab_a).get(title__startswith="Flashattention")
    flash.publisher = "Kept publisher"
    flash.save()

    run_import(lab_a, ("more.bib", bib("""@article{dao2022flashattention,
  title={Flashattention: Fast and memory-efficient exact attention with io-awareness},
  author={Dao, Tri and Fu, Dan},
  journal={Advances in Neural Information Processing Systems},
  volume={35}, number={7}, pages={16344--16359}, year={2022},
  publisher={Another publisher}
}""")))

    flash.refresh_from_db()
    assert flash.number == "7"  # was empty: filled
    assert flash.publisher == "Kept publisher"  # was set: kept
    assert [a.name for a in flash.authorships.all()] == ["Tri Dao", "Dan Fu"]


def test_fields_edited_in_admin_are_never_overwritten(lab_a):
    run_import(lab_a, "profile.bib")
    medusa = Publication.objects.for_lab(lab_a).get(title__startswith="Medusa")
    medusa.venue, medusa.kind, medusa.year = "", "conference", None
    record_edited_fields(medusa, ["venue", "kind", "year", "selected"])
    medusa.save()
    assert medusa.edited_fields == ["kind", "venue", "year"]  # only fields imports write

    # The ICML version would otherwise set venue, kind and year.
    icml = """@inproceedings{cai2024medusa,
  title={Medusa: Simple llm inference acceleration framework with multiple decoding heads},
  author={Cai, Tianle and Li, Yuhong},
  booktitle={International Conference on Machine Learning}, pages={5209--5235}, year={2024}
}"""
    report = run_import(lab_a, ("icml.bib", bib(icml)))

    medusa.refresh_from_db()
    assert (medusa.venue, medusa.kind, medusa.year) == ("", "conference", None)
    assert medusa.pages == "5209–5235"  # not edited: filled
    assert report.items[0].changes == ["pages"]


def test_edited_author_list_is_kept(lab_a):
    run_import(lab_a, "profile.bib")
    h2o = Publication.objects.for_lab(lab_a).get(title__startswith="H2o")
    h2o.authorships.filter(position__gt=2).delete()
    record_edited_fields(h2o, ["authors"])
    h2o.save()

    run_import(lab_a, "profile.csv")  # the full list would replace a truncated one

    assert h2o.authorships.count() == 2


def test_an_edited_title_still_matches_on_reimport(lab_a):
    run_import(lab_a, "profile.bib")
    medusa = Publication.objects.for_lab(lab_a).get(title__startswith="Medusa")
    medusa.title = "Medusa (our preferred title)"
    record_edited_fields(medusa, ["title"])
    medusa.save()
    before = snapshot(lab_a)

    report = run_import(lab_a, "profile.bib")

    assert report.counts["created"] == 0
    assert snapshot(lab_a) == before
    medusa.refresh_from_db()
    assert medusa.title == "Medusa (our preferred title)"
