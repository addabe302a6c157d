"""Admin: import Scholar exports (upload → preview → confirm) and review what imports
leave open (possible duplicates, names that fit several members); scoped by lab and role."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from publications.models import Authorship, ImportUpload, PossibleDuplicate, Publication
from tests.factories import make_person, make_publication

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:publications_publication_import")
REVIEW_URL = reverse("admin:publications_publication_review")
PROFILE_BIB = (Path(__file__).parents[1] / "imports" / "data" / "profile.bib").read_bytes()

MIA_BIB = b"""@inproceedings{member2024alpha,
  title={Alpha scheduling for everyone},
  author={Member, Mia and Writer, Some},
  booktitle={Proceedings of the Alpha Conference},
  year={2024}
}

@article{stranger2023beta,
  title={A paper Mia did not write},
  author={Stranger, Sam},
  journal={Journal of Other Things},
  year={2023}
}
"""


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def preview(client, lab, files, **fields):
    data = {"lab": lab.pk, "format": "auto", "files": files, "preview": "1", **fields}
    return client.post(IMPORT_URL, data)


def confirm(client, response):
    return client.post(
        IMPORT_URL,
        {"confirm": "1", "batch": response.context["batch"],
         "fingerprint": response.context["fingerprint"]},
    )


def papers(lab):
    return Publication.objects.for_lab(lab)


def test_editor_previews_without_writing_then_confirms(world, clients):
    lab = world.lab_a
    before = papers(lab).count()
    page = preview(clients["editor_a"], lab, [upload("citations.bib", PROFILE_BIB)])
    assert page.status_code == 200
    counts = page.context["counts"]
    assert counts["created"] >= 5 and counts["errors"] == 0
    html = page.content.decode()
    assert "Flashattention" in html and "citations.bib" in html and "Nothing has been saved" in html
    assert papers(lab).count() == before  # a preview writes no paper

    done = confirm(clients["editor_a"], page)
    assert done.status_code == 302
    assert papers(lab).count() == before + counts["created"]
    assert not ImportUpload.objects.exists()
    flash = papers(lab).get(title__icontains="Flashattention")
    assert flash.authorships.filter(name="Christopher Ré").exists()

    # The same file again: everything is already there, nothing to confirm.
    again = preview(clients["editor_a"], lab, [upload("citations.bib", PROFILE_BIB)])
    assert again.context["counts"]["created"] == 0
    assert again.context["counts"]["duplicates"] == counts["created"]
    assert "Nothing to import" in again.content.decode()


def test_bad_entries_are_listed_with_file_line_and_key_and_good_ones_still_import(world, clients):
    broken = b"@article{broken2020,\n  title={Never closed,\n  year={2020}\n"
    page = preview(clients["editor_a"], world.lab_a,
                   [upload("good.bib", MIA_BIB), upload("broken.bib", broken)])
    html = page.content.decode()
    assert page.context["counts"]["errors"] >= 1
    assert "broken.bib, line 1" in html and "broken2020" in html
    assert page.context["counts"]["created"] == 2
    confirm(clients["editor_a"], page)
    assert papers(world.lab_a).filter(title="Alpha scheduling for everyone").exists()


def test_a_file_over_the_limit_is_refused_by_name(world, clients, monkeypatch):
    monkeypatch.setattr("publications.admin_import.MAX_IMPORT_BYTES", 100)
    page = preview(clients["editor_a"], world.lab_a, [upload("huge.bib", PROFILE_BIB)])
    assert page.status_code == 200
    assert "huge.bib is" in page.content.decode() and "split the" in page.content.decode()
    assert not ImportUpload.objects.exists()


def test_a_member_imports_only_their_own_papers_as_themselves(world, clients):
    mia, otto = world.a["person_own"], world.a["person_other"]
    # Crafted: claims the export is Otto's. A member's import is always their own.
    page = preview(clients["member_a"], world.lab_a, [upload("mine.bib", MIA_BIB)],
                   person=otto.pk)
    assert page.status_code == 200
    assert page.context["person"] == mia
    assert page.context["counts"]["created"] == 1 and page.context["counts"]["errors"] == 1
    confirm(clients["member_a"], page)
    created = papers(world.lab_a).get(title="Alpha scheduling for everyone")
    assert created.authorships.get(position=1).person == mia
    assert not papers(world.lab_a).filter(title="A paper Mia did not write").exists()


def test_nobody_imports_into_a_lab_that_is_not_theirs(world, clients):
    for role in ("member_a", "editor_a", "admin_a"):
        page = preview(clients[role], world.lab_b, [upload("x.bib", MIA_BIB)])
        assert page.status_code == 200
        assert "Select a valid choice" in page.content.decode(), role
    # Lab B's member as "whose export" from lab A's editor: refused.
    page = preview(clients["editor_a"], world.lab_a, [upload("x.bib", MIA_BIB)],
                   person=world.b["person"].pk)
    assert "Select a valid choice" in page.content.decode()
    assert not ImportUpload.objects.exists()
    assert not papers(world.lab_b).filter(title__icontains="alpha").exists()


def test_only_the_uploader_can_confirm_an_upload(world, clients):
    page = preview(clients["editor_a"], world.lab_a, [upload("mine.bib", MIA_BIB)])
    for role in ("admin_b", "admin_a", "member_a"):
        assert confirm(clients[role], page).status_code == 404, role
    assert not papers(world.lab_a).filter(title="Alpha scheduling for everyone").exists()
    assert clients["anonymous"].post(IMPORT_URL, {"confirm": "1"}).status_code == 302
    assert clients["anonymous"].get(IMPORT_URL).status_code == 302  # to the login page


def test_a_changed_lab_is_previewed_again_before_anything_is_written(world, clients):
    page = preview(clients["editor_a"], world.lab_a, [upload("mine.bib", MIA_BIB)])
    make_publication(lab=world.lab_a, title="Alpha scheduling for everyone")
    again = confirm(clients["editor_a"], page)
    assert again.status_code == 200 and again.context["changed_since_preview"]
    assert "changed since you looked" in again.content.decode()
    assert papers(world.lab_a).filter(title="Alpha scheduling for everyone").count() == 1
    assert not papers(world.lab_a).filter(title="A paper Mia did not write").exists()
    confirm(clients["editor_a"], again)
    assert papers(world.lab_a).filter(title="A paper Mia did not write").exists()


def test_publication_list_offers_import_and_review_by_role(world, clients):
    changelist = reverse("admin:publications_publication_changelist")
    editor = clients["editor_a"].get(changelist).content.decode()
    assert IMPORT_URL in editor and REVIEW_URL in editor
    member = clients["member_a"].get(changelist).content.decode()
    # A member reviews the pairs of their own papers (test_import_others_papers).
    assert IMPORT_URL in member and REVIEW_URL in member


# --- Review ---------------------------------------------------------------------------------


@pytest.fixture
def pairs(world):
    first = make_publication(lab=world.lab_a, title="Sparse attention at scale",
                             authors=["Ada Moreau"], venue_short="ICML 2024")
    second = make_publication(lab=world.lab_a, title="Sparse attentions at scale",
                              authors=["Ada Moreau"], year=2023)
    pair_a = PossibleDuplicate.objects.create(lab=world.lab_a, publication=second, other=first,
                                              reason="nearly the same title")
    b_one = make_publication(lab=world.lab_b, title="Beta twin one")
    b_two = make_publication(lab=world.lab_b, title="Beta twin two")
    pair_b = PossibleDuplicate.objects.create(lab=world.lab_b, publication=b_one, other=b_two,
                                              reason="nearly the same title")
    return pair_a, pair_b


def test_review_lists_this_labs_pairs_and_merges_in_one_click(world, clients, pairs):
    pair_a, pair_b = pairs
    page = clients["editor_a"].get(REVIEW_URL).content.decode()
    assert "Sparse attention at scale" in page and "Sparse attentions at scale" in page
    assert "Beta twin" not in page

    response = clients["editor_a"].post(REVIEW_URL, {
        "lab": world.lab_a.pk, "action": "merge", "duplicate": pair_a.pk,
        "keep": pair_a.other_id,
    })
    assert response.status_code == 302
    remaining = papers(world.lab_a).filter(title__startswith="Sparse attention")
    assert list(remaining.values_list("title", flat=True)) == ["Sparse attention at scale"]
    assert PossibleDuplicate.objects.filter(pk=pair_b.pk).exists()


def test_keeping_both_papers_is_remembered(world, clients, pairs):
    pair_a, _ = pairs
    clients["editor_a"].post(REVIEW_URL, {"lab": world.lab_a.pk, "action": "dismiss",
                                          "duplicate": pair_a.pk})
    pair_a.refresh_from_db()
    assert pair_a.resolved
    assert papers(world.lab_a).filter(title__startswith="Sparse attention").count() == 2
    assert "Sparse attention at scale" not in clients["editor_a"].get(REVIEW_URL).content.decode()


def test_review_of_another_lab_is_out_of_reach(world, clients, pairs):
    pair_a, _ = pairs
    admin_b = clients["admin_b"]
    # Lab A named outright, or lab A's pair through lab B: both 404, nothing merged.
    assert admin_b.get(REVIEW_URL + f"?lab={world.lab_a.pk}").status_code == 404
    for lab in (world.lab_a, world.lab_b):
        response = admin_b.post(REVIEW_URL, {"lab": lab.pk, "action": "merge",
                                             "duplicate": pair_a.pk, "keep": pair_a.other_id})
        assert response.status_code == 404
    assert papers(world.lab_a).filter(title__startswith="Sparse attention").count() == 2
    # A member sees only pairs of two papers they author: not these.
    member_page = clients["member_a"].get(REVIEW_URL)
    assert member_page.status_code == 200
    assert "Sparse attention" not in member_page.content.decode()
    assert "Beta twin" not in member_page.content.decode()
    assert clients["anonymous"].get(REVIEW_URL).status_code == 302


def test_a_name_that_fits_two_members_is_linked_by_hand(world, clients):
    bo = make_person(lab=world.lab_a, full_name="Bo Chen")
    bin_ = make_person(lab=world.lab_a, full_name="Bin Chen")
    paper = make_publication(lab=world.lab_a, title="Who is B. Chen?", authors=["B. Chen"])
    authorship = Authorship.objects.get(publication=paper)
    page = clients["editor_a"].get(REVIEW_URL).content.decode()
    assert "Who is B. Chen?" in page and "Bo Chen" in page and "Bin Chen" in page

    # Another lab's member is not a choice, even by a crafted id.
    crafted = clients["editor_a"].post(REVIEW_URL, {
        "lab": world.lab_a.pk, "action": "link", "authorship": authorship.pk,
        "person": world.b["person"].pk,
    })
    assert crafted.status_code == 404
    clients["editor_a"].post(REVIEW_URL, {"lab": world.lab_a.pk, "action": "link",
                                          "authorship": authorship.pk, "person": bin_.pk})
    authorship.refresh_from_db()
    assert authorship.person == bin_ and authorship.name == "B. Chen"
    assert "Who is B. Chen?" not in clients["editor_a"].get(REVIEW_URL).content.decode()
    assert bo.authorships.count() == 0
