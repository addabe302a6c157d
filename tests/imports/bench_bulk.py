"""Benchmark: the raw-SQL bypasses against the ORM call that would replace them.

    .venv/bin/python -m tests.imports.bench_bulk [N ...]                   (default: 100 1500)
    tests/with-postgres.sh .venv/bin/python -m tests.imports.bench_bulk    (on PostgreSQL)

Writes: an import of a synthetic N-entry export (``bench_import.make_bib``, ~6 authors a
paper) into an empty lab, its inserts done by ``bulk.insert_rows`` (raw) or by
``bulk_create`` of model instances built from the same rows (orm). Reads: the publication
list's ``load_entries`` of those N papers, its rows taken from the cursor (``bulk.raw_rows``)
or through ``values_list`` (orm). Each variant runs in turn with the other, best of R runs
(``--runs R``, default 5); CPU is this process's (the database server's is not in it on
PostgreSQL), wall includes it. Without DATABASE_URL it runs on a throw-away SQLite file.
"""

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path


def orm_insert_rows(model, field_names, rows) -> None:
    """What ``insert_rows`` replaces: ``bulk_create`` of instances built from the rows."""
    attnames = [model._meta.get_field(name).attname for name in field_names]
    model.objects.bulk_create(
        [model(**dict(zip(attnames, row, strict=True))) for row in rows], batch_size=500
    )


def main(sizes: list[int], runs: int) -> None:
    if not os.environ.get("DATABASE_URL"):
        folder = Path(tempfile.mkdtemp(prefix="labsite-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from labsite.process import tune_garbage_collector

    tune_garbage_collector()  # as a web worker and import_publications do
    import logging

    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    from django.core.management import call_command
    from django.db import connection

    from labsite.models import Lab
    from people.models import Person
    from publications import queries
    from publications.imports import apply_import, bulk, writing
    from publications.models import Authorship, Publication
    from tests.imports.bench_import import make_bib

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; best of {runs} runs, CPU / wall ms; "
          "ratio = raw / orm (below 1: the bypass is faster)")
    labs, run_id = 0, uuid.uuid4().hex[:8]  # a new lab each run, in any database
    for size in sizes:
        data = make_bib(size).encode()
        timings = {("write", "raw"): [], ("write", "orm"): [],
                   ("read", "raw"): [], ("read", "orm"): []}
        writers = {"raw": bulk.insert_rows, "orm": orm_insert_rows}
        readers = {"raw": bulk.raw_rows, "orm": list}
        last_lab = {}
        for _ in range(runs):
            for variant, writer in writers.items():
                labs += 1
                lab = Lab.objects.create(slug=f"bench-{run_id}-{labs}", name=f"Bench {labs}")
                Person.objects.create(lab=lab, slug="beidi", full_name="Beidi Chen")
                spent = [0.0, 0.0]

                def timed(model, field_names, rows, writer=writer, spent=spent):
                    cpu, wall = time.process_time(), time.perf_counter()
                    writer(model, field_names, rows)
                    spent[0] += time.process_time() - cpu
                    spent[1] += time.perf_counter() - wall

                writing.insert_rows = timed
                try:
                    apply_import(lab=lab, files=[("bench.bib", data)])
                finally:
                    writing.insert_rows = bulk.insert_rows
                timings[("write", variant)].append(tuple(spent))
                last_lab[variant] = lab
            lab = last_lab["raw"]
            for variant, reader in readers.items():
                queries.raw_rows = reader
                try:
                    cpu, wall = time.process_time(), time.perf_counter()
                    entries = queries.load_entries(lab, Publication.objects.for_lab(lab))
                    timings[("read", variant)].append(
                        (time.process_time() - cpu, time.perf_counter() - wall))
                finally:
                    queries.raw_rows = bulk.raw_rows
                assert len(entries) == size, len(entries)
        authors = Authorship.objects.for_lab(lab).count()
        for job in ("write", "read"):
            raw = [min(t[i] for t in timings[(job, "raw")]) for i in (0, 1)]
            orm = [min(t[i] for t in timings[(job, "orm")]) for i in (0, 1)]
            print(f"{size:>6} papers({authors:>6} authors) {job:5}  "
                  f"raw {raw[0] * 1e3:8.1f} / {raw[1] * 1e3:8.1f}   "
                  f"orm {orm[0] * 1e3:8.1f} / {orm[1] * 1e3:8.1f}   "
                  f"ratio CPU {raw[0] / orm[0]:.2f} wall {raw[1] / orm[1]:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1500])
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    main(arguments.sizes, arguments.runs)
