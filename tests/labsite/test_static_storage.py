"""Production static files: hashed URLs, each worked out once per process."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from labsite.static_storage import ManifestStaticStorage

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "labsite.static_storage.ManifestStaticStorage"},
}


@pytest.fixture
def storage(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield ManifestStaticStorage()


def test_urls_are_the_hashed_names(storage, tmp_path):
    url = storage.url("labsite/site.css")
    assert re.fullmatch(r"/static/labsite/site\.[0-9a-f]{12}\.css", url), url
    assert (tmp_path / url.removeprefix("/static/")).is_file()


def test_the_manifest_is_read_once_per_name(storage, monkeypatch):
    first = storage.url("labsite/site.css")
    looked_up = []
    original = ManifestStaticStorage.stored_name
    monkeypatch.setattr(
        ManifestStaticStorage,
        "stored_name",
        lambda self, name: looked_up.append(name) or original(self, name),
    )
    assert storage.url("labsite/site.css") == first
    assert looked_up == []
    assert storage.url("labsite/site.css", force=True) == first  # force: looked up again
    assert looked_up == ["labsite/site.css"]


def test_an_unknown_file_still_fails_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("labsite/no-such-file.css")
