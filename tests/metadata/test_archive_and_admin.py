"""A lab's citation counts move with its archive; admin: the sources' statuses for
superusers only, a paper's counts on its form, and "Refresh now" (the lab's Fresh metadata
page) for the lab's own admins (404 to others)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from labsite.models import Lab
from metadata.models import CitationCount, SourceStatus
from publications.models import Publication
from tests.admin.conftest import build_world, client_for
from tests.factories import make_lab, make_publication


@pytest.mark.django_db
def test_citation_counts_round_trip_through_an_archive(tmp_path):
    lab = make_lab(slug="counts", hosts=["counts.example.org"])
    paper = make_publication(lab=lab, slug="cited", doi="10.1/x")
    CitationCount.objects.create(lab=lab, publication=paper, source="openalex", count=747,
                                 read_on=datetime.date(2026, 11, 30))
    archive = tmp_path / "counts.zip"
    call_command("dumplab", "counts", "-o", str(archive), stdout=io.StringIO())
    Lab.objects.filter(slug="counts").delete()
    assert not CitationCount.objects.exists()

    call_command("loadlab", str(archive), stdout=io.StringIO(), stderr=io.StringIO())

    restored = Lab.objects.get(slug="counts")
    count = CitationCount.objects.for_lab(restored).get()
    assert count.publication == Publication.objects.for_lab(restored).get(slug="cited")
    assert (count.source, count.count, count.read_on) == (
        "openalex", 747, datetime.date(2026, 11, 30))


@pytest.fixture
def world(lab_a, lab_b):
    return build_world(lab_a, lab_b)


def refresh_url(lab):
    return reverse("metadata_refresh_lab", args=[lab.pk])


def metadata_url(lab):
    return reverse("metadata_lab", args=[lab.pk])


def test_the_lab_admin_queues_a_refresh_of_each_enabled_source(world):
    admin = client_for(world, "admin_a")
    change = admin.get(reverse("admin:labsite_lab_change", args=[world.lab_a.pk]))
    assert metadata_url(world.lab_a) in change.text and "Fresh metadata" in change.text

    response = admin.post(refresh_url(world.lab_a), follow=True)

    assert "Refresh of Alpha Systems Lab queued (OpenAlex; 1 task(s))" in response.text
    assert "<td>asked for</td><td>OpenAlex</td>\n      <td>queued</td>" in response.text
    task = DBTaskResult.objects.get()
    assert task.task_path == "metadata.tasks.refresh_lab"
    assert task.args_kwargs["args"] == [world.lab_a.id, "openalex"]


@pytest.mark.parametrize("role", ["admin_b", "editor_a", "member_a"])
def test_others_never_refresh_a_lab_they_do_not_administer(world, role):
    client = client_for(world, role)
    assert client.get(refresh_url(world.lab_a)).status_code == 404
    assert client.post(refresh_url(world.lab_a)).status_code == 404
    assert not DBTaskResult.objects.exists()
    change = client.get(reverse("admin:labsite_lab_change", args=[world.lab_a.pk]))
    assert metadata_url(world.lab_a) not in change.text


def test_source_statuses_are_for_superusers_only(world):
    SourceStatus.objects.create(source="openalex", consecutive_failures=5,
                                last_error="HTTP 503 after 4 attempts")
    url = reverse("admin:metadata_sourcestatus_changelist")
    page = client_for(world, "superuser").get(url)
    assert "HTTP 503 after 4 attempts" in page.text
    for role in ("admin_a", "admin_b", "editor_a"):
        assert client_for(world, role).get(url).status_code == 403
        assert client_for(world, role).get(
            reverse("admin:metadata_sourcerecord_changelist")).status_code == 403


def test_a_papers_counts_per_source_show_on_its_form_in_its_lab_only(world):
    paper = world.a["publication_own"]
    CitationCount.objects.create(lab=world.lab_a, publication=paper, source="openalex",
                                 count=4321, read_on=datetime.date(2026, 11, 30))
    url = reverse("admin:publications_publication_change", args=[paper.pk])
    page = client_for(world, "editor_a").get(url)
    assert "citation counts per source" in page.text.lower() and "4321" in page.text
    assert client_for(world, "admin_b").get(url).status_code in (302, 404)
