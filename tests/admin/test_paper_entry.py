"""Typing a paper by hand: positions fill themselves, a pasted author list with * and †,
members found by any name variant, highlights on the paper's form, order within a year."""

import pytest

from awards.models import Award
from people.models import Person
from publications.author_entry import MAX_PASTED_AUTHORS, MAX_PASTED_CHARS
from publications.models import Authorship, Publication
from tests.admin.conftest import admin_url, client_for, errors_of, form_data

pytestmark = pytest.mark.django_db


def authors_of(paper):
    return list(
        Authorship.objects.for_lab(paper.lab_id)
        .filter(publication=paper)
        .order_by("position")
        .values_list("position", "name", "person__full_name", "equal_contribution",
                     "corresponding")
    )  # fmt: skip


def post_change(client, paper, **changes):
    data = form_data(client.get(admin_url(paper, "change")))
    data.update(changes)
    return client.post(admin_url(paper, "change"), data)


# --- Positions ---------------------------------------------------------------------------


def test_an_authorship_made_without_a_position_goes_after_the_others(world):
    paper = world.a["publication_own"]
    added = Authorship.objects.create(lab=world.lab_a, publication=paper, name="Third Author")
    assert added.position == 3
    empty = Publication.objects.create(lab=world.lab_a, title="Empty", slug="empty")
    assert Authorship.objects.create(lab=world.lab_a, publication=empty, name="X").position == 1


# --- A pasted author list ----------------------------------------------------------------


def test_a_pasted_list_replaces_the_authors_with_marks_and_members(world):
    paper = world.a["publication_own"]
    otto = world.a["person_other"]
    otto.name_variants = "O. Other\nOtto O."
    otto.save()
    response = post_change(
        client_for(world, "editor_a"), paper,
        author_list="**Mia Member\\***, O Other\\*, Guohao Dai†, and Yu Wang",
    )  # fmt: skip
    assert response.status_code == 302, errors_of(response)
    assert authors_of(paper) == [
        (1, "Mia Member", "Mia Member", True, False),
        (2, "O Other", "Otto Other", True, False),
        (3, "Guohao Dai", None, False, True),
        (4, "Yu Wang", None, False, False),
    ]
    paper.refresh_from_db()
    assert "authorships" in paper.edited_fields  # imports leave the hand-made list alone


def test_a_pasted_last_first_list_and_et_al(world):
    paper = world.a["publication_own"]
    response = post_change(
        client_for(world, "editor_a"), paper,
        author_list="Chen, Jian*; Member, Mia*; Chen, Beidi†; et al.",
    )  # fmt: skip
    assert response.status_code == 302, errors_of(response)
    assert [row[1:] for row in authors_of(paper)] == [
        ("Jian Chen", None, True, False),
        ("Mia Member", "Mia Member", True, False),
        ("Beidi Chen", None, False, True),
    ]
    paper.refresh_from_db()
    assert paper.authors_truncated


def test_a_paste_keeps_a_hand_made_link_of_the_same_name(world):
    paper = world.a["publication_own"]
    Authorship.objects.for_lab(world.lab_a).filter(publication=paper, name="Outside Author").update(
        person=world.a["person_other"]
    )
    post_change(client_for(world, "editor_a"), paper, author_list="Outside Author*, Mia Member")
    assert [row[1:3] for row in authors_of(paper)] == [
        ("Outside Author", "Otto Other"), ("Mia Member", "Mia Member")
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        (", ; ,", "No author name found"),
        ("; ".join(f"Name{n}, First" for n in range(MAX_PASTED_AUTHORS + 1)), "at most 500"),
        ("Name1, First; " + "x" * MAX_PASTED_CHARS, "paste at most 20,000"),
    ],
)
def test_a_bad_paste_says_why_and_changes_nothing(world, text, message):
    paper = world.a["publication_own"]
    before = authors_of(paper)
    response = post_change(
        client_for(world, "editor_a"), paper, author_list=text, title="Not saved either"
    )
    assert response.status_code == 200 and message in errors_of(response)
    assert authors_of(paper) == before
    paper.refresh_from_db()
    assert paper.title != "Not saved either"
    assert "Name1, First" in response.content.decode() or message == "No author name found"


def test_a_member_cannot_paste_themselves_off_their_paper(world):
    paper = world.a["publication_own"]
    before = authors_of(paper)
    response = post_change(client_for(world, "member_a"), paper, author_list="Someone Else")
    assert response.status_code == 200 and "Keep yourself among the authors" in errors_of(response)
    assert authors_of(paper) == before
    response = post_change(client_for(world, "member_a"), paper, author_list="Mia Member*, Bo")
    assert response.status_code == 302, errors_of(response)
    assert [row[1:4] for row in authors_of(paper)] == [
        ("Mia Member", "Mia Member", True), ("Bo", None, False)
    ]


def test_a_paste_links_only_members_of_the_papers_lab(world):
    paper = world.a["publication_own"]
    post_change(client_for(world, "editor_a"), paper, author_list="Mia Member, Beatrix Beta")
    assert [row[1:3] for row in authors_of(paper)] == [
        ("Mia Member", "Mia Member"), ("Beatrix Beta", None)
    ]


# --- The member picker --------------------------------------------------------------------


def test_the_author_picker_finds_members_by_any_name_variant(world):
    otto = world.a["person_other"]
    otto.name_variants = "奥托\nO. Other"
    otto.save()
    Person.objects.for_lab(world.lab_b).update(name_variants="奥托")
    response = client_for(world, "editor_a").get(
        "/admin/autocomplete/",
        {"term": "奥托", "app_label": "publications", "model_name": "authorship",
         "field_name": "person"},
    )  # fmt: skip
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Otto Other"]


# --- Highlights on the publication form ---------------------------------------------------


def highlight_rows(data, prefix):
    return {key: value for key, value in data.items() if key.startswith(prefix)}


def test_highlights_are_edited_on_the_publication_form(world, client_a):
    paper = world.a["publication_own"]
    client = client_for(world, "member_a")
    response = client.get(admin_url(paper, "change"))
    page = response.content.decode()
    assert "Oral, Spotlight, Best Paper" in page
    formset = next(
        inline.formset for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Award
    )  # fmt: skip
    prefix = formset.prefix
    data = form_data(response)
    data.update({
        f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-title": "Outstanding Paper Runner Up",
        f"{prefix}-0-badge": "Runner Up", f"{prefix}-0-kind": "paper",
        f"{prefix}-0-year": "2025",
    })  # fmt: skip
    response = client.post(admin_url(paper, "change"), data)
    assert response.status_code == 302, errors_of(response)
    award = Award.objects.for_lab(world.lab_a).get(publication=paper)
    assert (award.title, award.kind, award.person_id) == ("Outstanding Paper Runner Up", "paper",
                                                           None)  # fmt: skip
    assert '<span class="badge badge-award">Runner Up</span>' in client_a.get(
        "/publications/"
    ).content.decode()


def test_a_new_highlight_row_starts_as_a_paper_award(world):
    response = client_for(world, "editor_a").get(admin_url(Publication, "add"))
    formset = next(
        inline.formset for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Award
    )  # fmt: skip
    assert formset.empty_form["kind"].value() == "paper"


def test_another_labs_admin_never_sees_or_adds_highlights_here(world):
    paper = world.a["publication_own"]
    make = Award.objects.create(lab=world.lab_a, publication=paper, title="Secret Oral",
                                kind="paper", year=2024)  # fmt: skip
    client = client_for(world, "admin_b")
    response = client.get(admin_url(paper, "change"))
    assert response.status_code in (302, 404) and "Secret Oral" not in response.content.decode()
    beta_paper = world.b["publication"]
    page = client.get(admin_url(beta_paper, "change")).content.decode()
    assert "Secret Oral" not in page
    assert Award.objects.for_lab(world.lab_a).get(publication=paper) == make


# --- Order within a year -----------------------------------------------------------------


def test_positions_within_a_year_are_set_on_the_list(world, client_a):
    first = world.a["publication_own"]
    second = world.a["publication_shared"]
    client = client_for(world, "editor_a")
    response = client.get(admin_url(Publication))
    changelist = response.context["cl"]
    formset = changelist.formset
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(len(formset.forms)),
        f"{formset.prefix}-INITIAL_FORMS": str(len(formset.forms)),
        "_save": "Save",
    }
    for index, form in enumerate(formset.forms):
        data[f"{formset.prefix}-{index}-id"] = str(form.instance.pk)
        position = {first.pk: "2", second.pk: "1"}.get(form.instance.pk, "")
        data[f"{formset.prefix}-{index}-position_in_year"] = position
    response = client.post(admin_url(Publication), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client_a.get("/publications/").content.decode()
    assert html.index(second.title) < html.index(first.title)
    assert html.index(first.title) < html.index(world.a["publication_other"].title)
