"""Admin → a lab → Fresh metadata: the lab's own admins see and change its sources,
schedule and new-paper choice, the next scheduled run, the last runs and each source's
status; everyone else gets a 404 and another lab's settings never show. The settings
move with the lab's archive."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from labsite.models import Lab
from metadata.cron import next_run
from metadata.lab_settings import get_or_create_settings, save_lab_settings
from metadata.models import LabMetadataSettings, SourceStatus
from metadata.schedule import pending_scheduled_runs
from metadata.tasks import scheduled_refresh
from tests.admin.conftest import build_world, client_for
from tests.factories import make_lab


@pytest.fixture
def world(lab_a, lab_b):
    return build_world(lab_a, lab_b)


def page_url(lab):
    return reverse("metadata_lab", args=[lab.pk])


def settings_post(**values):
    return {"enabled_sources": ["openalex"], "schedule": "17 3 * * *", "new_papers": "review",
            **values}


def test_the_lab_admin_saves_the_settings_and_the_next_run_is_queued_once(world):
    admin = client_for(world, "admin_a")
    page = admin.get(page_url(world.lab_a))
    assert 'value="17 3 * * *"' in page.text and "server time" in page.text
    assert "none is queued yet" in page.text and "No refresh has run yet." in page.text

    for _ in range(2):  # saved twice: still one pending run
        saved = admin.post(page_url(world.lab_a), settings_post(schedule="0 4 * * 1",
                                                               new_papers="add"), follow=True)
    assert "Fresh metadata settings of Alpha Systems Lab saved; next refresh" in saved.text
    row = LabMetadataSettings.objects.for_lab(world.lab_a).get()
    assert (row.schedule, row.new_papers, row.enabled_sources) == ("0 4 * * 1", "add",
                                                                   ["openalex"])
    [run] = pending_scheduled_runs(world.lab_a)
    assert run.run_after == next_run("0 4 * * 1")
    assert pending_scheduled_runs(world.lab_b).count() == 0
    shown = admin.get(page_url(world.lab_a)).text
    assert "none is queued yet" not in shown and "(server time)" in shown


def test_an_empty_schedule_removes_the_pending_run(world):
    admin = client_for(world, "admin_a")
    admin.post(page_url(world.lab_a), settings_post())
    assert pending_scheduled_runs(world.lab_a).count() == 1
    saved = admin.post(page_url(world.lab_a), settings_post(schedule=""), follow=True)
    assert "no automatic refresh" in saved.text and "the schedule is empty" in saved.text
    assert pending_scheduled_runs(world.lab_a).count() == 0


@pytest.mark.parametrize("schedule, message", [
    ("every night", "is not a cron expression: five fields, minute hour day month weekday"),
    ("*/10 * * * *", "runs more often than every 60 minutes"),
])  # fmt: skip
def test_a_bad_cron_expression_is_a_clear_form_error_and_changes_nothing(
    world, schedule, message
):
    admin = client_for(world, "admin_a")
    admin.post(page_url(world.lab_a), settings_post(new_papers="off"))
    refused = admin.post(page_url(world.lab_a), settings_post(schedule=schedule,
                                                              new_papers="add"))
    assert refused.status_code == 200 and message in refused.text
    assert f'value="{schedule}"' in refused.text  # what was typed stays in the form
    row = LabMetadataSettings.objects.for_lab(world.lab_a).get()
    assert (row.schedule, row.new_papers) == ("17 3 * * *", "off")
    assert pending_scheduled_runs(world.lab_a).count() == 1


def test_an_unknown_source_is_refused(world):
    refused = client_for(world, "admin_a").post(
        page_url(world.lab_a), settings_post(enabled_sources=["openalex", "scholar"]))
    assert "Select a valid choice. scholar is not one of the available choices." in (
        refused.text.replace("&quot;", '"'))
    assert not LabMetadataSettings.objects.for_lab(world.lab_a).exists()


def test_the_page_shows_each_sources_status_and_the_last_runs(world):
    now = timezone.now()
    SourceStatus.objects.create(
        source="openalex", last_success=now - datetime.timedelta(days=3),
        last_failure=now - datetime.timedelta(hours=2), consecutive_failures=5,
        last_error="HTTP 503 after 4 attempts", open_until=now + datetime.timedelta(hours=1),
    )  # fmt: skip
    finished = scheduled_refresh.enqueue(world.lab_a.id).db_result
    finished.set_successful({"lab": "lab-a", "changed_papers": 42, "sources": {
        "openalex": {"changed_papers": 42, "errors": ["HTTP 500"]}}})
    other = scheduled_refresh.enqueue(world.lab_b.id).db_result
    other.set_successful({"lab": "lab-b", "changed_papers": 777, "sources": {}})

    page = client_for(world, "admin_a").get(page_url(world.lab_a)).text

    assert ("OpenAlex: last success 3\xa0days ago; failing since then (5 failed in a row, "
            "the last 2\xa0hours ago: HTTP 503 after 4 attempts); breaker open until") in page
    assert "<td>scheduled</td><td>OpenAlex</td>" in page and "<td>42</td><td>1</td>" in page
    assert "777" not in page  # another lab's run


def test_a_source_never_tried_says_so(world):
    page = client_for(world, "admin_a").get(page_url(world.lab_a)).text
    assert "OpenAlex: never tried yet" in page


@pytest.mark.parametrize("role", ["admin_b", "editor_a", "member_a", "anonymous"])
def test_only_the_labs_admins_reach_its_fresh_metadata(world, role):
    save_lab_settings(row=get_or_create_settings(lab=world.lab_a))
    client = client_for(world, role)
    expected = 302 if role == "anonymous" else 404  # to the login page; not there at all
    assert client.get(page_url(world.lab_a)).status_code == expected
    assert client.post(page_url(world.lab_a), settings_post(schedule="")).status_code == expected
    assert pending_scheduled_runs(world.lab_a).count() == 1  # nothing changed
    assert client.post(reverse("metadata_refresh_lab", args=[world.lab_a.pk])
                       ).status_code == expected
    assert not DBTaskResult.objects.filter(task_path="metadata.tasks.refresh_lab").exists()


def test_lab_b_admin_sees_only_lab_b(world):
    LabMetadataSettings.objects.create(lab=world.lab_a, schedule="0 5 * * 2")
    page = client_for(world, "admin_b").get(page_url(world.lab_b)).text
    assert 'value="17 3 * * *"' in page and "0 5 * * 2" not in page


@pytest.mark.django_db
def test_the_settings_round_trip_through_an_archive(tmp_path):
    lab = make_lab(slug="fresh", hosts=["fresh.example.org"])
    LabMetadataSettings.objects.create(lab=lab, enabled_sources=[], schedule="0 4 * * 1",
                                       new_papers="off")
    archive = tmp_path / "fresh.zip"
    call_command("dumplab", "fresh", "-o", str(archive), stdout=io.StringIO())
    Lab.objects.filter(slug="fresh").delete()
    assert not LabMetadataSettings.objects.exists()

    call_command("loadlab", str(archive), stdout=io.StringIO(), stderr=io.StringIO())

    restored = LabMetadataSettings.objects.for_lab(Lab.objects.get(slug="fresh")).get()
    assert (restored.enabled_sources, restored.schedule, restored.new_papers) == (
        [], "0 4 * * 1", "off")
