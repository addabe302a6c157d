import pytest
from django.core.cache import cache
from django.test import Client

from labsite import scoping
from tests.factories import make_lab


@pytest.fixture(autouse=True)
def no_unscoped_reads():
    """Fail a test whose code read a lab's rows without .for_lab, even if it caught the error."""
    scoping.raised_errors.clear()
    yield
    errors = list(scoping.raised_errors)
    scoping.raised_errors.clear()
    assert not errors, f"unscoped tenant reads: {[str(e) for e in errors]}"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads of each test go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_page_cache(settings):
    """Measure a view itself: labsite's page cache answers repeated anonymous GETs with none."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("PageCacheMiddleware")]


@pytest.fixture
def lab_a(db):
    return make_lab(slug="lab-a", name="Alpha Systems Lab", hosts=["a.example.org"])


@pytest.fixture
def lab_b(db):
    return make_lab(slug="lab-b", name="Beta Vision Group", hosts=["b.example.org"])


@pytest.fixture
def client_a(lab_a):
    """A test client whose requests go to lab A's host."""
    return Client(HTTP_HOST="a.example.org")


@pytest.fixture
def client_b(lab_b):
    return Client(HTTP_HOST="b.example.org")

