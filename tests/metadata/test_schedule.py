"""Each lab's scheduled refresh lives on the task queue: exactly one pending run per lab
with a schedule, at the schedule's next time, whoever asks and however often; none for a
blank schedule. Cron expressions are checked with croniter."""

import datetime
import io
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from metadata.cron import next_run, validate_schedule
from metadata.lab_settings import get_or_create_settings, save_lab_settings, settings_for
from metadata.models import LabMetadataSettings, NewPapers
from metadata.schedule import SCHEDULED_TASK_PATH, ensure_scheduled, pending_scheduled_runs

UTC = datetime.UTC


def pending(lab):
    return list(pending_scheduled_runs(lab))


def test_the_next_run_is_the_cron_expressions_next_time_in_server_time(settings):
    settings.TIME_ZONE = "UTC"
    after = datetime.datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
    assert next_run("17 3 * * *", after) == datetime.datetime(2026, 12, 3, 3, 17, tzinfo=UTC)
    assert next_run("0 4 * * 1", after) == datetime.datetime(2026, 12, 7, 4, 0, tzinfo=UTC)


@pytest.mark.parametrize("expression, message", [
    ("every day", "is not a cron expression: five fields"),
    ("61 3 * * *", "is not a cron expression"),
    ("0 0 3 * * *", "is not a cron expression"),  # six fields (seconds): not cron
    ("*/5 * * * *", "runs more often than every 60 minutes"),
    ("0,30 3 * * *", "runs more often than every 60 minutes"),
    ("1 " * 60, "at most 100 characters"),
])  # fmt: skip
def test_a_bad_schedule_is_refused_with_a_clear_message(expression, message):
    with pytest.raises(ValidationError) as refused:
        validate_schedule(expression)
    assert message in refused.value.messages[0]


@pytest.mark.parametrize("expression", ["", "17 3 * * *", "0 * * * *", "0 4 * * 1-5"])
def test_good_schedules_and_blank_pass(expression):
    validate_schedule(expression)


@pytest.mark.django_db
def test_a_lab_without_a_row_gets_the_defaults_and_reading_writes_nothing(lab_a):
    row = settings_for(lab_a)
    assert (row.enabled_sources, row.schedule, row.new_papers) == (
        ["openalex"], "17 3 * * *", NewPapers.REVIEW)
    assert not LabMetadataSettings.objects.for_lab(lab_a).exists()


@pytest.mark.django_db
def test_unknown_sources_are_refused(lab_a):
    row = LabMetadataSettings(lab=lab_a, enabled_sources=["openalex", "scholar"])
    with pytest.raises(ValidationError, match="Unknown source.*scholar"):
        row.full_clean()


@pytest.mark.django_db
def test_saving_twice_leaves_one_pending_run_at_the_next_time(lab_a, lab_b):
    row = get_or_create_settings(lab=lab_a)
    first = save_lab_settings(row=row)
    second = save_lab_settings(row=row)
    ensure_scheduled(lab=lab_a)

    runs = pending(lab_a)
    assert len(runs) == 1 and first == second == runs[0].run_after
    assert runs[0].task_path == SCHEDULED_TASK_PATH
    assert runs[0].args_kwargs["args"] == [lab_a.id]
    assert first == next_run("17 3 * * *") and first > timezone.now()
    assert pending(lab_b) == []  # another lab's settings are its own


@pytest.mark.django_db
def test_a_new_schedule_moves_the_pending_run_and_a_blank_one_removes_it(lab_a):
    row = get_or_create_settings(lab=lab_a)
    save_lab_settings(row=row)
    row.schedule = "0 4 * * 1"
    due = save_lab_settings(row=row)
    assert [run.run_after for run in pending(lab_a)] == [due] == [next_run("0 4 * * 1")]

    row.schedule = ""
    assert save_lab_settings(row=row) is None
    assert pending(lab_a) == []
    assert ensure_scheduled(lab=lab_a) is None and pending(lab_a) == []


@pytest.mark.django_db
def test_duplicates_left_by_older_runs_are_reduced_to_one(lab_a):
    from metadata.tasks import scheduled_refresh

    for _ in range(3):
        scheduled_refresh.using(run_after=timezone.now()).enqueue(lab_a.id)
    due = ensure_scheduled(lab=lab_a)
    assert [run.run_after for run in pending(lab_a)] == [due]


@pytest.mark.django_db
def test_refresh_metadata_schedule_gives_every_lab_one_run_also_after_a_crash(lab_a, lab_b):
    lab_b_settings = get_or_create_settings(lab=lab_b)
    lab_b_settings.schedule = ""
    lab_b_settings.save()
    out = io.StringIO()
    call_command("refresh_metadata", "--schedule", stdout=out)
    assert "lab-a: next scheduled refresh" in out.getvalue()
    assert "lab-b: no schedule" in out.getvalue()
    # A worker killed mid-run leaves its row RUNNING: that is no pending run.
    DBTaskResult.objects.filter(task_path=SCHEDULED_TASK_PATH).update(status="RUNNING")
    call_command("refresh_metadata", "--schedule", stdout=io.StringIO())
    call_command("refresh_metadata", "--schedule", "--lab", "lab-a", stdout=io.StringIO())

    assert len(pending(lab_a)) == 1 and pending(lab_b) == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_scheduling_at_once_leave_one_pending_run(lab_a):
    """Threads with their own connections, released together: the settings row's lock
    (PostgreSQL) or the immediate transaction (SQLite) lets one of them enqueue."""
    start = threading.Barrier(4)
    errors = []

    def schedule():
        try:
            start.wait(timeout=10)
            ensure_scheduled(lab=lab_a)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=schedule) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(pending(lab_a)) == 1
    assert LabMetadataSettings.objects.for_lab(lab_a).count() == 1


@pytest.mark.django_db
def test_check_deploy_names_labs_with_a_schedule_but_no_run_queued(lab_a, lab_b):
    from metadata.checks import check_labs_on_schedule

    [warning] = check_labs_on_schedule()
    assert warning.id == "metadata.W001" and "2 lab(s)" in warning.msg
    assert "lab-a, lab-b" in warning.msg and "refresh_metadata --schedule" in warning.hint

    blank = get_or_create_settings(lab=lab_b)
    blank.schedule = ""
    save_lab_settings(row=blank)
    ensure_scheduled(lab=lab_a)
    assert check_labs_on_schedule() == []
