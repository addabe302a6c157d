import bibtexparser
import pytest
from bibtexparser import middlewares

from publications import bibtex
from publications.models import Authorship, Publication
from publications.queries import load_entries
from tests.factories import make_person
from tests.publications.helpers import paper

pytestmark = pytest.mark.django_db


def parse(text):
    """Read BibTeX back the way a reference manager would: TeX decoded to text."""
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.LatexDecodingMiddleware()]
    )
    assert library.failed_blocks == []
    return library


def fields(entry):
    return {field.key: field.value for field in entry.fields}


def entries_of(lab):
    return load_entries(lab, Publication.objects.for_lab(lab).in_list_order())


def get_bib(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    return response


# --- Keys ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "first_author", "year", "key"),
    [
        ("Pollux: Co-adaptive Cluster Scheduling", "Aurick Qiao", 2021, "qiao2021pollux"),
        ("The Case for Learned Index Structures", "Tim Kraska", 2018, "kraska2018case"),
        ("On the Opportunities of a Model", "Rishi Bommasani", 2021, "bommasani2021opportunities"),
        ("Hazy research", "Christopher Ré", 2019, "re2019hazy"),
        ("Inrank: Incremental low-rank learning", "Schäfer, Florian", 2023, "schafer2023inrank"),
        ("Über alles", "Zoë Ångström", None, "angstromuber"),
        ("A", "", 2020, "anon2020"),
    ],
)
def test_keys_are_surname_year_first_word(lab_a, title, first_author, year, key):
    paper(lab_a, title, year=year, authors=[first_author] if first_author else [])
    (entry,) = entries_of(lab_a)
    assert bibtex.key_base(entry) == key


def test_colliding_keys_get_letters_in_the_order_papers_were_added(client_a, lab_a):
    second = paper(lab_a, "Efficient things", authors=["Beidi Chen"], year=2024, month=1)
    first = paper(lab_a, "Efficient other things", authors=["Beidi Chen"], year=2024, month=12)
    third = paper(lab_a, "Efficient stuff", authors=["B. Chen"], year=2024, month=6)
    text = get_bib(client_a, "/publications.bib").content.decode()
    keys = {entry.key: fields(entry)["title"] for entry in parse(text).entries}
    assert keys == {
        "chen2024efficient": second.title,
        "chen2024efficienta": first.title,
        "chen2024efficientb": third.title,
    }
    # Same keys on every export, whatever the order or filter.
    again = get_bib(client_a, "/publications.bib?q=efficient").content.decode()
    assert [entry.key for entry in parse(again).entries] == [e.key for e in parse(text).entries]


def test_a_suffixed_key_never_takes_another_papers_key(lab_a):
    paper(lab_a, "Deep nets", authors=["Ann Smith"], year=2020)
    paper(lab_a, "Deep nets again", authors=["Ann Smith"], year=2020)
    paper(lab_a, "Deepa: a system", authors=["Ann Smith"], year=2020)  # smith2020deepa
    keys = bibtex.assign_keys(entries_of(lab_a))
    assert sorted(keys.values()) == ["smith2020deep", "smith2020deepa", "smith2020deepb"]
    assert len(set(keys.values())) == 3


def test_keys_stay_unique_for_thousands_of_papers_sharing_a_key_base(client_a, lab_a, lab_b):
    """Letters ran out after 702 papers (a…z, aa…zz) and the export answered 500."""
    count = 2000
    papers = Publication.objects.bulk_create(
        Publication(lab=lab_a, title=f"Efficient things number {n}", slug=f"efficient-{n}",
                    year=2024)
        for n in range(count - 1)
    )
    # Its own key base is what the 702nd suffix of the others would be.
    papers.append(paper(lab_a, "Efficientzz: a system", slug="efficientzz", year=2024))
    Authorship.objects.bulk_create(
        Authorship(lab=lab_a, publication=publication, position=1, name="Beidi Chen")
        for publication in papers[:-1]
    )
    Authorship.objects.create(lab=lab_a, publication=papers[-1], position=1, name="Beidi Chen")
    paper(lab_b, "Efficient other lab", authors=["Beidi Chen"], year=2024)

    text = get_bib(client_a, "/publications.bib").content.decode()

    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    keys = [entry.key for entry in library.entries]
    assert len(keys) == count and len(set(keys)) == count
    assert "chen2024efficient" in keys and "chen2024efficientzz" in keys
    titles = {fields(entry)["title"] for entry in library.entries}
    assert "Efficient other lab" not in titles
    # The oldest paper keeps the bare base; keys follow the order papers were added.
    by_key = {entry.key: fields(entry)["title"] for entry in library.entries}
    assert by_key["chen2024efficient"] == "Efficient things number 0"
    assert by_key["chen2024efficientz"] == "Efficient things number 26"


# --- Escaping --------------------------------------------------------------------------


def test_latex_specials_are_escaped():
    assert bibtex.escape(r"R&D 50% $5 #1 a_b {x} ~ ^ \ ") == (
        r"R\&D 50\% \$5 \#1 a\_b \{x\} \textasciitilde{} \textasciicircum{} \textbackslash{} "
    )
    # BibTeX counts \{ as a brace: a lone one is spelled out so the field stays balanced.
    assert bibtex.escape("a { b") == r"a \textbraceleft{} b"
    assert bibtex.escape("a } b {") == r"a \textbraceright{} b \textbraceleft{}"


def test_titles_protect_acronyms_and_camel_case():
    assert bibtex.protect_title("SpecEE: Accelerating LLM Inference on GPUs") == (
        "{SpecEE:} Accelerating {LLM} Inference on {GPUs}"
    )
    assert bibtex.protect_title("R&D for AI") == r"{R\&D} for {AI}"


# --- Round trip ------------------------------------------------------------------------


def test_round_trip_through_bibtexparser(client_a, lab_a):
    nasty_title = "Ré-thinking {Braces} & 100% of $cost_1 #tags ~ in SchäferNet: a \\ study"
    originals = [
        paper(
            lab_a,
            nasty_title,
            year=2023,
            month=5,
            kind="conference",
            venue="Proceedings of R&D {Systems} 2023",
            venue_short="R&D'23",
            authors=["Christopher Ré", "Schäfer, Florian", "Barnes and Noble Research"],
            pages="12-34",
            doi="10.1145/3_x%y",
            arxiv_id="2305.00001",
        ),
        paper(
            lab_a,
            "Unique entity estimation",
            year=2018,
            kind="journal",
            venue="The Annals of Applied Statistics",
            volume="12",
            number="2",
            authors=["Beidi Chen", "Anshumali Shrivastava"],
            authors_truncated=True,
        ),
        paper(
            lab_a,
            "MagicPIG: LSH Sampling",
            year=2024,
            kind="preprint",
            venue="arXiv preprint arXiv:2410.16179",
            arxiv_id="2410.16179",
            authors=["Zhuoming Chen"],
        ),
        paper(
            lab_a,
            "A thesis on caches",
            year=2019,
            kind="thesis",
            venue="Rice University",
            authors=["Beidi Chen"],
        ),
    ]
    text = get_bib(client_a, "/publications.bib").content.decode()
    parsed = {fields(entry)["title"]: entry for entry in parse(text).entries}
    assert set(parsed) == {
        # pylatexenc reads \textasciicircum as "ˆ"; the title has no caret, so it is exact.
        nasty_title,
        "Unique entity estimation",
        "MagicPIG: LSH Sampling",
        "A thesis on caches",
    }

    first = parsed[nasty_title]
    assert first.entry_type == "inproceedings"
    values = fields(first)
    assert values["author"] == "Christopher Ré and Schäfer, Florian and Barnes and Noble Research"
    assert values["booktitle"] == "Proceedings of R&D {Systems} 2023"
    assert values["year"] == "2023" and values["month"] == "may"
    assert values["pages"] == "12–34"  # "--" is an en dash once decoded
    assert values["eprint"] == "2305.00001" and values["archivePrefix"] == "arXiv"
    # The corporate author stays one name in the raw file.
    assert "{Barnes and Noble Research}" in text

    journal = fields(parsed["Unique entity estimation"])
    assert parsed["Unique entity estimation"].entry_type == "article"
    assert journal["journal"] == "The Annals of Applied Statistics"
    assert journal["author"] == "Beidi Chen and Anshumali Shrivastava and others"
    assert (journal["volume"], journal["number"]) == ("12", "2")

    preprint = parsed["MagicPIG: LSH Sampling"]
    assert preprint.entry_type == "misc"
    assert fields(preprint)["howpublished"] == "arXiv preprint arXiv:2410.16179"
    assert fields(preprint)["eprint"] == "2410.16179"

    thesis = parsed["A thesis on caches"]
    assert thesis.entry_type == "phdthesis" and fields(thesis)["school"] == "Rice University"
    assert len(originals) == len(parsed)


def test_raw_file_keeps_utf8_and_escapes(client_a, lab_a):
    paper(lab_a, "Caches & Co: 50% faster", slug="caches", authors=["Christopher Ré"], year=2022)
    response = get_bib(client_a, "/publications/caches.bib")
    text = response.content.decode("utf-8")
    assert response["Content-Disposition"] == 'inline; filename="re2022caches.bib"'
    assert text.startswith("@inproceedings{re2022caches,\n")
    assert "  title = {Caches \\& Co: 50\\% faster},\n" in text
    assert "  author = {Christopher Ré},\n" in text


@pytest.mark.parametrize(
    ("kind", "entry_type", "venue_field"),
    [
        ("conference", "inproceedings", "booktitle"),
        ("workshop", "inproceedings", "booktitle"),
        ("journal", "article", "journal"),
        ("preprint", "misc", "howpublished"),
        ("thesis", "phdthesis", "school"),
        ("book", "book", "series"),
        ("chapter", "incollection", "booktitle"),
        ("patent", "misc", "howpublished"),
        ("other", "misc", "howpublished"),
    ],
)
def test_entry_type_follows_the_kind(lab_a, kind, entry_type, venue_field):
    paper(lab_a, "Some work", kind=kind, venue="Somewhere", authors=["Ann Smith"])
    (entry,) = parse(bibtex.render_bibtex(entries_of(lab_a))).entries
    assert entry.entry_type == entry_type
    assert fields(entry)[venue_field] == "Somewhere"


# --- The list export -------------------------------------------------------------------


def test_list_export_honours_the_filters(client_a, lab_a):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    paper(lab_a, "Ada in 2024", year=2024, authors=[("Ada Moreau", ada)], tags=["ml"])
    paper(lab_a, "Ada in 2020", year=2020, authors=[("Ada Moreau", ada)], kind="journal")
    paper(lab_a, "Someone else", year=2024, authors=["Zed Outsider"], tags=["ml"])

    def titles(query):
        text = get_bib(client_a, f"/publications.bib{query}").content.decode()
        return {fields(entry)["title"] for entry in parse(text).entries}

    assert titles("") == {"Ada in 2024", "Ada in 2020", "Someone else"}
    assert titles("?person=ada") == {"Ada in 2024", "Ada in 2020"}
    assert titles("?year=2024") == {"Ada in 2024", "Someone else"}
    assert titles("?tag=ml&person=ada") == {"Ada in 2024"}
    assert titles("?kind=journal") == {"Ada in 2020"}
    assert titles("?q=outsider") == {"Someone else"}
    assert titles("?person=nobody") == set()
    response = get_bib(client_a, "/publications.bib?person=nobody")
    assert response.content.decode().startswith("% No publications match")
    assert get_bib(client_a, "/publications.bib")["Content-Disposition"] == (
        'inline; filename="lab-a-publications.bib"'
    )


def test_the_list_page_links_to_the_filtered_export(client_a, lab_a):
    paper(lab_a, "Anything", year=2024)
    html = client_a.get("/publications/?year=2024&group=kind").content.decode()
    assert 'href="/publications.bib?year=2024"' in html


def test_another_labs_papers_are_never_exported(client_a, client_b, lab_a, lab_b):
    paper(lab_a, "Alpha paper", slug="alpha")
    paper(lab_b, "Beta secret", slug="beta", tags=["ml"])
    text = get_bib(client_a, "/publications.bib").content.decode()
    assert "Alpha paper" in text and "Beta secret" not in text
    assert "Beta secret" not in get_bib(client_a, "/publications.bib?q=secret").content.decode()
    assert "Beta secret" not in get_bib(client_a, "/publications.bib?tag=ml").content.decode()
    assert client_a.get("/publications/beta.bib").status_code == 404
    assert "Beta secret" in get_bib(client_b, "/publications/beta.bib").content.decode()
