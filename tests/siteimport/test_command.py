"""manage.py importsite: progress lines, the report, clear one-line failures writing nothing."""

import pytest
from django.core.management import CommandError

from people.models import Person
from publications.models import Publication
from tests.factories import make_person
from tests.siteimport.helpers import run_importsite, site_folder, zip_folder


@pytest.fixture
def aurick(lab_a):
    return make_person(lab=lab_a, full_name="Aurick Qiao", slug="aurick")


_run = run_importsite


def test_a_zip_imports_with_progress_and_report(tmp_path, lab_a, aurick):
    archive = zip_folder(site_folder(tmp_path, "markdown", images=["aurick.jpg"]))
    out, err = _run(str(archive), "--lab", "lab-a", "--person", "aurick")
    assert "as markdown" in err and "Writing" in err
    assert "paper: 5 create" in out
    assert "inferred: name 'Aurick Qiao'" in out
    assert "profile: 1 update" in out  # the riddle e-mail kept as written, not skipped
    assert out.strip().endswith("Imported markdown site into Aurick Qiao.")
    assert Publication.objects.for_lab(lab_a).count() == 5
    out, _ = _run(str(archive), "--lab", "lab-a", "--person", "aurick")
    assert "paper: 5 unchanged" in out and "create" not in out


def test_a_dry_run_writes_nothing(tmp_path, lab_a, aurick):
    folder = site_folder(tmp_path, "markdown")
    out, err = _run(str(folder), "--lab", "lab-a", "--person", "aurick", "--dry-run")
    assert "paper: 5 create" in out and "Would import" in out and "Dry run" in err
    assert Publication.objects.for_lab(lab_a).count() == 0


@pytest.mark.parametrize(("source", "message"), [
    ("missing-folder", "is neither a folder nor a .zip file"),
    ("empty-folder", "does not look like a site labsite can read"),
])
def test_an_unreadable_source_fails_with_one_line(tmp_path, lab_a, aurick, source, message):
    (tmp_path / "empty-folder").mkdir()
    with pytest.raises(CommandError, match=message) as failure:
        _run(str(tmp_path / source), "--lab", "lab-a", "--person", "aurick")
    assert "\n" not in str(failure.value)
    assert Publication.objects.for_lab(lab_a).count() == 0


def test_a_format_whose_reader_is_not_installed_says_so(tmp_path, lab_a, aurick, monkeypatch):
    from siteimport import formats

    monkeypatch.setitem(formats.FORMATS, "al-folio", "not_written_yet")
    with pytest.raises(CommandError, match="The al-folio reader is not available"):
        _run(str(site_folder(tmp_path, "markdown")), "--lab", "lab-a", "--format", "al-folio")


def test_another_labs_member_is_not_found(tmp_path, lab_a, lab_b, aurick):
    with pytest.raises(CommandError, match='Lab "lab-b" has no member with slug "aurick"'):
        _run(str(site_folder(tmp_path, "markdown")), "--lab", "lab-b", "--person", "aurick")
    assert Person.objects.for_lab(lab_b).count() == 0


def test_without_person_the_site_is_the_labs(tmp_path, lab_a, lab_b):
    out, _ = _run(str(site_folder(tmp_path, "markdown")), "--lab", "lab-a")
    assert "paper: 5 create" in out and out.strip().endswith("into Alpha Systems Lab.")
    assert Publication.objects.for_lab(lab_a).count() == 5
    assert Publication.objects.for_lab(lab_b).count() == 0
    assert Person.objects.for_lab(lab_a).count() == 0  # a plain page names no team
