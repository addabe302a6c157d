"""One-click merge of possible duplicates: keeps the better record, moves everything."""

import pytest

from awards.models import Award
from news.models import NewsItem
from publications.imports import (
    better_record,
    dismiss_possible_duplicate,
    merge_possible_duplicate,
    merge_publications,
    record_edited_fields,
)
from publications.models import PossibleDuplicate, Publication, PublicationLink, Tag
from tests.factories import make_award, make_news, make_person, make_publication
from tests.imports.helpers import bib, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(lab_a):
    beidi = make_person(lab=lab_a, full_name="Beidi Chen")
    venue = make_publication(
        lab=lab_a, title="Scatterbrain: Unifying Sparse and Low-Rank Attention", kind="conference",
        venue="Advances in Neural Information Processing Systems", venue_short="NeurIPS 2021",
        year=2021, authors=["Beidi Chen", "Tri Dao", "Eric Winsor"], authors_truncated=True,
        slug="venue",
    )
    preprint = make_publication(
        lab=lab_a, title="Scatterbrain: unifying sparse and low-rank attention approximation",
        kind="preprint", venue="arXiv", year=2021, arxiv_id="2110.15343", citation_count=80,
        authors=[("Beidi Chen", beidi), "Tri Dao", "Eric Winsor", "Zhao Song", "Atri Rudra"],
        slug="preprint",
    )
    return venue, preprint


def test_merge_moves_everything_and_deletes_the_other(lab_a, pair):
    venue, preprint = pair
    PublicationLink.objects.create(lab=lab_a, publication=preprint, kind="arxiv",
                                   url="https://arxiv.org/abs/2110.15343")
    PublicationLink.objects.create(lab=lab_a, publication=preprint, kind="code",
                                   url="https://github.com/example/scatterbrain")
    PublicationLink.objects.create(lab=lab_a, publication=venue, kind="code",
                                   url="https://github.com/example/scatterbrain")
    tag = Tag.objects.create(lab=lab_a, name="Attention", slug="attention")
    preprint.tags.add(tag)
    award = make_award(lab=lab_a, title="Spotlight", kind="paper", publication=preprint)
    news = make_news(lab=lab_a, publication=preprint)

    kept = merge_publications(keep=venue, remove=preprint)

    assert kept.pk == venue.pk
    assert not Publication.objects.filter(pk=preprint.pk).exists()
    assert (kept.kind, kept.venue_short, kept.arxiv_id) == ("conference", "NeurIPS 2021",
                                                            "2110.15343")
    assert kept.citation_count == 80
    assert kept.title == "Scatterbrain: Unifying Sparse and Low-Rank Attention"
    # The full author list replaces the truncated one, with its member link.
    authors = list(kept.authorships.order_by("position").values_list("name", "person__full_name"))
    assert authors[0] == ("Beidi Chen", "Beidi Chen")
    assert len(authors) == 5 and kept.authors_truncated is False
    assert sorted(kept.links.values_list("kind", flat=True)) == ["arxiv", "code"]
    assert list(kept.tags.all()) == [tag]
    assert Award.objects.get(pk=award.pk).publication_id == kept.pk
    assert NewsItem.objects.get(pk=news.pk).publication_id == kept.pk
    # Re-importing the removed record's title now matches the kept paper.
    entry = """@article{chen2021scatterbrain,
  title={Scatterbrain: unifying sparse and low-rank attention approximation},
  author={Chen, Beidi}, journal={Advances in Neural Information Processing Systems},
  year={2021}}"""
    report = run_import(lab_a, ("again.bib", bib(entry)))
    assert report.counts["created"] == 0
    assert "same title" in report.items[0].reasons[0]


def test_merge_respects_edited_fields(lab_a, pair):
    venue, preprint = pair
    preprint.kind = "workshop"
    preprint.venue = "A workshop"
    preprint.save()
    venue.kind, venue.venue = "preprint", ""
    record_edited_fields(venue, ["kind", "venue"])
    venue.save()

    kept = merge_publications(keep=venue, remove=preprint)

    assert (kept.kind, kept.venue) == ("preprint", "")


def test_better_record_prefers_the_venue_version_and_full_authors(pair):
    venue, preprint = pair
    assert better_record(venue, preprint) == venue
    assert better_record(preprint, venue) == venue


def test_one_click_merge_and_dismiss_of_possible_duplicates(lab_a, pair):
    venue, preprint = pair
    duplicate = PossibleDuplicate.objects.create(lab=lab_a, publication=preprint, other=venue,
                                                 reason="nearly the same title")
    kept = merge_possible_duplicate(duplicate=duplicate)
    assert kept.pk == venue.pk
    assert not PossibleDuplicate.objects.exists()  # gone with the removed paper

    other = make_publication(lab=lab_a, title="Something else", slug="else")
    duplicate = PossibleDuplicate.objects.create(lab=lab_a, publication=other, other=venue,
                                                 reason="nearly the same title")
    dismiss_possible_duplicate(duplicate=duplicate)
    duplicate.refresh_from_db()
    assert duplicate.resolved is True
    assert Publication.objects.for_lab(lab_a).count() == 2


def test_papers_of_two_labs_cannot_be_merged(lab_a, lab_b, pair):
    venue, _ = pair
    stranger = make_publication(lab=lab_b, title="Scatterbrain", slug="x")
    with pytest.raises(ValueError):
        merge_publications(keep=venue, remove=stranger)
    assert Publication.objects.filter(pk=stranger.pk).exists()
