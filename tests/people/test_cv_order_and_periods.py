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


# --- Periods ------------------------------------------------------------------------------


def test_the_spaced_style_writes_periods_as_seed_002_and_keeps_the_rest(lab_a, client_a):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada", sections="education,talks",
                      date_format="dotted_spaced")  # fmt: skip
    make_cv_entry(lab=lab_a, person=ada, title="Ph.D.", start_year=2023, start_month=6,
                  end_year=2028, end_month=6, end_expected=True, order=1)  # fmt: skip
    make_cv_entry(lab=lab_a, person=ada, title="Admin", start_year=2024, start_month=5, order=2)
    make_cv_entry(lab=lab_a, person=ada, title="B.Sc.", start_year=2019, end_year=2023, order=3)
    make_cv_entry(lab=lab_a, person=ada, kind=CVEntry.Kind.TALK, title="A talk",
                  start_year=2024, start_month=3, start_day=7)  # fmt: skip
    html = client_a.get("/people/ada/").content.decode()
    assert cv_lines(html, "education") == [
        "2024.05 - Now Admin", "2023.06 - 2028.06 (expected) Ph.D.", "2019–2023 B.Sc.",
    ]  # fmt: skip
    assert cv_lines(html, "talks") == ["2024.03.07 A talk"]  # a talk has no open end


def test_existing_styles_read_as_before():
    import datetime

    from labsite.dates import format_period

    start, end = datetime.date(2023, 6, 1), datetime.date(2028, 6, 1)
    expected = {"dotted": "2023.06–2028.06", "dotted_unpadded": "2023.6~2028.6",
                "month_short": "Jun 2023 – Jun 2028", "dotted_spaced": "2023.06 - 2028.06"}
    for style, text in expected.items():
        assert format_period(start, "month", end, "month", style) == text, style
    for style, text in {"dotted": "2023.06–present", "dotted_spaced": "2023.06 - Now",
                        "month_long": "June 2023 – present"}.items():  # fmt: skip
        assert format_period(start, "month", None, "none", style, open_end="present") == text
    assert format_period(start, "month", None, "none", "dotted_spaced") == "2023.06"


def test_an_expected_end_needs_an_end(lab_a):
    from django.core.exceptions import ValidationError

    ada = make_person(lab=lab_a, slug="ada")
    entry = CVEntry(lab=lab_a, person=ada, kind="education", title="Ph.D.", start_year=2023,
                    end_expected=True)  # fmt: skip
    with pytest.raises(ValidationError, match="Only an end that has a year is expected"):
        entry.full_clean()


def test_a_pasted_expected_end_is_kept_as_the_flag():
    from people.pasted_lists import parse_pasted_list

    items = parse_pasted_list(
        "- *2023.06 - 2028.06 (expected)*, School of Computer Science, SJTU\n"
        "- 2019.09 - 2023.06, Xidian University\n"
        "- 2024.05 - Now (expected) odd, but no end to expect\n"
    ).items
    assert [item.end_expected for item in items] == [True, False, False]
    assert items[0].text == "School of Computer Science, SJTU"
