import pytest
from django.test.utils import CaptureQueriesContext

from people.models import Person
from tests.factories import make_award, make_person
from tests.publications.helpers import paper, parse_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def homepage_urls(monkeypatch):
    monkeypatch.setattr(Person, "get_absolute_url", lambda person: f"/people/{person.slug}/")


@pytest.fixture
def pollux(lab_a):
    aurick = make_person(lab=lab_a, full_name="Aurick Qiao", slug="aurick")
    publication = paper(
        lab_a,
        "Pollux: Co-adaptive Cluster Scheduling for Goodput-optimized Deep Learning",
        slug="pollux",
        kind="conference",
        venue="15th USENIX Symposium on Operating Systems Design and Implementation (OSDI 21)",
        venue_short="OSDI'21",
        year=2021,
        month=7,
        pages="1-18",
        volume="15",
        number="2",
        publisher="USENIX Association",
        doi="10.5555/pollux.2021",
        arxiv_id="2008.12260",
        abstract="Pollux improves scheduling.\n\nSecond paragraph & more.",
        authors=[
            ("Aurick Qiao", aurick, {"equal_contribution": True}),
            ("Sang Keun Choe", None, {"equal_contribution": True}),
            ("Eric P Xing", None, {"corresponding": True}),
        ],
        links=[
            ("pdf", "https://www.usenix.org/system/files/osdi21-qiao.pdf"),
            ("code", "https://github.com/petuum/adaptdl"),
        ],
        tags=["scheduling"],
    )
    make_award(
        lab=lab_a, publication=publication, title="Best Paper Award", granting_body="OSDI 2021"
    )
    return publication


def test_detail_shows_the_full_record(client_a, pollux, homepage_urls):
    response = client_a.get("/publications/pollux/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Pollux: Co-adaptive Cluster Scheduling" in html
    assert (
        '<a class="member" href="/people/aurick/"><strong>Aurick Qiao</strong></a>*, '
        "Sang Keun Choe*, Eric P Xing†"
    ) in html
    assert "* Equal contribution · † Corresponding author" in html
    assert "<p>Pollux improves scheduling.</p>" in html and "Second paragraph &amp; more." in html
    assert '<span class="badge badge-award">Best Paper Award</span>, OSDI 2021' in html
    assert '<span class="badge">OSDI&#x27;21</span>' in html
    for url, label in [
        ("https://www.usenix.org/system/files/osdi21-qiao.pdf", "PDF"),
        ("https://github.com/petuum/adaptdl", "Code"),
        ("https://arxiv.org/abs/2008.12260", "arXiv"),
        ("https://doi.org/10.5555/pollux.2021", "DOI"),
    ]:
        assert f'<a class="button" href="{url}">{label}</a>' in html
    assert '<a href="/publications/?tag=scheduling">Scheduling</a>' in html


def test_cite_block_has_bibtex_and_a_copy_button_that_needs_no_javascript(client_a, pollux):
    html = client_a.get("/publications/pollux/").content.decode()
    pre = html.split('<pre id="bibtex" class="bibtex" tabindex="0">', 1)[1].split("</pre>", 1)[0]
    assert pre.startswith("@inproceedings{qiao2021pollux,\n")
    assert "  author = {Aurick Qiao and Sang Keun Choe and Eric P Xing},\n" in pre
    # The button appears only once the deferred script runs; the .bib link always works.
    assert '<button type="button" class="button" data-copy="bibtex" hidden>' in html
    assert '<script src="/static/publications/copy.js" defer></script>' in html
    assert '<a class="button" href="/publications/pollux.bib">Download .bib</a>' in html


def test_highwire_citation_meta_tags(client_a, pollux):
    head = parse_head(client_a.get("/publications/pollux/").content.decode())
    assert head.values("citation_title") == [pollux.title]
    assert head.values("citation_author") == ["Aurick Qiao", "Sang Keun Choe", "Eric P Xing"]
    assert head.values("citation_publication_date") == ["2021/07"]
    assert head.values("citation_conference_title") == [pollux.venue]
    assert head.values("citation_journal_title") == []
    assert head.values("citation_pdf_url") == [
        "https://www.usenix.org/system/files/osdi21-qiao.pdf"
    ]
    assert head.values("citation_doi") == ["10.5555/pollux.2021"]
    assert head.values("citation_arxiv_id") == ["2008.12260"]
    assert head.values("citation_volume") == ["15"]
    assert head.values("citation_issue") == ["2"]
    assert head.values("citation_firstpage") == ["1"]
    assert head.values("citation_lastpage") == ["18"]
    assert head.values("citation_publisher") == ["USENIX Association"]
    assert head.values("og:type") == ["article"]
    assert head.values("og:title") == [pollux.title]


def test_journal_articles_name_the_journal(client_a, lab_a):
    paper(
        lab_a,
        "Unique entity estimation",
        slug="entity",
        kind="journal",
        venue="The Annals of Applied Statistics",
        year=2018,
    )
    head = parse_head(client_a.get("/publications/entity/").content.decode())
    assert head.values("citation_journal_title") == ["The Annals of Applied Statistics"]
    assert head.values("citation_conference_title") == []
    assert head.values("citation_publication_date") == ["2018"]
    assert head.values("citation_pdf_url") == [] and head.values("citation_doi") == []


def test_scholarly_article_json_ld(client_a, pollux, homepage_urls):
    head = parse_head(client_a.get("/publications/pollux/").content.decode())
    (data,) = head.ld()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ScholarlyArticle"
    assert data["name"] == pollux.title
    assert data["url"] == "http://a.example.org/publications/pollux/"
    assert data["datePublished"] == "2021-07"
    assert [author["name"] for author in data["author"]] == [
        "Aurick Qiao",
        "Sang Keun Choe",
        "Eric P Xing",
    ]
    assert data["author"][0]["url"] == "http://a.example.org/people/aurick/"
    assert "url" not in data["author"][1]
    assert data["abstract"].startswith("Pollux improves scheduling.")
    assert data["isPartOf"]["name"] == pollux.venue
    assert {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.5555/pollux.2021"} in (
        data["identifier"]
    )
    assert data["award"] == ["Best Paper Award"]


def test_user_text_cannot_break_out_of_the_json_ld_or_meta_tags(client_a, lab_a):
    title = 'Evil </script><script>alert("x")</script> & <!-- "quotes"'
    paper(
        lab_a,
        title,
        slug="evil",
        authors=['Mallory "><script>alert(2)</script>'],
        abstract="</script><img src=x onerror=alert(3)>",
    )
    html = client_a.get("/publications/evil/").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    head = parse_head(html)
    (data,) = head.ld()
    assert data["name"] == title  # round-trips exactly through json.loads
    assert data["author"][0]["name"] == 'Mallory "><script>alert(2)</script>'
    assert data["abstract"] == "</script><img src=x onerror=alert(3)>"
    assert head.values("citation_title") == [title]


def test_detail_runs_a_fixed_number_of_queries(
    client_a, lab_a, pollux, django_assert_max_num_queries
):
    from django.db import connection

    with CaptureQueriesContext(connection) as small:
        assert client_a.get("/publications/pollux/").status_code == 200
    big = paper(
        lab_a,
        "Many authors",
        slug="many",
        authors=[f"Author {n}" for n in range(60)],
        links=[("other", f"https://e.org/{n}") for n in range(10)],
    )
    assert big.authorships.count() == 60
    with django_assert_max_num_queries(len(small)):
        assert client_a.get("/publications/many/").status_code == 200


def test_another_labs_paper_is_404(client_a, client_b, lab_a, lab_b):
    paper(lab_b, "Beta only", slug="beta-only")
    assert client_b.get("/publications/beta-only/").status_code == 200
    response = client_a.get("/publications/beta-only/")
    assert response.status_code == 404
    assert "Beta only" not in response.content.decode()
    assert client_a.get("/publications/beta-only.bib").status_code == 404
    assert client_a.get("/publications/no-such-paper/").status_code == 404


def test_same_slug_in_two_labs_shows_each_labs_own(client_a, client_b, lab_a, lab_b):
    paper(lab_a, "Alpha version", slug="same")
    paper(lab_b, "Beta version", slug="same")
    assert "Alpha version" in client_a.get("/publications/same/").content.decode()
    html_b = client_b.get("/publications/same/").content.decode()
    assert "Beta version" in html_b and "Alpha version" not in html_b
