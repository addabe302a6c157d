"""``refresh_metadata [--lab SLUG] [--source openalex|github|orcid|dblp] [--dry-run] [--now]``:
enqueue (or, with ``--now`` or ``--dry-run``, run here) a refresh of each lab's papers."""

from __future__ import annotations

from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError

from labsite.models import Lab
from metadata.models import Source
from metadata.refresh import refresh_lab
from metadata.tasks import refresh_lab as refresh_lab_task


class Command(BaseCommand):
    help = "Refresh citation counts and missing identifiers of labs' papers from open APIs."

    def add_arguments(self, parser):
        parser.add_argument("--lab", help="Only this lab (its slug); default: every lab.")
        parser.add_argument("--source", default=Source.OPENALEX, choices=Source.values)
        parser.add_argument("--dry-run", action="store_true",
                            help="Fetch and say what would change; write nothing.")
        parser.add_argument("--now", action="store_true",
                            help="Run here instead of enqueueing for the worker.")

    def handle(self, *args, lab=None, source, dry_run, now, **options):
        labs = Lab.objects.order_by("slug")
        if lab:
            labs = labs.filter(slug=lab)
            if not labs.exists():
                known = ", ".join(Lab.objects.values_list("slug", flat=True)[:20]) or "none"
                raise CommandError(f'No lab "{lab}". Labs: {known}.')
        for each in labs:
            if now or dry_run:
                report = asdict(refresh_lab(each, source=source, dry_run=dry_run))
                self._print(report, dry_run=dry_run)
            else:
                result = refresh_lab_task.enqueue(each.id, source)
                self.stdout.write(f"{each.slug}: refresh enqueued (task {result.id}); "
                                  "run `manage.py db_worker` to process it.")

    def _print(self, report: dict, *, dry_run: bool) -> None:
        verb = "would change" if dry_run else "changed"
        line = (f"{report['lab']}: {report['papers']} papers with an identifier, "
                f"{report['fetched']} fetched, {report['changed_papers']} {verb}")
        if report.get("new_papers_waiting"):
            line += f", {report['new_papers_waiting']} new papers wait for review"
        if report["failed_batches"]:
            line += f", {report['failed_batches']} batches failed (old values kept)"
        if report["skipped_reason"]:
            line += f"; {report['skipped_reason']}"
        self.stdout.write(line)
        for error in report["errors"][:5]:
            self.stderr.write(f"  {error}")
