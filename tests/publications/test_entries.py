"""publications.queries.load_entries: a short list reads its papers' authors and extras by
id, a long one through a sub-query; both give every paper its own, and no other lab's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publications import queries
from publications.models import Publication
from tests.factories import make_award, make_person
from tests.publications.helpers import paper

pytestmark = pytest.mark.django_db


def _lab_of_papers(lab, count, *, prefix):
    ada = make_person(lab=lab, slug=f"{prefix}-ada", full_name=f"Ada {prefix}")
    for n in range(count):
        paper(
            lab, f"{prefix} paper {n}", year=2000 + n % 20,
            authors=[(f"Ada {prefix}", ada), f"Co Author {n}"],
            tags=[f"{prefix}-topic-{n % 3}"],
            links=[("pdf", f"https://example.org/{prefix}/{n}.pdf")],
        )  # fmt: skip
    make_award(lab=lab, title="Best Paper", publication=Publication.objects.for_lab(lab).first())


def _shown(entries):
    return {
        entry.title: (
            [author.name for author in entry.authors],
            [link.url for link in entry.links],
            entry.tags,
            entry.awards,
        )
        for entry in entries
    }


SHORT = queries.IDS_AS_PARAMETERS_MAX


@pytest.mark.parametrize("count", [SHORT, SHORT + 1])
def test_short_and_long_lists_give_each_paper_its_own_authors_links_topics_and_badges(
    lab_a, lab_b, count
):
    _lab_of_papers(lab_a, count, prefix="a")
    _lab_of_papers(lab_b, count, prefix="b")  # the same shapes in another lab

    with CaptureQueriesContext(connection) as captured:
        entries = queries.load_entries(lab_a, Publication.objects.for_lab(lab_a).in_list_order())

    assert len(captured) == 3
    by_id = count <= queries.IDS_AS_PARAMETERS_MAX
    authors_sql = captured[1]["sql"]
    assert ("SELECT U0" not in authors_sql) is by_id, authors_sql[:300]
    shown = _shown(entries)
    assert len(shown) == count
    for n in range(count):
        names, links, tags, _awards = shown[f"a paper {n}"]
        assert names == ["Ada a", f"Co Author {n}"]
        assert links == [f"https://example.org/a/{n}.pdf"]
        assert [slug for _name, slug in tags] == [f"a-topic-{n % 3}"]
    assert sum(bool(awards) for *_rest, awards in shown.values()) == 1
    everything = repr(shown)
    assert "b paper" not in everything and "Ada b" not in everything and "/b/" not in everything
