"""Bad input gets a specific message naming the file, line and entry; nothing is lost."""

import pytest

from publications.imports import ERROR, MAX_IMPORT_BYTES, NEW, parsing
from publications.models import Publication
from tests.imports.helpers import bib, run_import

pytestmark = pytest.mark.django_db

GOOD = """@article{good2020paper,
  title={A good paper},
  author={Doe, Jane},
  journal={Journal of Good Papers},
  year={2020}
}"""


def errors(report):
    return [item.describe() for item in report.items if item.status == ERROR]


def test_empty_file(lab_a):
    report = run_import(lab_a, ("empty.bib", b"  \n\n"))

    assert errors(report) == ["empty.bib: the file is empty"]
    assert report.plan.importable == 0


def test_binary_junk(lab_a):
    junk = bytes(range(256)) * 8
    report = run_import(lab_a, ("photo.bib", junk), ("good.bib", bib(GOOD)))

    assert errors(report) == ["photo.bib: the file is binary, not a text export"]
    assert [p.title for p in Publication.objects.for_lab(lab_a)] == ["A good paper"]


def test_non_utf8_text(lab_a):
    latin1 = "@article{x, title={Le traitement automatique du fran\xe7ais}, year={2019}}"
    report = run_import(lab_a, ("latin1.bib", latin1.encode("latin-1")))

    [message] = errors(report)
    assert message.startswith("latin1.bib: the file is not UTF-8 text (byte 0xE7 on line 1)")


def test_csv_with_another_header(lab_a):
    content = b"Title,Author,Year\nA paper,Jane Doe,2020\n"
    report = run_import(lab_a, ("mine.csv", content))

    [message] = errors(report)
    assert message.startswith("mine.csv, line 1: the header row is 'Title,Author,Year'")
    assert "Authors,Title,Publication,Volume,Number,Pages,Year,Publisher" in message


def test_unbalanced_brace_keeps_the_good_entries(lab_a):
    broken = """@article{broken2021brace,
  title={A title with an {unbalanced brace},
  author={Doe, Jane},
  year={2021}
}"""
    last = GOOD.replace("good2020paper", "last2022").replace("A good paper", "The last paper")
    report = run_import(lab_a, ("mixed.bib", bib(GOOD, broken, last)))

    [message] = errors(report)
    assert message.startswith("mixed.bib, line 8, entry broken2021brace: entry is not closed")
    titles = sorted(p.title for p in Publication.objects.for_lab(lab_a))
    assert titles == ["A good paper", "The last paper"]


def test_entry_without_title(lab_a):
    untitled = """@article{untitled2020,
  author={Doe, Jane},
  year={2020}
}"""
    report = run_import(lab_a, ("notitle.bib", bib(untitled, GOOD)))

    assert errors(report) == ["notitle.bib, line 1, entry untitled2020: entry has no title"]
    assert [i.status for i in report.items] == [ERROR, NEW]
    assert Publication.objects.for_lab(lab_a).count() == 1


def test_file_over_the_size_limit_is_refused(lab_a, monkeypatch):
    monkeypatch.setattr(parsing, "MAX_IMPORT_BYTES", 1000)
    big = bib(*[GOOD.replace("good2020paper", f"good{n}") for n in range(20)])
    assert len(big) > 1000

    report = run_import(lab_a, ("big.bib", big), ("good.bib", bib(GOOD)))

    assert errors(report) == [
        f"big.bib: the file is {len(big) / 1048576:.1f} MB; files up to 0.0 MB can be "
        "imported (split the export)"
    ]
    assert Publication.objects.for_lab(lab_a).count() == 1


def test_the_default_size_limit_is_at_least_ten_megabytes():
    assert MAX_IMPORT_BYTES >= 10 * 1024 * 1024


def test_no_entry_disappears_unreported(lab_a):
    files = ["profile.bib", "profile.csv", "scholar.ris", "scholar.enw", "gs_data.json"]
    broken = ("broken.bib", bib(GOOD, "@article{open, title={Never closed", GOOD))
    report = run_import(lab_a, *files, broken)

    from publications.importers import parse
    from tests.imports.helpers import data

    for name in files:
        result = parse(data(name), filename=name)
        reported = [i for i in report.items if i.filename == name]
        assert len(reported) == len(result.entries) + len(result.errors)
    # Each entry has exactly one status; the summary adds up to every reported line.
    assert sum(report.counts[k] for k in ("created", "updated", "merged", "duplicates",
                                          "errors")) == len(report.items)
    assert any(i.filename == "broken.bib" and i.status == ERROR for i in report.items)


def test_a_parser_crash_becomes_a_message(lab_a, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("parser bug")

    monkeypatch.setattr(parsing, "parse", crash)
    report = run_import(lab_a, ("good.bib", bib(GOOD)))

    assert errors(report) == [
        "good.bib: the file could not be read (internal error; nothing from it was imported)"
    ]


def test_values_the_database_cannot_store_are_errors_not_crashes(lab_a):
    long_title = "A" * 501
    report = run_import(lab_a, ("long.bib", bib(GOOD.replace("A good paper", long_title), GOOD
                                                .replace("good2020paper", "other")
                                                .replace("A good paper", "Other paper"))))

    [message] = errors(report)
    assert message.startswith("long.bib, line 1, entry good2020paper: cannot be stored: title:")
    assert [p.title for p in Publication.objects.for_lab(lab_a)] == ["Other paper"]
