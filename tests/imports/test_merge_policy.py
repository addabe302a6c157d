"""One merge policy: an import's merge and the admin merge of the same two records agree.

The rules are pure functions (``publications.imports.merge_policy``); the import
(``Cluster.absorb``) and the admin merge (``merge_publications``) both call them.
"""

import datetime

import pytest

from publications.importers import parse
from publications.imports import merge_publications
from publications.imports.merge_policy import (
    AuthorList,
    AuthorRow,
    CitationReading,
    carry_over,
    winning_authors,
    winning_citations,
    winning_values,
)
from publications.imports.types import VALUE_FIELDS
from publications.models import Authorship, Publication, PublicationLink, arxiv_url
from tests.factories import make_person, make_publication
from tests.imports.helpers import run_import

PREPRINT = {
    "title": "Scatterbrain: unifying sparse and low-rank attention approximation",
    "kind": "preprint", "venue": "arXiv", "venue_short": "arXiv 2021", "year": 2021,
    "month": None, "volume": "", "number": "", "pages": "", "publisher": "", "doi": "",
    "arxiv_id": "2110.15343", "abstract": "", "note": "", "citation_count": None,
    "citations_read_on": None, "authors_truncated": False,
}
VENUE = dict(
    PREPRINT, title="Scatterbrain: Unifying Sparse and Low-Rank Attention", kind="conference",
    venue="Advances in Neural Information Processing Systems", venue_short="NeurIPS 2021",
    volume="34", pages="17413–17426", arxiv_id="", authors_truncated=True,
)


# --- The rules ----------------------------------------------------------------------------


def test_the_venue_version_beats_the_preprint_and_its_renamed_title():
    won = winning_values(PREPRINT, VENUE)
    assert won == {
        "kind": "conference", "venue": VENUE["venue"], "venue_short": "NeurIPS 2021",
        "volume": "34", "pages": "17413–17426", "title": VENUE["title"],
    }


def test_a_preprint_never_beats_the_venue_version_but_fills_its_empty_fields():
    assert winning_values(VENUE, PREPRINT) == {"arxiv_id": "2110.15343"}


def test_better_capitalisation_wins_and_worse_never_does():
    lower = dict(VENUE, title="Scatterbrain: unifying sparse and low-rank attention")
    assert winning_values(lower, VENUE) == {"title": VENUE["title"]}
    assert winning_values(VENUE, lower) == {}
    # Another title is another spelling only for the venue-beats-preprint rule.
    assert winning_values(VENUE, dict(VENUE, title="Something Else Entirely")) == {}


def test_a_record_of_kind_other_takes_the_other_kind():
    other = dict(VENUE, kind="other")
    assert winning_values(other, VENUE) == {"kind": "conference"}
    assert winning_values(VENUE, other) == {}


def test_protected_fields_are_never_overwritten():
    protected = {"kind", "venue", "title", "arxiv_id"}
    won = winning_values(PREPRINT, VENUE, protected=protected)
    assert not protected & set(won)
    assert won["venue_short"] == "NeurIPS 2021"
    assert winning_values(VENUE, PREPRINT, protected={"arxiv_id"}) == {}


def test_a_newer_citation_count_wins_and_of_one_day_the_higher():
    day, later = datetime.date(2025, 1, 1), datetime.date(2025, 6, 1)
    assert winning_citations(CitationReading(80, day), CitationReading(70, later))
    assert not winning_citations(CitationReading(80, later), CitationReading(90, day))
    assert winning_citations(CitationReading(80, day), CitationReading(90, day))
    assert not winning_citations(CitationReading(80, day), CitationReading(80, day))
    assert not winning_citations(CitationReading(80, None), CitationReading(None, later))
    assert winning_citations(CitationReading(None, None), CitationReading(3, None))
    assert winning_citations(CitationReading(80, None), CitationReading(3, day))  # undated


def test_a_list_cut_by_and_others_never_replaces_a_full_one():
    full, cut = AuthorList(5, truncated=False), AuthorList(3, truncated=True)
    assert not winning_authors(full, cut)
    assert not winning_authors(full, AuthorList(9, truncated=True))
    assert winning_authors(cut, full)
    assert winning_authors(cut, AuthorList(3, truncated=False))
    assert not winning_authors(cut, AuthorList(2, truncated=False))
    assert winning_authors(cut, AuthorList(4, truncated=True))
    assert not winning_authors(cut, AuthorList(3, truncated=True))
    assert winning_authors(AuthorList(0, False), cut)
    assert not winning_authors(cut, AuthorList(0, False))
    assert not winning_authors(cut, full, protected={"authors"})
    assert not winning_authors(cut, full, protected={"authorships"})


def test_the_winning_list_keeps_what_the_other_knew_of_the_same_names():
    winner = [AuthorRow("Beidi Chen"), AuthorRow("Tri Dao", 7), AuthorRow("Zhao Song")]
    loser = [AuthorRow("Chen, Beidi", 3, True, False), AuthorRow("Tri Dao", 8, False, True),
             AuthorRow("Eric Winsor", 9)]
    assert carry_over(winner, loser) == [
        AuthorRow("Beidi Chen", 3, True, False),
        AuthorRow("Tri Dao", 7, False, True),  # linked by hand on the winner: stays
        AuthorRow("Zhao Song"),
    ]
    # A member already on the winning list is not linked a second time.
    assert carry_over([AuthorRow("B Chen", 3), AuthorRow("Bo Chen")],
                      [AuthorRow("Bo Chen", 3)]) == [AuthorRow("B Chen", 3),
                                                     AuthorRow("Bo Chen")]


# --- An import's merge and the admin merge give the same paper -----------------------------

PREPRINT_BIB = b"""@article{chen2021scatterbrain,
  title={Scatterbrain: unifying sparse and low-rank attention approximation},
  author={Chen, Beidi and Dao, Tri and Winsor, Eric and Song, Zhao and Rudra, Atri},
  journal={arXiv preprint arXiv:2110.15343}, year={2021}}"""
# The NeurIPS version: renamed on publication, its author list cut by "and others".
VENUE_BIB = b"""@inproceedings{chen2021scatterbrainv,
  title={Scatterbrain: Unifying Sparse and Low-Rank Attention},
  author={Chen, Beidi and Dao, Tri and Winsor, Eric and others},
  booktitle={Advances in Neural Information Processing Systems}, volume={34},
  pages={17413--17426}, eprint={2110.15343}, eprinttype={arXiv}, year={2021}}"""


def stored_like_an_import(lab, data: bytes, slug: str) -> Publication:
    """The paper an import of ``data`` alone creates, made without matching it."""
    (entry,) = parse(data, filename="x.bib").entries
    values = {name: getattr(entry, name) for name in VALUE_FIELDS if hasattr(entry, name)}
    paper = make_publication(lab=lab, slug=slug, authors=[a.name for a in entry.authors],
                             **values)
    if entry.arxiv_id:
        PublicationLink.objects.create(lab=lab, publication=paper, kind="arxiv",
                                       url=arxiv_url(entry.arxiv_id))
    return paper


def outcome(paper: Publication) -> dict:
    paper.refresh_from_db()
    values = {name: getattr(paper, name) for name in VALUE_FIELDS}
    values.pop("citations_read_on")
    authors = [
        (a.name, a.person.full_name if a.person else None, a.equal_contribution,
         a.corresponding)
        for a in Authorship.objects.for_lab(paper.lab).filter(publication=paper)
        .select_related("person").order_by("position")
    ]
    links = sorted(paper.links.values_list("kind", "url"))
    return {"values": values, "authors": authors, "links": links}


@pytest.mark.django_db
@pytest.mark.parametrize("keep", ["preprint", "venue"])
def test_an_import_merge_and_an_admin_merge_of_the_same_two_records_agree(lab_a, lab_b, keep):
    for lab in (lab_a, lab_b):
        make_person(lab=lab, full_name="Beidi Chen")
    # The import: the arXiv record first, then the venue version merges into it.
    run_import(lab_a, ("arxiv.bib", PREPRINT_BIB))
    report = run_import(lab_a, ("neurips.bib", VENUE_BIB))
    assert [item.status for item in report.items] == ["merge"]
    (imported,) = Publication.objects.for_lab(lab_a)

    # The admin: the same two records as two papers, merged by hand either way round.
    run_import(lab_b, ("arxiv.bib", PREPRINT_BIB))
    preprint = Publication.objects.for_lab(lab_b).get()
    venue = stored_like_an_import(lab_b, VENUE_BIB, slug="chen2021scatterbrain-neurips")
    kept, removed = (preprint, venue) if keep == "preprint" else (venue, preprint)
    merged = merge_publications(keep=kept, remove=removed)

    assert outcome(merged) == outcome(imported)
    result = outcome(merged)
    assert result["values"]["title"] == "Scatterbrain: Unifying Sparse and Low-Rank Attention"
    assert (result["values"]["kind"], result["values"]["venue_short"]) == ("conference",
                                                                         "NeurIPS 2021")
    assert result["values"]["arxiv_id"] == "2110.15343"
    assert [a[:2] for a in result["authors"]][:2] == [("Beidi Chen", "Beidi Chen"),
                                                      ("Tri Dao", None)]
    assert len(result["authors"]) == 5 and result["values"]["authors_truncated"] is False
    assert Publication.objects.for_lab(lab_b).count() == 1
    # Each lab has its own paper: neither merge reached into the other lab.
    assert not Authorship.objects.for_lab(lab_a).filter(publication=merged).exists()


@pytest.mark.django_db
def test_the_admin_merge_takes_the_newer_citation_count_as_an_import_does(lab_a):
    old = make_publication(lab=lab_a, slug="old", citation_count=80,
                           citations_read_on=datetime.date(2024, 1, 1), **{
                               k: v for k, v in VENUE.items()
                               if k not in {"citation_count", "citations_read_on"}})
    new = make_publication(lab=lab_a, slug="new", citation_count=70,
                           citations_read_on=datetime.date(2025, 1, 1), **{
                               k: v for k, v in PREPRINT.items()
                               if k not in {"citation_count", "citations_read_on"}})

    kept = merge_publications(keep=old, remove=new)

    assert (kept.citation_count, kept.citations_read_on) == (70, datetime.date(2025, 1, 1))


@pytest.mark.django_db
def test_the_kept_author_list_takes_the_marks_of_the_other(lab_a):
    beidi = make_person(lab=lab_a, full_name="Beidi Chen")
    kept = make_publication(lab=lab_a, slug="kept", authors=["Beidi Chen", "Tri Dao"], **{
        k: v for k, v in VENUE.items() if k != "authors_truncated"})
    other = make_publication(lab=lab_a, slug="other", authors=[("Beidi Chen", beidi)],
                             **PREPRINT)
    Authorship.objects.filter(publication=other).update(equal_contribution=True,
                                                        corresponding=True)

    merged = merge_publications(keep=kept, remove=other)

    rows = list(merged.authorships.order_by("position").values_list(
        "name", "person", "equal_contribution", "corresponding"))
    assert rows == [("Beidi Chen", beidi.pk, True, True), ("Tri Dao", None, False, False)]
