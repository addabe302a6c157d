"""Authors linked to members by name variants; whose export it is (--person)."""

import pytest

from labsite.cache import content_version
from publications.imports import ERROR, NEW, ambiguous_authors
from publications.models import Authorship, Publication
from tests.factories import make_person, make_publication
from tests.imports.helpers import bib, run_import

pytestmark = pytest.mark.django_db


def linked(lab):
    return {
        (a.publication.title[:12], a.name): a.person.full_name
        for a in Authorship.objects.for_lab(lab).filter(person__isnull=False)
        .select_related("publication", "person")
    }


def test_authors_are_linked_to_members_by_name_and_variants(lab_a):
    make_person(lab=lab_a, full_name="Christopher Ré")
    make_person(lab=lab_a, full_name="Tri Dao", name_variants="Dao, T.")

    run_import(lab_a, "profile.bib")

    links = linked(lab_a)
    assert links[("Flashattenti", "Tri Dao")] == "Tri Dao"
    assert links[("Flashattenti", "Christopher Ré")] == "Christopher Ré"
    # "Re, Christopher" without the accent in Deja Vu is the same member.
    assert links[("Deja vu: Con", "Christopher Re")] == "Christopher Ré"


def test_initials_link_when_one_member_fits_and_ambiguous_names_are_listed(lab_a):
    beidi = make_person(lab=lab_a, full_name="Beidi Chen")
    entry = """@article{x2021, title={A paper by B Chen}, author={Chen, B and Doe, Jane},
      journal={J}, year={2021}}"""
    run_import(lab_a, ("one.bib", bib(entry)))
    assert linked(lab_a) == {("A paper by B", "B Chen"): "Beidi Chen"}

    bo = make_person(lab=lab_a, full_name="Bo Chen")
    other = entry.replace("x2021", "y2022").replace("A paper by B Chen", "Another by B Chen")
    report = run_import(lab_a, ("two.bib", bib(other)))

    [ambiguous] = report.ambiguous_authors
    assert ambiguous.authorship.name == "B Chen"
    assert set(ambiguous.candidates) == {beidi, bo}
    assert not Authorship.objects.filter(publication__title="Another by B Chen",
                                         person__isnull=False).exists()
    # The review list in admin finds it in the database.
    [listed] = ambiguous_authors(lab=lab_a)
    assert listed.authorship.publication.title == "Another by B Chen"


def test_person_export_claims_their_own_ambiguous_initials(lab_a):
    beidi = make_person(lab=lab_a, full_name="Beidi Chen")
    make_person(lab=lab_a, full_name="Bo Chen")
    entry = """@article{x2021, title={A paper by B Chen}, author={Doe, Jane and Chen, B},
      journal={J}, year={2021}}"""

    report = run_import(lab_a, ("beidi.bib", bib(entry)), person=beidi)

    assert report.ambiguous_authors == []
    assert linked(lab_a) == {("A paper by B", "B Chen"): "Beidi Chen"}


def test_person_claims_their_name_on_existing_papers_too(lab_a):
    beidi = make_person(lab=lab_a, full_name="Beidi Chen")
    make_person(lab=lab_a, full_name="Bo Chen")
    make_publication(lab=lab_a, title="Scatterbrain: Unifying Sparse and Low-rank Attention",
                     authors=["B Chen", "Tri Dao"])

    run_import(lab_a, "scholar.ris", person=beidi)

    assert linked(lab_a)[("Scatterbrain", "B Chen")] == "Beidi Chen"


def test_entries_without_the_person_are_flagged(lab_a, beidi):
    report = run_import(lab_a, "profile.bib", person=beidi)

    flagged = {i.key: i.flags for i in report.items if i.flags}
    assert set(flagged) == {"dao2022flashattention", "zhang2023h2o", "liu2023deja",
                            "zhong2024distserve", "caimedusa"}
    assert flagged["zhang2023h2o"] == [
        "Beidi Chen is not among the authors (the author list was cut short)"
    ]
    assert flagged["dao2022flashattention"] == ["Beidi Chen is not among the authors"]
    assert report.counts["created"] == 9  # flagged, still imported for a lab editor


def test_member_importing_their_own_export_skips_papers_without_them(lab_a, beidi):
    report = run_import(lab_a, "profile.bib", "gs_data.json", person=beidi,
                        person_must_author=True)

    skipped = [i for i in report.items if i.status == ERROR]
    assert {i.key for i in skipped if i.filename == "profile.bib"} == {
        "dao2022flashattention", "zhang2023h2o", "liu2023deja", "zhong2024distserve",
        "caimedusa",
    }
    assert all(i.reasons[0].startswith("skipped: ") for i in skipped)
    # gs_data.json lists no authors: only papers already linked to the member are updated.
    by_title = {i.title[:10]: i.status for i in report.items if i.filename == "gs_data.json"}
    assert by_title["Efficient "] != ERROR  # StreamingLLM, just imported with Beidi linked
    assert by_title["Flashatten"] == ERROR
    titles = {p.title[:10] for p in Publication.objects.for_lab(lab_a)}
    assert "Flashatten" not in titles
    streaming = Publication.objects.for_lab(lab_a).get(arxiv_id="2309.17453")
    assert streaming.citation_count == 812


def test_successful_import_makes_cached_pages_stale(lab_a):
    version = content_version(lab_a.pk)
    report = run_import(lab_a, "scholar.ris")
    assert report.items[0].status == NEW
    assert content_version(lab_a.pk) > version

    version = content_version(lab_a.pk)
    run_import(lab_a, "scholar.ris")  # nothing to write
    assert content_version(lab_a.pk) == version
