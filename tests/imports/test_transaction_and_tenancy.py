"""Each import is one transaction; an import into one lab never touches another."""

import pytest

from publications.imports import ImportFailed, apply_import, writing
from publications.models import Publication, PublicationLink
from tests.factories import make_person, make_publication
from tests.imports.helpers import run_import, snapshot

pytestmark = pytest.mark.django_db


def test_failure_mid_import_leaves_the_database_as_it_was(lab_a, monkeypatch):
    run_import(lab_a, "profile.bib")
    before = snapshot(lab_a)
    original = writing.insert_rows
    calls = []

    def fail_on_authors(model, *args, **kwargs):
        calls.append(model.__name__)
        # Publications of this import are already written when the authors fail.
        if model.__name__ == "Authorship":
            raise RuntimeError("disk full")
        return original(model, *args, **kwargs)

    monkeypatch.setattr(writing, "insert_rows", fail_on_authors)

    with pytest.raises(ImportFailed, match="nothing was changed.*disk full"):
        run_import(lab_a, "profile.csv", "scholar.ris", "iclr.bib")

    assert calls == ["Publication", "Authorship"]
    assert snapshot(lab_a) == before


def test_failure_after_updates_rolls_back_the_updates_too(lab_a, monkeypatch):
    run_import(lab_a, "gs_data.json")
    before = snapshot(lab_a)

    original = writing.insert_rows

    def fail_on_links(model, *args, **kwargs):
        # The updates of existing papers and the new authors are written by then.
        if model is PublicationLink:
            raise RuntimeError("connection lost")
        return original(model, *args, **kwargs)

    monkeypatch.setattr(writing, "insert_rows", fail_on_links)

    with pytest.raises(ImportFailed):
        run_import(lab_a, "gs_data_updated.json", "profile.bib")

    assert snapshot(lab_a) == before


def test_import_into_lab_a_never_matches_or_changes_lab_b(lab_a, lab_b):
    in_b = make_publication(
        lab=lab_b, title="Efficient streaming language models with attention sinks",
        arxiv_id="2309.17453", kind="preprint", slug="xiao2023efficient",
        authors=["Guangxuan Xiao"],
    )
    make_person(lab=lab_b, full_name="Beidi Chen")
    before_b = snapshot(lab_b)

    report = run_import(lab_a, "profile.bib", "iclr.bib")

    assert snapshot(lab_b) == before_b
    in_a = Publication.objects.for_lab(lab_a).get(arxiv_id="2309.17453")
    assert in_a.pk != in_b.pk
    assert in_a.slug == "xiao2024efficient"
    assert all("existing" not in reason for item in report.items for reason in item.reasons)
    # Lab B's member is not linked to lab A's papers.
    assert not in_a.authorships.filter(person__isnull=False).exists()


def test_near_duplicates_are_only_looked_for_in_the_same_lab(lab_a, lab_b):
    make_publication(lab=lab_b, title="Scaterbrain: Unifying Sparse and Low Rank Attention",
                     authors=["Beidi Chen"])

    report = run_import(lab_a, "scholar.ris")

    assert report.counts["possible_duplicates"] == 0


def test_a_plan_for_one_lab_cannot_be_applied_to_another(lab_a, lab_b):
    from tests.imports.helpers import plan

    import_plan = plan(lab_a, "profile.bib")
    with pytest.raises(ValueError):
        apply_import(lab=lab_b, plan=import_plan)
    assert not Publication.objects.exists()


def test_person_of_another_lab_is_refused(lab_a, lab_b):
    stranger = make_person(lab=lab_b, full_name="Beidi Chen")
    with pytest.raises(ValueError):
        run_import(lab_a, "profile.bib", person=stranger)
