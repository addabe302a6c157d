"""labsite.cache.PerLabMemo: a lab's settings read once per process and content version.
A hit costs no query; any change to the lab, made here or by another process (a bump of the
shared version), is seen on the next read; another lab's value or change never leaks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labsite.cache import bump_content_version, forget_lab_memos
from publications.list_settings import list_settings_for
from tests.factories import make_lab_section, make_publication_list_settings, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_memos():
    forget_lab_memos()
    yield
    forget_lab_memos()


def read(lab):
    with CaptureQueriesContext(connection) as queries:
        row = list_settings_for(lab)
    return row, len(queries)


def test_a_second_read_costs_no_query_and_a_change_is_seen_at_once(lab_a):
    make_publication_list_settings(lab=lab_a, papers_heading="Articles")
    row, queries = read(lab_a)
    assert (row.papers_heading, queries) == ("Articles", 1)
    assert read(lab_a) == (row, 0)

    saved = type(row).objects.for_lab(lab_a).get()
    saved.papers_heading = "Journal papers"
    saved.save()  # the row's signal bumps the lab's version
    changed, queries = read(lab_a)
    assert (changed.papers_heading, queries) == ("Journal papers", 1)


def test_any_row_of_the_lab_or_another_process_bump_makes_it_read_again(lab_a):
    make_publication_list_settings(lab=lab_a)
    read(lab_a)
    make_tag(lab=lab_a, name="Systems")  # another model of the same lab
    assert read(lab_a)[1] == 1
    bump_content_version(lab_a.pk)  # what a write in another worker process does
    assert read(lab_a)[1] == 1
    assert read(lab_a)[1] == 0


def test_each_lab_has_its_own_value_and_another_labs_change_keeps_it(lab_a, lab_b):
    make_publication_list_settings(lab=lab_a, papers_heading="Ours")
    make_publication_list_settings(lab=lab_b, papers_heading="Theirs")
    assert read(lab_a)[0].papers_heading == "Ours"
    assert read(lab_b)[0].papers_heading == "Theirs"
    make_tag(lab=lab_b, name="Theirs only")
    assert read(lab_a)[1] == 0
    assert read(lab_a)[0].lab_id == lab_a.pk and read(lab_b)[0].lab_id == lab_b.pk


def test_the_home_page_shows_a_renamed_section_at_once(client_a, lab_a, no_page_cache):
    section = make_lab_section(lab=lab_a, heading="Join us", body="We are hiring.")
    assert ">Join us</h2>" in client_a.get("/").content.decode()
    section.heading = "Open positions"
    section.save()
    page = client_a.get("/").content.decode()
    assert ">Open positions</h2>" in page and "Join us" not in page


def test_another_labs_home_sections_never_appear(client_a, lab_a, lab_b, no_page_cache):
    make_lab_section(lab=lab_a, heading="Ours", body="Our text.")
    make_lab_section(lab=lab_b, heading="Theirs", body="Their text.")
    client_a.get("/")  # fills lab A's memo
    page = client_a.get("/").content.decode()
    assert "Our text." in page and "Their text." not in page
