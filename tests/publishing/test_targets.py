"""``LABSITE_PUBLISH_TARGET``: the same URL rule as ``MEDIA_STORAGE_URL``, checked at
start-up; ``file:///DIR`` is the directory target."""

import subprocess
import sys

import pytest
from django.core.management import call_command

from tests.production.live import BASE_DIR, app_env
from tests.publishing.test_publish import published_files


def test_a_bad_target_stops_the_app_at_start_up_naming_the_setting(tmp_path):
    env = app_env(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}",
                  LABSITE_PUBLISH_TARGET="s3://key:secret@bucket/site")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "LABSITE_PUBLISH_TARGET: put credentials in AWS_ACCESS_KEY_ID" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_a_file_target_publishes_to_that_directory(settings, tmp_path, lab_a_content):
    settings.LABSITE_PUBLISH_ROOT = ""
    settings.LABSITE_PUBLISH_TARGET = f"file://{tmp_path / 'site'}"
    call_command("publish", "lab-a")
    files = published_files(tmp_path / "site")
    assert b"Sparse Attention for Alpha Workloads" in files[
        "a.example.org/publications/sparse-alpha/index.html"]
