"""The normalisation rules shared by every parser."""

import unicodedata

import pytest

from publications.choices import PublicationKind
from publications.importers.base import RawRecord
from publications.importers.normalize import (
    build_entry,
    collapse_whitespace,
    infer_kind,
    join_pages,
    latex_to_text,
    normalize_doi,
    normalize_name,
    normalize_pages,
    parse_arxiv,
    parse_authors,
    parse_month,
    parse_year,
    short_venue,
    split_authors_bibtex,
    split_authors_list,
    title_key,
)
from publications.importers.text import _decode_common_latex, _latex_decoder


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        ("R{\\'e}", "Ré"),
        ("$\\{$OSDI$\\}$", "OSDI"),
        ("$\\{$DistServe$\\}$: Disaggregating prefill", "DistServe: Disaggregating prefill"),
        ("($\\{$USENIX$\\}$$\\{$ATC$\\}$ 18)", "(USENIX ATC 18)"),
        ("Fast {KV} Cache for {LLM} Inference", "Fast KV Cache for LLM Inference"),
        ("{QUEST:} Query-Aware Sparsity", "QUEST: Query-Aware Sparsity"),
        ("H$_2$O: Heavy-hitter oracle", "H₂O: Heavy-hitter oracle"),
        ("10$^{3}$ times faster", "10³ times faster"),
        ("Yu{-}Neng Chuang", "Yu-Neng Chuang"),
        ("fran{\\c{c}}ais", "français"),
        ("Goiri, {\\'I}{\\~n}igo", "Goiri, Íñigo"),
        ("Tak{\\'a}{\\v{c}}", "Takáč"),
        (
            "Retiring $$\\backslash$Delta$\\backslash$text $\\{$DP$\\}$ $: New metric",
            "Retiring ΔDP: New metric",
        ),
        ("Up to 50% faster {A}", "Up to 50% faster A"),
        ("Rock & roll {B}", "Rock & roll B"),
        ("Pages 1--18 of {X}", "Pages 1–18 of X"),
        ("a~b", "a b"),
        ("\\emph{Very} important", "Very important"),
        ("$\\alpha$-entmax", "α-entmax"),
        ("  spread \n  over   lines ", "spread over lines"),
        ("No TeX at all", "No TeX at all"),
    ],
)
def test_latex_to_text(tex, text):
    assert latex_to_text(tex) == text


@pytest.mark.parametrize(
    "garbage",
    ["{{{{", "}}}{", "\\", "$", "$$$\\", "\\begin{x", "{" * 5000, "\\emph{" * 3000, "%{"],
)
def test_latex_to_text_never_raises_on_garbage(garbage):
    assert isinstance(latex_to_text(garbage), str)


@pytest.mark.parametrize(
    "tex",
    [
        "R{\\'e}, Christopher",
        "Nicol{\\'a}s, Mar{\\'\\i}a",
        'M{\\"u}ller',
        "\\v Skoda",
        "Erd\\H{o}s",
        '{\\aa}ngstr{\\"o}m',
        "{\\L}ukasz {\\o}ster {\\ss}",
        "J{\\'{e}}r{\\^{o}}me \\`a la \\=o \\.{z} \\k{a} \\u{g} \\r{u} \\d{s}",
        "50\\% \\& \\_x \\#1",
        "``quoted'' {A}---{B}--{C}",
    ],
)
def test_fast_latex_decoding_agrees_with_pylatexenc(tex):
    def tidy(text):
        return collapse_whitespace(unicodedata.normalize("NFC", text))

    assert tidy(_decode_common_latex(tex)) == tidy(_latex_decoder.latex_to_text(tex))


def test_latex_to_text_leaves_plain_text_to_plain_tidying(monkeypatch):
    """pylatexenc is only called for strings with TeX in them."""
    calls = []
    monkeypatch.setattr(_latex_decoder, "latex_to_text", lambda s: calls.append(s) or s)
    latex_to_text("Plain title: with punctuation, 50%; nothing else")
    assert calls == []


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Ganger, Gregory R.", "Gregory R Ganger"),
        ("Gregory R. Ganger", "Gregory R Ganger"),
        ("Ganger, Gregory R", "Gregory R Ganger"),
        ("R{\\'e}, Christopher", "Christopher Ré"),
        ("Goiri, {\\'I}{\\~n}igo", "Íñigo Goiri"),
        ("Yu{-}Neng Chuang", "Yu-Neng Chuang"),
        ("J.-P. Sartre", "J-P Sartre"),
        ("G.R. Smith", "G R Smith"),
        ("von Neumann, John", "John von Neumann"),
        ("King, Jr., Martin Luther", "Martin Luther King Jr."),
        ("Hao Zhang 0001", "Hao Zhang"),
        ("{Google, Inc.}", "Google, Inc."),
        ("  Doe ,   Jane  ", "Jane Doe"),
        ("Aristotle", "Aristotle"),
    ],
)
def test_normalize_name(raw, name):
    assert normalize_name(raw) == name


def test_split_authors_bibtex():
    field = "Dao, Tri and R{\\'e}, Christopher and\n                  {Barnes and Noble} and others"
    assert split_authors_bibtex(field) == [
        "Dao, Tri",
        "R{\\'e}, Christopher",
        "{Barnes and Noble}",
        "others",
    ]


def test_split_authors_list_drops_scholar_trailing_separator():
    assert split_authors_list("Barrett, Paul M; Willis, Katherine J; ") == [
        "Barrett, Paul M",
        "Willis, Katherine J",
    ]


@pytest.mark.parametrize("mark", ["others", "et al.", "et al", "…", "..."])
def test_truncation_marks_are_not_authors(mark):
    authors, truncated = parse_authors(["Dao, Tri", mark])
    assert [a.name for a in authors] == ["Tri Dao"]
    assert truncated is True


def test_trailing_ellipsis_after_a_name_truncates_but_keeps_the_name():
    authors, truncated = parse_authors(["Jane Doe…"])
    assert [a.name for a in authors] == ["Jane Doe"]
    assert truncated is True


def test_full_author_list_is_not_truncated():
    _, truncated = parse_authors(["Dao, Tri", "Fu, Dan"])
    assert truncated is False


def test_contribution_marks_become_flags():
    authors, _ = parse_authors(["Dao, Tri*", "Fu, Dan†", "Ermon, Stefano✉", "Rudra, Atri"])
    assert [(a.name, a.equal_contribution, a.corresponding) for a in authors] == [
        ("Tri Dao", True, False),
        ("Dan Fu", True, False),
        ("Stefano Ermon", False, True),
        ("Atri Rudra", False, False),
    ]


def test_title_key_ignores_case_tex_accents_punctuation_and_spacing():
    assert (
        title_key("Deja vu: Contextual sparsity for efficient {LLMs} at inference time")
        == title_key("Déjà Vu — contextual SPARSITY for efficient LLMs at inference-time.")
        == title_key("D{\\'e}j{\\`a} vu: contextual sparsity for efficient llms at inference time")
        == "dejavucontextualsparsityforefficientllmsatinferencetime"
    )


def test_title_key_keeps_non_latin_titles():
    assert title_key("大规模 模型") == "大规模模型"


@pytest.mark.parametrize(
    ("raw", "pages"),
    [
        ("1--18", "1–18"),
        ("1-18", "1–18"),
        ("1 – 18", "1–18"),
        ("1---18", "1–18"),
        ("A-12--A-18", "A-12–A-18"),
        ("e1234", "e1234"),
        ("S1-S2-S3", "S1-S2-S3"),
        ("", ""),
    ],
)
def test_normalize_pages(raw, pages):
    assert normalize_pages(raw) == pages


def test_join_pages():
    assert join_pages("433", "484") == "433–484"
    assert join_pages("12", "") == "12"
    assert join_pages("12", "12") == "12"
    assert join_pages("", "") == ""


@pytest.mark.parametrize(
    ("texts", "arxiv_id"),
    [
        (["arXiv preprint arXiv:2309.17453"], "2309.17453"),
        (["CoRR abs/2309.17453"], "2309.17453"),
        (["abs/2309.17453"], "2309.17453"),
        (["2309.17453"], "2309.17453"),
        (["https://arxiv.org/abs/2309.17453v2"], "2309.17453"),
        (["https://arxiv.org/pdf/1706.03762.pdf"], "1706.03762"),
        (["cs/0112017"], "cs/0112017"),
        (["https://arxiv.org/abs/cs/0112017v1"], "cs/0112017"),
        (["arXiv:math.GT/0309136"], "math.GT/0309136"),
        (["", "Nature", "https://example.org"], ""),
        (["Advances in Neural Information Processing Systems"], ""),
        (["", "arXiv preprint arXiv:2401.10774"], "2401.10774"),
    ],
)
def test_parse_arxiv(texts, arxiv_id):
    assert parse_arxiv(*texts) == arxiv_id


def test_normalize_doi():
    assert normalize_doi("https://doi.org/10.1145/3600006.3613165") == "10.1145/3600006.3613165"
    assert normalize_doi("doi:10.1145/1") == "10.1145/1"
    assert normalize_doi(" 10.1145/1 ") == "10.1145/1"


K = PublicationKind


@pytest.mark.parametrize(
    ("entry_type", "venue", "note", "publisher", "kind"),
    [
        ("article", "arXiv preprint arXiv:2309.17453", "", "", K.PREPRINT),
        ("article", "CoRR", "", "", K.PREPRINT),
        ("article", "Advances in Neural Information Processing Systems", "", "", K.CONFERENCE),
        ("article", "Proceedings of Machine Learning and Systems", "", "", K.CONFERENCE),
        ("article", "Proceedings of the VLDB Endowment", "", "", K.CONFERENCE),
        ("article", "International Conference on Learning Representations", "", "", K.CONFERENCE),
        ("article", "Proceedings of the IEEE", "", "", K.JOURNAL),
        ("article", "Proceedings of the National Academy of Sciences", "", "", K.JOURNAL),
        ("article", "Mathematical Programming", "", "", K.JOURNAL),
        ("inproceedings", "International Conference on Machine Learning", "", "PMLR", K.CONFERENCE),
        ("inproceedings", "Workshop on Efficient Systems@ ICML2023", "", "", K.WORKSHOP),
        ("article", "NeurIPS 2023 Workshop on Machine Learning for Systems", "", "", K.WORKSHOP),
        ("phdthesis", "Rice University", "", "", K.THESIS),
        ("mastersthesis", "", "", "", K.THESIS),
        ("book", "", "", "Springer", K.BOOK),
        ("incollection", "Handbook of Storage", "", "", K.CHAPTER),
        ("inbook", "", "", "", K.CHAPTER),
        ("misc", "", "US Patent 12,157,235", "Google Patents", K.PATENT),
        ("patent", "", "", "", K.PATENT),
        ("misc", "", "", "", K.OTHER),
        ("techreport", "Carnegie Mellon University", "", "", K.OTHER),
        # Formats without entry types (Scholar CSV, gs_data.json):
        ("", "Nature Ecology & Evolution", "", "", K.JOURNAL),
        (
            "",
            "Proceedings of the 29th Symposium on Operating Systems Principles",
            "",
            "",
            K.CONFERENCE,
        ),
        ("", "US Patent 12,157,235", "", "", K.PATENT),
        ("", "World Patent Information", "", "", K.JOURNAL),
        ("", "PhD thesis, Carnegie Mellon University", "", "", K.THESIS),
        ("", "", "", "", K.OTHER),
    ],
)
def test_infer_kind(entry_type, venue, note, publisher, kind):
    assert infer_kind(entry_type, venue, note, publisher) == kind


@pytest.mark.parametrize(
    ("value", "month"),
    [
        ("dec", 12),
        ('dec # "~3"', 12),
        ("Dec", 12),
        ("December", 12),
        ("sept", 9),
        ("3", 3),
        ("{May}", 5),
        ("13", None),
        ("0", None),
        ("", None),
        ("winter", None),
        ("9" * 5000, None),
        (None, None),
    ],
)
def test_parse_month(value, month):
    assert parse_month(value) == month


@pytest.mark.parametrize(
    ("value", "year"),
    [
        ("2023", 2023),
        (2023, 2023),
        ("2019///", 2019),
        ("2019/05/03/", 2019),
        ("2023-05-01", 2023),
        (" 2023 ", 2023),
        ("", None),
        (None, None),
        ("0", None),
        ("0000", None),
        ("999", None),
        ("2101", None),
        ("forthcoming", None),
        ("2023a", None),
        (True, None),
    ],
)
def test_parse_year(value, year):
    assert parse_year(value) == year


@pytest.mark.parametrize(
    ("venue", "year", "short"),
    [
        ("Advances in Neural Information Processing Systems", 2024, "NeurIPS 2024"),
        ("International Conference on Machine Learning", 2023, "ICML 2023"),
        ("The Twelfth International Conference on Learning Representations", 2024, "ICLR 2024"),
        (
            "18th USENIX Symposium on Operating Systems Design and Implementation (OSDI 24)",
            2024,
            "OSDI 2024",
        ),
        ("2018 USENIX Annual Technical Conference (USENIX ATC 18)", 2018, "USENIX ATC 2018"),
        ("Proceedings of Machine Learning and Systems", 2024, "MLSys 2024"),
        (
            "Findings of the Association for Computational Linguistics: EMNLP 2023",
            2023,
            "Findings of ACL 2023",
        ),
        ("arXiv", 2023, "arXiv 2023"),
        ("International Conference on Machine Learning", None, "ICML"),
        ("Workshop on Efficient Systems for Foundation Models@ ICML2023", 2023, ""),
        ("Mathematical Programming", 2016, ""),
        ("", 2016, ""),
    ],
)
def test_short_venue(venue, year, short):
    assert short_venue(venue, year) == short


def test_build_entry_requires_a_title():
    error = build_entry(RawRecord(line=7, key="x2020", title="  "))
    assert (error.line, error.key, error.message) == (7, "x2020", "entry has no title")


def test_build_entry_makes_arxiv_the_venue_of_preprints():
    entry = build_entry(
        RawRecord(
            line=1,
            key="k",
            entry_type="article",
            title="T",
            venue="CoRR",
            volume="abs/2309.17453",
            year="2023",
        )
    )
    assert (entry.kind, entry.venue, entry.volume, entry.arxiv_id) == (
        K.PREPRINT,
        "arXiv",
        "",
        "2309.17453",
    )
