"""The date migrations lose nothing: awards keep year and month, news keep their date at
day precision, members already there keep the years-only look of their membership."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("labsite", "0005_login_failures"),
    ("people", "0003_personlink_url_mailto"),
    ("awards", "0003_award_help_text_and_year_index"),
    ("news", "0002_newsitem_optional_slug_and_index"),
]
AFTER = [
    ("labsite", "0006_lab_date_format"),
    ("people", "0004_dates_talk_kinds_and_profile"),
    ("awards", "0004_award_optional_date_day_and_order"),
    ("news", "0003_newsitem_date_precision_and_order"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_rows_keep_their_values_and_look():
    old = migrate(BEFORE)
    lab = old.get_model("labsite", "Lab").objects.create(slug="old", name="Old Lab")
    person = old.get_model("people", "Person").objects.create(
        lab_id=lab.pk, slug="fay", full_name="Fay", joined=datetime.date(2018, 9, 1),
        left=datetime.date(2023, 6, 30), location="Room 1\nStreet 2",
    )  # fmt: skip
    award = old.get_model("awards", "Award").objects.create(
        lab_id=lab.pk, person_id=person.pk, title="Prize", year=2022, month=12
    )
    news = old.get_model("news", "NewsItem").objects.create(
        lab_id=lab.pk, slug="n", body="Old", date=datetime.date(2024, 5, 6)
    )
    cv = old.get_model("people", "CVEntry").objects.create(
        lab_id=lab.pk, person_id=person.pk, kind="talk", title="Talk", start_year=2024,
        start_month=3, order=1,
    )  # fmt: skip
    try:
        new = migrate(AFTER)
        lab = new.get_model("labsite", "Lab").objects.get(pk=lab.pk)
        person = new.get_model("people", "Person").objects.get(pk=person.pk)
        award = new.get_model("awards", "Award").objects.get(pk=award.pk)
        news = new.get_model("news", "NewsItem").objects.get(pk=news.pk)
        cv = new.get_model("people", "CVEntry").objects.get(pk=cv.pk)
        assert lab.date_format == "dotted"
        assert person.joined == datetime.date(2018, 9, 1)
        assert person.left == datetime.date(2023, 6, 30)
        assert (person.joined_precision, person.left_precision) == ("year", "year")
        assert (person.location, person.email_display, person.date_format) == (
            "Room 1\nStreet 2", "text", ""
        )  # fmt: skip
        assert (award.year, award.month, award.day, award.order) == (2022, 12, None, 0)
        assert (news.date, news.date_precision, news.order) == (datetime.date(2024, 5, 6), "day", 0)
        assert (cv.start_year, cv.start_month, cv.start_day, cv.talk_kind, cv.order) == (
            2024, 3, None, "", 1
        )  # fmt: skip
        # A member added now gets month precision by default.
        fresh = new.get_model("people", "Person").objects.create(
            lab_id=lab.pk, slug="new", full_name="New"
        )
        assert fresh.joined_precision == "month"
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
