"""The review queue: accepting a venue version applies it through the merge policy (edited
fields kept), rejecting keeps it from coming back; admin lists a lab's pending suggestions
to its editors and a member's own papers' to the member, nothing of another lab; the queue
moves with the lab's archive."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from labsite import versions
from labsite.models import Lab
from metadata.models import MetadataSuggestion
from metadata.suggestions import SuggestionRefused, accept_suggestion, reject_suggestion
from publications.imports.edits import record_edited_fields
from publications.models import Publication
from tests.admin.conftest import build_world, client_for
from tests.factories import make_lab, make_publication

NAACL = {"venue": "North American Chapter of the Association for Computational Linguistics",
         "year": 2018, "doi": "10.18653/v1/n18-3011", "kind": "conference",
         "title": "Construction of the Literature Graph in Semantic Scholar"}


def suggest(paper, payload=NAACL, **fields):
    return MetadataSuggestion.objects.create(
        lab_id=paper.lab_id, publication=paper, source="semanticscholar",
        kind="venue_version", value=payload["doi"] or payload["venue"], payload=payload, **fields)


def preprint(lab, **fields):
    values = {"kind": "preprint", "venue": "arXiv", "venue_short": "arXiv", "year": 2017,
              "arxiv_id": "1805.02262", "title": "The literature graph of Semantic Scholar",
              **fields}
    return make_publication(lab=lab, **values)


def fresh(row):
    return Publication.objects.for_lab(row.lab_id).get(pk=row.pk)


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create(username="decider")


def test_accepting_applies_the_venue_version_through_the_merge_policy(lab_a, user):
    paper = preprint(lab_a)
    suggestion = suggest(paper)
    version = versions.lab_version(lab_a.id)

    changed = accept_suggestion(suggestion=suggestion, user=user)

    row = fresh(paper)
    assert (row.kind, row.venue, row.venue_short, row.year, row.doi) == (
        "conference", NAACL["venue"], "", 2018, "10.18653/v1/n18-3011")
    assert row.title == NAACL["title"]  # renamed on publication
    assert paper.title_key in row.alias_title_keys  # the preprint's exports still match
    assert row.edited_fields == []  # from a source, not a person: later imports may update
    assert set(changed) >= {"kind", "venue", "year", "doi", "title"}
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == ("accepted", user)
    assert suggestion.decided_at is not None
    assert versions.lab_version(lab_a.id) != version


def test_accepting_keeps_fields_edited_in_admin(lab_a, user):
    paper = preprint(lab_a)
    record_edited_fields(paper, ["title", "year"])
    paper.save()
    accept_suggestion(suggestion=suggest(paper), user=user)
    row = fresh(paper)
    assert (row.title, row.year) == ("The literature graph of Semantic Scholar", 2017)
    assert (row.kind, row.venue) == ("conference", NAACL["venue"])


def test_a_doi_another_paper_has_or_a_decided_suggestion_is_refused(lab_a, user):
    make_publication(lab=lab_a, doi="10.18653/V1/N18-3011", kind="conference")
    paper = preprint(lab_a)
    suggestion = suggest(paper)
    with pytest.raises(SuggestionRefused, match="Another paper of the lab has the DOI"):
        accept_suggestion(suggestion=suggestion, user=user)
    assert fresh(paper).kind == "preprint"
    reject_suggestion(suggestion=suggestion, user=user)
    with pytest.raises(SuggestionRefused, match="already rejected"):
        accept_suggestion(suggestion=suggestion, user=user)


@pytest.fixture
def world(lab_a, lab_b):
    world = build_world(lab_a, lab_b)
    own, other = world.a["publication_own"], world.a["publication_other"]
    Publication.objects.for_lab(lab_a).filter(pk__in=[own.pk, other.pk]).update(kind="preprint")
    world.a["suggestion_own"] = suggest(own, {**NAACL, "doi": "10.1/own"})
    world.a["suggestion_other"] = suggest(other, {**NAACL, "doi": "10.1/other"})
    world.b["suggestion"] = suggest(world.b["publication"], {**NAACL, "doi": "10.1/beta"})
    return world


CHANGELIST = reverse("admin:metadata_metadatasuggestion_changelist")


def test_editors_see_their_labs_pending_suggestions_only(world):
    page = client_for(world, "editor_a").get(CHANGELIST).text
    assert "10.1/own" in page and "10.1/other" in page
    assert "10.1/beta" not in page and "Beta secret paper" not in page
    reject_suggestion(suggestion=world.a["suggestion_other"], user=None)
    page = client_for(world, "editor_a").get(CHANGELIST).text
    assert "10.1/own" in page and "10.1/other" not in page  # decided: out of the queue
    assert "10.1/other" in client_for(world, "editor_a").get(CHANGELIST + "?status=all").text


def test_a_member_sees_only_their_own_papers_suggestions(world):
    page = client_for(world, "member_a").get(CHANGELIST).text
    assert "10.1/own" in page
    assert "10.1/other" not in page and "10.1/beta" not in page
    other = reverse("admin:metadata_metadatasuggestion_change",
                    args=[world.a["suggestion_other"].pk])
    assert client_for(world, "member_a").get(other).status_code in (302, 404)


@pytest.mark.parametrize("role", ["admin_b", "member_a"])
def test_another_labs_suggestion_is_not_there(world, role):
    url = reverse("admin:metadata_metadatasuggestion_change", args=[world.b["suggestion"].pk])
    response = client_for(world, "editor_a").get(url)
    assert response.status_code in (302, 404) and "10.1/beta" not in response.text
    # Nor can an action reach it by id.
    client = client_for(world, role)
    target = world.a["suggestion_other"] if role == "admin_b" else world.b["suggestion"]
    client.post(CHANGELIST, {"action": "accept", "_selected_action": [target.pk]})
    target.refresh_from_db()
    assert target.status == "pending"


def test_an_editor_accepts_and_rejects_from_the_list(world):
    client = client_for(world, "editor_a")
    own, other = world.a["suggestion_own"], world.a["suggestion_other"]
    response = client.post(CHANGELIST, {"action": "accept", "_selected_action": [own.pk]},
                           follow=True)
    assert "1 suggestion(s) accepted." in response.text
    assert fresh(world.a["publication_own"]).kind == "conference"
    response = client.post(CHANGELIST, {"action": "reject", "_selected_action": [other.pk]},
                           follow=True)
    assert "1 suggestion(s) rejected." in response.text
    other.refresh_from_db()
    assert other.status == "rejected" and fresh(world.a["publication_other"]).kind == "preprint"
    world.b["suggestion"].refresh_from_db()
    assert world.b["suggestion"].status == "pending"


def test_a_member_accepts_a_suggestion_of_their_own_paper(world):
    client = client_for(world, "member_a")
    own = world.a["suggestion_own"]
    response = client.post(CHANGELIST, {"action": "accept", "_selected_action": [own.pk]},
                           follow=True)
    assert "1 suggestion(s) accepted." in response.text
    assert fresh(world.a["publication_own"]).venue == NAACL["venue"]


def test_a_refused_accept_is_a_message_not_an_error(world):
    make_publication(lab=world.lab_a, doi="10.1/own", kind="journal")
    response = client_for(world, "editor_a").post(
        CHANGELIST, {"action": "accept", "_selected_action": [world.a["suggestion_own"].pk]},
        follow=True)
    assert response.status_code == 200
    assert "Another paper of the lab has the DOI 10.1/own." in response.text
    assert "0 suggestion(s) accepted." in response.text


@pytest.mark.django_db
def test_suggestions_round_trip_through_an_archive(tmp_path, django_user_model):
    lab = make_lab(slug="queue", hosts=["queue.example.org"])
    decider = django_user_model.objects.create(username="decider")
    paper = preprint(lab, slug="streaming")
    pending = suggest(paper)
    rejected = suggest(paper, {**NAACL, "doi": "10.1/rejected"})
    reject_suggestion(suggestion=rejected, user=decider)
    archive = tmp_path / "queue.zip"
    call_command("dumplab", "queue", "-o", str(archive), stdout=io.StringIO())
    Lab.objects.filter(slug="queue").delete()
    assert not MetadataSuggestion.objects.exists()

    call_command("loadlab", str(archive), "--link-users", stdout=io.StringIO(),
                 stderr=io.StringIO())

    restored = Lab.objects.get(slug="queue")
    rows = MetadataSuggestion.objects.for_lab(restored).order_by("value")
    assert [(r.publication.slug, r.value, r.status, r.payload, r.source) for r in rows] == [
        ("streaming", "10.1/rejected", "rejected", {**NAACL, "doi": "10.1/rejected"},
         "semanticscholar"),
        ("streaming", pending.value, "pending", NAACL, "semanticscholar")]
    assert rows[0].decided_by == decider and isinstance(rows[0].decided_at, datetime.datetime)
    assert rows[1].created == pending.created
