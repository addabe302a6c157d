"""Background tasks (Django's Tasks API; ``django_tasks`` on Django 5.2), run by
``python manage.py db_worker``."""

from __future__ import annotations

import logging
from dataclasses import asdict

try:  # Django 6 has the Tasks API built in; 5.2 has the backport.
    from django.tasks import task
except ImportError:  # pragma: no cover - Django 5.2
    from django_tasks import task

from labsite.models import Lab
from metadata.lab_settings import settings_for
from metadata.refresh import refresh_lab as refresh_lab_now
from metadata.schedule import ensure_scheduled

logger = logging.getLogger(__name__)


@task()
def refresh_lab(lab_id: int, source: str = "openalex") -> dict:
    """Refresh one lab's papers from ``source``; the report is the task's result."""
    lab = Lab.objects.filter(pk=lab_id).first()
    if lab is None:
        return {"lab": None, "skipped_reason": f"no lab {lab_id}"}
    return asdict(refresh_lab_now(lab, source=source))


def refresh_enabled_sources(lab: Lab) -> dict:
    """Each enabled source in turn; one failing source leaves the others to run."""
    outcome = {"lab": lab.slug, "changed_papers": 0, "sources": {}}
    for source in settings_for(lab).enabled_sources:
        try:
            report = asdict(refresh_lab_now(lab, source=source))
        except Exception as error:  # noqa: BLE001 - recorded in the result; next source runs
            logger.exception("Scheduled refresh of %s from %s failed", lab.slug, source)
            report = {"errors": [f"{type(error).__name__}: {error}"[:300]], "changed_papers": 0}
        outcome["sources"][source] = report
        outcome["changed_papers"] += report.get("changed_papers", 0)
    return outcome


def enqueue_enabled_sources(lab: Lab) -> list:
    """"Refresh now": one ``refresh_lab`` task per enabled source, for the worker."""
    return [refresh_lab.enqueue(lab.id, source) for source in settings_for(lab).enabled_sources]


@task()  # enqueued with run_after: the database backend supports deferred tasks
def scheduled_refresh(lab_id: int) -> dict:
    """A lab's scheduled refresh: every enabled source, then the next run is enqueued at
    the schedule's next time (also when a source failed), so the worker alone keeps the
    lab on schedule."""
    lab = Lab.objects.filter(pk=lab_id).first()
    if lab is None:
        return {"lab": None, "skipped_reason": f"no lab {lab_id}"}
    try:
        outcome = refresh_enabled_sources(lab)
    finally:
        due = ensure_scheduled(lab=lab)
    outcome["next_run"] = due.isoformat() if due else None
    return outcome
