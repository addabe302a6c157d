"""Format detection and unreadable uploads."""

import pytest

from publications.importers import UnreadableFileError, detect_format, parse
from publications.importers.base import ParseError

SAMPLES = {
    "scholar_profile.bib": "bibtex",
    "dblp.bib": "bibtex",
    "scholar.csv": "scholar-csv",
    "other_header.csv": "scholar-csv",
    "scholar.ris": "ris",
    "scholar.enw": "endnote",
    "gs_data.json": "scholarly-json",
    "gs_data_list.json": "scholarly-json",
}


@pytest.mark.parametrize(("name", "format_"), SAMPLES.items())
def test_detect_format_of_samples(sample, name, format_):
    assert detect_format(sample(name), name) == format_


@pytest.mark.parametrize(("name", "format_"), SAMPLES.items())
def test_content_wins_over_a_misleading_extension(sample, name, format_):
    assert detect_format(sample(name), "export.txt") == format_
    assert detect_format(sample(name), "export.bib" if format_ != "bibtex" else "x.csv") == format_


def test_extension_breaks_a_tie():
    # A RIS file whose abstract happens to contain a line starting with "@article{".
    data = b"TY  - JOUR\nT1  - Tie\nAB  - see\n@article{x,\nER  - \n"
    assert detect_format(data, "refs.ris") == "ris"
    assert detect_format(data, "refs.bib") == "bibtex"
    assert detect_format(data, "refs.txt") == "ris"  # else the earliest signature wins


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.bib", "the file is empty"),
        ("binary.bib", "the file is binary, not a text export"),
        ("latin1.bib", "the file is not UTF-8 text (byte 0xE7 on line 2)"),
    ],
)
def test_unreadable_files(sample, name, message):
    with pytest.raises(UnreadableFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        detect_format(sample(name), name)
    result = parse(sample(name), filename=name)
    assert (result.format, result.entries) == ("", [])
    [error] = result.errors
    assert (error.line, error.key) == (None, None)
    assert str(error).startswith(f"{name}: {message}")


def test_unreadable_file_with_an_explicit_format(sample):
    result = parse(sample("latin1.bib"), filename="latin1.bib", format="bibtex")
    assert result.format == "bibtex"
    assert "not UTF-8" in result.errors[0].message


def test_whitespace_only_is_empty():
    assert parse(b" \n\r\n\t", filename="x.bib").errors[0].message == "the file is empty"


def test_utf16_gets_its_own_message():
    data = "@article{x, title={T}}".encode("utf-16")
    assert "UTF-16" in parse(data, filename="x.bib").errors[0].message


def test_binary_without_nul_bytes():
    data = bytes([7, 8, 27, 1, 2, 3, 4, 5, 6, 14, 15, 16]) * 10
    assert (
        parse(data, filename="x.bib").errors[0].message == "the file is binary, not a text export"
    )


def test_unknown_content():
    result = parse(b"Dear reviewers, thank you.\n", filename="letter.txt")
    assert result.format == ""
    assert "not a format we can read" in result.errors[0].message


def test_file_with_no_publications_says_so():
    result = parse(b"@comment{nothing here}\n", filename="refs.bib")
    assert result.format == "bibtex"
    assert [str(error) for error in result.errors] == [
        "refs.bib: the file contains no publications"
    ]


def test_explicit_format_is_used_as_given(sample):
    result = parse(sample("scholar.ris"), filename="scholar.ris", format="bibtex")
    assert result.format == "bibtex"
    assert result.entries == []


def test_unknown_format_name_is_a_programming_error(sample):
    with pytest.raises(ValueError, match="unknown import format"):
        parse(sample("scholar.ris"), filename="scholar.ris", format="word")


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (
            ParseError(3, "a2020", "entry has no title", "refs.bib"),
            "refs.bib, line 3, entry a2020: entry has no title",
        ),
        (ParseError(3, None, "bad", "refs.bib"), "refs.bib, line 3: bad"),
        (ParseError(None, "a:1", "bad", "gs.json"), "gs.json, entry a:1: bad"),
        (ParseError(None, None, "the file is empty", "x.bib"), "x.bib: the file is empty"),
    ],
)
def test_parse_error_describe(error, text):
    assert error.describe() == str(error) == text


def test_every_error_names_the_file(sample):
    for name in ["unbalanced.bib", "no_title.bib", "other_header.csv", "empty.bib"]:
        for error in parse(sample(name), filename=name).errors:
            assert error.filename == name
            assert str(error).startswith(f"{name}")


def test_a_crashing_reader_keeps_what_it_read(monkeypatch, caplog):
    from publications import importers
    from publications.importers.base import RawRecord

    def crashing_reader(text):
        yield RawRecord(line=1, key="first", title="Read before the crash")
        raise RuntimeError("bug")

    monkeypatch.setitem(importers.READERS, "bibtex", crashing_reader)
    result = parse(b"@article{first, title={x}}", filename="refs.bib")
    assert [entry.key for entry in result.entries] == ["first"]
    assert [str(error) for error in result.errors] == [
        "refs.bib: the rest of the file could not be read (internal error)"
    ]
    assert "importer crashed" in caplog.text


def test_cached_normalisation_never_shares_author_objects(sample):
    first = parse(sample("scholar_profile.bib"), filename="a.bib")
    first.entries[0].authors[0].name = "Changed"
    second = parse(sample("scholar_profile.bib"), filename="a.bib")
    assert second.entries[0].authors[0].name == "Tri Dao"
