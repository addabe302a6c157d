"""The real worker process runs a lab's due scheduled refresh (every enabled source) and
enqueues the next one at the schedule's next time: the queue alone keeps labs on time.
On SQLite and, under tests/with-postgres.sh, on PostgreSQL."""

import datetime
import re
import subprocess
import sys

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from metadata.cron import next_run
from metadata.lab_settings import get_or_create_settings, save_lab_settings
from metadata.schedule import SCHEDULED_TASK_PATH, ensure_scheduled, pending_scheduled_runs
from publications.models import Publication
from tests.factories import make_publication
from tests.metadata.replay import ReplayOpenAlex, replayed
from tests.metadata.test_worker import database_url
from tests.production.live import BASE_DIR, app_env


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_due_scheduled_refresh_and_enqueues_the_next(
    lab_a, lab_b, openalex, tmp_path
):
    handler = ReplayOpenAlex({"10.7717/peerj.4375": replayed("work_W2741809807.json")})
    openalex.expect_request("/works").respond_with_handler(handler)
    openalex.expect_request(re.compile(r"^/works/.+")).respond_with_handler(handler)
    row = make_publication(lab=lab_a, doi="10.7717/peerj.4375")
    settings_a = get_or_create_settings(lab=lab_a)
    settings_a.schedule = "17 3 * * *"
    save_lab_settings(row=settings_a)
    settings_b = get_or_create_settings(lab=lab_b)
    settings_b.schedule = ""
    save_lab_settings(row=settings_b)
    # Make lab A's run due now, as if 03:17 had come.
    due_run = pending_scheduled_runs(lab_a).get()
    DBTaskResult.objects.filter(pk=due_run.pk).update(
        run_after=timezone.now() - datetime.timedelta(minutes=1))

    env = app_env(tmp_path, database_url(), LABSITE_OPENALEX_URL=openalex.url_for("").rstrip("/"),
                  LABSITE_METADATA_MAILTO="worker@example.org", TIME_ZONE="UTC")
    before = timezone.now()
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay",
         "--interval", "0.2"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    after = timezone.now()
    assert worker.returncode == 0, worker.stderr[-3000:]

    done = DBTaskResult.objects.get(pk=due_run.pk)
    assert done.status == "SUCCESSFUL", done.traceback[-2000:]
    assert done.return_value["lab"] == "lab-a" and done.return_value["changed_papers"] == 1
    assert done.return_value["sources"]["openalex"]["changed_papers"] == 1
    assert Publication.objects.for_lab(lab_a).get(pk=row.pk).citation_count == 747

    # Exactly one next run, not yet due, at the next 03:17 (UTC: the worker's TIME_ZONE).
    [following] = pending_scheduled_runs(lab_a)
    assert following.task_path == SCHEDULED_TASK_PATH and following.pk != due_run.pk
    assert following.run_after in {next_run("17 3 * * *", before), next_run("17 3 * * *", after)}
    assert following.run_after.astimezone(datetime.UTC).strftime("%H:%M") == "03:17"
    assert done.return_value["next_run"] == following.run_after.isoformat()
    # The worker did not run it early, and another lab (blank schedule) has none.
    assert following.status == "READY"
    assert list(pending_scheduled_runs(lab_b)) == []
    assert ensure_scheduled(lab=lab_a) == following.run_after  # nothing to repair
    assert pending_scheduled_runs(lab_a).count() == 1
