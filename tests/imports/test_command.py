"""python manage.py import_publications"""

import io

import pytest
from django.core.management import CommandError, call_command

from publications.models import Publication
from tests.imports.helpers import DATA

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_publications", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def summary_value(output, label):
    line = next(line for line in output.splitlines() if line.strip().startswith(label))
    return int(line.split()[-1])


def test_import_prints_a_summary_table_and_each_error(lab_a, tmp_path):
    broken = tmp_path / "broken.bib"
    broken.write_text("@article{ok2020, title={Fine}, year={2020}}\n\n"
                      "@article{untitled2021, author={Doe, Jane}, year={2021}}\n")

    out, _ = run(DATA / "profile.bib", DATA / "profile.csv", broken, "--lab", "lab-a")

    assert summary_value(out, "created") == 11
    assert summary_value(out, "updated") == 0
    assert summary_value(out, "merged into another record") == 1  # H2O's full author list
    assert summary_value(out, "duplicates skipped") == 1
    assert summary_value(out, "possible duplicates to review") == 0
    assert summary_value(out, "entries with errors") == 1
    assert "broken.bib, line 3, entry untitled2021: entry has no title" in out
    assert Publication.objects.for_lab(lab_a).count() == 11


def test_dry_run_writes_nothing(lab_a):
    out, _ = run(DATA / "profile.bib", "--lab", "lab-a", "--dry-run")

    assert out.startswith("Dry run (nothing was written)")
    assert summary_value(out, "created") == 9
    assert not Publication.objects.exists()


def test_reimport_reports_duplicates_only(lab_a):
    run(DATA / "scholar.ris", "--lab", "lab-a")
    out, _ = run(DATA / "scholar.ris", "--lab", "lab-a")

    assert summary_value(out, "created") == 0
    assert summary_value(out, "duplicates skipped") == 2


def test_person_flags_and_verbose_listing(lab_a, beidi):
    out, _ = run(DATA / "scholar.enw", DATA / "profile.csv", "--lab", "lab-a",
                 "--person", "beidi", "-v", "2")

    assert ("Warnings:\n  1 entry with a warning: Beidi Chen is not among the authors\n"
            "    profile.csv, line 2, entry 1: Beidi Chen is not among the authors") in out
    assert "Every entry:" in out
    assert "  new                scholar.enw, line 1, entry 1" in out


def test_unknown_lab_or_person(lab_a):
    with pytest.raises(CommandError, match='no lab with slug "nope"'):
        run(DATA / "profile.bib", "--lab", "nope")
    with pytest.raises(CommandError, match='no member with slug "nobody"'):
        run(DATA / "profile.bib", "--lab", "lab-a", "--person", "nobody")


def test_exit_status_is_an_error_when_nothing_could_be_imported(lab_a, tmp_path):
    empty = tmp_path / "empty.bib"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(256)))

    with pytest.raises(CommandError, match="Nothing could be imported") as raised:
        run(empty, junk, tmp_path / "missing.ris", "--lab", "lab-a")
    assert raised.value.returncode == 1


def test_missing_file_is_reported_and_the_rest_imported(lab_a, tmp_path):
    out, _ = run(DATA / "scholar.ris", tmp_path / "missing.ris", "--lab", "lab-a")

    assert f"{tmp_path / 'missing.ris'}: cannot be read (No such file or directory)" in out
    assert summary_value(out, "entries with errors") == 1
    assert summary_value(out, "created") == 2


def test_file_over_the_limit_is_not_read(lab_a, tmp_path, monkeypatch):
    from publications.management.commands import import_publications

    monkeypatch.setattr(import_publications, "MAX_IMPORT_BYTES", 10)
    monkeypatch.setattr("publications.imports.parsing.MAX_IMPORT_BYTES", 10)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Nothing could be imported"):
        call_command("import_publications", str(DATA / "scholar.ris"), "--lab", "lab-a",
                     stdout=out, stderr=io.StringIO())
    assert "scholar.ris: the file is 0.0 MB; files up to 0.0 MB can be imported" in (
        out.getvalue()
    )
    assert not Publication.objects.exists()


def test_progress_bar_for_large_files(lab_a, tmp_path):
    from tests.imports.bench_import import make_bib

    big = tmp_path / "big.bib"
    big.write_text(make_bib(1200))

    out, err = run(big, "--lab", "lab-a")

    assert "Reading big.bib" in err
    assert "Matching   [" in err and "1200/1200" in err
    assert "Writing    [##############################] 1200/1200" in err
    assert summary_value(out, "created") == 1200


def test_failure_while_writing_is_a_clean_error(lab_a, monkeypatch):
    from publications.imports import writing

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(writing, "_write_links", boom)
    with pytest.raises(CommandError, match="nothing was changed"):
        run(DATA / "profile.bib", "--lab", "lab-a")
    assert not Publication.objects.exists()
