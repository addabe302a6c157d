"""The page cache on a real Redis server (REDIS_URL), as on several app servers."""

import pytest
from django.test import Client

from labsite import tenancy
from tests.factories import make_person
from tests.production.live import RedisServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_url(tmp_path, settings):
    server = RedisServer(tmp_path)
    try:
        settings.CACHES = {
            "default": {"BACKEND": "labsite.cache_backends.RedisCache", "LOCATION": server.url}
        }
        settings.LABSITE_VERSIONS_FILE = ""  # as with REDIS_URL: the versions in Redis too
        yield server.url
    finally:
        server.stop()


def test_pages_are_cached_in_redis_and_an_edit_shows_at_once(
    redis_url, lab_a, lab_b, django_assert_num_queries
):
    import redis

    client_a = Client(HTTP_HOST="a.example.org")
    first = client_a.get("/")
    assert "Alpha Systems Lab" in first.content.decode()
    with django_assert_num_queries(0):
        assert client_a.get("/").content == first.content
    assert redis.Redis.from_url(redis_url).keys("*labsite:page:*"), "nothing was stored"
    assert redis.Redis.from_url(redis_url).keys("*labsite:version:*"), "versions not in Redis"

    # Another app server: its own process memory, the same Redis.
    tenancy._resolved.clear()
    make_person(lab=lab_a, full_name="Grace Hopper")
    assert "Grace Hopper" in Client(HTTP_HOST="a.example.org").get("/people/").content.decode()
    page_b = Client(HTTP_HOST="b.example.org").get("/people/").content.decode()
    assert "Grace Hopper" not in page_b and "Beta Vision Group" in page_b
