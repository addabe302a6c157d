"""Sentences admin shows about a source and a lab's runs, from what is stored only."""

from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone
from django.utils.formats import date_format

from metadata.models import Source, SourceStatus


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def source_status_line(source: str, status: SourceStatus | None) -> str:
    """"OpenAlex: last success 3 days ago; failing since then (…); paused until …"."""
    label = Source(source).label
    if status is None or (status.last_success is None and status.last_failure is None):
        return f"{label}: never tried yet"
    parts = [f"last success {naturaltime(status.last_success)}" if status.last_success
             else "never succeeded"]  # fmt: skip
    if status.consecutive_failures:
        since = "then" if status.last_success else "its first call"
        parts.append(
            f"failing since {since} ({status.consecutive_failures} failed in a row, the "
            f"last {naturaltime(status.last_failure)}: {status.last_error or 'no message'})"
        )
    if status.open_until and status.open_until > timezone.now():
        parts.append(f"breaker open until {_when(status.open_until)} (no call before then)")
    return f"{label}: " + "; ".join(parts)


def source_status_lines(enabled: list[str]) -> list[tuple[str, bool]]:
    """Each known source's line and whether the lab has it enabled."""
    statuses = {row.source: row for row in SourceStatus.objects.all()}
    return [(source_status_line(value, statuses.get(value)), value in enabled)
            for value in Source.values]  # fmt: skip


def run_summary(run) -> dict:
    """A finished task row of a lab's refresh as admin lists it."""
    result = run.return_value if isinstance(run.return_value, dict) else {}
    if "sources" in result:  # a scheduled run: every enabled source
        sources = list(result["sources"])
        errors = sum(len(report.get("errors", [])) for report in result["sources"].values())
    else:
        sources = run.args_kwargs.get("args", [])[1:2] or [Source.OPENALEX.value]
        errors = len(result.get("errors", []))
    return {
        "when": run.finished_at or run.started_at or run.enqueued_at,
        "kind": "scheduled" if run.task_path.endswith(".scheduled_refresh") else "asked for",
        "status": "queued" if run.status == "READY" else run.get_status_display(),
        "sources": ", ".join(Source(s).label if s in Source.values else s for s in sources),
        "changed_papers": result.get("changed_papers"),
        "errors": errors,
        "failure": run.exception_class_path.rsplit(".", 1)[-1] if run.status == "FAILED" else "",
    }
