"""``manage.py importsite SOURCE --lab SLUG [--person SLUG] [--format …]
[--scholar-data gs_data.json] [--dry-run]``: a theme's repository (a folder or a .zip) into
a member's homepage, or into the lab."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from publications.management.commands.import_publications import _lab_and_person
from siteimport.formats import FORMATS, UnknownSiteFormat, detect_format, read_site
from siteimport.scholar_data import check_given_size
from siteimport.source import UnreadableSite, open_site
from siteimport.text.frontmatter import SiteFileError
from siteimport.writing import SiteImportFailed, apply_site_import, plan_site_import


class Command(BaseCommand):
    help = "Import an existing site (al-folio, academicpages, Hugo Blox, … or plain markdown)."

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="SOURCE", help="The site's folder or .zip file.")
        parser.add_argument("--lab", required=True, metavar="SLUG", help="The lab to import into.")
        parser.add_argument(
            "--person", metavar="SLUG",
            help="The member whose homepage this is; without it the site is the lab's.",
        )
        parser.add_argument(
            "--format", default="auto", choices=["auto", *FORMATS],
            help="The site's theme (default: recognised from its files).",
        )
        parser.add_argument(
            "--scholar-data", metavar="PATH",
            help="The Google Scholar crawler's gs_data.json (AcadHomepage keeps it on the "
            "google-scholar-stats branch): citation counts, Scholar ids, papers.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would happen; write nothing."
        )

    def handle(self, *args, source, lab, person, format, scholar_data, dry_run, **options):
        lab_obj, person_obj = _lab_and_person(lab, person)
        try:
            given = _scholar_data(scholar_data)
            site_source = open_site(source)
            name = detect_format(site_source) if format == "auto" else format
            self._say(f"Reading {site_source.name} as {name} "
                      f"({len(site_source.files())} files)")
            site = read_site(site_source, name, scholar_data=given,
                             scholar_data_name=scholar_data or "gs_data.json")
        except (UnreadableSite, UnknownSiteFormat, SiteFileError) as error:
            raise CommandError(str(error)) from None
        self._say("Planning")
        try:
            plan = plan_site_import(site=site, lab=lab_obj, person=person_obj,
                                    source=site_source)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        if dry_run:
            self._say("Dry run: nothing was written.")
        else:
            self._say("Writing")
            try:
                apply_site_import(plan=plan, source=site_source)
            except SiteImportFailed as error:
                raise CommandError(str(error)) from None
        for line in plan.report_lines():
            self.stdout.write(line)
        target = person_obj.full_name if person_obj else lab_obj.name
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb} {site.format} site into {target}.")

    def _say(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stderr.write(message)

    def execute(self, *args, **options):
        self.verbosity = options.get("verbosity", 1)
        return super().execute(*args, **options)


def _scholar_data(path: str | None) -> bytes | None:
    """The bytes of ``--scholar-data``, its size checked before it is read."""
    if path is None:
        return None
    try:
        check_given_size(Path(path).stat().st_size, path)
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"{path}: cannot be read ({error.strerror}).") from None
