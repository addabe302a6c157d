from django.core.management.base import BaseCommand, CommandError

from archive.format import ArchiveError
from archive.load import load_lab


class Command(BaseCommand):
    help = (
        "Restore a lab archive made by dumplab into a new (or empty) lab, all or nothing. "
        "Never overwrites a lab that has content. Refuses archives over the "
        "LABSITE_ARCHIVE_* limits and any media file that is not a JPEG, PNG or WebP image "
        "in the lab's own labs/<slug>/ folder (docs/lab-archive-format.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A zip made by dumplab -o, or its plain JSON.")
        parser.add_argument(
            "--slug",
            help="Load as a new lab with this slug (e.g. a copy next to the original). Media "
            "paths under labs/<old-slug>/ move to labs/<new-slug>/.",
        )
        parser.add_argument(
            "--link-users",
            action="store_true",
            help="Link members' logins and lab roles to existing users of the same username "
            "(off by default: users belong to the deployment, not to the archive).",
        )

    def handle(self, *args, archive, slug, link_users, **options):
        try:
            result = load_lab(archive, slug=slug, link_users=link_users)
        except ArchiveError as error:
            raise CommandError(f"Nothing was loaded: {error}") from None
        except FileNotFoundError:
            raise CommandError(f"No such file: {archive}") from None
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        counts = ", ".join(
            f"{count} {label.split('.')[1]}" for label, count in result.counts.items() if count
        )
        self.stdout.write(
            self.style.SUCCESS(f'Loaded lab "{result.lab.slug}" ({result.lab.name}): {counts}.')
        )
