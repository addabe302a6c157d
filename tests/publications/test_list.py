import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Award
from labsite.cache import bump_content_version
from people.models import Person
from publications.linking import link_authors_to_members
from publications.models import Authorship, Publication, PublicationLink, Tag
from tests.factories import make_award, make_person
from tests.planner import analyze_on_postgres
from tests.publications.helpers import headings, paper, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def homepage_urls(monkeypatch):
    """Member homepages at /people/<slug>/, whatever state the people URLs are in."""
    monkeypatch.setattr(Person, "get_absolute_url", lambda person: f"/people/{person.slug}/")


def page(client, query=""):
    response = client.get(f"/publications/{query}")
    assert response.status_code == 200
    return response.content.decode()


# --- Grouping --------------------------------------------------------------------------


def test_grouped_by_year_newest_first_with_counts(client_a, lab_a):
    paper(lab_a, "Older paper", year=2022)
    paper(lab_a, "Spring paper", year=2024, month=3)
    paper(lab_a, "Autumn paper", year=2024, month=10)
    paper(lab_a, "Timeless paper", year=None)
    html = page(client_a)
    assert headings(html) == [
        '2024 <span class="count">(2)</span>',
        '2022 <span class="count">(1)</span>',
        'Year unknown <span class="count">(1)</span>',
    ]
    assert titles(html) == ["Autumn paper", "Spring paper", "Older paper", "Timeless paper"]
    assert '<a href="#y2024">2024</a> (2)' in html
    assert "4 publications" in html


def test_grouped_by_kind_in_the_lab_list_order(client_a, lab_a):
    paper(lab_a, "A thesis", kind="thesis", year=2020)
    paper(lab_a, "A workshop paper", kind="workshop", year=2023)
    paper(lab_a, "A journal article", kind="journal", year=2022)
    paper(lab_a, "A conference paper", kind="conference", year=2024)
    paper(lab_a, "A preprint", kind="preprint", year=2021)
    html = page(client_a, "?group=kind")
    assert [re.sub(r" <span.*", "", h) for h in headings(html)] == [
        "Preprints",
        "Conference and journal papers",
        "Workshops",
        "Others",
    ]
    assert 'Conference and journal papers <span class="count">(2)</span>' in html
    assert titles(html) == [
        "A preprint",
        "A conference paper",
        "A journal article",
        "A workshop paper",
        "A thesis",
    ]
    assert '<option value="kind" selected>' in html


# --- Filters ---------------------------------------------------------------------------


@pytest.fixture
def library(lab_a):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    bo = make_person(lab=lab_a, full_name="Bo Lindqvist", slug="bo")
    paper(
        lab_a,
        "Sparse attention kernels",
        year=2024,
        kind="conference",
        venue="MLSys",
        venue_short="MLSys 2024",
        authors=[("Ada Moreau", ada), "Zed Outsider"],
        tags=["systems"],
    )
    paper(
        lab_a,
        "Quantized caches",
        year=2024,
        kind="preprint",
        venue="arXiv",
        authors=[("Bo Lindqvist", bo)],
        tags=["ml"],
    )
    paper(
        lab_a,
        "Schedulers for clusters",
        year=2021,
        kind="conference",
        venue="OSDI",
        authors=[("Ada Moreau", ada), ("Bo Lindqvist", bo)],
        tags=["systems", "ml"],
    )
    paper(
        lab_a,
        "A journal of caches",
        year=2021,
        kind="journal",
        venue="Journal of Caching",
        authors=["Zed Outsider"],
    )
    return {"ada": ada, "bo": bo}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?year=2024", {"Sparse attention kernels", "Quantized caches"}),
        ("?kind=conference", {"Sparse attention kernels", "Schedulers for clusters"}),
        ("?person=ada", {"Sparse attention kernels", "Schedulers for clusters"}),
        ("?tag=ml", {"Quantized caches", "Schedulers for clusters"}),
        ("?q=CACHES", {"Quantized caches", "A journal of caches"}),  # title, any case
        ("?q=OUTSIDER", {"Sparse attention kernels", "A journal of caches"}),  # author
        ("?q=osdi", {"Schedulers for clusters"}),  # venue
        ("?q=mlsys+2024", {"Sparse attention kernels"}),  # every word must match
    ],
)
def test_each_filter(client_a, library, query, expected):
    assert set(titles(page(client_a, query))) == expected


def test_filters_combine_and_stay_in_the_form(client_a, library):
    html = page(client_a, "?year=2021&person=bo&tag=ml&kind=conference&q=schedulers")
    assert titles(html) == ["Schedulers for clusters"]
    assert '<option value="2021" selected>' in html
    assert '<option value="bo" selected>' in html
    assert '<option value="ml" selected>' in html
    assert '<option value="conference" selected>' in html
    assert 'name="q" value="schedulers"' in html
    assert set(titles(page(client_a, "?year=2021&person=ada&tag=ml"))) == {
        "Schedulers for clusters"
    }
    assert titles(page(client_a, "?year=2024&kind=journal")) == []


def test_form_controls_are_labelled_and_work_without_javascript(client_a, library):
    html = page(client_a)
    assert '<form class="pub-filters" method="get" action="/publications/"' in html
    for name in ("q", "year", "kind", "person", "tag", "group"):
        assert f'<label for="f-{name}">' in html
        assert f'id="f-{name}" ' in html or f'id="f-{name}"' in html
    assert "<script" not in html.split("<main", 1)[1]


def test_active_filters_are_shown_with_a_link_to_clear_each(client_a, library):
    html = page(client_a, "?year=2024&person=ada")
    assert "Filtered by:" in html
    # Removing one filter keeps the other.
    assert 'href="/publications/?person=ada" aria-label="Remove filter Year: 2024"' in html
    assert 'href="/publications/?year=2024" aria-label="Remove filter Member: Ada Moreau"' in html
    assert ">Clear all</a>" in html
    assert "Filtered by:" not in page(client_a)


def test_bad_filter_values_are_explained_not_a_crash(client_a, library):
    html = page(client_a, "?year=soon&kind=poem")
    assert "Year: Enter a whole number." in html
    assert "Type: Select a valid choice." in html
    assert len(titles(html)) == 4  # invalid values are ignored
    html = page(client_a, "?person=nobody")
    assert "there is no member “nobody”" in html
    assert titles(html) == []
    assert "No publications match these filters." in html


def test_person_filter_titles_the_page(client_a, library):
    html = page(client_a, "?person=bo")
    assert "<h1>Publications of Bo Lindqvist</h1>" in html
    assert '<meta name="robots" content="noindex, follow">' in html


# --- Entries ---------------------------------------------------------------------------


def test_members_are_bold_and_linked_only_with_a_homepage(client_a, lab_a, homepage_urls):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    quiet = make_person(lab=lab_a, full_name="Quiet Member", slug="quiet", homepage_enabled=False)
    paper(lab_a, "Together", authors=["Zed Outsider", ("Ada Moreau", ada), ("Quiet Member", quiet)])
    html = page(client_a)
    assert (
        '<div class="pub-authors">Zed Outsider, '
        '<a class="member" href="/people/ada/"><strong>Ada Moreau</strong></a>, '
        "<strong>Quiet Member</strong></div>"
    ) in html
    assert "/people/quiet/" not in html


def test_a_member_known_only_by_a_name_variant_is_highlighted(client_a, lab_a, homepage_urls):
    beidi = make_person(
        lab=lab_a, full_name="Beidi Chen", slug="beidi", name_variants="Chen, B.\nB. Chen"
    )
    publication = paper(lab_a, "Sparse things", authors=["Anima Anandkumar", "B Chen"])
    assert "<strong>B Chen</strong>" not in page(client_a)

    report = link_authors_to_members(lab=lab_a)

    assert [a.name for a in report.linked] == ["B Chen"]
    assert publication.authorships.get(position=2).person == beidi
    html = page(client_a)
    assert '<a class="member" href="/people/beidi/"><strong>B Chen</strong></a>' in html
    assert titles(page(client_a, "?person=beidi")) == ["Sparse things"]


def test_equal_contribution_and_corresponding_marks_with_legend(client_a, lab_a):
    paper(lab_a, "No marks here", authors=["Ann One", "Ben Two"])
    html = page(client_a)
    assert "Equal contribution" not in html and "Corresponding author" not in html

    paper(
        lab_a,
        "Shared first place",
        authors=[
            ("Ann One", None, {"equal_contribution": True}),
            ("Ben Two", None, {"equal_contribution": True}),
            ("Cat Three", None, {"corresponding": True}),
        ],
    )
    html = page(client_a)
    assert "Ann One*, Ben Two*, Cat Three†" in html
    assert "* Equal contribution" in html
    assert "† Corresponding author" in html
    assert "Ann One, Ben Two</div>" in html  # the other paper has no marks


def test_truncated_author_lists_end_with_et_al(client_a, lab_a):
    paper(lab_a, "Big collaboration", authors=["Ann One", "Ben Two"], authors_truncated=True)
    assert "Ann One, Ben Two, et al.</div>" in page(client_a)


def test_venue_and_award_badges_and_link_buttons(client_a, lab_a):
    publication = paper(
        lab_a,
        "Galore",
        venue_short="ICML 2024",
        venue="International Conference on ML",
        arxiv_id="2403.03507",
        doi="10.5555/galore",
        links=[
            ("pdf", "https://example.org/galore.pdf"),
            ("code", "https://git.example.org/g"),
            ("blog", "https://blog.example.org/g", "Blog post"),
        ],
    )
    make_award(lab=lab_a, publication=publication, title="Oral presentation", badge="Oral")
    make_award(lab=lab_a, publication=publication, title="Best Paper Award")
    html = page(client_a)
    assert '<span class="badge">ICML 2024</span> <a href="/publications/' in html
    assert '<span class="badge badge-award">Oral</span>' in html
    assert '<span class="badge badge-award">Best Paper Award</span>' in html
    links = re.findall(r'<a class="button" href="([^"]*)">([^<]*)</a>', html)
    assert links == [
        ("https://example.org/galore.pdf", "PDF"),
        ("https://git.example.org/g", "Code"),
        ("https://blog.example.org/g", "Blog post"),
        ("https://arxiv.org/abs/2403.03507", "arXiv"),
        ("https://doi.org/10.5555/galore", "DOI"),
    ]


def test_identifier_links_are_not_repeated_when_the_paper_has_them(client_a, lab_a):
    paper(
        lab_a,
        "Linked",
        arxiv_id="2403.03507",
        doi="10.1/x",
        links=[("arxiv", "https://arxiv.org/pdf/2403.03507"), ("doi", "https://doi.org/10.1/x")],
    )
    html = page(client_a)
    assert html.count(">arXiv</a>") == 1 and "https://arxiv.org/abs/" not in html
    assert html.count(">DOI</a>") == 1


def test_user_text_is_escaped_and_unsafe_links_dropped(client_a, lab_a):
    publication = paper(
        lab_a,
        "<script>alert('title')</script>",
        venue_short="<b>V</b>",
        authors=['<img src=x onerror="alert(1)">'],
    )
    # Imports can skip model validation; such a link must never reach an href.
    PublicationLink.objects.create(
        lab=lab_a, publication=publication, kind="code", url="javascript:alert(1)"
    )
    make_award(lab=lab_a, publication=publication, title="<i>Best</i>")
    html = page(client_a)
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#x27;title&#x27;)" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "<b>V</b>" not in html and "<i>Best</i>" not in html
    assert "javascript:" not in html


def test_empty_list_says_so(client_a, lab_a):
    assert "No publications yet." in page(client_a)


# --- Tenancy ---------------------------------------------------------------------------


def test_another_labs_papers_people_and_tags_never_show(client_a, lab_a, lab_b):
    paper(lab_a, "Alpha paper", tags=["shared"])
    other_person = make_person(lab=lab_b, full_name="Beta Person", slug="beta-person")
    paper(
        lab_b,
        "Beta secret paper",
        authors=[("Beta Person", other_person)],
        tags=["shared"],
        year=2019,
    )
    html = page(client_a)
    assert titles(html) == ["Alpha paper"]
    assert "Beta" not in html and "2019" not in html
    assert titles(page(client_a, "?tag=shared")) == ["Alpha paper"]
    html = page(client_a, "?person=beta-person")
    assert titles(html) == [] and "there is no member" in html
    assert titles(page(client_a, "?q=secret")) == []


# --- Queries ---------------------------------------------------------------------------


def bulk_library(lab, count, *, authors_per_paper=8):
    """``count`` papers with authors, links, tags and awards, written in bulk."""
    members = [
        Person.objects.get_or_create(
            lab=lab, slug=f"member-{n}", defaults={"full_name": f"Member {n}"}
        )[0]
        for n in range(5)
    ]
    tags = [
        Tag.objects.get_or_create(lab=lab, slug=f"topic-{n}", defaults={"name": f"Topic {n}"})[0]
        for n in range(3)
    ]
    start = Publication.objects.count()
    slugs = [f"bulk-{start + n}" for n in range(count)]
    Publication.objects.bulk_create(
        Publication(
            lab=lab,
            title=f"Paper number {n}",
            slug=slug,
            year=2000 + n % 25,
            kind=["conference", "preprint", "journal"][n % 3],
            venue_short=f"V{n % 7}",
            arxiv_id=f"2401.{n:05d}",
        )
        for n, slug in enumerate(slugs)
    )
    publications = list(Publication.objects.filter(lab=lab, slug__in=slugs).order_by("pk"))
    Authorship.objects.bulk_create(
        Authorship(
            lab=lab,
            publication=publication,
            position=position,
            name=f"Author {position}",
            person=members[position % 5] if position < 3 else None,
            equal_contribution=position < 3,
        )
        for publication in publications
        for position in range(1, authors_per_paper + 1)
    )
    PublicationLink.objects.bulk_create(
        PublicationLink(
            lab=lab, publication=publication, kind=kind, url=f"https://e.org/{kind}/{n}"
        )
        for n, publication in enumerate(publications)
        for kind in ("pdf", "code")
    )
    Publication.tags.through.objects.bulk_create(
        Publication.tags.through(publication=publication, tag=tags[n % 3])
        for n, publication in enumerate(publications)
    )
    Award.objects.bulk_create(
        Award(lab=lab, publication=publication, title="Spotlight", year=2024)
        for publication in publications[::50]
    )
    bump_content_version(lab.pk)  # bulk writes send no signals; the page cache must see them
    analyze_on_postgres()
    return publications


@pytest.mark.parametrize("query", ["", "?group=kind", "?person=member-1&q=paper&tag=topic-1"])
def test_list_runs_the_same_queries_for_20_and_2000_papers(
    client_a, lab_a, django_assert_max_num_queries, query
):
    bulk_library(lab_a, 20)
    with CaptureQueriesContext(connection) as small:
        html = page(client_a, query)
    assert len(titles(html)) >= 1

    bulk_library(lab_a, 1980)
    with django_assert_max_num_queries(len(small)):
        html = page(client_a, query)
    shown = len(titles(html))
    if not query:
        assert shown == 2000
        assert html.count("<strong>Author 1</strong></a>*") == 2000
    assert shown > 20
