"""A lab's refresh schedule: a five-field cron expression read in server time
(``TIME_ZONE``), checked with croniter; pure functions, no database."""

from __future__ import annotations

from datetime import datetime, timedelta

from croniter import croniter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

DEFAULT_SCHEDULE = "17 3 * * *"  # daily at 03:17, off the busy full hour
MAX_SCHEDULE_LENGTH = 100
# Runs compared to find the shortest gap: enough for any pattern within a day.
GAPS_CHECKED = 100


def next_run(expression: str, after: datetime | None = None) -> datetime:
    """The first time ``expression`` names after ``after`` (default: now), aware."""
    start = timezone.localtime(after or timezone.now())
    return croniter(expression, start).get_next(datetime)


def validate_schedule(expression: str) -> None:
    """Refuse what is not a five-field cron expression, or one that runs more often than
    every LABSITE_METADATA_MIN_SCHEDULE_MINUTES (each run calls every enabled source)."""
    if not expression:
        return
    if len(expression) > MAX_SCHEDULE_LENGTH:
        raise ValidationError(f"A schedule is at most {MAX_SCHEDULE_LENGTH} characters.")
    if len(expression.split()) != 5 or not croniter.is_valid(expression):
        raise ValidationError(
            f'"{expression}" is not a cron expression: five fields, minute hour day month '
            'weekday, e.g. "17 3 * * *" for every day at 03:17 or "0 4 * * 1" for Mondays '
            "at 04:00."
        )
    minutes = settings.LABSITE_METADATA_MIN_SCHEDULE_MINUTES
    runs = croniter(expression, timezone.localtime(timezone.now()))
    previous = runs.get_next(datetime)
    for _ in range(GAPS_CHECKED):
        following = runs.get_next(datetime)
        if following - previous < timedelta(minutes=minutes):
            raise ValidationError(
                f'"{expression}" runs more often than every {minutes} minutes; choose a '
                'less frequent schedule (e.g. "17 3 * * *", daily).'
            )
        previous = following
