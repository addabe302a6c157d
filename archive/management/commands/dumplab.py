import os
import sys
import tempfile

from django.core.management.base import BaseCommand, CommandError

from archive.dump import dump_lab
from archive.format import ArchiveError
from labsite.models import Lab


class Command(BaseCommand):
    help = (
        "Write one lab (settings, domains, people, publications, awards, news and their media "
        "files) to a zip archive; see docs/lab-archive-format.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The lab to dump.")
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="Write the zip archive (JSON + media files) here. Without it, the JSON alone "
            "goes to standard output (no media files).",
        )

    def handle(self, *args, slug, output, **options):
        lab = Lab.objects.filter(slug=slug).first()
        if lab is None:
            known = ", ".join(Lab.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f'No lab "{slug}". Labs here: {known or "none"}.')
        try:
            dump = dump_lab(lab)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        for name in dump.missing_files:
            self.stderr.write(f"warning: {name} is referenced but missing from storage; skipped.")
        for name in dump.foreign_files:
            self.stderr.write(f"warning: {name} belongs to another lab's folder; not included.")
        if not output:
            if dump.files:
                self.stderr.write(
                    f"note: {len(dump.files)} media file(s) are not in plain JSON output; "
                    "use -o lab.zip to include them."
                )
            sys.stdout.buffer.write(dump.json_bytes())
            sys.stdout.flush()
            return
        data = dump.zip_bytes()
        # Written next to the target and renamed: a failed dump never leaves half a file.
        directory = os.path.dirname(os.path.abspath(output))
        try:
            with tempfile.NamedTemporaryFile(dir=directory, delete=False, suffix=".part") as tmp:
                tmp.write(data)
            os.replace(tmp.name, output)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error}") from None
        rows = sum(len(rows) for rows in dump.data["models"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f'Wrote lab "{lab.slug}" to {output}: {rows} rows, {len(dump.files)} media '
                f"files, {len(data)} bytes."
            )
        )
