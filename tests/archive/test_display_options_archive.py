"""The display options of citations and metric links, the e-mail as written and highlighted
award titles make the lab archive's round trip (dumplab → loadlab), rendered again on load."""

import datetime

import pytest

from awards.models import Award
from labsite.sections import LabSection
from people.models import Person, PersonSection
from publications.models import Publication, PublicationListSettings
from tests.archive.test_sections_archive import dump, load
from tests.factories import (
    make_award,
    make_lab,
    make_person,
    make_person_section,
    make_publication,
    make_publication_list_settings,
)

pytestmark = pytest.mark.django_db


def test_the_new_options_and_texts_make_the_round_trip(tmp_path, capsysbinary):
    lab = make_lab(slug="src", hosts=["src.example.org"])
    ada = make_person(lab=lab, slug="ada", sections=[], email_display="written",
                      email_written="ada (at) example (dot) org")  # fmt: skip
    make_person_section(lab=lab, person=ada, kind="about", show_citation_total=True)
    make_person_section(lab=lab, person=ada, kind="publications", show_metric_links=True)
    LabSection.objects.for_lab(lab).filter(kind="about").update(show_citation_total=True)
    make_publication_list_settings(lab=lab, show_citations=True, show_metric_links=True)
    make_publication(lab=lab, slug="p", title="P", citation_count=12,
                     citations_read_on=datetime.date(2026, 11, 30))  # fmt: skip
    make_award(lab=lab, person=ada, year=2022, title="==National Scholarship== (Top 1%)")

    copy, warnings = load(tmp_path, dump("src", capsysbinary), "copy")
    assert warnings == []
    person = Person.objects.for_lab(copy).get(slug="ada")
    assert (person.email_display, person.email_written) == ("written", "ada (at) example (dot) org")
    rows = PersonSection.objects.for_lab(copy).order_by("kind")
    assert [(r.kind, r.show_citation_total, r.show_metric_links) for r in rows] == [
        ("about", True, False), ("publications", False, True),
    ]  # fmt: skip
    assert LabSection.objects.for_lab(copy).get(kind="about").show_citation_total
    settings = PublicationListSettings.objects.for_lab(copy).get()
    assert (settings.show_citations, settings.show_metric_links) == (True, True)
    paper = Publication.objects.for_lab(copy).get(slug="p")
    assert (paper.citation_count, paper.citations_read_on) == (12, datetime.date(2026, 11, 30))
    award = Award.objects.for_lab(copy).get()
    assert award.title == "==National Scholarship== (Top 1%)"
    assert award.title_html == "<mark>National Scholarship</mark> (Top 1%)"
