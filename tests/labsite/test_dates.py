"""labsite/dates.py: every style at every precision, periods as the seed pages write them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from labsite.dates import (
    Dated,
    DatePrecision,
    DateStyle,
    coarsest,
    dated_from_parts,
    format_date,
    format_period,
    validate_parts,
)

SEP_14 = datetime.date(2025, 9, 14)
D, M, Y, N = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.NONE


@pytest.mark.parametrize(
    "style, day, month, year",
    [
        (DateStyle.DOTTED, "2025.09.14", "2025.09", "2025"),  # seed 002's news, awards
        (DateStyle.DOTTED_UNPADDED, "2025.9.14", "2025.9", "2025"),  # seed 002's team
        (DateStyle.MONTH_SHORT, "14 Sep 2025", "Sep 2025", "2025"),
        (DateStyle.MONTH_LONG, "14 September 2025", "September 2025", "2025"),  # seed 001
    ],
)
def test_each_style_at_each_precision(style, day, month, year):
    assert format_date(SEP_14, D, style) == day
    assert format_date(SEP_14, M, style) == month
    assert format_date(SEP_14, Y, style) == year
    assert format_date(SEP_14, N, style) == ""
    assert format_date(None, D, style) == ""


def test_seed_dates_read_as_the_seeds_write_them():
    assert format_date(datetime.date(2024, 9, 1), M, DateStyle.MONTH_LONG) == "September 2024"
    assert format_date(datetime.date(2024, 7, 1), M, DateStyle.MONTH_LONG) == "July 2024"
    assert format_date(datetime.date(2023, 6, 1), M, DateStyle.DOTTED) == "2023.06"
    assert format_date(datetime.date(2022, 12, 1), M, DateStyle.DOTTED) == "2022.12"


def test_an_unknown_style_falls_back_to_the_default_and_the_default_is_the_old_look():
    assert format_date(SEP_14, M, "no-such-style") == format_date(SEP_14, M) == "2025.09"
    assert format_date(SEP_14, M, "") == "2025.09"


def test_periods_as_seed_002_writes_them():
    oct_24, jun_25 = datetime.date(2024, 10, 1), datetime.date(2025, 6, 30)
    assert format_period(oct_24, M, jun_25, M, DateStyle.DOTTED_UNPADDED) == "2024.10~2025.6"
    jan_24, mar_25 = datetime.date(2024, 1, 5), datetime.date(2025, 3, 1)
    assert format_period(jan_24, M, mar_25, M, DateStyle.DOTTED_UNPADDED) == "2024.1~2025.3"
    # CV entries as they always read in the default style.
    assert format_period(datetime.date(2019, 9, 1), M, datetime.date(2023, 6, 1), M) == (
        "2019.09–2023.06"
    )


def test_periods_of_whole_years_open_ends_and_one_end():
    y2019, y2023 = datetime.date(2019, 1, 1), datetime.date(2023, 1, 1)
    for style in DateStyle:
        assert format_period(y2019, Y, y2023, Y, style) == "2019–2023"
        assert format_period(y2019, Y, None, Y, style, open_end="present") == "2019–present"
        assert format_period(y2019, Y, y2019, Y, style) == "2019"  # one year, once
        assert format_period(None, Y, y2023, Y, style) == "2023"
        assert format_period(y2019, Y, None, Y, style) == "2019"
        assert format_period(None, Y, None, Y, style, open_end="present") == ""
    sep, jun = datetime.date(2024, 9, 1), datetime.date(2025, 6, 1)
    assert format_period(sep, M, jun, M, DateStyle.MONTH_SHORT) == "Sep 2024 – Jun 2025"
    assert format_period(sep, M, None, M, DateStyle.MONTH_LONG, open_end="present") == (
        "September 2024 – present"
    )
    assert format_period(sep, N, jun, M, DateStyle.DOTTED) == "2025.06"  # hidden start


def test_coarsest_caps_a_precision():
    assert coarsest(D, M) == M and coarsest(M, M) == M and coarsest(Y, M) == Y
    assert coarsest(N, M) == N


def test_dated_from_parts_and_its_iso_form():
    assert dated_from_parts(None) == Dated(None, N)
    assert dated_from_parts(2025) == Dated(datetime.date(2025, 1, 1), Y)
    assert dated_from_parts(2025, 9) == Dated(datetime.date(2025, 9, 1), M)
    assert dated_from_parts(2025, 9, 14) == Dated(SEP_14, D)
    parts = [(2025, 9, 14), (2025, 9), (2025,), (None,)]
    assert [dated_from_parts(*each).iso for each in parts] == ["2025-09-14", "2025-09", "2025", ""]


@pytest.mark.parametrize(
    "parts, field, message",
    [
        ((None, 9, None), "year", "A month needs a year."),
        ((2025, None, 14), "month", "A day needs a month."),
        ((2025, 2, 30), "day", "February 2025 has 28 days."),
        ((2024, 4, 31), "day", "April 2024 has 30 days."),
    ],
)
def test_parts_that_name_no_date_get_a_clear_message(parts, field, message):
    with pytest.raises(ValidationError) as error:
        validate_parts(*parts, fields=("year", "month", "day"))
    assert error.value.message_dict == {field: [message]}


def test_parts_that_name_a_date_pass():
    for parts in [(None, None, None), (2024, None, None), (2024, 2, None), (2024, 2, 29)]:
        validate_parts(*parts, fields=("year", "month", "day"))


def test_template_filter_and_tags():
    template = Template(
        "{% load date_tags %}[{{ news|date_style:style }}]"
        "[{% dated_time news style 'news-date' %}][{% dated_time undated style %}]"
        "[{% period start end style open_end='present' %}][{{ missing|date_style:style }}]"
    )
    html = template.render(
        Context(
            {
                "news": Dated(SEP_14, M),
                "undated": Dated(SEP_14, N),
                "start": dated_from_parts(2024, 10),
                "end": dated_from_parts(None),
                "style": DateStyle.MONTH_SHORT,
            }
        )
    )
    assert html == (
        '[Sep 2025][<time class="news-date" datetime="2025-09">Sep 2025</time>][]'
        "[Oct 2024 – present][]"
    )
