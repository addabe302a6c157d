"""The page cache on a real Redis server (REDIS_URL), as on several app servers."""

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.test import Client

from labsite import tenancy
from tests.factories import make_person

pytestmark = pytest.mark.django_db
REDIS_SERVER = shutil.which("redis-server")


@pytest.fixture
def redis_url(tmp_path, settings):
    if REDIS_SERVER is None:
        reason = "redis-server not found: Redis cache tests skipped (apt-get install redis-server)"
        if os.environ.get("CI"):
            pytest.fail(reason + " — required under CI", pytrace=False)
        print(reason)
        pytest.skip(reason)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        url = f"redis://127.0.0.1:{port}/0"
        settings.CACHES = {
            "default": {"BACKEND": "labsite.cache_backends.RedisCache", "LOCATION": url}
        }
        settings.LABSITE_VERSIONS_FILE = ""  # as with REDIS_URL: the versions in Redis too
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


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
