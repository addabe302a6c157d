import re
import secrets

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from labsite.cache import bump_content_version, content_version
from tests.factories import make_person, make_publication

pytestmark = pytest.mark.django_db


def test_second_request_is_served_from_the_cache_without_queries(
    client_a, lab_a, django_assert_num_queries
):
    first = client_a.get("/")
    with django_assert_num_queries(0):
        second = client_a.get("/")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_a_saved_change_is_visible_on_the_next_request(client_a, lab_a):
    assert "Fresh words" not in client_a.get("/").content.decode()
    lab_a.about = "Fresh words"
    lab_a.save()
    assert "Fresh words" in client_a.get("/").content.decode()


def test_any_tenant_row_change_bumps_the_version_of_its_lab_only(lab_a, lab_b):
    version_a, version_b = content_version(lab_a.pk), content_version(lab_b.pk)
    person = make_person(lab=lab_a, full_name="Ada Moreau")
    assert content_version(lab_a.pk) > version_a
    assert content_version(lab_b.pk) == version_b
    version_a = content_version(lab_a.pk)
    person.delete()
    assert content_version(lab_a.pk) > version_a


def test_conditional_get_answers_304(client_a, lab_a):
    first = client_a.get("/")
    assert first["Cache-Control"] == "no-cache"
    assert first.has_header("Last-Modified")
    again = client_a.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    bump_content_version(lab_a.pk)
    changed = client_a.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_pages_of_two_labs_never_mix(client_a, client_b, lab_a, lab_b):
    client_a.get("/")
    page_b = client_b.get("/").content.decode()
    assert "Beta Vision Group" in page_b and "Alpha Systems Lab" not in page_b


def test_parameters_the_page_reads_are_part_of_the_key(client_a, lab_a):
    # The test client records the templates a response rendered: none on a cache hit.
    assert client_a.get("/publications/").templates
    assert not client_a.get("/publications/").templates
    assert client_a.get("/publications/?year=2024").templates
    assert not client_a.get("/publications/?year=2024").templates


# --- What the key holds, and the cache's bounds ---------------------------------------------


def page_entries():
    return [key for key in cache.stored_keys() if key.startswith(":1:labsite:page:")]


def test_unknown_parameters_never_add_entries_and_the_bytes_stay_bounded(client_a, lab_a):
    for n in range(3):
        make_publication(lab=lab_a, title=f"Paper {n}", year=2020 + n)
    first = client_a.get("/publications/?utm=start")
    assert first.templates
    rendered = 0
    for _ in range(500):
        response = client_a.get(f"/publications/?utm_source={secrets.token_hex(8)}")
        assert "Paper 2" in response.content.decode()
        rendered += bool(response.templates)
    assert rendered == 0, "every one is the page without the unknown parameter"
    assert len(page_entries()) == 1
    entries, used = cache.usage()
    assert used <= settings.LABSITE_PAGE_CACHE_MAX_BYTES
    assert used < 200_000, f"{entries} entries hold {used} bytes"


def test_declared_parameters_are_keyed_sorted_and_normalised(client_a, lab_a):
    assert client_a.get("/publications/?year=2024&kind=conference").templates
    for same in (
        "/publications/?kind=conference&year=2024",
        "/publications/?year=%202024%20&utm=x&kind=conference",
        "/publications/?year=1999&kind=conference&year=2024&q=",
    ):
        assert not client_a.get(same).templates, same
    assert client_a.get("/publications/?year=2023&kind=conference").templates
    assert len(page_entries()) == 2


def test_a_stored_page_never_shows_a_visitor_s_own_parameters(client_a, lab_a):
    first = client_a.get("/people/?token=secret-of-visitor-1")
    assert "secret-of-visitor-1" not in first.content.decode()  # not even in the theme links
    assert not client_a.get("/people/?token=other").templates


def test_pages_not_marked_cached_get_their_parameters_and_are_never_stored(client_a, lab_a):
    response = client_a.get("/theme/?set=dark&next=/people/")
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert response.cookies["theme"].value == "dark"
    assert page_entries() == []


def test_a_page_over_the_per_page_cap_is_served_but_not_stored(client_a, lab_a, settings):
    settings.LABSITE_PAGE_CACHE_MAX_PAGE_BYTES = 1000
    assert "Alpha Systems Lab" in client_a.get("/").content.decode()
    assert client_a.get("/").templates
    assert page_entries() == []


def test_the_memory_cache_drops_least_recently_used_entries_past_its_byte_budget():
    from labsite.cache_backends import BoundedMemoryCache

    bounded = BoundedMemoryCache("test-budget", {"OPTIONS": {"MAX_BYTES": 20_000}})
    bounded.clear()
    bounded.set("kept", b"k" * 1000)
    for n in range(100):
        bounded.set(f"value-{n}", b"x" * 1000)
        assert bounded.get("kept") is not None  # read every time: never the least recent
        assert bounded.usage()[1] <= 20_000
    assert bounded.get("value-99") is not None
    assert bounded.get("value-0") is None
    bounded.set("huge", b"x" * 30_000)  # larger than the whole budget: not stored
    assert bounded.get("huge") is None and bounded.get("value-99") is not None
    bounded.set("counter", 1, timeout=60)
    assert bounded.incr("counter", 2) == 3
    bounded.clear()
    assert bounded.usage() == (0, 0)


# --- Who bypasses the cache ------------------------------------------------------------------


def test_a_made_up_session_cookie_gets_the_cached_page(client_a, lab_a, django_assert_num_queries):
    first = client_a.get("/")
    client_a.cookies[settings.SESSION_COOKIE_NAME] = "made-up-session-key-1234567890"
    with django_assert_num_queries(1):  # the session look-up, and nothing else
        again = client_a.get("/")
    assert not again.templates
    assert again.content == first.content


def test_logged_in_editors_bypass_the_cache_and_after_logout_get_it_again(lab_a):
    anonymous = Client(HTTP_HOST="a.example.org")
    anonymous.get("/")
    editor = Client(HTTP_HOST="a.example.org")
    user = get_user_model().objects.create_user("editor2", password="x-long-password-1")
    editor.force_login(user)
    response = editor.get("/")
    assert response.templates and not response.has_header("ETag")
    old_key = editor.cookies[settings.SESSION_COOKIE_NAME].value
    editor.logout()
    editor.cookies[settings.SESSION_COOKIE_NAME] = old_key  # a stale cookie: no session
    assert not editor.get("/").templates


# --- Tenancy --------------------------------------------------------------------------------


def test_another_lab_s_member_as_a_filter_matches_nothing_and_never_shows(
    client_a, client_b, lab_a, lab_b
):
    beta = make_person(lab=lab_b, full_name="Bea Beta", slug="bea")
    make_publication(lab=lab_b, title="Beta secret paper", authors=[("Bea Beta", beta)])
    assert "Beta secret paper" in client_b.get("/publications/?person=bea").content.decode()
    page = client_a.get("/publications/?person=bea&utm=1").content.decode()
    assert "no member" in page and "Beta secret paper" not in page and "Bea Beta" not in page
    again = client_b.get("/publications/?utm=2&person=bea").content.decode()
    assert "Beta secret paper" in again and "Alpha Systems Lab" not in again


def test_every_public_page_is_served_from_the_cache_the_second_time(
    lab_a, django_assert_num_queries
):
    from tests.factories import make_award, make_news

    member = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    paper = make_publication(lab=lab_a, title="Cached paper", slug="cached",
                             authors=[("Ada Moreau", member)])
    make_award(lab=lab_a, title="Best paper", kind="paper", publication=paper)
    make_news(lab=lab_a, title="Cached news", slug="cached-news")
    for path in ("/", "/people/", "/people/ada/", "/publications/", "/publications/cached/",
                 "/publications/cached.bib", "/publications.bib", "/news/",
                 "/news/cached-news/", "/news/feed/", "/people/ada/feed/", "/awards/",
                 "/sitemap.xml", "/robots.txt"):
        client = Client(HTTP_HOST="a.example.org")
        first = client.get(path)
        assert first.status_code == 200, path
        with django_assert_num_queries(0):
            again = client.get(f"{path}?utm_source=x")
        assert without_nonces(again) == without_nonces(first), path


def without_nonces(response) -> bytes:
    return re.sub(rb'nonce="[^"]*"', b"", response.content)  # a fresh one on every hit
