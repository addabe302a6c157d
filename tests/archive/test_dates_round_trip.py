"""The date and profile fields of issue 15 survive dumplab → loadlab unchanged."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.management import call_command

from awards.models import Award
from labsite.models import Lab
from news.models import NewsItem
from people.models import CVEntry, Person
from tests.factories import make_award, make_cv_entry, make_lab, make_news, make_person

pytestmark = pytest.mark.django_db


def test_dates_precisions_orders_and_profile_fields_round_trip(tmp_path):
    lab = make_lab(slug="dates", hosts=["dates.example.org"], date_format="dotted_unpadded")
    person = make_person(
        lab=lab, slug="jiaming", native_name="许珈铭", native_name_lang="zh",
        date_format="month_long", joined=datetime.date(2024, 10, 1), joined_precision="day",
        left=datetime.date(2025, 6, 1), left_precision="year", photo_position="right",
        photo_shape="original", photo_size="large", email="j@example.org",
        email_display="link", location="Duncan Hall\nHouston",
    )  # fmt: skip
    make_cv_entry(lab=lab, person=person, kind="talk", talk_kind="invited", title="Talk",
                  start_year=2025, start_month=8, start_day=3, order=2)  # fmt: skip
    make_award(lab=lab, person=person, year=None, title="Undated", order=3)
    make_award(lab=lab, person=person, year=2023, month=6, day=9, title="Dated")
    make_news(lab=lab, slug="undated", body="x", date_precision="none", order=4)

    archive_path = tmp_path / "dates.zip"
    call_command("dumplab", "dates", "-o", str(archive_path), stdout=io.StringIO())
    with zipfile.ZipFile(archive_path) as archive:
        first = json.loads(archive.read("lab.json"))
    Lab.objects.filter(slug="dates").delete()
    call_command("loadlab", str(archive_path), stdout=io.StringIO(), stderr=io.StringIO())

    restored = Lab.objects.get(slug="dates")
    assert restored.date_format == "dotted_unpadded"
    person = Person.objects.for_lab(restored).get(slug="jiaming")
    assert (person.native_name, person.native_name_lang, person.date_format) == (
        "许珈铭", "zh", "month_long"
    )  # fmt: skip
    assert (person.joined_precision, person.left_precision) == ("day", "year")
    assert (person.photo_position, person.photo_shape, person.photo_size) == (
        "right", "original", "large"
    )  # fmt: skip
    assert person.email_display == "link" and person.location == "Duncan Hall\nHouston"
    talk = CVEntry.objects.for_lab(restored).get()
    assert (talk.talk_kind, talk.start_day, talk.order) == ("invited", 3, 2)
    awards = {a.title: (a.year, a.month, a.day, a.order) for a in Award.objects.for_lab(restored)}
    assert awards == {"Undated": (None, None, None, 3), "Dated": (2023, 6, 9, 0)}
    news = NewsItem.objects.for_lab(restored).get()
    assert (news.date_precision, news.order) == ("none", 4)

    again = tmp_path / "again.zip"
    call_command("dumplab", "dates", "-o", str(again), stdout=io.StringIO())
    with zipfile.ZipFile(again) as archive:
        assert json.loads(archive.read("lab.json")) == first
