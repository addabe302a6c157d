"""BibTeX from Google Scholar and DBLP."""

import pytest

from publications.choices import PublicationKind
from publications.importers import parse


def by_key(result):
    return {entry.key: entry for entry in result.entries}


@pytest.fixture
def profile(sample):
    return parse(sample("scholar_profile.bib"), filename="scholar_profile.bib")


def test_scholar_profile_parses_every_entry(profile):
    assert profile.format == "bibtex"
    assert profile.errors == []
    assert len(profile.entries) == 14


def test_scholar_neurips_article_is_a_conference_paper(profile):
    entry = by_key(profile)["dao2022flashattention"]
    assert entry.kind == PublicationKind.CONFERENCE
    assert entry.raw_type == "article"
    assert entry.venue == "Advances in Neural Information Processing Systems"
    assert entry.venue_short == "NeurIPS 2022"
    assert (entry.volume, entry.pages, entry.year) == ("35", "16344–16359", 2022)
    assert entry.line == 1
    # Scholar's lower-cased title is kept as written.
    assert (
        entry.title == "Flashattention: Fast and memory-efficient exact attention with io-awareness"
    )
    assert [a.name for a in entry.authors][-1] == "Christopher Ré"


def test_and_others_marks_a_truncated_author_list(profile):
    entry = by_key(profile)["zhang2023h2o"]
    assert len(entry.authors) == 10
    assert entry.authors_truncated is True
    assert "others" not in [a.name for a in entry.authors]
    assert by_key(profile)["dao2022flashattention"].authors_truncated is False


def test_arxiv_article_is_a_preprint(profile):
    entry = by_key(profile)["xiao2023efficient"]
    assert (entry.kind, entry.venue, entry.venue_short) == (
        PublicationKind.PREPRINT,
        "arXiv",
        "arXiv 2023",
    )
    assert entry.arxiv_id == "2309.17453"


def test_two_entries_sharing_a_key_are_both_kept(profile):
    dejavus = [entry for entry in profile.entries if entry.key == "liu2023deja"]
    assert [entry.line for entry in dejavus] == [26, 35]
    icml, mlsys = dejavus
    assert icml.title.startswith("Deja vu: Contextual sparsity")
    assert (icml.kind, icml.venue_short, icml.publisher) == (
        PublicationKind.CONFERENCE,
        "ICML 2023",
        "PMLR",
    )
    # The second one went through the same field clean-up (no braces left).
    assert mlsys.title.startswith("Deja vu: Efficient video-language")
    assert (mlsys.venue, mlsys.venue_short, mlsys.pages) == (
        "Proceedings of Machine Learning and Systems",
        "MLSys 2023",
        "1–18",
    )


def test_usenix_escapes_are_undone(profile):
    distserve = by_key(profile)["zhong2024distserve"]
    assert distserve.title.startswith("DistServe: Disaggregating prefill")
    assert distserve.venue_short == "OSDI 2024"
    atc = by_key(profile)["ganger2018tiered"]
    assert atc.venue == "2018 USENIX Annual Technical Conference (USENIX ATC 18)"
    assert atc.venue_short == "USENIX ATC 2018"
    assert [a.name for a in atc.authors] == ["Gregory R Ganger", "Íñigo Goiri", "Peter Richtárik"]


def test_patent_with_month_macro_concatenation(profile):
    entry = by_key(profile)["ganger2024storage"]
    assert entry.kind == PublicationKind.PATENT
    assert (entry.year, entry.month) == (2024, 12)
    assert entry.note == "US Patent 12,157,235"
    assert entry.publisher == "Google Patents"


def test_thesis_book_chapter_and_workshop(profile):
    entries = by_key(profile)
    thesis = entries["chen2020scaling"]
    assert (thesis.kind, thesis.venue) == (PublicationKind.THESIS, "Rice University")
    book = entries["doe2019traitement"]
    assert (book.kind, book.title, book.publisher) == (
        PublicationKind.BOOK,
        "Le traitement automatique du français",
        "Hermès",
    )
    assert entries["roe2021chapter"].kind == PublicationKind.CHAPTER
    workshop = entries["sun2023draining"]
    assert (workshop.kind, workshop.venue_short) == (PublicationKind.WORKSHOP, "")
    assert workshop.title == "Draining the H₂O cache: sparse attention for edge devices"


def test_entry_without_year_keeps_year_none(profile):
    entry = by_key(profile)["caimedusa"]
    assert entry.year is None
    assert entry.venue_short == "arXiv"


def test_mangled_math_becomes_readable(profile):
    entry = by_key(profile)["liu2023retiring"]
    assert entry.title == "Retiring ΔDP: New distortion metric for private data"


def test_dblp(sample):
    result = parse(sample("dblp.bib"), filename="dblp.bib")
    assert result.errors == []
    entries = by_key(result)
    osdi = entries["DBLP:conf/osdi/ZhuangZXQB0S24"]
    assert osdi.title == "Fast Collective Communication for KV Cache Transfer"
    assert osdi.venue.startswith("18th USENIX Symposium on Operating Systems Design")
    assert "\n" not in osdi.venue
    assert (osdi.venue_short, osdi.publisher, osdi.pages) == (
        "OSDI 2024",
        "USENIX Association",
        "441–457",
    )
    assert [a.name for a in osdi.authors][4] == "Eric P Xing"
    assert [a.name for a in osdi.authors][-1] == "Hao Zhang"  # homonym number dropped
    assert osdi.url == "https://www.usenix.org/conference/osdi24/presentation/zhuang"

    corr = entries["DBLP:journals/corr/abs-2309-17453"]
    assert (corr.kind, corr.venue, corr.volume, corr.arxiv_id) == (
        PublicationKind.PREPRINT,
        "arXiv",
        "",
        "2309.17453",
    )
    assert corr.doi == "10.48550/ARXIV.2309.17453"

    quest = entries["DBLP:conf/icml/TangZZ0KH24"]
    assert quest.title == "QUEST: Query-Aware Sparsity for Efficient Long-Context LLM Inference"
    assert quest.venue_short == "ICML 2024"

    tmlr = entries["DBLP:journals/tmlr/ChuangWZH24"]
    assert tmlr.kind == PublicationKind.JOURNAL
    assert tmlr.authors[0].name == "Yu-Neng Chuang"
    assert tmlr.doi == "10.5555/tmlr.2024.1234"

    old_style = entries["DBLP:journals/corr/cs-DC-0112017"]
    assert old_style.arxiv_id == "cs/0112017"


def test_unbalanced_brace_is_an_error_and_other_entries_survive(sample):
    result = parse(sample("unbalanced.bib"), filename="unbalanced.bib")
    assert [entry.key for entry in result.entries] == ["good2020first", "good2022second"]
    [error] = result.errors
    assert (error.line, error.key) == (8, "broken2021brace")
    assert str(error).startswith("unbalanced.bib, line 8, entry broken2021brace: ")
    assert "brace" in error.message


def test_unbalanced_brace_in_the_last_entry(sample):
    data = (
        sample("no_title.bib")
        + b"\n@article{lastone,\n  title={Never {closed},\n  year={2020}\n}\n"
    )
    result = parse(data, filename="refs.bib")
    [error] = [e for e in result.errors if e.key == "lastone"]
    assert error.line == 14
    assert "end of the file" in error.message
    assert "titled2021" in [entry.key for entry in result.entries]


def test_entry_without_title_is_an_error(sample):
    result = parse(sample("no_title.bib"), filename="no_title.bib")
    assert [entry.key for entry in result.entries] == ["titled2021"]
    [error] = result.errors
    assert error.describe() == "no_title.bib, line 1, entry untitled2020: entry has no title"


def test_duplicate_key_entry_gets_string_macros_and_brace_removal():
    data = b"""@string{mlsys = "Proceedings of Machine Learning and Systems"}
@article{same, title={One}, journal=mlsys, year={2023}}
@article{same, title={Two}, journal=mlsys, year={2024}, pages={1--2}}
"""
    one, two = parse(data, filename="refs.bib").entries
    assert (two.title, two.venue, two.year, two.pages) == (
        "Two",
        "Proceedings of Machine Learning and Systems",
        2024,
        "1–2",
    )


def test_string_macros_are_resolved():
    data = b"""@string{icml = "International Conference on Machine Learning"}
@inproceedings{a2023, title={A}, booktitle=icml, year=2023, month=jul}
"""
    [entry] = parse(data, filename="refs.bib").entries
    assert (entry.venue, entry.venue_short, entry.month) == (
        "International Conference on Machine Learning",
        "ICML 2023",
        7,
    )


def test_repeated_field_keeps_the_first_value_and_says_so():
    data = b"@article{twice2020,\n  title={First},\n  title={Second},\n  year={2020}\n}\n"
    result = parse(data, filename="refs.bib")
    [entry] = result.entries
    assert (entry.title, entry.year) == ("First", 2020)
    [error] = result.errors
    assert (error.line, error.key) == (1, "twice2020")
    assert "title" in error.message


def test_entry_without_a_key_gets_a_synthesised_one():
    result = parse(b"@article{,\n  title={Keyless},\n  year={2020}\n}\n", filename="refs.bib")
    [entry] = result.entries
    assert entry.key.startswith("entry ")


def test_arxiv_eprint_misc_is_a_preprint():
    data = b"@misc{x2024, title={T}, eprint={2401.10774}, archivePrefix={arXiv}, year={2024}}"
    [entry] = parse(data, filename="refs.bib").entries
    assert (entry.kind, entry.venue, entry.arxiv_id) == (
        PublicationKind.PREPRINT,
        "arXiv",
        "2401.10774",
    )


def test_crlf_line_endings_keep_line_numbers(sample):
    data = sample("unbalanced.bib").replace(b"\n", b"\r\n")
    result = parse(data, filename="unbalanced.bib")
    assert [entry.line for entry in result.entries] == [1, 14]
    assert result.errors[0].line == 8
