"""CV entries and membership periods at their precision (seed 002: talks "[Invited Talk] …
@Ordos, China", team periods "2024.10~2025.6")."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from labsite.dates import DatePrecision, DateStyle
from people.cv import TalkKind
from people.models import CVEntry
from tests.factories import make_cv_entry, make_group, make_person

pytestmark = pytest.mark.django_db


def cv_lines(html: str, section: str) -> list[str]:
    """Each entry of a CV section as plain text: "2025.08 [Invited Talk] Title, Event @Place"."""
    block = html.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", block, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()).replace(" ,", ",") for item in items]


def test_seed_002_talks_read_as_the_seed_writes_them(lab_a, client_a):
    jiaming = make_person(lab=lab_a, full_name="Jiaming Xu", slug="jiaming")
    seed = [
        (2025, 8, "invited", "Efficient LLM inference via hardware-software codesign",
         "CCF-HPC 2025", "Ordos, China"),
        (2024, 11, "oral", "MARCA: Mamba Accelerator with Reconfigurable Architecture",
         "ICCAD 2024", "New York, USA"),
        (2024, 11, "oral", "Fast and Efficient 2-bit LLM Inference on GPU", "ICCAD 2024",
         "New York, USA"),
        (2024, 11, "oral", "Towards Floating Point-Based Attention-Free LLM", "ICCAD 2024",
         "New York, USA"),
        (2024, 12, "oral", "Efficient LLM Inference on GPUs with Operator Optimization",
         "Chinasys 2024", "Tianjin, China"),
    ]  # fmt: skip
    for order, (year, month, kind, title, event, place) in enumerate(seed):
        make_cv_entry(lab=lab_a, person=jiaming, kind=CVEntry.Kind.TALK, talk_kind=kind,
                      title=title, organisation=event, place=place, start_year=year,
                      start_month=month, order=order)  # fmt: skip
    lines = cv_lines(client_a.get("/people/jiaming/").content.decode(), "talks")
    assert lines == [
        "2025.08 [Invited Talk] Efficient LLM inference via hardware-software codesign, "
        "CCF-HPC 2025 @Ordos, China",
        "2024.12 [Oral Presentation] Efficient LLM Inference on GPUs with Operator "
        "Optimization, Chinasys 2024 @Tianjin, China",
        # One month: the member's order, not the order of writing or of titles.
        "2024.11 [Oral Presentation] MARCA: Mamba Accelerator with Reconfigurable "
        "Architecture, ICCAD 2024 @New York, USA",
        "2024.11 [Oral Presentation] Fast and Efficient 2-bit LLM Inference on GPU, "
        "ICCAD 2024 @New York, USA",
        "2024.11 [Oral Presentation] Towards Floating Point-Based Attention-Free LLM, "
        "ICCAD 2024 @New York, USA",
    ]


def test_every_talk_kind_has_its_label_and_a_talk_can_be_dated_to_the_day(lab_a, client_a):
    ada = make_person(lab=lab_a, slug="ada", date_format=DateStyle.MONTH_SHORT)
    make_cv_entry(lab=lab_a, person=ada, kind="talk", talk_kind=TalkKind.KEYNOTE, title="Loops",
                  start_year=2025, start_month=6, start_day=14, place="Tokyo, Japan")  # fmt: skip
    make_cv_entry(lab=lab_a, person=ada, kind="education", title="Ph.D.", start_year=2021,
                  start_month=9, end_year=2025, end_month=6)  # fmt: skip
    make_cv_entry(lab=lab_a, person=ada, kind="position", title="Intern", start_year=2024,
                  start_month=7)  # fmt: skip
    html = client_a.get("/people/ada/").content.decode()
    assert cv_lines(html, "talks") == ["14 Jun 2025 [Keynote] Loops @Tokyo, Japan"]
    assert cv_lines(html, "education") == ["Sep 2021 – Jun 2025 Ph.D."]
    assert cv_lines(html, "positions") == ["Jul 2024 – present Intern"]
    assert [label for _, label in TalkKind.choices] == [
        "Invited Talk", "Oral Presentation", "Poster", "Keynote", "Contributed Talk", "Seminar",
        "Talk",
    ]  # fmt: skip


def test_cv_dates_that_name_no_day_and_talk_kinds_off_talks_are_refused(lab_a):
    ada = make_person(lab=lab_a)
    for fields, field in [
        ({"kind": "talk", "start_year": 2025, "start_month": 2, "start_day": 30}, "start_day"),
        ({"kind": "talk", "start_year": 2025, "start_day": 3}, "start_month"),
        ({"kind": "education", "talk_kind": "poster", "start_year": 2025}, "talk_kind"),
    ]:
        with pytest.raises(ValidationError) as error:
            CVEntry(lab=lab_a, person=ada, title="X", **fields).full_clean()
        assert field in error.value.message_dict, fields


def test_team_page_periods_to_the_month_in_the_lab_s_style(lab_a, client_a):
    lab_a.date_format = DateStyle.DOTTED_UNPADDED  # seed 002 writes "2024.10~2025.6"
    lab_a.save()
    group = make_group(lab=lab_a, name="Undergraduates")
    make_person(lab=lab_a, full_name="Siming Chen", group=group,
                joined=datetime.date(2024, 10, 8), joined_precision=DatePrecision.DAY,
                left=datetime.date(2025, 6, 20), left_precision=DatePrecision.MONTH)  # fmt: skip
    make_person(lab=lab_a, full_name="Junyi Wu", group=group, joined=datetime.date(2024, 1, 1),
                left=datetime.date(2025, 3, 1))  # fmt: skip
    make_person(lab=lab_a, full_name="Old Timer", joined=datetime.date(2019, 1, 1),
                joined_precision=DatePrecision.YEAR, left=datetime.date(2023, 1, 1),
                left_precision=DatePrecision.YEAR)  # fmt: skip
    html = client_a.get("/people/").content.decode()
    alumni = html.split('id="alumni"', 1)[1]
    periods = re.findall(r'<span class="muted team-period">\(([^)]*)\)</span>', alumni)
    # Newest leaver first; a day-precise date still shows to the month on the team page.
    assert periods == ["2024.10~2025.6", "2024.1~2025.3", "2019–2023"]


def test_period_label_and_years(lab_a):
    person = make_person(lab=lab_a, joined=datetime.date(2018, 9, 1),
                         left=datetime.date(2023, 6, 30))  # fmt: skip
    assert person.period_label == "2018.09–2023.06"
    assert person.years == "2018–2023"
    lab_a.date_format = DateStyle.MONTH_LONG
    person.lab = lab_a
    assert person.period_label == "September 2018 – June 2023"
    person.left_precision = DatePrecision.NONE
    assert person.period_label == "September 2018"
