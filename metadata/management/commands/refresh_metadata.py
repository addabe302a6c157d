"""``refresh_metadata [--lab SLUG] [--source openalex|semanticscholar|crossref|arxiv|all]
[--dry-run] [--now]``: enqueue (or, with ``--now`` or ``--dry-run``, run here) a refresh of
each lab's papers from one source, or from every source (``all``, in ``SOURCES`` order)."""

from __future__ import annotations

from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError

from labsite.models import Lab
from metadata.refresh import refresh_lab
from metadata.sources import SOURCES
from metadata.tasks import refresh_lab as refresh_lab_task


class Command(BaseCommand):
    help = "Refresh citation counts and missing identifiers of labs' papers from open APIs."

    def add_arguments(self, parser):
        parser.add_argument("--lab", help="Only this lab (its slug); default: every lab.")
        parser.add_argument("--source", default="openalex", choices=[*SOURCES, "all"],
                            help="One source, or all of them one after another.")
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
        sources = list(SOURCES) if source == "all" else [source]
        for each in labs:
            for name in sources:
                if now or dry_run:
                    report = asdict(refresh_lab(each, source=name, dry_run=dry_run))
                    self._print(report, dry_run=dry_run, several=len(sources) > 1)
                else:
                    result = refresh_lab_task.enqueue(each.id, name)
                    self.stdout.write(f"{each.slug}: refresh enqueued ({name}, task "
                                      f"{result.id}); run `manage.py db_worker` to process it.")

    def _print(self, report: dict, *, dry_run: bool, several: bool) -> None:
        verb = "would change" if dry_run else "changed"
        where = f" ({report['source']})" if several else ""
        line = (f"{report['lab']}{where}: {report['papers']} papers with an identifier, "
                f"{report['fetched']} fetched, {report['changed_papers']} {verb}")
        if report["suggestions"]:
            line += f", {report['suggestions']} new suggestions to review"
        if report["failed_batches"]:
            line += f", {report['failed_batches']} batches failed (old values kept)"
        if report["skipped_reason"]:
            line += f"; {report['skipped_reason']}"
        self.stdout.write(line)
        for error in report["errors"][:5]:
            self.stderr.write(f"  {error}")
