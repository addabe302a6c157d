"""Scholar CSV, RIS, EndNote and the AcadHomepage gs_data.json."""

import json

import pytest

from publications.choices import PublicationKind
from publications.importers import parse
from publications.importers.normalize import title_key
from publications.importers.scholarly_json import parse_citation

# --- Scholar CSV -------------------------------------------------------------------


@pytest.fixture
def csv_result(sample):
    return parse(sample("scholar.csv"), filename="scholar.csv")


def test_csv_reads_every_row(csv_result):
    assert csv_result.format == "scholar-csv"
    assert csv_result.errors == []
    assert len(csv_result.entries) == 7


def test_csv_bom_and_trailing_author_separator(csv_result):
    first = csv_result.entries[0]
    assert first.title.startswith("Flashattention")  # no BOM leaked into the first cell
    assert [a.name for a in first.authors] == [
        "Tri Dao",
        "Dan Fu",
        "Stefano Ermon",
        "Atri Rudra",
        "Christopher Ré",
    ]
    assert first.authors_truncated is False
    assert (first.kind, first.venue_short, first.pages) == (
        PublicationKind.CONFERENCE,
        "NeurIPS 2022",
        "16344–16359",
    )


def test_csv_rows_know_their_physical_line(csv_result):
    # Row 6 spans two lines (a quoted newline), so row 7 starts on line 9.
    assert [entry.line for entry in csv_result.entries] == [2, 3, 4, 5, 6, 7, 9]
    assert [entry.key for entry in csv_result.entries][:2] == ["entry 1", "entry 2"]
    assert csv_result.entries[5].title == "A title that Scholar wrapped over two lines"


def test_csv_kinds_from_venue_and_publisher(csv_result):
    kinds = [entry.kind for entry in csv_result.entries]
    assert kinds == [
        PublicationKind.CONFERENCE,
        PublicationKind.PREPRINT,
        PublicationKind.JOURNAL,
        PublicationKind.JOURNAL,
        PublicationKind.PATENT,
        PublicationKind.CONFERENCE,
        PublicationKind.PREPRINT,
    ]
    assert csv_result.entries[1].arxiv_id == "2309.17453"
    assert csv_result.entries[6].year is None


def test_csv_with_another_header_says_which_header_was_expected(sample):
    result = parse(sample("other_header.csv"), filename="other_header.csv")
    assert result.format == "scholar-csv"
    assert result.entries == []
    [error] = result.errors
    assert error.line == 1
    assert "'Title,Author,Year'" in error.message
    assert "'Authors,Title,Publication,Volume,Number,Pages,Year,Publisher'" in error.message
    assert str(error).startswith("other_header.csv, line 1: ")


def test_csv_row_with_too_many_cells_is_an_error_and_others_survive():
    data = (
        b"Authors,Title,Publication,Volume,Number,Pages,Year,Publisher\n"
        b'"Doe, Jane; ",Good,Nature,1,2,3-4,2020,\n'
        b'"Doe, Jane; ",Bad,Nature,1,2,3-4,2020,,extra\n'
    )
    result = parse(data, filename="scholar.csv")
    assert [entry.title for entry in result.entries] == ["Good"]
    [error] = result.errors
    assert (error.line, error.key) == (3, "entry 2")
    assert "9 cells" in error.message


def test_csv_row_without_title_is_an_error():
    data = (
        b"Authors,Title,Publication,Volume,Number,Pages,Year,Publisher\n"
        b'"Doe, Jane; ",,Nature,,,,2020,\n'
    )
    [error] = parse(data, filename="scholar.csv").errors
    assert (error.line, error.key, error.message) == (2, "entry 1", "entry has no title")


# --- RIS ----------------------------------------------------------------------------


def test_ris(sample):
    result = parse(sample("scholar.ris"), filename="scholar.ris")
    assert result.format == "ris"
    assert result.errors == []
    flash, dejavu, coordinate, streaming = result.entries
    assert [entry.line for entry in result.entries] == [1, 16, 29, 44]
    assert (flash.raw_type, flash.kind, flash.pages, flash.venue_short) == (
        "JOUR",
        PublicationKind.CONFERENCE,
        "16344–16359",
        "NeurIPS 2022",
    )
    # Scholar puts the proceedings of a CONF record in JO.
    assert (dejavu.kind, dejavu.venue, dejavu.publisher) == (
        PublicationKind.CONFERENCE,
        "International Conference on Machine Learning",
        "PMLR",
    )
    assert (coordinate.volume, coordinate.number, coordinate.pages) == ("156", "1", "433–484")
    assert [a.name for a in coordinate.authors] == ["Peter Richtárik", "Martin Takáč"]
    # TI/AU/T2/PY variants, "2019///" dates, wrapped abstracts.
    assert streaming.title == "Efficient streaming language models with attention sinks"
    assert [a.name for a in streaming.authors] == ["Guangxuan Xiao", "Mike Lewis"]
    assert (streaming.kind, streaming.year, streaming.arxiv_id) == (
        PublicationKind.PREPRINT,
        2019,
        "2309.17453",
    )
    assert streaming.doi == "10.48550/arXiv.2309.17453"
    assert streaming.abstract == (
        "Deploying large language models in streaming applications is urgently needed."
    )


def test_ris_record_without_title():
    data = b"TY  - JOUR\nA1  - Doe, Jane\nY1  - 2020\nER  - \n"
    [error] = parse(data, filename="x.ris").errors
    assert str(error) == "x.ris, line 1, entry entry 1: entry has no title"


def test_ris_month_from_date():
    data = b"TY  - JOUR\nT1  - Dated\nPY  - 2019/05/03/\nER  - \n"
    [entry] = parse(data, filename="x.ris").entries
    assert (entry.year, entry.month) == (2019, 5)


# --- EndNote ------------------------------------------------------------------------


def test_endnote(sample):
    result = parse(sample("scholar.enw"), filename="scholar.enw")
    assert result.format == "endnote"
    assert result.errors == []
    streaming, dejavu, coordinate, book = result.entries
    assert [entry.line for entry in result.entries] == [1, 11, 20, 36]
    assert (streaming.raw_type, streaming.kind, streaming.venue, streaming.arxiv_id) == (
        "Journal Article",
        PublicationKind.PREPRINT,
        "arXiv",
        "2309.17453",
    )
    assert (dejavu.kind, dejavu.venue_short, dejavu.pages) == (
        PublicationKind.CONFERENCE,
        "ICML 2023",
        "22137–22176",
    )
    assert coordinate.doi == "10.1007/s10107-015-0901-6"
    assert coordinate.url == "https://link.springer.com/article/10.1007/s10107-015-0901-6"
    assert coordinate.abstract.endswith("applied to big data problems.")
    assert "\n" not in coordinate.abstract
    assert (book.kind, book.publisher) == (PublicationKind.BOOK, "Hermès")


RICHTARIK_BIBTEX = b"""@article{richtarik2016parallel,
  title={Parallel coordinate descent methods for big data optimization},
  author={Richt{\\'a}rik, Peter and Tak{\\'a}{\\v{c}}, Martin},
  journal={Mathematical Programming},
  volume={156},
  number={1},
  pages={433--484},
  year={2016},
  publisher={Springer}
}
"""


def test_the_same_paper_reads_the_same_in_every_format(sample):
    """Richtárik & Takáč as Scholar exports it in each format."""
    files = {
        "scholar.bib": RICHTARIK_BIBTEX,
        "scholar.csv": sample("scholar.csv"),
        "scholar.ris": sample("scholar.ris"),
        "scholar.enw": sample("scholar.enw"),
    }
    readings = set()
    for name, data in files.items():
        [entry] = [
            entry
            for entry in parse(data, filename=name).entries
            if entry.title.startswith("Parallel coordinate descent")
        ]
        readings.add(
            (
                title_key(entry.title),
                tuple(a.name for a in entry.authors),
                entry.venue,
                entry.volume,
                entry.number,
                entry.pages,
                entry.year,
                entry.kind,
                entry.publisher,
            )
        )
    assert len(readings) == 1


# --- gs_data.json -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["gs_data.json", "gs_data_list.json"])
def test_gs_data(sample, name):
    result = parse(sample(name), filename=name)
    assert result.format == "scholarly-json"
    assert result.errors == []
    streaming, h2o, ring, atc = result.entries
    assert streaming.key == "AbCdEfGAAAAJ:u5HHmVD_uO8C"
    assert (streaming.kind, streaming.venue, streaming.arxiv_id, streaming.citation_count) == (
        PublicationKind.PREPRINT,
        "arXiv",
        "2309.17453",
        812,
    )
    assert streaming.authors == []
    assert streaming.authors_truncated is False
    assert (h2o.venue, h2o.volume, h2o.pages, h2o.venue_short) == (
        "Advances in Neural Information Processing Systems",
        "36",
        "34661–34710",
        "NeurIPS 2023",
    )
    # No pub_year and an empty citation: no year, no venue, zero citations.
    assert (ring.year, ring.venue, ring.citation_count) == (None, "", 0)
    # A citation cut short with "…" keeps only its venue.
    assert atc.venue == "Proceedings of the 2018 USENIX Annual Technical Conference (USENIX ATC 18"
    assert atc.venue_short == "USENIX ATC 2018"
    assert atc.year == 2018


@pytest.mark.parametrize(
    ("citation", "venue", "volume", "number", "pages", "year"),
    [
        ("Nature 123 (4), 411-447, 2020", "Nature", "123", "4", "411-447", "2020"),
        (
            "arXiv preprint arXiv:2309.17453, 2023",
            "arXiv preprint arXiv:2309.17453",
            "",
            "",
            "",
            "2023",
        ),
        ("US Patent 12,157,235, 2024", "US Patent 12,157,235", "", "", "", "2024"),
        (
            "Proceedings of the 29th Symposium on Operating Systems …",
            "Proceedings of the 29th Symposium on Operating Systems",
            "",
            "",
            "",
            "",
        ),
        ("", "", "", "", "", ""),
    ],
)
def test_parse_citation(citation, venue, volume, number, pages, year):
    parsed = parse_citation(citation)
    assert (parsed.venue, parsed.volume, parsed.number, parsed.pages, parsed.year) == (
        venue,
        volume,
        number,
        pages,
        year,
    )


def test_gs_data_invalid_json():
    result = parse(b'{"publications": {"x": }', filename="gs_data.json")
    [error] = result.errors
    assert result.format == "scholarly-json"
    assert error.line == 1
    assert error.message.startswith("the file is not valid JSON")


def test_gs_data_without_publications():
    [error] = parse(b'{"name": "Someone"}', filename="gs_data.json").errors
    assert "publications" in error.message


def test_gs_data_odd_publications_are_errors_not_crashes():
    document = {
        "publications": {
            "a:1": "not an object",
            "a:2": {"bib": "not an object", "num_citations": "many"},
            "a:3": {"bib": {"title": "Fine", "pub_year": 2021}, "num_citations": "12"},
        }
    }
    result = parse(json.dumps(document).encode(), filename="gs_data.json")
    assert [(e.key, e.message) for e in result.errors] == [
        ("a:1", "publication is not a JSON object"),
        ("a:2", "entry has no title"),
    ]
    [entry] = result.entries
    assert (entry.key, entry.year, entry.citation_count) == ("a:3", 2021, 12)


@pytest.mark.parametrize(
    "document",
    [
        b'{"publications": {"a": {"bib": {"title": "T"}, "num_citations": 9' + b"9" * 5000 + b"}}}",
        b"[" * 100_000,
    ],
)
def test_gs_data_hostile_json_is_an_error(document):
    [error] = parse(document, filename="gs_data.json").errors
    assert error.message.startswith("the file could not be read as JSON")


def test_gs_data_huge_citation_count_string_is_ignored():
    document = {"publications": {"a": {"bib": {"title": "T"}, "num_citations": "9" * 5000}}}
    [entry] = parse(json.dumps(document).encode(), filename="gs_data.json").entries
    assert entry.citation_count is None
