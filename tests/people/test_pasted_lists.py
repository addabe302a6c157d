"""The parser of pasted lists (people/pasted_lists.py), on the seeds' own lines."""

import datetime

import pytest

from people.pasted_lists import (
    MAX_BYTES,
    MAX_LINES,
    PastedListTooLarge,
    first_link,
    parse_pasted_list,
    plain_text,
)
from tests.people.seed_lists import (
    SEED_002_EDUCATION,
    SEED_002_HONOURS,
    SEED_002_NEWS,
    SEED_002_SERVICE,
    SEED_004_NEWS,
)

D = datetime.date


def only_item(line):
    parsed = parse_pasted_list(line)
    assert not parsed.unread, parsed.unread
    (item,) = parsed.items
    return item


@pytest.mark.parametrize(
    ("line", "date", "precision", "text"),
    [
        # Seed 002 (AcadHomepage): honours, news, talks.
        ("- *2023.06* Outstanding Graduates, Shaanxi.", D(2023, 6, 1), "month",
         "Outstanding Graduates, Shaanxi."),
        ("- *2022.12* <span style=\"color: red;\">National Scholarship<\\span> (Top 1%), "
         "Ministry of Education of The People’s Republic of China.", D(2022, 12, 1), "month",
         "==National Scholarship== (Top 1%), Ministry of Education of The People’s Republic "
         "of China."),  # the red words stay highlighted, without their colour
        ("- *2025.09*: &nbsp;🎉🎉 Two papers were accepted by ASP-DAC 2026.", D(2025, 9, 1),
         "month", "🎉🎉 Two papers were accepted by ASP-DAC 2026."),
        ("- *2025.08*, \\[Invited Talk\\] Efficient LLM inference via hardware-software "
         "codesign, CCF-HPC 2025 @Ordos, China", D(2025, 8, 1), "month",
         "\\[Invited Talk\\] Efficient LLM inference via hardware-software codesign, CCF-HPC "
         "2025 @Ordos, China"),
        # The other ways the issue lists.
        ("- **2024.05**: Oral presentation at MLSys", D(2024, 5, 1), "month",
         "Oral presentation at MLSys"),
        ("- [2024.05] Joined the lab", D(2024, 5, 1), "month", "Joined the lab"),
        ("- September 2024: Our paper has been accepted by NeurIPS 2024!", D(2024, 9, 1),
         "month", "Our paper has been accepted by NeurIPS 2024!"),
        ("- 2021 – Best Paper Award", D(2021, 1, 1), "year", "Best Paper Award"),
        ("* 2021. Best Poster", D(2021, 1, 1), "year", "Best Poster"),
        ("1. Sep. 2025 - Started", D(2025, 9, 1), "month", "Started"),
        ("- June 5, 2024: Defended", D(2024, 6, 5), "day", "Defended"),
        ("- 5 June 2024 Defended", D(2024, 6, 5), "day", "Defended"),
        ("- 2024-03-07 ISO dated", D(2024, 3, 7), "day", "ISO dated"),
        # Seed 001 (academicpages), an HTML list.
        ("  <li><strong>July 2024</strong> - Outstanding Doctoral Dissertation Award of Peking "
         "University</li>", D(2024, 7, 1), "month",
         "Outstanding Doctoral Dissertation Award of Peking University"),
        # Seed 004 (al-folio): news without dates.
        ("- Three paper accepted to Neurips 2023.", None, "none",
         "Three paper accepted to Neurips 2023."),
        ("- **High-performance Inference System** System design", None, "none",
         "**High-performance Inference System** System design"),
        ("- 1024 GPUs in one cluster", None, "none", "1024 GPUs in one cluster"),
    ],
)  # fmt: skip
def test_a_line_gives_its_date_precision_and_text(line, date, precision, text):
    item = only_item(line)
    assert (item.date, item.precision, item.text) == (date, precision, text)


def test_ranges_give_an_end_or_now():
    education = only_item(
        "- *2023.06 - 2028.06 (expected)*, School of Computer Science, Shanghai Jiao Tong "
        "University "
    )
    assert (education.date, education.end_date, education.end_precision) == (
        D(2023, 6, 1), D(2028, 6, 1), "month"
    )  # fmt: skip
    assert education.text == "School of Computer Science, Shanghai Jiao Tong University"
    service = only_item("- *2024.05 - Now*, IT Administrator of DAI-Lab")
    assert service.ongoing and service.end_date is None
    assert service.text == "IT Administrator of DAI-Lab"
    team = only_item("- *2024.10~2025.6* Siming Chen")
    assert (team.date, team.end_date) == (D(2024, 10, 1), D(2025, 6, 1))


def test_month_slash_year_dates_as_cvs_write_them():
    # Lines as real AcadHomepage forks and CVs write them ("(09/2017 - 06/2021)",
    # "07/2021 - Present").
    study = only_item("- 09/2017 - 06/2021: B.Eng., Software Engineering, South China "
                      "University of Technology")
    assert (study.date, study.precision, study.end_date, study.end_precision) == (
        D(2017, 9, 1), "month", D(2021, 6, 1), "month"
    )  # fmt: skip
    assert study.text == "B.Eng., Software Engineering, South China University of Technology"
    job = only_item("- 07/2021 - Present: Senior Software Engineer, TCS")
    assert (job.date, job.ongoing, job.end_date) == (D(2021, 7, 1), True, None)
    news = only_item("- *06/2021*: One paper accepted by ICCV 2021.")
    assert (news.date, news.precision, news.text) == (
        D(2021, 6, 1), "month", "One paper accepted by ICCV 2021."
    )  # fmt: skip
    assert parse_pasted_list("- 13/2021: no such month").unread[0].reason.startswith(
        "the date does not exist"
    )


def test_now_or_present_after_a_range_means_it_goes_on():
    item = only_item("- *2019.06 - 2022.04 (now)*, Research Assistant, Tsinghua University")
    assert (item.date, item.end_date, item.ongoing) == (D(2019, 6, 1), D(2022, 4, 1), True)
    assert item.text == "Research Assistant, Tsinghua University"
    item = only_item("- 2019 - 2022 (present): Reviewer for NeurIPS")
    assert (item.date, item.end_date, item.ongoing, item.text) == (
        D(2019, 1, 1), D(2022, 1, 1), True, "Reviewer for NeurIPS"
    )  # fmt: skip
    item = only_item("- 2020.09 - (Present) PhD student, MIT")
    assert (item.ongoing, item.end_date, item.text) == (True, None, "PhD student, MIT")


def test_lines_it_cannot_read_are_named_by_number():
    parsed = parse_pasted_list(
        "# 🎖 Honors and Awards\n"
        "- *2023.06* Outstanding Graduates, Shaanxi.\n"
        "\n"
        "- *2023.13* A month that does not exist\n"
        "- *2023.06*\n"
        "<ul>\n<!-- a comment -->\n"
        "- *2022.10* Top 1.3% of World, IEEEXtreme Programming Competition.\n"
    )
    assert [(item.line, item.date) for item in parsed.items] == [
        (2, D(2023, 6, 1)),
        (8, D(2022, 10, 1)),
    ]
    assert [(line.line, line.reason) for line in parsed.unread] == [
        (1, "not a list item"),
        (4, "the date does not exist (check the month and day)"),
        (5, "a date but no text"),
    ]


def test_every_dated_line_of_seed_002_s_lists_is_read():
    parsed = parse_pasted_list(SEED_002_HONOURS)
    assert len(parsed.items) == 13 and not parsed.unread
    assert all(item.precision == "month" for item in parsed.items)
    assert parsed.items[0].text == "Outstanding Graduates, Shaanxi."
    assert parsed.items[-1].date == D(2020, 11, 1)
    assert all("<" not in item.text and "&nbsp;" not in item.text for item in parsed.items)
    assert [item.date for item in parse_pasted_list(SEED_002_NEWS).items] == [
        D(2025, 9, 1), D(2025, 9, 1), D(2025, 8, 1), D(2025, 6, 1), D(2025, 3, 1)
    ]  # fmt: skip
    assert len(parse_pasted_list(SEED_002_SERVICE).items) == 8
    education = parse_pasted_list(SEED_002_EDUCATION).items
    assert [(item.date, item.end_date) for item in education] == [
        (D(2023, 6, 1), D(2028, 6, 1)), (D(2019, 9, 1), D(2023, 6, 1))
    ]  # fmt: skip


def test_seed_004_s_undated_news_keep_their_text():
    parsed = parse_pasted_list(SEED_004_NEWS)
    assert len(parsed.items) == 8 and {item.precision for item in parsed.items} == {"none"}
    assert not parsed.unread  # the commented-out item is a comment, not an unread line
    assert parsed.items[-1].text.startswith("Two papers accepted to Neurips 2022")


def test_the_input_is_bounded_in_bytes_and_lines():
    with pytest.raises(PastedListTooLarge, match="at most 65,536 bytes"):
        parse_pasted_list("- " + "x" * MAX_BYTES)
    with pytest.raises(PastedListTooLarge, match="at most 1,000"):
        parse_pasted_list("- 2020 a\n" * (MAX_LINES + 1))


def test_plain_text_for_titles_and_the_first_link():
    text = (
        "Teaching Assistant, Algorithms (UG-CS2308-01) by "
        "[Prof. Qingshen Ren](https://www.cs.sjtu.edu.cn/PeopleDetail.aspx?id=85)"
    )
    assert plain_text(text) == "Teaching Assistant, Algorithms (UG-CS2308-01) by Prof. Qingshen Ren"
    assert first_link(text) == "https://www.cs.sjtu.edu.cn/PeopleDetail.aspx?id=85"
    assert plain_text("\\[Invited Talk\\] **Fast** inference") == "[Invited Talk] Fast inference"
