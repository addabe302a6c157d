"""Google Scholar paper ids: kept from gs_data.json, matched on like a DOI, never across labs."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command

from labsite.models import Lab
from publications.models import Publication
from tests.factories import make_lab, make_publication
from tests.imports.helpers import bib, run_import

pytestmark = pytest.mark.django_db

FLASH_ID = "AbCdEfGAAAAJ:9yKSN-GCB0IC"


def gs_data(*papers: tuple[str, str, int]) -> bytes:
    """A crawler's gs_data.json with (author_pub_id, title, citations) papers."""
    publications = {
        pub_id: {"bib": {"title": title, "pub_year": "2022"}, "author_pub_id": pub_id,
                 "num_citations": count}
        for pub_id, title, count in papers
    }
    return json.dumps({"scholar_id": "AbCdEfGAAAAJ", "publications": publications}).encode()


def test_gs_data_json_keeps_each_papers_scholar_id(lab_a):
    run_import(lab_a, "gs_data.json")

    flash = Publication.objects.for_lab(lab_a).get(title__startswith="Flashattention")
    assert flash.scholar_id == FLASH_ID
    ids = set(Publication.objects.for_lab(lab_a).values_list("scholar_id", flat=True))
    assert ids == {FLASH_ID, "AbCdEfGAAAAJ:u5HHmVD_uO8C", "AbCdEfGAAAAJ:d1gkVwhDpl0C"}


def test_a_paper_is_found_again_by_its_scholar_id_when_its_title_changed(lab_a):
    run_import(lab_a, ("first.json", gs_data((FLASH_ID, "Flashattention: fast attention", 10))))

    report = run_import(
        lab_a, ("again.json", gs_data((FLASH_ID, "FlashAttention (renamed on Scholar)", 25)))
    )

    paper = Publication.objects.for_lab(lab_a).get()  # merged, not a second paper
    assert paper.citation_count == 25
    assert "same Google Scholar id" in report.items[0].reasons[0]


def test_scholar_ids_are_compared_as_written(lab_a):
    """Scholar's ids are case-sensitive: "…:ABC" and "…:abc" are two papers."""
    run_import(lab_a, ("a.json", gs_data(("AbCdEfGAAAAJ:abcdefghijkl", "One paper", 1))))
    run_import(lab_a, ("b.json", gs_data(("AbCdEfGAAAAJ:ABCDEFGHIJKL", "Another paper", 2))))

    assert Publication.objects.for_lab(lab_a).count() == 2


def test_a_bibtex_record_of_the_paper_fills_in_its_scholar_id_entry(lab_a):
    """One merge policy: the Scholar id is filled from whichever record has it."""
    run_import(lab_a, ("refs.bib", bib(
        "@inproceedings{dao, title={FlashAttention: Fast and Memory-Efficient Exact Attention "
        "with IO-Awareness}, author={Dao, Tri}, booktitle={NeurIPS}, year={2022}}"
    )))
    run_import(lab_a, "gs_data.json")

    flash = Publication.objects.for_lab(lab_a).get(title__icontains="flashattention")
    assert flash.scholar_id == FLASH_ID
    assert flash.title.startswith("FlashAttention: Fast")  # the better title stays


def test_an_edited_scholar_id_is_not_overwritten(lab_a):
    paper = make_publication(lab=lab_a, title="Flashattention: fast attention",
                             scholar_id="AbCdEfGAAAAJ:zzzzzzzzzzzz",
                             edited_fields=["scholar_id"])
    run_import(lab_a, ("gs.json", gs_data((FLASH_ID, "Flashattention: fast attention", 3))))

    paper.refresh_from_db()
    assert paper.scholar_id == "AbCdEfGAAAAJ:zzzzzzzzzzzz"


def test_another_labs_paper_with_the_same_scholar_id_is_never_matched(lab_a, lab_b):
    """Two labs share a paper (co-authors in both): each lab's import keeps to its own."""
    theirs = make_publication(lab=lab_b, title="Their title of it", scholar_id=FLASH_ID,
                              citation_count=7)
    run_import(lab_a, ("gs.json", gs_data((FLASH_ID, "Flashattention: fast attention", 99))))

    ours = Publication.objects.for_lab(lab_a).get()
    assert (ours.scholar_id, ours.citation_count) == (FLASH_ID, 99)
    theirs.refresh_from_db()
    assert (theirs.title, theirs.citation_count) == ("Their title of it", 7)
    assert Publication.objects.for_lab(lab_b).count() == 1


def test_scholar_ids_round_trip_through_the_lab_archive(tmp_path):
    lab = make_lab(slug="scholar", hosts=["scholar.example.org"])
    make_publication(lab=lab, slug="flash", title="Flash", scholar_id=FLASH_ID)
    archive = tmp_path / "scholar.zip"
    call_command("dumplab", "scholar", "-o", str(archive), stdout=io.StringIO())
    with zipfile.ZipFile(archive) as opened:
        rows = json.loads(opened.read("lab.json"))["models"]["publications.publication"]
    assert rows[0]["scholar_id"] == FLASH_ID
    Lab.objects.filter(slug="scholar").delete()

    call_command("loadlab", str(archive), stdout=io.StringIO(), stderr=io.StringIO())

    restored = Lab.objects.get(slug="scholar")
    assert Publication.objects.for_lab(restored).get(slug="flash").scholar_id == FLASH_ID
