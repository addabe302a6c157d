"""The versions every worker process must see change at once (labsite/versions.py)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from labsite import tenancy
from labsite.cache import content_version
from tests.factories import make_news

pytestmark = pytest.mark.django_db


def in_another_process(code: str) -> str:
    """Runs ``code`` with the same settings in a fresh Python process (another worker)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1",
           "LABSITE_VERSIONS_FILE": getattr(settings, "LABSITE_VERSIONS_FILE", "")}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_bump_in_another_process_makes_this_process_s_pages_stale(client_a, lab_a):
    assert client_a.get("/news/").templates
    assert not client_a.get("/news/").templates
    seen_there = in_another_process(
        f"from labsite.cache import bump_content_version, content_version\n"
        f"bump_content_version({lab_a.pk}); print(content_version({lab_a.pk}))"
    )
    assert content_version(lab_a.pk) == int(seen_there)
    assert client_a.get("/news/").templates, "served from before the other process's bump"


def test_a_host_forgotten_in_another_process_is_looked_up_again_here(
    lab_a, django_assert_num_queries
):
    tenancy.resolve_host("a.example.org")
    with django_assert_num_queries(0):
        assert tenancy.resolve_host("a.example.org").lab == lab_a
    in_another_process("from labsite.tenancy import forget_hosts; forget_hosts()")
    with django_assert_num_queries(1):
        assert tenancy.resolve_host("a.example.org").lab == lab_a


def test_a_bump_is_written_again_when_its_transaction_commits(
    lab_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_news(lab=lab_a, title="Late news")
        # Another worker that renders now reads the rows as they were before the commit,
        # and stores that page under this version: it must not be the version afterwards.
        during = content_version(lab_a.pk)
    assert content_version(lab_a.pk) != during


def test_racing_bumps_never_write_the_same_value():
    from labsite import versions

    made = {versions.new_version(0) for _ in range(5000)}
    assert len(made) == 5000
    assert versions.version_seconds(max(made)) > 1_700_000_000


def test_check_names_a_versions_file_the_workers_cannot_write(settings, tmp_path):
    from labsite.versions import check_versions_file

    settings.LABSITE_VERSIONS_FILE = str(tmp_path / "versions.bin")
    assert check_versions_file() == []
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    settings.LABSITE_VERSIONS_FILE = str(blocked / "versions.bin")
    (error,) = check_versions_file()
    assert error.id == "labsite.E201" and str(blocked) in error.msg
