"""A circuit breaker per source, in the database so every worker sees it: after
LABSITE_METADATA_BREAKER_FAILURES failed batches in a row no call is made to the source
for LABSITE_METADATA_BREAKER_SECONDS; the status is what admin shows."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from metadata.models import SourceStatus


def status_of(source: str) -> SourceStatus:
    return SourceStatus.objects.get_or_create(source=source)[0]


def is_open(source: str) -> bool:
    until = status_of(source).open_until
    return until is not None and until > timezone.now()


def record_success(source: str) -> None:
    SourceStatus.objects.filter(source=source).update(
        last_success=timezone.now(), consecutive_failures=0, open_until=None
    )


def record_failure(source: str, error: str) -> None:
    now = timezone.now()
    status_of(source)
    # Counted in the database, so two workers failing at once both count.
    SourceStatus.objects.filter(source=source).update(
        last_failure=now, last_error=error[:300], consecutive_failures=F("consecutive_failures") + 1
    )
    threshold = settings.LABSITE_METADATA_BREAKER_FAILURES
    SourceStatus.objects.filter(source=source, consecutive_failures__gte=threshold).update(
        open_until=now + timedelta(seconds=settings.LABSITE_METADATA_BREAKER_SECONDS)
    )
