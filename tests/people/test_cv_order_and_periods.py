"""CV sections as seed 002 writes them: newest first with undated and same-date entries in
the member's order, or the member's order alone (the section's ``entry_order``); periods
"2023.06 - 2028.06 (expected)" and "2024.05 - Now" (the "dotted_spaced" date style)."""

import pytest

from people.models import CVEntry, PersonSection
from tests.factories import make_cv_entry, make_person
from tests.people.test_cv_and_team_dates import cv_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(lab_a):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada", sections="service")
    rows = [  # (title, start year, month, order): the order the member gave
        ("Undated first", None, None, 1), ("Teaching 2025", 2025, 2, 2),
        ("Admin 2024", 2024, 5, 3), ("Also 2025, after", 2025, 2, 4),
        ("Undated last", None, None, 5), ("Club 2021", 2021, 9, 6),
    ]  # fmt: skip
    for title, year, month, order in rows:
        make_cv_entry(lab=lab_a, person=ada, kind=CVEntry.Kind.SERVICE, title=title,
                      start_year=year, start_month=month, order=order)  # fmt: skip
    return ada


def titles(lines: list[str]) -> list[str]:
    return [line.split(" ", 1)[1] if line[:1].isdigit() else line for line in lines]


def test_newest_first_then_the_members_order_by_default(client_a, service):
    lines = cv_lines(client_a.get("/people/ada/").content.decode(), "service")
    assert titles(lines) == [
        "Teaching 2025", "Also 2025, after", "Admin 2024", "Club 2021",
        "Undated first", "Undated last",
    ]  # fmt: skip


def test_a_section_may_keep_the_members_order_alone(client_a, lab_a, service):
    PersonSection.objects.for_lab(lab_a).filter(kind="service").update(entry_order="manual")
    lines = cv_lines(client_a.get("/people/ada/").content.decode(), "service")
    assert titles(lines) == [
        "Undated first", "Teaching 2025", "Admin 2024", "Also 2025, after", "Undated last",
        "Club 2021",
    ]  # fmt: skip


def test_another_labs_entries_never_join_the_list(client_a, client_b, lab_b, service):
    other = make_person(lab=lab_b, full_name="Ada Moreau", slug="ada", sections="service")
    make_cv_entry(lab=lab_b, person=other, kind=CVEntry.Kind.SERVICE, title="Beta service")
    assert "Beta service" not in client_a.get("/people/ada/").content.decode()
    page_b = client_b.get("/people/ada/").content.decode()
    assert "Beta service" in page_b and "Teaching 2025" not in page_b
