"""A ``publish`` process killed halfway (SIGKILL, no clean-up) leaves the published tree as
it was; the next publish finishes and removes what the killed one left."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from publications.models import Publication
from tests.factories import make_publication
from tests.metadata.test_worker import database_url
from tests.production.live import BASE_DIR, app_env, manage


def snapshot(root: Path) -> dict[str, bytes]:
    host = root / "a.example.org"
    return {str(p.relative_to(host)): p.read_bytes() for p in host.rglob("*") if p.is_file()}


def builds(root: Path, lab) -> list[Path]:
    return sorted((root / ".builds" / f"lab-{lab.pk}").iterdir())


@pytest.mark.django_db(transaction=True)
def test_a_publish_killed_halfway_leaves_every_file_as_it_was(lab_a, tmp_path, static_root):
    root = tmp_path / "published"
    for n in range(300):
        make_publication(lab=lab_a, title=f"Original paper {n}", slug=f"paper-{n}")
    env = app_env(tmp_path, database_url(), LABSITE_PUBLISH_ROOT=str(root),
                  ALLOWED_HOSTS="a.example.org", STATIC_ROOT=static_root)
    manage(env, "publish", "lab-a")
    before = snapshot(root)
    assert len(before) > 300 and b"Original paper 299" in before["publications/index.html"]
    (first_build,) = builds(root, lab_a)

    Publication.objects.for_lab(lab_a).update(title="Renamed paper")
    process = subprocess.Popen([sys.executable, "manage.py", "publish", "lab-a"], cwd=BASE_DIR,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    written = 0
    while time.monotonic() < deadline and process.poll() is None:
        partial = [b for b in builds(root, lab_a) if b != first_build]
        written = sum(1 for p in partial[0].rglob("*") if p.is_file()) if partial else 0
        if written >= 40:
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the publish finished before it was killed"
    assert written >= 40

    assert snapshot(root) == before  # every page the old one, none half-written or renamed
    assert len(builds(root, lab_a)) == 2  # the killed build is left, unreferenced

    out = manage(env, "publish", "lab-a").stdout
    assert "lab-a: " in out
    after = snapshot(root)
    assert set(after) == set(before)
    assert b"Renamed paper" in after["publications/index.html"]
    assert b"Original paper" not in b"".join(after.values())
    assert len(builds(root, lab_a)) == 1 and first_build not in builds(root, lab_a)
