"""python manage.py bench [--sizes 100,1000,5000] [--json PATH]     (``make bench``)

A benchmark, not a test: it writes synthetic labs (``demo.synthetic``) into the
configured database, so run it on a throw-away one (``make bench`` uses var/bench.sqlite3)
with production settings (DEBUG off).

For the home, team, a homepage, the publication list, a publication page and
``/publications.bib`` of each lab size it measures, through the whole WSGI stack (a
``WSGIHandler`` called with a crafted environ, body read to the end):

- queries of a cold request (cache empty) and of a warm one (page cache hit);
- median server time cold (cache cleared before each request) and warm;
- median time of serving the same bytes as a static file through WhiteNoise in the same
  handler, and the warm/static ratio.

Then it times a 5,000- and a 10,000-entry BibTeX import (parse, matching, de-duplication,
writes) against bibtexparser 2's bare ``parse_string`` of the same file, and, for the
1,000- and 5,000-paper labs, edit → published file (``publishing.bench.edit_to_file``: a
paper retitled, the publish task run as ``db_worker`` runs it, seconds from the commit to
the new paper page and publication list files). It prints one table and, with ``--json
PATH`` (or ``BENCH_JSON``), writes the figures as JSON.
"""

from __future__ import annotations

import io
import json
import logging
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import bibtexparser
import django
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.template import engines
from django.test.utils import CaptureQueriesContext, override_settings

from demo import bench_report
from demo.factories import LabFactory, PersonFactory
from demo.synthetic import build_lab, delete_lab, make_bibtex, proportions
from labsite.models import Lab
from labsite.process import tune_garbage_collector
from publications.imports import apply_import
from publications.models import Authorship, Publication
from publishing.bench import edit_to_file

HOST_SUFFIX = ".bench.test"
PAGES = ("home", "team", "homepage", "publications", "publication", "bibtex")
TARGETS = {
    # The budget of tests/labsite/test_query_budget.py: 10, and a composed homepage 3 more
    # (its sections, research interests, the team it leads). That test counts as in a new
    # process, where a homepage also reads the lab's list settings once; here they are read.
    "max_queries": 13,
    "warm_over_static": 1.25,
    "cold_list_ms_at_5000": 300,
    "cold_list_5000_over_1000": 5.5,
    "import_over_parse": 3.0,
    "import_10000_over_5000": 2.2,
    "edit_to_file_seconds": 1.0,  # median, for the paper's page and the publication list
}


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    return {
        "cpu": cpu or platform.processor() or "unknown",
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": connection.vendor,
        "sqlite": sqlite3.sqlite_version if connection.vendor == "sqlite" else "",
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "platform": platform.platform(),
    }


def template_loaders() -> list[str]:
    engine = engines["django"].engine
    return [
        f"{type(loader).__module__}.{type(loader).__name__}" for loader in engine.template_loaders
    ]


def environ(host: str, path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "HTTP_ACCEPT": "text/html,*/*",
        "HTTP_USER_AGENT": "labsite-bench",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def request(handler, host: str, path: str) -> tuple[str, bytes, int]:
    """(status, body, nanoseconds) of one GET, from the call to the closed response."""
    status = []
    env = environ(host, path)
    started = time.perf_counter_ns()
    result = handler(env, lambda line, headers, exc_info=None: status.append(line))
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return status[0], body, time.perf_counter_ns() - started


def bounded_number(value, name: str, upper: int) -> int:
    """``value`` as a whole number from 1 to ``upper``, or a CommandError that says so."""
    try:
        number = int(value)
    except ValueError:
        raise CommandError(f"{name} is a whole number, not {value!r}.") from None
    if not 1 <= number <= upper:
        raise CommandError(f"{name} must be between 1 and {upper:,}, not {number:,}.")
    return number


MAX_LAB_SIZE = 20_000  # papers in a synthetic lab of bench_http and bench_instructions


def lab_sizes(value: str, *, example: str) -> list[int]:
    """``--sizes 100,1000``: each a whole number from 1 to ``MAX_LAB_SIZE``, at least one."""
    sizes = [bounded_number(size, "A lab size", MAX_LAB_SIZE)
             for size in value.split(",") if size.strip()]
    if not sizes:
        raise CommandError(f"Give at least one lab size (--sizes {example}).")
    return sizes


def write_json(path: str, results, stdout) -> None:
    """``--json PATH``: the results as JSON, and a line saying where."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=2) + "\n")
    stdout.write(f"JSON written to {target}")


def check_bench_setup(*, force: bool, stderr) -> None:
    """Benchmarks write synthetic labs: only into a database that holds no real one; and
    their figures are production's only with DEBUG off."""
    others = Lab.objects.exclude(slug__startswith="bench-").count()
    if others and not force:
        raise CommandError(
            f"This database holds {others} real lab(s). The benchmark writes synthetic labs: "
            "run it on a throw-away database (make bench does), or pass --force."
        )
    if settings.DEBUG:
        stderr.write("Warning: DEBUG is on; figures are not those of production.")


def fresh_lab(*, slug: str, host: str, papers: int) -> tuple[Lab, float]:
    """A new synthetic lab (an older one of that slug deleted first), and the seconds it
    took to build."""
    for old in Lab.objects.filter(slug=slug):
        delete_lab(old)
    started = time.perf_counter()
    with transaction.atomic():
        lab = build_lab(slug=slug, host=host, papers=papers, seed=papers)
    return lab, time.perf_counter() - started


def page_paths(lab: Lab) -> dict[str, str]:
    """The path of each of ``PAGES`` on a lab ``build_lab`` wrote."""
    publication = (
        Publication.objects.for_lab(lab).filter(awards__isnull=False).order_by("pk").first()
        or Publication.objects.for_lab(lab).order_by("pk").first()
    )
    return {
        "home": "/",
        "team": "/people/",
        "homepage": "/people/person-0/",  # the PI: an author of most papers
        "publications": "/publications/",
        "publication": f"/publications/{publication.slug}/",
        "bibtex": "/publications.bib",
    }


def median_ms(samples: list[int]) -> float:
    return statistics.median(samples) / 1e6


class Command(BaseCommand):
    help = "Benchmark public pages (queries, cold, warm, static) and imports; see make bench."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            default="100,1000,5000",
            help="Lab sizes in papers, comma-separated (default 100,1000,5000).",
        )
        parser.add_argument(
            "--import-sizes",
            default="5000,10000",
            help="BibTeX import sizes in entries (default 5000,10000; 0: skip).",
        )
        parser.add_argument(
            "--edit-sizes",
            default="1000,5000",
            help="Lab sizes (among --sizes) whose edit → published file is timed (0: skip).",
        )
        parser.add_argument(
            "--edit-runs", type=int, default=5, help="Edits timed per lab (default 5)."
        )
        parser.add_argument(
            "--cold",
            type=int,
            default=0,
            help="Cold samples per page (default: 15, 9 at 5,000 papers).",
        )
        parser.add_argument(
            "--warm", type=int, default=300, help="Warm and static samples per page (default 300)."
        )
        parser.add_argument(
            "--json",
            default=os.environ.get("BENCH_JSON", ""),
            help="Write the results as JSON to this path (default $BENCH_JSON).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though the database holds labs that are not "
            "synthetic (they are left alone, but the database grows).",
        )

    def handle(self, *args, **options):
        try:
            sizes = [int(size) for size in options["sizes"].split(",") if size.strip()]
            import_sizes = [
                int(size)
                for size in options["import_sizes"].split(",")
                if size.strip() and int(size) > 0
            ]
            edit_sizes = [
                int(size) for size in options["edit_sizes"].split(",") if int(size or 0) in sizes
            ]
        except ValueError as error:
            raise CommandError(f"Sizes are whole numbers separated by commas ({error}).") from None
        if any(size < 1 for size in sizes):
            raise CommandError("Lab sizes must be at least 1 paper.")
        check_bench_setup(force=options["force"], stderr=self.stderr)
        logging.getLogger("bibtexparser").setLevel(logging.ERROR)
        logging.getLogger("publications").setLevel(logging.ERROR)

        workdir = Path(tempfile.mkdtemp(prefix="labsite-bench-"))
        try:
            with override_settings(
                STATIC_ROOT=workdir / "static",
                ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, HOST_SUFFIX],
            ):
                results = self.run(sizes, import_sizes, edit_sizes, workdir, options)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

        self.stdout.write(bench_report.table(results))
        if options["json"]:
            write_json(options["json"], results, self.stdout)

    # --- Running --------------------------------------------------------------------------

    def run(self, sizes, import_sizes, edit_sizes, workdir: Path, options) -> dict:
        self.stderr.write("Collecting static files into a temporary STATIC_ROOT…")
        call_command("collectstatic", interactive=False, verbosity=0)
        results = {
            "machine": machine(),
            "template_loaders": template_loaders(),
            "debug": settings.DEBUG,
            "date": time.strftime("%Y-%m-%d %H:%M %Z"),
            "targets": TARGETS,
            "labs": [],
            "pages": [],
            "imports": [],
            "edits": [],
        }
        for size in sizes:
            lab_result, page_results = self.bench_lab(size, options)
            results["labs"].append(lab_result)
            results["pages"].extend(page_results)
        if import_sizes:
            results["imports"] = self.bench_imports(import_sizes)
        for size in edit_sizes:
            self.stderr.write(f"Edit → published file, {size} papers (a full publish first)…")
            lab = Lab.objects.get(slug=f"bench-{size}")
            results["edits"].append(edit_to_file(lab=lab, runs=max(1, options["edit_runs"])))
        results["checks"] = bench_report.checks(results)
        return results

    # C901: one linear benchmark script per lab size, read top to bottom.
    def bench_lab(self, size: int, options) -> tuple[dict, list[dict]]:  # noqa: C901
        slug, host = f"bench-{size}", f"bench-{size}{HOST_SUFFIX}"
        self.stderr.write(f"Building a lab of {size} papers…")
        lab, build_seconds = fresh_lab(slug=slug, host=host, papers=size)
        paths = page_paths(lab)

        # The same bytes as static files, under the temporary STATIC_ROOT.
        static_dir = Path(settings.STATIC_ROOT) / "bench" / str(size)
        static_dir.mkdir(parents=True, exist_ok=True)
        first = WSGIHandler()
        static_paths = {}
        for page, path in paths.items():
            cache.clear()
            status, body, _ = request(first, host, path)
            if not status.startswith("200"):
                raise CommandError(f"{host}{path} answered {status}.")
            name = f"{page}.bib" if page == "bibtex" else f"{page}.html"
            (static_dir / name).write_bytes(body)
            static_paths[page] = f"{settings.STATIC_URL}bench/{size}/{name}"
        # A new handler: WhiteNoise indexes STATIC_ROOT when its middleware starts.
        handler = WSGIHandler()
        tune_garbage_collector()  # as config.wsgi does for gunicorn

        results = {page: {"size": size, "page": page, "path": path} for page, path in paths.items()}
        for page, path in paths.items():
            cache.clear()
            # Count at once: the next request's request_started signal empties the query log.
            with CaptureQueriesContext(connection) as cold:
                status, body, _ = request(handler, host, path)
            cold_queries = len(cold)
            with CaptureQueriesContext(connection) as warm:
                request(handler, host, path)
            warm_queries = len(warm)
            status_static, static_body, _ = request(handler, host, static_paths[page])
            if not status_static.startswith("200") or len(static_body) != len(body):
                raise CommandError(f"The static copy of {path} was not served ({status_static}).")
            results[page].update(queries=cold_queries, queries_warm=warm_queries, bytes=len(body))

        cold_samples = options["cold"] or (9 if size >= 5000 else 15)
        self.stderr.write(f"  cold: {cold_samples} rounds of {len(paths)} pages…")
        cold_times = {page: [] for page in paths}
        for _ in range(cold_samples):
            for page, path in paths.items():
                cache.clear()
                cold_times[page].append(request(handler, host, path)[2])

        warm_samples = options["warm"]
        self.stderr.write(f"  warm and static: {warm_samples} rounds…")
        warm_times = {page: [] for page in paths}
        static_times = {page: [] for page in paths}
        for page, path in paths.items():
            request(handler, host, path)  # fill the page cache
            for _ in range(warm_samples):
                # Alternate, so that both see the same state of a shared machine.
                warm_times[page].append(request(handler, host, path)[2])
                static_times[page].append(request(handler, host, static_paths[page])[2])

        for page in paths:
            row = results[page]
            row["cold_ms"] = round(median_ms(cold_times[page]), 3)
            row["warm_ms"] = round(median_ms(warm_times[page]), 4)
            row["static_ms"] = round(median_ms(static_times[page]), 4)
            row["warm_over_static"] = round(row["warm_ms"] / row["static_ms"], 3)
            row["cold_samples"], row["warm_samples"] = cold_samples, warm_samples
        counts = proportions(size)
        lab_result = {
            "size": size,
            "build_seconds": round(build_seconds, 2),
            **counts,
            "authorships": Authorship.objects.for_lab(lab).count(),
        }
        return lab_result, list(results.values())

    def bench_imports(self, sizes: list[int]) -> list[dict]:
        rows = []
        for size in sizes:
            text = make_bibtex(size)
            data = text.encode()
            self.stderr.write(f"Importing {size} BibTeX entries ({len(data) / 1e6:.1f} MB)…")
            parse_wall, parse_cpu = [], []
            for _ in range(3):
                wall, cpu = time.perf_counter(), time.process_time()
                library = bibtexparser.parse_string(text)
                parse_cpu.append(time.process_time() - cpu)
                parse_wall.append(time.perf_counter() - wall)
            if len(library.entries) != size:
                raise CommandError(f"bibtexparser read {len(library.entries)} of {size} entries.")

            slug = f"bench-import-{size}"
            for old in Lab.objects.filter(slug=slug):
                delete_lab(old)
            lab = LabFactory(slug=slug, name=f"Import {size}")
            PersonFactory(lab=lab, slug="ada", full_name="Ada Moreau")  # the member of make_bibtex
            wall, cpu = time.perf_counter(), time.process_time()
            report = apply_import(lab=lab, files=[("bench.bib", data)])
            import_cpu = time.process_time() - cpu
            import_wall = time.perf_counter() - wall
            created = Publication.objects.for_lab(lab).count()
            if created != size:
                raise CommandError(f"The import created {created} of {size} papers: {report}")
            rows.append(
                {
                    "entries": size,
                    "megabytes": round(len(data) / 1e6, 2),
                    "parse_seconds": round(min(parse_wall), 3),
                    "parse_cpu_seconds": round(min(parse_cpu), 3),
                    "import_seconds": round(import_wall, 3),
                    "import_cpu_seconds": round(import_cpu, 3),
                    "import_over_parse": round(import_wall / min(parse_wall), 2),
                    "entries_per_second": round(size / import_wall),
                    "created": created,
                }
            )
        return rows
