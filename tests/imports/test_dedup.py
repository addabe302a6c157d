"""Matching and merging: within a file, across files, and against the lab's papers."""

import pytest

from publications.imports import DUPLICATE, MERGE, NEW, POSSIBLE_DUPLICATE, UPDATE
from publications.models import Authorship, PossibleDuplicate, Publication
from tests.factories import make_publication
from tests.imports.helpers import bib, papers, plan, run_import

pytestmark = pytest.mark.django_db

STREAMING_ARXIV = """@article{xiao2023efficient,
  title={Efficient streaming language models with attention sinks},
  author={Xiao, Guangxuan and Tian, Yuandong and Chen, Beidi and Han, Song and Lewis, Mike},
  journal={arXiv preprint arXiv:2309.17453},
  year={2023}
}"""
STREAMING_ICLR = """@inproceedings{xiao2023efficient,
  title={Efficient Streaming Language Models with Attention Sinks},
  author={Xiao, Guangxuan and Tian, Yuandong and Chen, Beidi and Han, Song and Lewis, Mike},
  booktitle={The Twelfth International Conference on Learning Representations},
  year={2024}
}"""


def statuses(import_plan):
    return [(item.key, item.status) for item in import_plan.items]


def test_arxiv_and_venue_version_in_one_file_become_one_record(lab_a):
    report = run_import(lab_a, ("profile.bib", bib(STREAMING_ARXIV, STREAMING_ICLR)))

    assert statuses(report.plan) == [("xiao2023efficient", NEW), ("xiao2023efficient", MERGE)]
    [paper] = papers(lab_a)
    # The venue version's kind, venue and year; the arXiv id and link; the capitalised title.
    assert (paper.kind, paper.venue_short, paper.year) == ("conference", "ICLR 2024", 2024)
    assert paper.venue == "The Twelfth International Conference on Learning Representations"
    assert paper.arxiv_id == "2309.17453"
    assert list(paper.links.values_list("kind", "url")) == [
        ("arxiv", "https://arxiv.org/abs/2309.17453")
    ]
    assert paper.title == "Efficient Streaming Language Models with Attention Sinks"


def test_venue_version_first_then_arxiv_gives_the_same_record(lab_a):
    run_import(lab_a, ("profile.bib", bib(STREAMING_ICLR, STREAMING_ARXIV)))

    [paper] = papers(lab_a)
    assert (paper.kind, paper.year, paper.arxiv_id) == ("conference", 2024, "2309.17453")
    assert paper.title == "Efficient Streaming Language Models with Attention Sinks"
    assert paper.links.get().kind == "arxiv"


def test_existing_arxiv_record_is_upgraded_by_the_venue_version(lab_a):
    run_import(lab_a, "profile.bib")
    preprint = Publication.objects.for_lab(lab_a).get(arxiv_id="2309.17453")
    assert preprint.kind == "preprint"

    report = run_import(lab_a, "iclr.bib")

    assert statuses(report.plan) == [("xiao2023efficient", MERGE)]
    assert "same title" in report.items[0].reasons[0]
    preprint.refresh_from_db()
    assert (preprint.kind, preprint.venue_short, preprint.year) == ("conference", "ICLR 2024", 2024)
    assert preprint.arxiv_id == "2309.17453"
    assert preprint.title == "Efficient Streaming Language Models with Attention Sinks"
    assert Publication.objects.for_lab(lab_a).count() == 9


def test_arxiv_record_never_downgrades_a_venue_record(lab_a):
    run_import(lab_a, "iclr.bib")
    run_import(lab_a, ("arxiv.bib", bib(STREAMING_ARXIV)))

    [paper] = papers(lab_a)
    assert (paper.kind, paper.year, paper.venue_short) == ("conference", 2024, "ICLR 2024")
    assert paper.arxiv_id == "2309.17453"  # filled from the arXiv record
    assert paper.title == "Efficient Streaming Language Models with Attention Sinks"


def test_same_doi_matches_whatever_the_title(lab_a):
    existing = make_publication(lab=lab_a, title="A title written by hand", doi="10.1145/1234.5678")
    entry = """@article{x2020, title={A completely different title}, author={Doe, Jane},
      journal={Some Journal}, year={2020}, doi={https://doi.org/10.1145/1234.5678}}"""

    report = run_import(lab_a, ("x.bib", bib(entry)))

    assert report.items[0].status == UPDATE  # it fills the empty venue
    assert "same DOI" in report.items[0].reasons[0]
    assert Publication.objects.for_lab(lab_a).count() == 1
    existing.refresh_from_db()
    assert existing.title == "A title written by hand"
    assert existing.venue == "Some Journal"


def test_same_arxiv_id_matches_across_formats(lab_a):
    run_import(lab_a, "scholar.enw")
    report = run_import(lab_a, ("arxiv.bib", bib(STREAMING_ARXIV.replace(
        "Efficient streaming language models with attention sinks",
        "StreamingLLM: a different spelling"))))

    assert report.items[0].status == DUPLICATE
    assert "same arXiv id" in report.items[0].reasons[0]
    assert Publication.objects.for_lab(lab_a).count() == 2


def test_title_key_ignores_case_punctuation_tex_and_spacing(lab_a):
    make_publication(lab=lab_a, title="Deja Vu: Contextual Sparsity for Efficient LLMs at "
                     "Inference Time", authors=["Zichang Liu"])
    entry = r"""@inproceedings{liu2023deja,
  title={{D}eja  vu -- contextual sparsity for efficient {LLMs} at inference time.},
  author={Liu, Zichang}, booktitle={International Conference on Machine Learning}, year={2023}}"""

    report = run_import(lab_a, ("x.bib", bib(entry)))

    assert report.items[0].status == UPDATE
    assert Publication.objects.for_lab(lab_a).count() == 1


def test_matches_within_a_file_across_files_and_against_existing(lab_a):
    make_publication(lab=lab_a, title="Scatterbrain: Unifying Sparse and Low-rank Attention")

    report = run_import(lab_a, "scholar.ris", "profile.csv", "profile.bib", "scholar.enw")

    by_key = {(i.filename, i.line): i.status for i in report.items}
    assert by_key[("scholar.ris", 1)] == UPDATE  # Scatterbrain: the lab's existing paper
    assert by_key[("scholar.ris", 17)] == NEW  # FlashAttention, first seen
    assert by_key[("profile.csv", 2)] == DUPLICATE  # FlashAttention again, nothing new
    assert by_key[("profile.bib", 1)] == DUPLICATE  # and again
    assert by_key[("scholar.enw", 13)] == DUPLICATE  # StreamingLLM from profile.bib
    titles = [p.title for p in papers(lab_a)]
    assert len(titles) == len(set(titles)) == 12


def test_truncated_author_list_never_replaces_a_full_one(lab_a):
    run_import(lab_a, "profile.csv")  # H2O with all 12 authors
    report = run_import(lab_a, "profile.bib")  # H2O cut after 10 "and others"

    h2o = Publication.objects.for_lab(lab_a).get(title__startswith="H2o")
    assert h2o.authorships.count() == 12
    assert h2o.authors_truncated is False
    item = next(i for i in report.items if i.key == "zhang2023h2o")
    assert item.status == DUPLICATE


def test_full_author_list_replaces_a_truncated_one(lab_a, beidi):
    run_import(lab_a, "profile.bib")
    h2o = Publication.objects.for_lab(lab_a).get(title__startswith="H2o")
    assert (h2o.authorships.count(), h2o.authors_truncated) == (10, True)
    tian = h2o.authorships.get(position=8)
    from tests.factories import make_person

    yuandong = make_person(lab=lab_a, full_name="Yuandong Tian")
    tian.person = yuandong
    tian.equal_contribution = True
    tian.save()

    report = run_import(lab_a, "profile.csv")

    item = next(i for i in report.items if i.title.startswith("H2o"))
    assert (item.status, item.changes) == (UPDATE, ["authors"])
    h2o.refresh_from_db()
    assert h2o.authors_truncated is False
    names = list(h2o.authorships.order_by("position")
                 .values_list("name", "person", "equal_contribution"))
    assert len(names) == 12
    assert names[7] == ("Yuandong Tian", yuandong.pk, True)  # the hand-made link is kept
    assert names[11] == ("Beidi Chen", beidi.pk, False)  # the new author is linked


def test_lower_cased_title_loses_to_the_capitalised_one_either_way(lab_a):
    lower = bib(STREAMING_ARXIV)
    upper = bib(STREAMING_ARXIV.replace(
        "Efficient streaming language models with attention sinks",
        "Efficient Streaming Language Models with Attention Sinks"))
    run_import(lab_a, ("upper.bib", upper))
    run_import(lab_a, ("lower.bib", lower))
    assert papers(lab_a)[0].title == "Efficient Streaming Language Models with Attention Sinks"

    Publication.objects.for_lab(lab_a).delete()
    run_import(lab_a, ("lower.bib", lower))
    report = run_import(lab_a, ("upper.bib", upper))
    assert report.items[0].changes == ["title"]
    assert papers(lab_a)[0].title == "Efficient Streaming Language Models with Attention Sinks"


def test_two_entries_with_the_same_key_are_two_papers(lab_a):
    report = run_import(lab_a, "profile.bib")

    deja = [i for i in report.items if i.key == "liu2023deja"]
    assert [i.status for i in deja] == [NEW, NEW]
    deja = Publication.objects.for_lab(lab_a).filter(title__startswith="Deja")
    slugs = sorted(p.slug for p in deja)
    assert slugs == ["liu2023deja", "liu2023deja-2"]


def test_near_identical_title_with_same_first_author_is_a_possible_duplicate(lab_a):
    # A typo near the start: found through the titles' common ending.
    original = make_publication(
        lab=lab_a, title="Scaterbrain: Unifying Sparse and Low Rank Attention",
        authors=["Beidi Chen", "Tri Dao"],
    )

    report = run_import(lab_a, "scholar.ris")

    item = report.items[0]
    assert item.status == POSSIBLE_DUPLICATE
    assert "nearly the same title" in item.reasons[0]
    assert original.slug in item.reasons[0]
    # Created, never merged silently, and listed for review.
    assert Publication.objects.for_lab(lab_a).count() == 3
    duplicate = PossibleDuplicate.objects.for_lab(lab_a).get()
    assert duplicate.other == original
    assert duplicate.publication.title == "Scatterbrain: Unifying sparse and low-rank attention"
    assert report.counts["possible_duplicates"] == 1
    # Re-importing does not ask again.
    again = run_import(lab_a, "scholar.ris")
    assert again.counts["possible_duplicates"] == 0
    assert PossibleDuplicate.objects.for_lab(lab_a).count() == 1


def test_near_identical_titles_within_one_import(lab_a):
    first = """@article{chen2021a, title={Scatterbrain: unifying sparse and low-rank attention},
      author={Chen, Beidi}, journal={Advances in Neural Information Processing Systems},
      year={2021}}"""
    second = first.replace("low-rank attention", "low-rank attentions").replace("2021a", "2021b")

    report = run_import(lab_a, ("x.bib", bib(first, second)))

    assert [i.status for i in report.items] == [NEW, POSSIBLE_DUPLICATE]
    duplicate = PossibleDuplicate.objects.for_lab(lab_a).get()
    assert {duplicate.publication.title, duplicate.other.title} == {
        "Scatterbrain: unifying sparse and low-rank attention",
        "Scatterbrain: unifying sparse and low-rank attentions",
    }


def test_near_identical_title_with_another_first_author_is_a_different_paper(lab_a):
    make_publication(lab=lab_a, title="Scaterbrain: Unifying Sparse and Low Rank Attention",
                     authors=["Someone Else"])

    report = run_import(lab_a, "scholar.ris")

    assert report.items[0].status == NEW
    assert not PossibleDuplicate.objects.exists()


def test_same_title_but_different_dois_is_kept_apart_for_review(lab_a):
    first = """@article{a2020, title={Introduction}, author={Doe, Jane}, journal={J. One},
      year={2020}, doi={10.1000/one}}"""
    second = """@article{a2021, title={Introduction}, author={Doe, Jane}, journal={J. Two},
      year={2021}, doi={10.1000/two}}"""

    report = run_import(lab_a, ("x.bib", bib(first, second)))

    assert [i.status for i in report.items] == [NEW, POSSIBLE_DUPLICATE]
    assert "different DOI" in report.items[1].reasons[-1]
    assert Publication.objects.for_lab(lab_a).count() == 2
    assert PossibleDuplicate.objects.for_lab(lab_a).count() == 1


def test_plan_is_a_dry_run(lab_a):
    import_plan = plan(lab_a, "profile.bib", "profile.csv")

    assert import_plan.counts["created"] == 10
    assert not Publication.objects.exists()
    assert not Authorship.objects.exists()
