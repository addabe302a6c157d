"""The migrations to composed pages lose nothing: every member's former section list and
research interests become rows in that order, every lab gets the home page it had, and
going back writes the rows out as text again."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("people", "0004_dates_talk_kinds_and_profile"), ("labsite", "0007_lab_redirects")]
AFTER = [
    ("people", "0007_drop_homepage_sections_and_interests_text"),
    ("labsite", "0008_lab_home_sections"),
]
LONG_LINE = "Efficient inference " * 15  # 300 characters: longer than a title may be


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_sections_and_interests_are_carried_over_and_back():
    old = migrate(BEFORE)
    Lab = old.get_model("labsite", "Lab")
    Person = old.get_model("people", "Person")
    lab = Lab.objects.create(slug="old", name="Old Lab")
    other = Lab.objects.create(slug="other", name="Other Lab")
    Person.objects.create(
        lab=lab, slug="ada", full_name="Ada", homepage_sections="service, talks,bogus,talks",
        research_interests="Scheduling\n\n  Compilers  \n" + LONG_LINE,
    )  # fmt: skip
    Person.objects.create(lab=other, slug="bo", full_name="Bo")  # the former default list

    new = migrate(AFTER)
    Person = new.get_model("people", "Person")
    Section = new.get_model("people", "PersonSection")
    Interest = new.get_model("people", "ResearchInterest")
    LabSection = new.get_model("labsite", "LabSection")
    ada = Person.objects.get(slug="ada")
    rows = Section.objects.filter(person=ada).order_by("order")
    assert [(r.kind, r.anchor, r.visible) for r in rows] == [
        ("about", "about", True), ("interests", "interests", True),
        ("service", "service", True), ("talks", "talks", True),
    ]  # fmt: skip
    assert list(Section.objects.filter(person__slug="bo").values_list("kind", flat=True)) == [
        "about", "interests", "news", "publications", "awards", "education", "positions",
        "talks", "teaching", "service",
    ]  # fmt: skip
    interests = list(Interest.objects.filter(person=ada).order_by("order"))
    assert [i.title for i in interests[:2]] == ["Scheduling", "Compilers"]
    assert len(interests[2].title) <= 200 and interests[2].title.endswith("…")
    assert interests[2].description == LONG_LINE.strip()  # all of the long line is kept
    assert all(row.lab_id == ada.lab_id for row in [*rows, *interests])
    for lab_id in (lab.pk, other.pk):
        kinds = LabSection.objects.filter(lab_id=lab_id).order_by("order")
        assert list(kinds.values_list("kind", flat=True)) == [
            "about", "news", "publications", "team", "awards"
        ]  # fmt: skip

    back = migrate(BEFORE)
    Person = back.get_model("people", "Person")
    ada = Person.objects.get(slug="ada")
    assert ada.homepage_sections == "service,talks"
    assert ada.research_interests == f"Scheduling\nCompilers\n{LONG_LINE.strip()}"
    # Leave the database as the other tests expect it: the latest migrations.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
