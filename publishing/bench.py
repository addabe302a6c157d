"""Edit → published file, timed on the worker's side (a benchmark, not a test).

``edit_to_file(lab=…, paths=…)`` publishes ``lab`` in full once, then ``runs`` times
retitles one of its papers, commits, and runs the publish task as ``db_worker`` would
(``publish_lab_on_write.call``): each figure is the time from the commit to the
``os.replace`` that put each new file of ``paths`` in place (the file's mtime; the temporary
file is written just before the rename) and, beside it, to the task's end. The worker's
polling interval is not counted. It writes to the configured database: run it on a
throw-away one with synthetic labs (``demo.synthetic.build_lab``), e.g.::

    python manage.py shell -c "from demo.synthetic import build_lab; \
from publishing.bench import edit_to_file; \
print(edit_to_file(lab=build_lab(slug='b1k', host='b1k.example.org', papers=1000)))"

A ``None`` in ``paths`` stands for the edited paper's own page.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from django.db import transaction
from django.test.utils import override_settings

from publications.models import Publication
from publishing import pages
from publishing.dependencies import lab_path
from publishing.paths import relative_file
from publishing.services import publish_lab
from publishing.tasks import publish_lab_on_write


def _file_of(root, host: str, path: str):
    suffix = "application/atom+xml; charset=utf-8" if path.endswith("/feed/") else (
        "text/html; charset=utf-8")
    return root / host / relative_file(path, suffix)


def edit_to_file(*, lab, paths: tuple[str | None, ...] = (None, "/publications/"),
                 runs: int = 10) -> dict:
    """Median and worst seconds from an edit's commit to each of ``paths``' new file
    (module doc); every edit rewrites all of them, so one full publish serves them all."""
    with tempfile.TemporaryDirectory() as directory, override_settings(
            LABSITE_PUBLISH_ROOT=directory):
        started = time.monotonic()
        publish_lab(lab=lab)
        full_publish = time.monotonic() - started
        paper = Publication.objects.for_lab(lab).order_by("pk").first()
        targets = [path or lab_path("publications:detail", paper.slug) for path in paths]
        host = pages.hosts_of(lab).lab_hosts[0]
        files = {target: _file_of(Path(directory), host, target) for target in targets}
        to_file = {target: [] for target in targets}
        to_done = []
        for run in range(runs):
            with transaction.atomic():
                paper.title = f"{paper.title.split(' [edit')[0]} [edit {run}]"
                paper.save()
            committed = time.time_ns()
            result = publish_lab_on_write.call(lab.pk)
            to_done.append((time.time_ns() - committed) / 1e9)
            for target, file in files.items():
                if "error" in result or f"[edit {run}]".encode() not in file.read_bytes():
                    raise RuntimeError(f"run {run} did not publish {target}: {result}")
                to_file[target].append((file.stat().st_mtime_ns - committed) / 1e9)
    return {
        "lab": lab.slug, "papers": Publication.objects.for_lab(lab).count(), "runs": runs,
        "full_publish_seconds": round(full_publish, 2),
        "files_per_edit": result.get("files"),
        "median_to_task_end_seconds": round(statistics.median(to_done), 3),
        "median_to_file_seconds": {t: round(statistics.median(v), 3) for t, v in to_file.items()},
        "worst_to_file_seconds": {t: round(max(v), 3) for t, v in to_file.items()},
    }
