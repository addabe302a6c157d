"""python manage.py bench_instructions [--sizes 100,1000] [--pages home,...] [--requests K]
[--json PATH]     (``make bench-instructions``)

The pages of ``make bench``, counted in CPU instructions per cold request instead of
milliseconds (``demo.instructions``: one callgrind run for them all). The count does not move
with the machine's speed, so two commits compare on a shared machine: run it in each
checkout and divide. Needs valgrind. Like ``bench``, it writes synthetic labs: run it on a
throw-away database (the make target does).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from demo.instructions import CountFailed, count_per_request
from demo.management.commands.bench import (
    HOST_SUFFIX,
    PAGES,
    bounded_number,
    check_bench_setup,
    fresh_lab,
    lab_sizes,
    page_paths,
    write_json,
)

MAX_REQUESTS = 50


def default_requests(size: int) -> int:
    """Cold requests counted a page: fewer on big labs, whose requests are long anyway."""
    return 2 if size >= 5000 else 3 if size >= 1000 else 5


class Command(BaseCommand):
    help = "Count CPU instructions per cold request of the bench pages (valgrind)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="100,1000",
                            help="Lab sizes in papers, comma-separated (default 100,1000).")
        parser.add_argument("--pages", default=",".join(PAGES),
                            help=f"Pages, comma-separated (default all: {','.join(PAGES)}).")
        parser.add_argument("--requests", type=int, default=0,
                            help="Cold requests counted a page (default 5; 3 at 1,000 papers, "
                                 "2 at 5,000).")
        parser.add_argument("--json", default="", help="Also write the counts as JSON here.")
        parser.add_argument("--force", action="store_true",
                            help="Run even though the database holds labs that are not synthetic.")

    def handle(self, *args, **options):
        sizes = lab_sizes(options["sizes"], example="100,1000")
        pages = [page.strip() for page in options["pages"].split(",") if page.strip()]
        unknown = sorted(set(pages) - set(PAGES))
        if unknown or not pages:
            problem = f"Unknown page(s): {', '.join(unknown)}" if unknown else "No page given"
            raise CommandError(f"{problem}; the pages are {', '.join(PAGES)}.")
        # 0: as many as default_requests gives for each size.
        requests = (bounded_number(options["requests"], "--requests", MAX_REQUESTS)
                    if options["requests"] else 0)
        if not shutil.which("valgrind"):
            raise CommandError("valgrind is not installed (apt-get install valgrind).")
        check_bench_setup(force=options["force"], stderr=self.stderr)

        workdir = Path(tempfile.mkdtemp(prefix="labsite-instructions-"))
        try:
            rows = self.count(sizes, pages, workdir, requests)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        self.stdout.write(table(rows))
        if options["json"]:
            results = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "pages": rows}
            write_json(options["json"], results, self.stdout)

    def count(self, sizes: list[int], pages: list[str], workdir: Path, requests: int):
        static_root = workdir / "static"
        self.stderr.write("Collecting static files into a temporary STATIC_ROOT…")
        with override_settings(STATIC_ROOT=static_root):
            call_command("collectstatic", interactive=False, verbosity=0)
        # The measured process: this one's settings, the collected files, the bench hosts.
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings"),
            "STATIC_ROOT": str(static_root),
            "ALLOWED_HOSTS": ",".join([*settings.ALLOWED_HOSTS, HOST_SUFFIX]),
        }
        rows = []
        for size in sizes:
            host = f"bench-{size}{HOST_SUFFIX}"
            self.stderr.write(f"Building a lab of {size} papers…")
            lab, _ = fresh_lab(slug=f"bench-{size}", host=host, papers=size)
            paths = page_paths(lab)
            rows += [{"size": size, "page": page, "host": host, "path": paths[page],
                      "requests": requests or default_requests(size)} for page in pages]
        self.stderr.write(f"Under callgrind: {len(rows)} pages, each warmed up, then its "
                          "cold requests…")
        try:
            counts = count_per_request([(row["host"], row["path"], row["requests"])
                                        for row in rows], env=env)
        except CountFailed as error:
            raise CommandError(str(error)) from None
        for row, count in zip(rows, counts, strict=True):
            row["instructions"] = round(count)
        return rows


def table(rows: list[dict]) -> str:
    lines = ["", f"{'papers':>6}  {'page':<12} {'requests':>8} {'M instructions/request':>23}"]
    lines += [f"{row['size']:>6}  {row['page']:<12} {row['requests']:>8} "
              f"{row['instructions'] / 1e6:>23.1f}" for row in rows]
    return "\n".join(lines)
