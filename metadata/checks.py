"""metadata.W001 (``check --deploy``): labs with a schedule but no pending scheduled
refresh, e.g. created or loaded since the worker last started."""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError, transaction

from labsite.models import Lab
from labsite.scoping import unscoped
from metadata.models import LabMetadataSettings
from metadata.schedule import READY, SCHEDULED_TASK_PATH

NAMED = 10  # slugs named in the warning; the count says the rest


def register_checks() -> None:
    checks.register(check_labs_on_schedule, deploy=True)


def labs_off_schedule() -> list[str]:
    """Slugs of labs whose schedule is set (a lab without settings has the default) and
    which have no pending scheduled run."""
    from django_tasks_db.models import DBTaskResult

    with unscoped("a deployment check looks at every lab's schedule"):
        blank = set(LabMetadataSettings.objects.filter(schedule="").values_list("lab_id",
                                                                                flat=True))
    pending = {
        args_kwargs["args"][0]
        for args_kwargs in DBTaskResult.objects.filter(
            task_path=SCHEDULED_TASK_PATH, status=READY).values_list("args_kwargs", flat=True)
    }  # fmt: skip
    return [slug for pk, slug in Lab.objects.order_by("slug").values_list("pk", "slug")
            if pk not in blank and pk not in pending]  # fmt: skip


def check_labs_on_schedule(app_configs=None, **kwargs):
    try:
        with transaction.atomic():  # a failed query leaves any outer transaction usable
            missing = labs_off_schedule()
    except DatabaseError:  # not migrated yet: migrate, then make serve schedules them
        return []
    if not missing:
        return []
    named = ", ".join(missing[:NAMED]) + (f" and {len(missing) - NAMED} more"
                                          if len(missing) > NAMED else "")  # fmt: skip
    return [
        checks.Warning(
            f"{len(missing)} lab(s) have a metadata refresh schedule but no scheduled "
            f"refresh queued: {named}.",
            hint="Run `python manage.py refresh_metadata --schedule` (make serve does; run "
            "it before the worker starts, e.g. ExecStartPre of its systemd unit).",
            id="metadata.W001",
        )
    ]
