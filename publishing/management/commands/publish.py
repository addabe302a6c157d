"""``publish SLUG [--all]``: render a lab's public pages (or every lab's) to files under
``LABSITE_PUBLISH_ROOT`` and swap them in at once, or to ``LABSITE_PUBLISH_TARGET``'s
S3 bucket (publishing/s3.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from labsite.models import Lab
from publishing.cli import lab_named
from publishing.paths import PublishError
from publishing.render import PageRenderer
from publishing.services import publish_lab


class Command(BaseCommand):
    help = "Render every public page of a lab to files a static server serves (full rebuild)."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="The lab to publish.")
        parser.add_argument("--all", action="store_true", help="Publish every lab.")

    def handle(self, *args, slug=None, all=False, **options):  # noqa: A002 - the option's name
        if bool(slug) == bool(all):
            raise CommandError("Give a lab's slug or --all (not both).")
        labs = [lab_named(slug)] if slug else list(Lab.objects.order_by("slug"))
        renderer = PageRenderer()
        for lab in labs:
            try:
                report = publish_lab(lab=lab, renderer=renderer)
            except PublishError as error:
                raise CommandError(f"{lab.slug}: {error}") from None
            counts = "".join(f", {count} {what}" for what, count in report.target.items())
            self.stdout.write(
                f"{report.lab}: {report.files} files, {report.bytes:,} bytes in "
                f"{report.seconds:.2f} s on {', '.join(report.hosts)}{counts}"
            )
