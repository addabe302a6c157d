"""One rule decides which member "B Chen" is, whichever path links it: an import, the
stand-alone linker (``link_authors_to_members``) or the review list in admin
(``ambiguous_authors``). Lab members Bo Chen and Beidi Chen both fit "B Chen"."""

import pytest
from django.test import Client

from publications.imports import ambiguous_authors
from publications.linking import link_authors_to_members
from publications.models import Authorship, Publication
from tests.factories import make_person
from tests.imports.helpers import bib, run_import
from tests.publications.helpers import paper

pytestmark = pytest.mark.django_db

TWO_CHENS = """@article{chen2024two, title={Two Chens on one paper},
  author={Chen, B and Chen, Bo and Doe, Jane}, journal={J}, year={2024}}"""
LONE_B = """@article{chen2024lone, title={Who is B Chen here},
  author={Doe, Jane and Chen, B}, journal={J}, year={2024}}"""


@pytest.fixture
def chens(lab_a):
    return (make_person(lab=lab_a, full_name="Bo Chen", slug="bo"),
            make_person(lab=lab_a, full_name="Beidi Chen", slug="beidi"))


def people_on(publication):
    return [(a.name, a.person.full_name if a.person else None)
            for a in Authorship.objects.filter(publication=publication).order_by("position")]


def review_names(lab):
    return sorted((a.authorship.publication.title, a.authorship.name)
                  for a in ambiguous_authors(lab=lab))


def test_import_b_chen_next_to_bo_chen_is_bos_row_and_nothing_is_ambiguous(lab_a, chens):
    report = run_import(lab_a, ("two.bib", bib(TWO_CHENS)))

    publication = Publication.objects.for_lab(lab_a).get(title="Two Chens on one paper")
    assert people_on(publication) == [("B Chen", None), ("Bo Chen", "Bo Chen"),
                                      ("Jane Doe", None)]
    assert report.ambiguous_authors == []
    assert review_names(lab_a) == []


def test_import_replacing_a_list_keeps_bo_who_was_already_on_the_paper(lab_a, chens):
    bo, beidi = chens
    existing = paper(lab_a, "Sparse kernels for everyone", authors=[("Bo Chen", bo)],
                     authors_truncated=True)
    entry = """@article{chen2024sparse, title={Sparse kernels for everyone},
      author={Chen, B and Doe, Jane and Roe, Rick}, journal={J}, year={2024}}"""

    report = run_import(lab_a, ("full.bib", bib(entry)))

    # The cut list is replaced by the full one; "B Chen" is Bo, linked once, not Beidi.
    assert people_on(existing) == [("B Chen", "Bo Chen"), ("Jane Doe", None),
                                   ("Rick Roe", None)]
    assert report.ambiguous_authors == []
    assert review_names(lab_a) == []
    assert beidi.authorships.count() == 0


def test_linker_leaves_b_chen_to_bo_and_never_links_beidi(lab_a, chens):
    bo, beidi = chens
    publication = paper(lab_a, "Two Chens on one paper",
                        authors=["B Chen", ("Bo Chen", bo), "Jane Doe"])

    report = link_authors_to_members(lab=lab_a)

    assert people_on(publication)[:2] == [("B Chen", None), ("Bo Chen", "Bo Chen")]
    assert report.linked == [] and report.ambiguous == []
    assert review_names(lab_a) == []
    assert beidi.authorships.count() == 0


def test_an_ambiguous_b_chen_is_reported_the_same_way_by_every_path(lab_a, chens):
    report = run_import(lab_a, ("lone.bib", bib(LONE_B)))
    imported = [(a.authorship.name, {p.full_name for p in a.candidates})
                for a in report.ambiguous_authors]
    assert imported == [("B Chen", {"Bo Chen", "Beidi Chen"})]

    linker = link_authors_to_members(lab=lab_a)
    assert [(a.authorship.name, {p.full_name for p in a.candidates})
            for a in linker.ambiguous] == imported
    assert linker.linked == []
    assert review_names(lab_a) == [("Who is B Chen here", "B Chen")]


def test_b_chen_next_to_both_chens_is_listed_for_review_everywhere(lab_a, chens):
    bo, beidi = chens
    publication = paper(lab_a, "Three Chens",
                        authors=[("Bo Chen", bo), ("Beidi Chen", beidi), "B Chen"])

    # Both candidates are on the paper: not exactly one, so a person decides.
    assert [a.authorship.name for a in link_authors_to_members(lab=lab_a).ambiguous] == [
        "B Chen"]
    assert review_names(lab_a) == [("Three Chens", "B Chen")]
    assert people_on(publication)[2] == ("B Chen", None)


def test_the_review_page_shows_what_the_import_reported(lab_a, chens):
    from labsite.models import LabRole
    from tests.admin.conftest import make_user

    editor = make_user("chen-editor")
    LabRole.objects.create(user=editor, lab=lab_a, role=LabRole.Role.EDITOR)
    run_import(lab_a, ("two.bib", bib(TWO_CHENS)), ("lone.bib", bib(LONE_B)))
    client = Client(HTTP_HOST="a.example.org")
    client.force_login(editor)

    page = client.get("/admin/publications/publication/review/").content.decode()
    listed = page.split("Names that fit several members", 1)[1]
    assert "Who is B Chen here" in listed
    assert "Two Chens on one paper" not in listed


def test_another_labs_chens_are_never_candidates(lab_a, lab_b, chens):
    make_person(lab=lab_b, full_name="Bea Chen", slug="bea")
    run_import(lab_a, ("lone.bib", bib(LONE_B)))
    run_import(lab_b, ("lone.bib", bib(LONE_B)))

    [listed] = ambiguous_authors(lab=lab_a)
    assert {p.lab_id for p in listed.candidates} == {lab_a.pk}
    # Lab B has one Chen: its copy links to her; lab A's rows are untouched by it.
    assert ambiguous_authors(lab=lab_b) == []
    link_authors_to_members(lab=lab_b)
    theirs = Publication.objects.for_lab(lab_b).get()
    assert people_on(theirs)[1] == ("B Chen", "Bea Chen")
    assert Authorship.objects.for_lab(lab_a).filter(person__isnull=False).count() == 0
