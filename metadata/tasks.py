"""Background tasks (Django's Tasks API; ``django_tasks`` on Django 5.2), run by
``python manage.py db_worker``."""

from __future__ import annotations

from dataclasses import asdict

try:  # Django 6 has the Tasks API built in; 5.2 has the backport.
    from django.tasks import task
except ImportError:  # pragma: no cover - Django 5.2
    from django_tasks import task

from labsite.models import Lab
from metadata.refresh import refresh_lab as refresh_lab_now


@task()
def refresh_lab(lab_id: int, source: str = "openalex") -> dict:
    """Refresh one lab's papers from ``source``; the report is the task's result."""
    lab = Lab.objects.filter(pk=lab_id).first()
    if lab is None:
        return {"lab": None, "skipped_reason": f"no lab {lab_id}"}
    return asdict(refresh_lab_now(lab, source=source))
