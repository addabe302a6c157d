"""Awards dated as far as they are known (seed 002's "2023.06", seed 001's "July 2024"),
undated ones allowed, same-date awards in the member's order."""

import re

import pytest
from django.core.exceptions import ValidationError

from awards.models import Award
from labsite.dates import DateStyle
from tests.factories import make_award, make_person

pytestmark = pytest.mark.django_db


def award_lines(html: str) -> list[tuple[str, str]]:
    """(date shown, title) of each award in page order."""
    items = re.findall(r'<li class="award[^"]*">(.*?)</li>', html, re.S)
    result = []
    for item in items:
        date = re.search(r"<time[^>]*>([^<]*)</time>", item)
        title = re.search(r'<strong class="award-title">([^<]*)</strong>', item)
        result.append((date.group(1) if date else "", title.group(1) if title else ""))
    return result


def test_seed_002_awards_read_to_the_month_in_the_member_s_order(lab_a, client_a):
    jiaming = make_person(lab=lab_a, full_name="Jiaming Xu", slug="jiaming")
    seed = [
        (2023, 6, "Outstanding Graduates"),
        (2023, 6, "Outstanding Graduates of the university"),
        (2023, 6, "Graduate Star (1/10)"),
        (2022, 12, "National Scholarship (Top 1%)"),
        (2020, 11, "Bronze Medal"),
    ]
    for order, (year, month, title) in enumerate(seed):
        make_award(lab=lab_a, person=jiaming, year=year, month=month, title=title, order=order)
    expected = [(f"{year}.{month:02d}", title) for year, month, title in seed]
    assert award_lines(client_a.get("/people/jiaming/").content.decode()) == expected
    assert 'datetime="2023-06"' in client_a.get("/people/jiaming/").content.decode()


def test_styles_days_and_undated_awards(lab_a, client_a):
    lab_a.date_format = DateStyle.MONTH_LONG
    lab_a.save()
    yun = make_person(lab=lab_a, full_name="Yun", slug="yun")
    make_award(lab=lab_a, person=yun, year=2024, month=7, title="Outstanding Dissertation")
    make_award(lab=lab_a, person=yun, year=2024, month=7, day=14, title="Best Talk")
    make_award(lab=lab_a, person=yun, year=2019, title="Fellowship")
    make_award(lab=lab_a, person=yun, year=None, title="Lifetime Honour", order=1)
    make_award(lab=lab_a, person=yun, year=None, title="Undated Honour", order=0)
    assert award_lines(client_a.get("/people/yun/").content.decode()) == [
        ("14 July 2024", "Best Talk"),
        ("July 2024", "Outstanding Dissertation"),
        ("2019", "Fellowship"),
        ("", "Undated Honour"),
        ("", "Lifetime Honour"),
    ]
    awards_page = client_a.get("/awards/").content.decode()
    assert '<h2 id="year-undated">Undated</h2>' in awards_page
    assert "None" not in awards_page
    assert "14 Jul" in awards_page  # under its year heading: day and month


@pytest.mark.parametrize(
    "parts, field",
    [({"month": 7}, "year"), ({"year": 2024, "day": 3}, "month"),
     ({"year": 2023, "month": 2, "day": 29}, "day")],
)  # fmt: skip
def test_parts_that_name_no_date_are_refused_with_a_message(lab_a, parts, field):
    person = make_person(lab=lab_a)
    award = Award(lab=lab_a, person=person, title="Prize", **parts)
    with pytest.raises(ValidationError) as error:
        award.full_clean()
    assert field in error.value.message_dict


def test_another_lab_s_awards_never_show(lab_a, lab_b, client_a):
    make_award(lab=lab_b, person=make_person(lab=lab_b), year=None, title="Beta honour")
    make_award(lab=lab_a, person=make_person(lab=lab_a), year=None, title="Alpha honour")
    page = client_a.get("/awards/").content.decode()
    assert "Alpha honour" in page and "Beta honour" not in page
