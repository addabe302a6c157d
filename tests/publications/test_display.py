"""How papers are shown (publications/display.py): the options of a section row, paper
boxes as seed 002 shows them, notes, the order within a year, identifier buttons."""

import io
import re
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from PIL import Image

from people.homepage import homepage_section_source
from publications.display import PublicationDisplay
from publications.link_targets import link_target
from publications.models import Publication
from publications.rendering import last_first
from tests.factories import make_award, make_person
from tests.publications.helpers import paper, titles

pytestmark = pytest.mark.django_db


def png_bytes(size=(320, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def homepage_section(lab, person, config=None):
    source = homepage_section_source("publications")
    request = RequestFactory().get("/", HTTP_HOST="a.example.org")
    request.lab, request.homepage_person_id = lab, None
    context = source.get_context(request, person, config)
    if context is None:
        return None
    return render_to_string(source.template, {"section": context, "person": person})


def boxes(**options):
    return SimpleNamespace(display_style="boxes", **options)


# --- The options ------------------------------------------------------------------------


def test_options_are_read_from_a_section_row_with_defaults_for_what_it_lacks():
    assert PublicationDisplay.from_section(None) == PublicationDisplay.default()
    assert PublicationDisplay.from_section(object()) == PublicationDisplay.default()
    default = PublicationDisplay.default()
    assert (default.style, default.title_link, default.author_format, default.venue_display,
            default.show_highlights, default.show_citations) == (
        "list", "page", "first_last", "both", True, False)  # fmt: skip
    row = SimpleNamespace(
        display_style="boxes", title_link="pdf", author_format="last_first",
        venue_display="line", show_highlights=False, show_citations=True,
    )  # fmt: skip
    display = PublicationDisplay.from_section(row)
    assert (display.style, display.title_link, display.author_format, display.venue_display,
            display.show_highlights, display.show_citations) == (
        "boxes", "pdf", "last_first", "line", False, True)  # fmt: skip
    # A value the code does not know (a later option, a typo in a shell) is the default.
    odd_row = SimpleNamespace(display_style="cards", show_citations=None)
    odd = PublicationDisplay.from_section(odd_row)
    assert odd == PublicationDisplay.default()
    with pytest.raises(AttributeError):
        display.style = "list"  # frozen


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Beidi Chen", "Chen, Beidi"),
        ("Jacob R Gardner", "Gardner, Jacob R"),
        ("Christopher De Sa", "De Sa, Christopher"),
        ("Martin Luther King Jr", "King, Martin Luther, Jr"),
        ("Plato", "Plato"),
        ("Chen, Beidi", "Chen, Beidi"),
    ],
)
def test_last_first_names(name, expected):
    assert last_first(name) == expected


# --- Paper boxes (seed 002) -------------------------------------------------------------


@pytest.fixture
def specee(lab_a):
    """Seed 002's first box: ISCA 2025, a thumbnail, co-first marks, a note, stars."""
    xu = make_person(lab=lab_a, full_name="Jiaming Xu", slug="xu", homepage_enabled=True)
    publication = paper(
        lab_a,
        "SpecEE: Accelerating Large Language Model Inference with Speculative Early Exiting",
        selected=True, year=2025, venue="International Symposium on Computer Architecture",
        venue_short="ISCA 2025", note="CCF-A", citation_count=42, code_stars=1234,
        arxiv_id="2504.08850",
        authors=[("Jiaming Xu", xu, {"equal_contribution": True}),
                 ("Shan Huang", None, {"equal_contribution": True}),
                 ("Guohao Dai", None, {"corresponding": True})],
        links=[("pdf", "https://dai.sjtu.edu.cn/specee.pdf", "Paper"),
               ("code", "https://github.com/infinigence/SpecEE"),
               ("blog", "https://mp.weixin.qq.com/s/vecJX1J8sFoRK8ZudFfzaA", "机器之心")],
    )  # fmt: skip
    publication.thumbnail = ContentFile(png_bytes(), name="isca25.png")
    publication.thumbnail_alt = "The SpecEE pipeline"
    publication.save()
    make_award(lab=lab_a, publication=publication, kind="paper", title="Oral", year=2025)
    return xu, publication


def test_boxes_show_thumbnail_badge_title_authors_venue_note_links_and_stars(lab_a, specee):
    xu, publication = specee
    html = homepage_section(lab_a, xu, boxes(show_citations=True))
    assert '<ul class="pubs pub-boxes">' in html
    box = re.search(r'<li class="pub pub-box".*?</li>', html, re.S)[0]
    image = re.search(r'<div class="pub-box-image">(.*?)</div>', box)[1]
    # The venue badge over the re-encoded thumbnail, in the lab's own media folder.
    assert image.startswith('<span class="badge badge-venue">ISCA 2025</span><img src="')
    assert re.search(r'src="/media/labs/lab-a/publications/[^"]+\.(jpg|png|webp)"', image)
    assert 'alt="The SpecEE pipeline"' in image
    assert '<a href="/publications/' in box and "SpecEE: Accelerating" in box
    assert '<strong>Jiaming Xu</strong></a>*, Shan Huang*, Guohao Dai†' in box
    assert ('<span class="pub-venue">International Symposium on Computer Architecture, 2025'
            '</span> <span class="pub-note">(CCF-A)</span>') in box
    assert '<span class="badge badge-award">Oral</span>' in box
    assert "Cited by 42" in box
    links = re.findall(r'<a class="button" href="([^"]+)">([^<]+)</a>', box)
    assert [label for _url, label in links] == ["Paper", "Code", "机器之心", "arXiv"]
    code_then_stars = re.search(r'>Code</a><span class="pub-stars" role="img" '
                                r'aria-label="1,234 stars on the code repository">', box)
    assert code_then_stars
    assert "* Equal contribution" in html and "† Corresponding author" in html


@pytest.mark.parametrize(
    "title_link, expected",
    [("page", "/publications/specee/"), ("pdf", "https://dai.sjtu.edu.cn/specee.pdf"),
     ("link", "https://dai.sjtu.edu.cn/specee.pdf")],
)  # fmt: skip
def test_the_title_links_where_the_section_says(lab_a, specee, title_link, expected):
    xu, publication = specee
    Publication.objects.for_lab(lab_a).filter(pk=publication.pk).update(slug="specee")
    html = homepage_section(lab_a, xu, boxes(title_link=title_link))
    assert re.search(r'<div class="pub-title"><a href="([^"]+)">', html)[1] == expected


def test_title_without_a_pdf_or_link_goes_to_the_paper_page(lab_a):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    paper(lab_a, "No links", slug="no-links", selected=True, authors=[("Ada Moreau", ada)])
    for option in ("pdf", "link"):
        html = homepage_section(lab_a, ada, SimpleNamespace(title_link=option))
        assert '<div class="pub-title"><a href="/publications/no-links/">' in html


def test_author_format_and_venue_display_options(lab_a, specee):
    xu, _publication = specee
    html = homepage_section(
        lab_a, xu, SimpleNamespace(author_format="last_first", venue_display="badge")
    )
    assert "<strong>Xu, Jiaming</strong></a>*; Huang, Shan*; Dai, Guohao†" in html
    assert '<span class="badge">ISCA 2025</span>' in html and "pub-venue" not in html
    html = homepage_section(lab_a, xu, SimpleNamespace(venue_display="line"))
    assert '<span class="badge">ISCA 2025</span>' not in html
    assert "International Symposium on Computer Architecture, 2025" in html
    assert "(CCF-A)" in html  # the note, whatever the venue display


def test_highlights_and_citations_follow_their_options(lab_a, specee):
    xu, _publication = specee
    default = homepage_section(lab_a, xu)
    assert "badge-award" in default and "Cited by" not in default and "pub-box" not in default
    hidden = homepage_section(lab_a, xu, SimpleNamespace(show_highlights=False))
    assert "badge-award" not in hidden


def test_a_box_without_thumbnail_still_shows_its_badge(lab_a):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    paper(lab_a, "Plain", selected=True, venue_short="MLSys 2024", authors=[("Ada Moreau", ada)])
    html = homepage_section(lab_a, ada, boxes())
    assert '<li class="pub pub-box pub-box-plain" id="pub-paper-' in html
    badge_alone = (
        '<div class="pub-box-image"><span class="badge badge-venue">MLSys 2024</span></div>'
    )
    assert badge_alone in html and "<img" not in html


def test_a_box_of_a_paper_with_only_a_badge_repeats_it_in_the_venue_line(lab_a):
    """Seed 002: "ISCA 2025" on the picture and "ISCA 2025 (CCF-A)" under the authors."""
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    paper(lab_a, "SpecEE", selected=True, year=2025, venue_short="ISCA 2025", note="CCF-A",
          authors=[("Ada Moreau", ada)])  # fmt: skip
    line = '<span class="pub-venue">ISCA 2025</span> <span class="pub-note">(CCF-A)</span>'
    assert line in homepage_section(lab_a, ada, boxes())
    compact = homepage_section(lab_a, ada)  # the badge is beside the title already
    assert '<span class="pub-venue">2025</span> <span class="pub-note">(CCF-A)</span>' in compact


def test_boxes_never_show_another_labs_paper(lab_a, lab_b):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    paper(lab_a, "Ours", selected=True, authors=[("Ada Moreau", ada)])
    paper(lab_b, "Theirs, same author name", selected=True, authors=["Ada Moreau"])
    assert titles_in_boxes(homepage_section(lab_a, ada, boxes())) == ["Ours"]


def titles_in_boxes(html):
    return re.findall(r'<div class="pub-title"><a href="[^"]*">([^<]*)</a>', html)


# --- Notes and order within a year -------------------------------------------------------


def test_the_note_shows_in_the_lab_list_and_the_lab_home(client_a, lab_a):
    paper(lab_a, "Fast kernels", venue="MLSys", year=2024, note="non-CCF", selected=True)
    for path in ("/publications/", "/"):
        html = client_a.get(path).content.decode()
        assert ('<span class="pub-venue">MLSys, 2024</span> '
                '<span class="pub-note">(non-CCF)</span>') in html, path


def test_manual_order_within_a_year_then_the_usual_order(client_a, lab_a):
    paper(lab_a, "Zeta, numbered first", year=2024, month=1, position_in_year=1)
    paper(lab_a, "Alpha, numbered second", year=2024, month=12, position_in_year=2)
    paper(lab_a, "Newest unnumbered", year=2024, month=11)
    paper(lab_a, "Older unnumbered", year=2024, month=2)
    paper(lab_a, "Last year", year=2023, position_in_year=1)
    expected = ["Zeta, numbered first", "Alpha, numbered second", "Newest unnumbered",
                "Older unnumbered", "Last year"]  # fmt: skip
    assert titles(client_a.get("/publications/").content.decode()) == expected
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    for publication in Publication.objects.for_lab(lab_a):
        publication.authorships.create(lab=lab_a, name="Ada Moreau", person=ada)
    assert titles(homepage_section(lab_a, ada)) == expected


# --- Identifier buttons ------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("https://arxiv.org/abs/2311.01282", "https://www.arxiv.org/pdf/2311.01282v2"),
        ("https://arxiv.org/abs/2311.01282", "arXiv:2311.01282"),
        ("https://doi.org/10.1109/TCAD.2024.3518413", "https://dx.doi.org/10.1109/tcad.2024.3518413"),
        ("https://doi.org/10.1109/TCAD.2024.3518413", "doi:10.1109/TCAD.2024.3518413"),
    ],
)
def test_spellings_of_one_target_are_one_target(a, b):
    assert link_target(a) == link_target(b)


def test_no_identifier_button_duplicates_a_link_of_another_kind(client_a, lab_a):
    paper(
        lab_a, "FlashDecoding++", arxiv_id="2311.01282", doi="10.1109/TCAD.2024.3518413",
        links=[("pdf", "https://www.arxiv.org/pdf/2311.01282v2", "Arxiv"),
               ("other", "https://dx.doi.org/10.1109/tcad.2024.3518413", "IEEE")],
    )  # fmt: skip
    html = client_a.get("/publications/").content.decode()
    buttons = re.findall(r'<a class="button" href="[^"]+">([^<]+)</a>', html)
    assert buttons == ["Arxiv", "IEEE"]
    paper(lab_a, "Only identifiers", arxiv_id="2401.00001", doi="10.1/only")
    html = client_a.get("/publications/").content.decode()
    assert html.count(">arXiv</a>") == 1 and html.count(">DOI</a>") == 1
