"""Composed pages in the lab archive: sections, research interests and team leads make the
round trip, and an archive written before sections (with ``homepage_sections`` and
``research_interests`` text on each person) loads into rows that show the same pages."""

import io
import json

import pytest
from django.core.management import call_command

from labsite.models import Lab
from labsite.sections import LabSection
from people.models import Person, PersonSection, ResearchInterest
from tests.factories import (
    make_interest,
    make_lab,
    make_lab_section,
    make_person,
    make_person_section,
)

pytestmark = pytest.mark.django_db


def dump(slug, capsysbinary) -> dict:
    call_command("dumplab", slug)
    return json.loads(capsysbinary.readouterr().out)


def load(tmp_path, data, slug) -> tuple[Lab, list[str]]:
    path = tmp_path / f"{slug}.json"
    path.write_text(json.dumps(data))
    err = io.StringIO()
    call_command("loadlab", str(path), "--slug", slug, stdout=io.StringIO(), stderr=err)
    # (the source lab's host is taken here: that warning is not about sections)
    warnings = [line for line in err.getvalue().splitlines() if "already used" not in line]
    return Lab.objects.get(slug=slug), warnings


def composition(lab) -> dict:
    sections = PersonSection.objects.for_lab(lab).order_by("person__slug", "order", "pk")
    return {
        "home": list(
            LabSection.objects.for_lab(lab).values_list("kind", "heading", "anchor", "body")
        ),
        "people": list(
            sections.values_list("person__slug", "kind", "heading", "anchor", "visible", "body",
                                 "publication_filter", "filter_tag")  # fmt: skip
        ),
        "interests": list(
            ResearchInterest.objects.for_lab(lab)
            .order_by("person__slug", "order")
            .values_list("person__slug", "title", "description")
        ),
        "leads": sorted(
            Person.objects.for_lab(lab).values_list("slug", "team_lead__slug")
        ),
    }


def test_sections_interests_and_team_leads_make_the_round_trip(tmp_path, capsysbinary):
    lab = make_lab(slug="src", hosts=["src.example.org"])
    # The member comes before their lead by id: the lead is set once all people are in.
    member = make_person(lab=lab, slug="member")
    lead = make_person(lab=lab, slug="lead")
    member.team_lead = lead
    member.save()
    make_person_section(lab=lab, person=lead, heading="💬 Join us", body="We **hire**.")
    make_person_section(lab=lab, person=lead, kind="publications", heading="Preprints",
                        publication_filter="all", filter_tag="llm")  # fmt: skip
    hidden = PersonSection.objects.for_lab(lab).get(person=lead, kind="news")
    hidden.visible = False
    hidden.save()
    make_interest(lab=lab, person=lead, title="AI Compiler", description="For *accelerators*")
    make_lab_section(lab=lab, heading="🔥 Join the lab", body="Apply")

    original = dump("src", capsysbinary)
    copy, warnings = load(tmp_path, original, "copy")
    assert warnings == []
    assert composition(copy) == composition(lab)
    assert ("member", "lead") in composition(copy)["leads"]
    again = dump("copy", capsysbinary)
    assert again["models"] == original["models"]
    copied = ResearchInterest.objects.for_lab(copy).get(title="AI Compiler")
    assert copied.description_html == "<p>For <em>accelerators</em></p>"


def test_an_archive_from_before_sections_loads_into_the_same_pages(tmp_path, capsysbinary):
    lab = make_lab(slug="old", hosts=["old.example.org"])
    make_person(lab=lab, slug="ada", full_name="Ada")
    make_person(lab=lab, slug="bo", full_name="Bo")
    data = dump("old", capsysbinary)
    # What labsite wrote before composed pages: text fields, none of the new models.
    for label in ("labsite.labsection", "people.personsection", "people.researchinterest"):
        del data["models"][label]
    legacy = {
        "ada": ("service,talks", "Scheduling\nCompilers\n"),
        "bo": ("news,publications,awards,education,positions,talks,teaching,service", ""),
    }
    for row in data["models"]["people.person"]:
        del row["team_lead"]
        row["homepage_sections"], row["research_interests"] = legacy[row["slug"]]

    copy, warnings = load(tmp_path, data, "copy")
    assert warnings == []  # the old fields are understood, not "unknown"
    ada = Person.objects.for_lab(copy).get(slug="ada")
    assert list(ada.sections.values_list("kind", flat=True)) == [
        "about", "interests", "service", "talks"
    ]  # fmt: skip
    assert list(ada.research_interests.values_list("title", flat=True)) == [
        "Scheduling", "Compilers"
    ]  # fmt: skip
    bo = Person.objects.for_lab(copy).get(slug="bo")
    assert bo.sections.count() == 10 and not bo.research_interests.exists()
    assert list(LabSection.objects.for_lab(copy).values_list("kind", flat=True)) == [
        "about", "news", "publications", "team", "awards"
    ]  # fmt: skip
    # and nothing of another lab came along or was changed
    assert PersonSection.objects.for_lab(lab).count() == 20


def test_an_archive_loads_into_a_new_lab_whose_default_home_page_it_replaces(
    tmp_path, capsysbinary
):
    lab = make_lab(slug="src", hosts=["src.example.org"], home_sections=["news"])
    make_lab_section(lab=lab, heading="Only ours", body="x")
    data = dump("src", capsysbinary)
    call_command("createlab", "target", "--name", "Target", "--domain", "t.example.org",
                 stdout=io.StringIO())  # fmt: skip
    target, warnings = load(tmp_path, data, "target")
    assert warnings == []
    assert list(LabSection.objects.for_lab(target).values_list("kind", "heading")) == [
        ("news", ""), ("custom", "Only ours")
    ]  # fmt: skip


def test_bold_authors_entry_order_and_expected_ends_make_the_round_trip(tmp_path, capsysbinary):
    from people.models import CVEntry
    from tests.factories import make_cv_entry

    lab = make_lab(slug="gaps", name="Gaps Lab", hosts=["gaps.example.org"], home_sections=[])
    ada = make_person(lab=lab, slug="ada", sections=[])
    make_person_section(lab=lab, person=ada, kind="publications", bold_authors="none")
    make_person_section(lab=lab, person=ada, kind="service", entry_order="manual")
    make_lab_section(lab=lab, kind="publications", bold_authors="members")
    make_cv_entry(lab=lab, person=ada, title="Ph.D.", start_year=2023, end_year=2028,
                  end_expected=True)  # fmt: skip
    copy, warnings = load(tmp_path, dump("gaps", capsysbinary), "gaps-copy")
    assert warnings == []
    rows = PersonSection.objects.for_lab(copy).order_by("kind")
    assert list(rows.values_list("kind", "bold_authors", "entry_order")) == [
        ("publications", "none", "newest"), ("service", "owner", "manual"),
    ]  # fmt: skip
    home = LabSection.objects.for_lab(copy).filter(kind="publications")
    assert list(home.values_list("bold_authors", flat=True)) == ["members"]
    assert CVEntry.objects.for_lab(copy).get().end_expected is True
