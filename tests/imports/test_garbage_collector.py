"""An import leaves Python's garbage collector alone.

The collector is one per process: an import that paused it paused it for every other
request of a threaded server too, for as long as the import ran. A process tunes its
collector once, at start-up (``labsite.process.tune_garbage_collector``).
"""

import gc
import io
import threading
from pathlib import Path

import pytest

from publications.imports import parse_files
from publications.models import Publication
from tests.imports.helpers import data, plan, run_import

pytestmark = pytest.mark.django_db


def test_the_collector_stays_on_while_an_import_is_planned_and_written(lab_a):
    seen = []

    def progress(stage, done, total):
        seen.append((stage, gc.isenabled()))

    run_import(lab_a, "profile.bib", "profile.csv", progress=progress)

    stages = {stage.split()[0] for stage, _ in seen}
    assert {"Reading", "Matching", "Writing"} <= stages
    assert [stage for stage, enabled in seen if not enabled] == []
    assert Publication.objects.for_lab(lab_a).exists()


def test_another_thread_sees_the_collector_on_during_a_dry_run(lab_a):
    seen = []

    def progress(stage, done, total):
        # What a request served by another thread of the same process would find.
        other = threading.Thread(target=lambda: seen.append(gc.isenabled()))
        other.start()
        other.join()

    parsed = parse_files([("profile.bib", data("profile.bib"))], progress=progress)
    result = plan(lab_a, "profile.bib", progress=progress)

    assert parsed and result.importable > 0
    assert seen and all(seen)
    assert not Publication.objects.for_lab(lab_a).exists()  # a dry run writes nothing


def test_the_command_tunes_its_own_process_and_call_command_does_not(lab_a, capsys):
    from django.core.management import call_command

    from publications.management.commands.import_publications import Command

    threshold = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with pytest.raises(SystemExit):
            Command().run_from_argv(["manage.py", "import_publications", "--help"])
        assert gc.get_threshold() == (50_000, 20, 20)  # as labsite.wsgi tunes a worker
        assert "--dry-run" in capsys.readouterr().out

        gc.set_threshold(700, 10, 10)
        call_command("import_publications", str(Path(__file__).parent / "data" / "profile.bib"),
                     "--lab", lab_a.slug, "--no-progress", stdout=io.StringIO())
        assert gc.get_threshold() == (700, 10, 10)  # the caller's process is left alone
        assert Publication.objects.for_lab(lab_a).exists()
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
