"""Composed pages (labsite/sections.py): a member's homepage and the lab home page are
ordered section rows, renamed (emoji too), hidden, reordered, with stable anchors and
custom markdown sections; both pages run a fixed number of queries."""

import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from labsite.models import Lab
from labsite.sections import LabSection
from people.models import PersonSection
from people.section_defaults import DEFAULT_PERSON_KINDS
from people.services import add_default_sections
from tests.factories import (
    make_cv_entry,
    make_lab_section,
    make_news,
    make_person,
    make_person_link,
    make_person_section,
    make_publication,
)

pytestmark = pytest.mark.django_db


def sections(html: str) -> list[tuple[str, str]]:
    """(anchor, heading) of each composed section, in page order."""
    return re.findall(
        r'<section class="page-section section-[a-z]+" id="([^"]+)" aria-labelledby="\1-heading">'
        r'\s*<h2 id="\1-heading"[^>]*>([^<]*)</h2>',
        html,
    )


def row(person, kind):
    return PersonSection.objects.for_lab(person.lab).get(person=person, kind=kind)


def test_a_renamed_heading_keeps_its_anchor_and_emoji(lab_a, client_a):
    ada = make_person(lab=lab_a, slug="ada", sections="news,education")
    make_news(lab=lab_a, person=ada, title="Ada gave a talk")
    make_cv_entry(lab=lab_a, person=ada, kind="education", title="B.Sc.")
    assert sections(client_a.get("/people/ada/").content.decode()) == [
        ("news", "News"), ("education", "Education")
    ]  # fmt: skip
    for kind, heading in [("news", "🔥 News"), ("education", "📖 Educations")]:
        section = row(ada, kind)
        section.heading = heading
        section.save()
    html = client_a.get("/people/ada/").content.decode()
    assert sections(html) == [("news", "🔥 News"), ("education", "📖 Educations")]


def test_custom_sections_anywhere_in_the_order_sanitised(lab_a, client_a):
    ada = make_person(lab=lab_a, slug="ada", sections="education")
    make_cv_entry(lab=lab_a, person=ada, kind="education", title="B.Sc.")
    make_person_section(
        lab=lab_a, person=ada, heading="💬 Join us", order=1,
        body="We are **hiring**. <script>alert(1)</script>",
    )  # fmt: skip
    html = client_a.get("/people/ada/").content.decode()
    assert sections(html) == [("join-us", "💬 Join us"), ("education", "Education")]
    assert "<strong>hiring</strong>" in html and "<script>alert" not in html


def test_hidden_sections_and_empty_compositions(lab_a, client_a):
    ada = make_person(lab=lab_a, slug="ada", about="Hello, I am **Ada**.",
                      sections="about,education")
    make_cv_entry(lab=lab_a, person=ada, kind="education", title="B.Sc.")
    education = row(ada, "education")
    education.visible = False
    education.save()
    html = client_a.get("/people/ada/").content.decode()
    # about's default heading is for screen readers only, as the page had none before
    assert sections(html) == [("about", "About")]
    assert '<h2 id="about-heading" class="visually-hidden">About</h2>' in html
    assert "B.Sc." not in html
    PersonSection.objects.for_lab(lab_a).filter(person=ada).delete()
    make_person(lab=lab_a, slug="bo")  # a save: the page cache sees the change
    html = client_a.get("/people/ada/").content.decode()
    assert sections(html) == [] and "<h1>" in html  # the profile is still there


def test_anchors_are_made_from_the_kind_and_unique_per_page(lab_a):
    ada = make_person(lab=lab_a, slug="ada", sections="publications,publications")
    bo = make_person(lab=lab_a, slug="bo", sections="publications")
    anchors = PersonSection.objects.for_lab(lab_a).filter(person=ada).values_list(
        "anchor", flat=True
    )
    assert list(anchors) == ["publications", "publications-2"]
    assert row(bo, "publications").anchor == "publications"  # another page: no clash
    taken = PersonSection(lab=lab_a, person=ada, kind="news", anchor="publications")
    with pytest.raises(ValidationError, match="Another section of this homepage has this anchor"):
        taken.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonSection.objects.create(lab=lab_a, person=ada, kind="news", anchor="publications")
    with pytest.raises(ValidationError, match="A custom section needs a heading"):
        PersonSection(lab=lab_a, person=ada, kind="custom", body="x").full_clean()


def test_a_new_member_gets_the_default_sections_and_may_have_none(lab_a):
    ada = make_person(lab=lab_a, slug="ada")
    kinds = PersonSection.objects.for_lab(lab_a).filter(person=ada).values_list("kind", flat=True)
    assert list(kinds) == list(DEFAULT_PERSON_KINDS)
    empty = make_person(lab=lab_a, slug="empty", sections=[])
    assert not PersonSection.objects.for_lab(lab_a).filter(person=empty).exists()
    added = add_default_sections(person=empty)
    assert [section.order for section in added] == [10 * n for n in range(1, 11)]


def test_another_labs_sections_never_appear(lab_a, lab_b, client_a, client_b):
    ada_a = make_person(lab=lab_a, slug="ada", sections=[])
    ada_b = make_person(lab=lab_b, slug="ada", sections=[])
    make_person_section(lab=lab_a, person=ada_a, heading="Alpha notes", body="alpha text")
    make_person_section(lab=lab_b, person=ada_b, heading="Beta secret", body="beta text")
    make_lab_section(lab=lab_b, heading="Beta home secret", body="beta home")
    page_a = client_a.get("/people/ada/").content.decode()
    assert "Alpha notes" in page_a and "Beta secret" not in page_a and "beta text" not in page_a
    assert "Beta home secret" not in client_a.get("/").content.decode()
    assert "Beta home secret" in client_b.get("/").content.decode()
    with pytest.raises(ValidationError, match="same lab"):
        PersonSection(lab=lab_a, person=ada_b, kind="news").full_clean()


# --- The lab home page ------------------------------------------------------------------------


def test_a_new_lab_gets_todays_home_page_and_composes_it(lab_a, client_a):
    kinds = LabSection.objects.for_lab(lab_a).values_list("kind", flat=True)
    assert list(kinds) == ["about", "news", "publications", "team", "awards"]
    lab_a.about = "We study **systems**."
    lab_a.save()
    make_news(lab=lab_a, title="We moved")
    make_publication(lab=lab_a, title="A paper", selected=True)
    make_person(lab=lab_a, full_name="Ada Moreau")
    html = client_a.get("/").content.decode()
    assert sections(html) == [
        ("about", "About"), ("news", "News"), ("publications", "Selected publications"),
        ("team", "Team"),
    ]  # fmt: skip
    # about leads, beside the Explore card, as before
    assert html.index('id="about"') < html.index('id="explore-heading"') < html.index('id="news"')
    news = LabSection.objects.for_lab(lab_a).get(kind="news")
    news.heading, news.order = "🔥 Lab news", 100
    news.save()
    make_lab_section(lab=lab_a, heading="Join the lab", body="We are **hiring**.", order=35)
    html = client_a.get("/").content.decode()
    assert [anchor for anchor, _ in sections(html)] == [
        "about", "publications", "join-the-lab", "team", "news"
    ]  # fmt: skip
    assert ("news", "🔥 Lab news") in sections(html) and "<strong>hiring</strong>" in html


def test_a_lab_may_compose_an_empty_home_page(client_a, lab_a):
    LabSection.objects.for_lab(lab_a).delete()
    make_news(lab=lab_a, title="Quiet news")
    html = client_a.get("/").content.decode()
    assert sections(html) == [] and "Quiet news" not in html and "Alpha Systems Lab" in html


# --- Query counts -----------------------------------------------------------------------------


def build_page(lab, slug, size):
    """A member with several sections (custom and team among them) and ``size`` of
    everything: papers, news, CV entries, team members."""
    lead = make_person(lab=lab, slug=slug, about="About **me**.")
    make_person_section(lab=lab, person=lead, heading="Join us", body="*Hiring*", order=1)
    make_person_section(lab=lab, person=lead, kind="team", heading="👥 Team", order=2)
    make_person_section(lab=lab, person=lead, heading="Notes", body="More", order=200)
    make_person_section(lab=lab, person=lead, kind="publications", order=201,
                        publication_filter="all", heading="All papers")  # fmt: skip
    for index in range(size):
        make_person(lab=lab, team_lead=lead, full_name=f"Member {slug} {index}")
        make_publication(lab=lab, title=f"Paper {slug} {index}", authors=[("Lead", lead)])
        make_news(lab=lab, person=lead, title=f"News {slug} {index}")
        make_cv_entry(lab=lab, person=lead, kind="talk", title=f"Talk {index}")
        make_lab_section(lab=lab, heading=f"Lab note {slug} {index}", body="x", order=300)
    return lead


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return len(queries), response.content.decode()


def test_composed_pages_run_the_same_queries_at_two_sizes(client_a, lab_a, no_page_cache):
    build_page(lab_a, "small", 2)
    build_page(lab_a, "large", 20)
    client_a.get("/people/small/?warm")  # the host lookup every page shares
    small, small_html = count_queries(client_a, "/people/small/")
    large, large_html = count_queries(client_a, "/people/large/")
    assert small == large, (small, large)
    for html, size in [(small_html, 2), (large_html, 20)]:
        anchors = [anchor for anchor, _ in sections(html)]
        assert anchors[:3] == ["join-us", "team", "about"] and "notes" in anchors
        assert "publications" in anchors and "publications-2" in anchors
        assert html.count('class="team-member-name"') == size + 1  # the lead heads "Now"
    home_small, _ = count_queries(client_a, "/")
    make_lab_section(lab=lab_a, heading="One more", body="y", order=400)
    make_news(lab=lab_a, title="More news")
    home_large, home_html = count_queries(client_a, "/")
    assert home_small == home_large and "One more</h2>" in home_html



def test_createlab_gives_a_new_lab_its_home_page(db):
    call_command("createlab", "fresh", "--name", "Fresh Lab", "--domain", "fresh.example.org",
                 stdout=StringIO())  # fmt: skip
    lab = Lab.objects.get(slug="fresh")
    kinds = LabSection.objects.for_lab(lab).values_list("kind", flat=True)
    assert list(kinds) == ["about", "news", "publications", "team", "awards"]


def test_a_contact_section_shows_links_and_the_email_in_the_main_column(lab_a, client_a):
    ada = make_person(lab=lab_a, slug="ada", email="ada@example.org", sections=[])
    make_person_link(lab=lab_a, person=ada, kind="github", url="https://github.com/ada")
    make_person_section(lab=lab_a, person=ada, kind="links", heading="📫 Contact",
                                  anchor="contact")  # fmt: skip
    html = client_a.get("/people/ada/").content.decode()
    start = html.index('id="contact"')
    contact = html[start : html.index("</section>", start)]
    assert "📫 Contact</h2>" in contact and 'href="https://github.com/ada"' in contact
    assert "ada [at] example [dot] org" in contact and "ada@example.org" not in html


def test_section_rows_carry_the_display_options_other_sources_read(lab_a):
    """The names and defaults the publications and awards sources read with getattr()."""
    expected = {
        "publication_filter": "selected", "filter_tag": "", "filter_kind": "",
        "filter_year": None, "display_style": "list", "title_link": "page",
        "author_format": "first_last", "venue_display": "both", "show_highlights": True,
        "show_citations": False, "include_paper_highlights": None, "bold_authors": "owner",
        "entry_order": "newest",
    }  # fmt: skip
    ada = make_person(lab=lab_a, slug="ada", sections="publications")
    for section in (row(ada, "publications"), LabSection.objects.for_lab(lab_a).first()):
        assert {name: getattr(section, name) for name in expected} == expected
    choices = {
        "publication_filter": {"selected", "all"}, "display_style": {"list", "boxes"},
        "title_link": {"page", "pdf", "link"}, "author_format": {"first_last", "last_first"},
        "venue_display": {"badge", "line", "both"}, "bold_authors": {"owner", "members", "none"},
    }  # fmt: skip
    for name, values in choices.items():
        field = PersonSection._meta.get_field(name)
        assert {value for value, _ in field.choices} == values, name
        assert "Publications sections only" in field.help_text
