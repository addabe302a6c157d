"""``exportsite SLUG -o DIR [--base-url URL] [--host HOST] [--cname HOST] [--force]``: one
host of a lab as a self-contained folder for GitHub Pages or any static host."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from publishing.cli import lab_named
from publishing.export import export_lab
from publishing.paths import PublishError


class Command(BaseCommand):
    help = (
        "Write a lab's public pages, the static files they use and the lab's media to a "
        "folder any static host serves (GitHub Pages: see README, Deploying)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The lab to export.")
        parser.add_argument("-o", "--output", required=True, help="The folder to write.")
        parser.add_argument(
            "--base-url", default="",
            help="Where the folder will be served, e.g. https://user.github.io/site/. "
            "Empty: relative links (works from any folder or file://).")
        parser.add_argument("--host", default="", help="Which host of the lab (default: primary).")
        parser.add_argument("--cname", default="",
                            help="Write CNAME with this custom domain (GitHub Pages).")
        parser.add_argument("--force", action="store_true",
                            help="Replace the folder if it is not empty.")

    def handle(self, *args, slug, output, base_url, host, cname, force, **options):
        try:
            report = export_lab(lab=lab_named(slug), out=output, base_url=base_url, host=host,
                                cname=cname, force=force)
        except PublishError as error:
            raise CommandError(f"{slug}: {error}") from None
        self.stdout.write(
            f"{report.lab}: {report.pages} pages and {report.assets} files "
            f"({report.bytes:,} bytes) of {report.host} in {report.out}"
        )
        for url in report.left_out:
            self.stderr.write(f"left out (not this lab's media): {url}")
        for url in report.missing:
            self.stderr.write(f"missing static file (run collectstatic?): {url}")
