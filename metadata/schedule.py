"""Each lab's scheduled refresh, kept on the task queue itself: exactly one pending
(READY) ``scheduled_refresh`` row per lab whose schedule is set, due at the schedule's
next time. The task re-schedules itself when it has run, so ``db_worker`` alone keeps
every lab on time; saving the settings and ``refresh_metadata --schedule`` (run when the
worker starts) repair whatever a crash or a restart left.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django_tasks_db.models import DBTaskResult

from labsite.models import Lab
from metadata.cron import next_run
from metadata.models import LabMetadataSettings

SCHEDULED_TASK_PATH = "metadata.tasks.scheduled_refresh"
REFRESH_TASK_PATHS = ("metadata.tasks.refresh_lab", SCHEDULED_TASK_PATH)
RUNS_SHOWN = 10
READY = "READY"


def lab_tasks(lab: Lab, task_paths=REFRESH_TASK_PATHS):
    """The lab's task rows (every refresh task takes the lab's id first)."""
    return DBTaskResult.objects.filter(task_path__in=task_paths, args_kwargs__args__0=lab.id)


def pending_scheduled_runs(lab: Lab):
    return lab_tasks(lab, [SCHEDULED_TASK_PATH]).filter(status=READY).order_by("run_after")


def recent_runs(lab: Lab) -> list[DBTaskResult]:
    """The lab's last refreshes, scheduled or asked for (those still queued too), newest
    first; the pending scheduled run is the "next" one, not among them."""
    runs = lab_tasks(lab).exclude(status=READY, task_path=SCHEDULED_TASK_PATH)
    return list(runs.order_by("-enqueued_at")[:RUNS_SHOWN])


def ensure_scheduled(*, lab: Lab) -> datetime | None:
    """Leave exactly one pending scheduled run for ``lab``, at its schedule's next time
    (none for a blank schedule); returns when it runs.

    The lab's settings row is locked first (``select_for_update``; SQLite transactions
    here begin IMMEDIATE, which takes the write lock), so two workers or two saves at
    once end with one row, not two.
    """
    from metadata.tasks import scheduled_refresh

    with transaction.atomic():
        LabMetadataSettings.objects.for_lab(lab).get_or_create(lab=lab)
        settings = LabMetadataSettings.objects.for_lab(lab).select_for_update().get()
        pending = list(pending_scheduled_runs(lab).select_for_update())
        if not settings.schedule:
            DBTaskResult.objects.filter(pk__in=[run.pk for run in pending]).delete()
            return None
        due = next_run(settings.schedule)
        keep, extra = (pending[0], pending[1:]) if pending else (None, [])
        DBTaskResult.objects.filter(pk__in=[run.pk for run in extra]).delete()
        if keep is None:
            scheduled_refresh.using(run_after=due).enqueue(lab.id)
        elif keep.run_after != due:
            keep.run_after = due
            keep.save(update_fields=["run_after"])
        return due


def next_scheduled_run(lab: Lab) -> datetime | None:
    run = pending_scheduled_runs(lab).first()
    return run.run_after if run is not None else None
