"""Admin: a member's import and review reach only the papers they author. An entry of
their export that matches a labmate's paper is previewed as "matches a paper you do not
author" and never applied; an editor importing the same file merges it. On the review
page a member merges a pair only when they author both papers."""

import pytest
from django.urls import reverse

from publications.models import PossibleDuplicate, Publication
from tests.admin.conftest import admin_url
from tests.admin.test_import_page import confirm, preview, upload
from tests.imports.helpers import snapshot
from tests.publications.helpers import paper

pytestmark = pytest.mark.django_db

REVIEW_URL = reverse("admin:publications_publication_review")

# Otto's papers in the world: "Otto writes about alpha storage" (title match), plus the
# two made by the fixture below (arXiv id, cut author list).
MIA_FILE = b"""
@inproceedings{other2024storage, title={Otto writes about alpha storage},
  author={Member, Mia and Other, Otto}, booktitle={Alpha Conference}, year={2024},
  doi={10.1234/alpha.storage}, url={https://example.org/storage-paper}}

@article{member2024caching, title={Caching at alpha scale, the venue version},
  author={Member, Mia}, journal={Journal of Alpha}, year={2024},
  eprint={2401.01234}, archivePrefix={arXiv}}

@article{member2023cut, title={A cut author list},
  author={Member, Mia and Outsider, Zed}, journal={Journal of Alpha}, year={2023}}

@article{member2025new, title={Something new by Mia}, author={Member, Mia},
  journal={J}, year={2025}}
"""


@pytest.fixture
def others(world):
    otto = world.a["person_other"]
    return {
        "title": world.a["publication_other"],
        "arxiv": paper(world.lab_a, "Caching at alpha scale", authors=[("Otto Other", otto)],
                       kind="preprint", arxiv_id="2401.01234"),
        "cut": paper(world.lab_a, "A cut author list", authors=[("Otto Other", otto)],
                     authors_truncated=True),
    }


def rows_of(lab, publications):
    full, pks = snapshot(lab), {p.pk for p in publications}
    return (
        [r for r in full["publications"] if r["id"] in pks],
        [r for r in full["authorships"] if r["publication_id"] in pks],
        [r for r in full["links"] if r["publication_id"] in pks],
    )


def test_a_member_previews_and_imports_without_touching_labmates_papers(world, clients,
                                                                        others):
    member = clients["member_a"]
    before = rows_of(world.lab_a, others.values())

    page = preview(member, world.lab_a, [upload("mia.bib", MIA_FILE)])

    html = page.content.decode()
    # Once per entry in the list of entries, and once more among the summary's examples.
    assert html.count("matches a paper you do not author") == 6
    assert "3 entries match papers the importing member does not author (not applied)" in html
    assert "3</strong> match a paper you do not author" in html
    assert page.context["counts"]["not_yours"] == 3
    response = confirm(member, page)
    assert response.status_code == 302
    message = str(next(iter(member.get(admin_url(Publication)).context["messages"])))
    assert "3 not applied (papers you do not author)" in message
    assert rows_of(world.lab_a, others.values()) == before
    assert Publication.objects.for_lab(world.lab_a).filter(title="Something new by Mia").exists()

    # Still not the member's papers: not listed, not deletable.
    listing = member.get(admin_url(Publication)).content.decode()
    for publication in others.values():
        assert admin_url(publication, "change") not in listing
        member.post(admin_url(publication, "delete"), {"post": "yes"})
        assert Publication.objects.filter(pk=publication.pk).exists()
    assert rows_of(world.lab_a, others.values()) == before


def test_an_editor_importing_the_members_file_merges_into_labmates_papers(world, clients,
                                                                          others):
    mia = world.a["person_own"]
    page = preview(clients["editor_a"], world.lab_a, [upload("mia.bib", MIA_FILE)],
                   person=mia.pk)
    assert page.context["counts"]["not_yours"] == 0
    assert "matches a paper you do not author" not in page.content.decode()
    confirm(clients["editor_a"], page)

    storage = Publication.objects.get(pk=others["title"].pk)
    assert storage.doi == "10.1234/alpha.storage"
    caching = Publication.objects.get(pk=others["arxiv"].pk)
    assert caching.kind != "preprint" and caching.venue == "Journal of Alpha"
    cut = Publication.objects.get(pk=others["cut"].pk)
    assert cut.authorships.filter(person=mia).exists()


@pytest.fixture
def member_pairs(world):
    mia, otto = world.a["person_own"], world.a["person_other"]
    mine = paper(world.lab_a, "Mia's sparse attention", authors=[("Mia Member", mia)])
    mine_too = paper(world.lab_a, "Mia's sparse attentions", authors=[("Mia Member", mia)],
                     venue="Alpha Conference")
    ottos = paper(world.lab_a, "Mia's sparse attention, Otto's copy",
                  authors=[("Otto Other", otto)])
    both_mine = PossibleDuplicate.objects.create(lab=world.lab_a, publication=mine,
                                                 other=mine_too, reason="nearly the same title")
    half_mine = PossibleDuplicate.objects.create(lab=world.lab_a, publication=mine,
                                                 other=ottos, reason="nearly the same title")
    return both_mine, half_mine


def merge(client, lab, pair, keep):
    return client.post(REVIEW_URL, {"lab": lab.pk, "action": "merge", "duplicate": pair.pk,
                                    "keep": keep.pk})


def test_a_member_merges_a_pair_only_when_they_author_both(world, clients, member_pairs):
    both_mine, half_mine = member_pairs
    member = clients["member_a"]

    page = member.get(REVIEW_URL).content.decode()
    assert "Mia&#x27;s sparse attentions" in page
    assert "Otto&#x27;s copy" not in page  # the pair with Otto's paper is not theirs

    before = rows_of(world.lab_a, [half_mine.publication, half_mine.other])
    for keep in (half_mine.publication, half_mine.other):
        assert merge(member, world.lab_a, half_mine, keep).status_code == 403
    dismissed = member.post(REVIEW_URL, {"lab": world.lab_a.pk, "action": "dismiss",
                                         "duplicate": half_mine.pk})
    assert dismissed.status_code == 403
    assert rows_of(world.lab_a, [half_mine.publication, half_mine.other]) == before
    half_mine.refresh_from_db()
    assert not half_mine.resolved

    assert merge(member, world.lab_a, both_mine, both_mine.other).status_code == 302
    assert not Publication.objects.filter(pk=both_mine.publication_id).exists()
    kept = Publication.objects.get(pk=both_mine.other_id)
    assert kept.authorships.filter(person=world.a["person_own"]).exists()


def test_a_member_cannot_link_names_or_reach_another_labs_pairs(world, clients, member_pairs):
    member = clients["member_a"]
    authorship = world.a["authorship_own"]
    response = member.post(REVIEW_URL, {"lab": world.lab_a.pk, "action": "link",
                                        "authorship": authorship.pk,
                                        "person": world.a["person_other"].pk})
    assert response.status_code == 403
    authorship.refresh_from_db()
    assert authorship.person is None

    b_one = paper(world.lab_b, "Beta twin one")
    b_two = paper(world.lab_b, "Beta twin two")
    pair_b = PossibleDuplicate.objects.create(lab=world.lab_b, publication=b_one, other=b_two)
    assert member.get(REVIEW_URL + f"?lab={world.lab_b.pk}").status_code == 404
    for lab in (world.lab_a, world.lab_b):
        assert merge(member, lab, pair_b, b_one).status_code == 404
    assert Publication.objects.filter(pk__in=[b_one.pk, b_two.pk]).count() == 2
