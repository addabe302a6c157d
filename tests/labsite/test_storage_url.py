"""MEDIA_STORAGE_URL: media in S3-compatible object storage, so app servers stay stateless."""

import subprocess
import sys

import pytest

from labsite.storage_url import StorageURLError, storage_from_url
from tests.production.live import BASE_DIR, app_env


def test_s3_url_becomes_the_default_storage():
    storage = storage_from_url(
        "s3://lab-media/sites?endpoint_url=https://s3.example.org&region_name=eu-1"
        "&custom_domain=media.example.org&querystring_auth=0"
    )
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "lab-media",
            "location": "sites",
            "file_overwrite": False,
            "default_acl": None,
            "endpoint_url": "https://s3.example.org",
            "region_name": "eu-1",
            "custom_domain": "media.example.org",
            "querystring_auth": False,
        },
    }


def test_file_url_is_a_local_folder():
    assert storage_from_url("file:///srv/media") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": "/srv/media"},
    }


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://host/x", "scheme must be s3:// or file://"),
        ("s3:///prefix", "name the bucket"),
        ("s3://key:secret@bucket", "AWS_ACCESS_KEY_ID"),
        ("s3://bucket?acl=public-read", "unknown option(s) acl"),
        ("file://", "file:///absolute/path"),
    ],
)
def test_bad_urls_say_what_is_wrong(url, message):
    with pytest.raises(StorageURLError, match=message.replace("(", r"\(").replace(")", r"\)")):
        storage_from_url(url)


def test_settings_use_it_and_stop_serving_media_from_the_app(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.STORAGES['default']['BACKEND'], s.LABSITE_SERVE_MEDIA)"
    )
    env = app_env(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}",
                  MEDIA_STORAGE_URL="s3://lab-media")
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.stdout.split() == ["storages.backends.s3.S3Storage", "False"], result.stderr
    env["MEDIA_STORAGE_URL"] = "gopher://x"
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "MEDIA_STORAGE_URL" in result.stderr and "Traceback" not in result.stderr
