"""Background publishing (Django's Tasks API; ``django_tasks`` on Django 5.2), run by
``python manage.py db_worker``."""

from __future__ import annotations

from dataclasses import asdict

from django.conf import settings
from django.utils import timezone

try:  # Django 6 has the Tasks API built in; 5.2 has the backport.
    from django.tasks import task
except ImportError:  # pragma: no cover - Django 5.2
    from django_tasks import task

from labsite.models import Lab
from publishing.dependencies import record_everything, take_changes
from publishing.incremental import publish_changes
from publishing.models import PublishState
from publishing.paths import PublishError


@task()
def publish_lab_on_write(lab_id: int) -> dict:
    """Publish one lab if a publish is still pending for it.

    The pending mark is cleared *before* rendering: an edit committed while this runs
    marks the lab again and queues the next publish, so no edit is left unpublished, and a
    burst of edits before this starts is one publish.
    """
    if not PublishState.objects.filter(lab_id=lab_id, pending=True).update(pending=False):
        return {"lab": lab_id, "skipped_reason": "no publish pending"}
    lab = Lab.objects.filter(pk=lab_id).first()
    if lab is None:
        return {"lab": lab_id, "skipped_reason": "no such lab"}
    changes = take_changes(lab_id, limit=settings.LABSITE_PUBLISH_INCREMENTAL_MAX_PAGES)
    try:
        report = publish_changes(lab=lab, changes=changes)
    except PublishError as error:
        record_everything(lab_id)  # the changes taken are not lost: the next one is full
        PublishState.objects.filter(lab_id=lab_id).update(error=str(error)[:2000])
        return {"lab": lab.slug, "error": str(error)}
    PublishState.objects.filter(lab_id=lab_id).update(
        published_at=timezone.now(), files=report.files, bytes=report.bytes,
        seconds=report.seconds, error="",
    )
    return asdict(report)
