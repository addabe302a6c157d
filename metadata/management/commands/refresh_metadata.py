"""``refresh_metadata [--lab SLUG] [--source S|all] [--dry-run] [--now] [--schedule]``:
enqueue (or, with ``--now`` or ``--dry-run``, run here) a refresh of each lab's papers from
its enabled sources, or from ``--source``: one of openalex, semanticscholar, crossref, arxiv,
github, orcid, dblp, openalex_works, or ``all`` of them one after another (``ALL_SOURCES`` order);
``--schedule`` only makes sure each lab has its one pending scheduled run (run it when the
worker starts)."""

from __future__ import annotations

from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError

from labsite.models import Lab
from metadata.lab_settings import settings_for
from metadata.refresh import refresh_lab
from metadata.schedule import ensure_scheduled
from metadata.sources import ALL_SOURCES
from metadata.tasks import refresh_lab as refresh_lab_task


class Command(BaseCommand):
    help = "Refresh citation counts and missing identifiers of labs' papers from open APIs."

    def add_arguments(self, parser):
        parser.add_argument("--lab", help="Only this lab (its slug); default: every lab.")
        parser.add_argument("--source", choices=[*ALL_SOURCES, "all"],
                            help="One source, or all of them one after another; default: "
                            "each lab's enabled sources.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Fetch and say what would change; write nothing.")
        parser.add_argument("--now", action="store_true",
                            help="Run here instead of enqueueing for the worker.")
        parser.add_argument("--schedule", action="store_true",
                            help="Queue each lab's next scheduled refresh (one per lab, "
                            "none for an empty schedule); refresh nothing now.")

    def handle(self, *args, lab=None, source=None, dry_run, now, schedule, **options):
        labs = Lab.objects.order_by("slug")
        if lab:
            labs = labs.filter(slug=lab)
            if not labs.exists():
                known = ", ".join(Lab.objects.values_list("slug", flat=True)[:20]) or "none"
                raise CommandError(f'No lab "{lab}". Labs: {known}.')
        for each in labs.iterator():
            if schedule:
                due = ensure_scheduled(lab=each)
                if options["verbosity"]:
                    self.stdout.write(f"{each.slug}: next scheduled refresh {due:%Y-%m-%d %H:%M}"
                                      if due else f"{each.slug}: no schedule")
                continue
            sources = self._sources(source, each)
            for one in sources:
                if now or dry_run:
                    report = asdict(refresh_lab(each, source=one, dry_run=dry_run))
                    self._print(report, dry_run=dry_run, several=len(sources) > 1)
                else:
                    result = refresh_lab_task.enqueue(each.id, one)
                    self.stdout.write(f"{each.slug}: refresh enqueued ({one}, task {result.id}); "
                                      "run `manage.py db_worker` to process it.")

    @staticmethod
    def _sources(source: str | None, lab: Lab) -> list[str]:
        if source == "all":
            return list(ALL_SOURCES)
        return [source] if source else list(settings_for(lab).enabled_sources)

    def _print(self, report: dict, *, dry_run: bool, several: bool) -> None:
        verb = "would change" if dry_run else "changed"
        where = f" ({report['source']})" if several else ""
        line = (f"{report['lab']}{where}: {report['papers']} papers with an identifier, "
                f"{report['fetched']} fetched, {report['changed_papers']} {verb}")
        if report["suggestions"]:
            line += f", {report['suggestions']} new suggestions to review"
        if report.get("new_papers_waiting"):
            line += f", {report['new_papers_waiting']} new papers wait for review"
        if report["failed_batches"]:
            line += f", {report['failed_batches']} batches failed (old values kept)"
        if report["skipped_reason"]:
            line += f"; {report['skipped_reason']}"
        self.stdout.write(line)
        for error in report["errors"][:5]:
            self.stderr.write(f"  {error}")
