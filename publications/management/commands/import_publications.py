"""python manage.py import_publications FILE... --lab SLUG [--person SLUG [--allow-others-papers]]
                                       [--format F] [--dry-run]

With --person the import is that member's: entries that match a paper they do not
author are listed and not applied, unless --allow-others-papers (an operator's decision,
like a lab editor's import in admin).

Exit status: 0 when the import ran (even if some entries had errors: they are listed);
1 when nothing could be imported (every file unreadable or every entry an error), when
the lab or person does not exist, or when writing failed (then nothing was written).
"""

import logging
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from labsite.models import Lab
from labsite.process import tune_garbage_collector
from people.models import Person
from publications.choices import ImportFormat
from publications.imports import (
    ERROR,
    MAX_IMPORT_BYTES,
    NOT_YOURS,
    POSSIBLE_DUPLICATE,
    ImportFailed,
    ImportFile,
    apply_import,
    parse_files,
    plan_import,
)
from publications.imports.summary import WARNING, summarise

SUMMARY_ROWS = (
    ("created", "created"),
    ("updated", "updated"),
    ("merged", "merged into another record"),
    ("duplicates", "duplicates skipped"),
    ("possible_duplicates", "possible duplicates to review"),
    ("not_yours", "matching a paper the person does not author (not applied)"),
    ("errors", "entries with errors"),
)


class ProgressBar:
    """A plain-text bar on stderr (redrawn in place on a terminal, a few lines otherwise)."""

    WIDTH = 30

    def __init__(self, stream, *, minimum: int = 200, announce_files: bool = False):
        self.stream, self.minimum, self.announce_files = stream, minimum, announce_files
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.phase, self.last_percent, self.drawn = None, -1, False

    def __call__(self, phase: str, done: int, total: int) -> None:
        if total < self.minimum and not phase.startswith("Reading "):
            return
        if phase.startswith("Reading "):
            if not self.announce_files:
                return
            self._end_line()
            self.stream.write(f"{phase}…\n")
            self.phase = phase
            return
        percent = 100 * done // max(total, 1)
        if phase == self.phase and (percent == self.last_percent or
                                    (not self.tty and percent not in (0, 50, 100))):
            return
        if phase != self.phase:
            self._end_line()
        self.phase, self.last_percent = phase, percent
        filled = self.WIDTH * percent // 100
        bar = "#" * filled + "." * (self.WIDTH - filled)
        line = f"{phase:<10} [{bar}] {done}/{total}"
        if self.tty:
            self.stream.write(f"\r{line}")
            self.drawn = True
        else:
            self.stream.write(f"{line}\n")
        self.stream.flush()

    def _end_line(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.drawn = False

    def close(self) -> None:
        self._end_line()


class Command(BaseCommand):
    help = (
        "Import publications from Google Scholar exports (BibTeX, CSV, RIS, EndNote, "
        "gs_data.json) into a lab, merging duplicates. Use --dry-run to see what would happen."
    )

    def run_from_argv(self, argv):
        # Run as its own process (manage.py), the command may tune that process's garbage
        # collector as labsite.wsgi tunes a web worker's: a large import allocates enough
        # objects for the default thresholds to spend a third of its time collecting.
        # call_command() does not come here, so a caller's process is left alone.
        tune_garbage_collector()
        super().run_from_argv(argv)

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="Export files to import.")
        parser.add_argument("--lab", required=True, metavar="SLUG", help="The lab to import into.")
        parser.add_argument(
            "--person", metavar="SLUG",
            help="The member whose export this is; entries that do not list them are flagged, "
            "and entries that match a paper they do not author are not applied.",
        )
        parser.add_argument(
            "--allow-others-papers", action="store_true",
            help="With --person: also apply entries that match papers of the lab the person "
            "does not author (merging into them, replacing their author lists).",
        )
        parser.add_argument(
            "--format", default="auto", choices=["auto", *ImportFormat.values],
            help="File format (default: recognised from the content).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would happen; write nothing."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, files, lab, person, format, dry_run, no_progress,
               allow_others_papers, **options):
        self.verbosity = options["verbosity"]
        if allow_others_papers and not person:
            raise CommandError("--allow-others-papers only makes sense with --person.")
        only_own_papers = bool(person) and not allow_others_papers
        lab_obj, person_obj = _lab_and_person(lab, person)
        uploads, unreadable = _read_files(files, format)

        show_progress = options["verbosity"] >= 1 and not no_progress
        large = sum(upload.length for upload in uploads) > 256 * 1024
        progress = ProgressBar(self.stderr._out, announce_files=large) if show_progress else None
        # The parser reports each problem itself; bibtexparser's own log lines would
        # only repeat them.
        logging.getLogger("bibtexparser").setLevel(logging.ERROR)
        started = time.monotonic()
        try:
            parsed = parse_files(uploads, progress=progress)
            if dry_run:
                plan = plan_import(lab=lab_obj, parsed=parsed, person=person_obj,
                                   only_own_papers=only_own_papers, progress=progress)
                report = None
            else:
                report = apply_import(lab=lab_obj, parsed=parsed, person=person_obj,
                                      only_own_papers=only_own_papers, progress=progress)
                plan = report.plan
        except ImportFailed as error:
            raise CommandError(str(error)) from None
        finally:
            if progress:
                progress.close()
        elapsed = time.monotonic() - started

        self._summary(plan, report, unreadable, lab_obj, dry_run, elapsed)
        if plan.importable == 0:
            raise CommandError("Nothing could be imported (see the errors above).")

    def _summary(self, plan, report, unreadable, lab, dry_run, elapsed) -> None:
        out = self.stdout
        mode = "Dry run (nothing was written)" if dry_run else "Imported"
        out.write(f"{mode}: {len(plan.files)} file(s) into lab {lab.slug} in {elapsed:.1f} s")
        for summary in plan.files:
            out.write(f"  {summary.filename}: {summary.format or 'unreadable'}, "
                      f"{summary.entries} entries, {summary.errors} problem(s)")
        counts = plan.counts
        counts["errors"] += len(unreadable)
        width = max(len(label) for _, label in SUMMARY_ROWS)
        out.write("")
        for key, label in SUMMARY_ROWS:
            out.write(f"  {label:<{width}}  {counts[key]:>6}")
        if unreadable:
            out.write("\nUnreadable files:")
            out.write("\n".join(f"  {line}" for line in unreadable))
        self._messages(plan)
        if report is not None and report.ambiguous_authors:
            out.write("\nAuthors that fit several members (link them in admin):")
            for found in report.ambiguous_authors:
                names = " or ".join(person.full_name for person in found.candidates)
                out.write(f'  "{found.authorship.name}" (author {found.authorship.position} of '
                          f"paper {found.authorship.publication_id}): {names}")
        if self.verbosity >= 2:
            out.write("\nEvery entry:")
            for item in plan.items:
                out.write(f"  {item.status:<18} {item.describe()}")

    def _messages(self, plan) -> None:
        """Repeated messages grouped with a few examples: one line per entry (or per pair
        of near-identical titles) made thousands of lines; -v 2 lists every entry."""
        section = None
        for group in summarise(plan):
            if group.kind != section:
                section = group.kind
                self.stdout.write(f"\n{MESSAGE_HEADERS[section]}")
            self.stdout.write(f"  {group.title()}")
            for example in group.examples:
                self.stdout.write(f"    {example}")
            if group.more:
                self.stdout.write(f"    … and {group.more:,} more (--verbosity 2 lists every "
                                  "entry)")


MESSAGE_HEADERS = {
    ERROR: "Errors:",
    NOT_YOURS: "Not applied, papers the person does not author "
               "(--allow-others-papers applies them):",
    POSSIBLE_DUPLICATE: "Possible duplicates (merge or dismiss them in admin, "
                        "Publications → Review imports):",
    WARNING: "Warnings:",
}


def _lab_and_person(lab_slug: str, person_slug: str | None):
    lab = Lab.objects.filter(slug=lab_slug).first()
    if lab is None:
        raise CommandError(f'There is no lab with slug "{lab_slug}".')
    if not person_slug:
        return lab, None
    person = Person.objects.for_lab(lab).filter(slug=person_slug).first()
    if person is None:
        raise CommandError(f'Lab "{lab_slug}" has no member with slug "{person_slug}".')
    return lab, person


def _read_files(names, format: str) -> tuple[list[ImportFile], list[str]]:
    """The files as ``ImportFile``s, and a message for each that cannot be read."""
    uploads, unreadable = [], []
    for name in names:
        path = Path(name)
        try:
            size = path.stat().st_size
            if size > MAX_IMPORT_BYTES:
                # Not read at all: the service reports the size with its limit.
                uploads.append(ImportFile(path.name, b"", format, size=size))
                continue
            uploads.append(ImportFile(path.name, path.read_bytes(), format))
        except OSError as error:
            unreadable.append(f"{name}: cannot be read ({error.strerror or error})")
    return uploads, unreadable
