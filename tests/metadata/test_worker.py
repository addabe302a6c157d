"""The task engine for real: enqueue ``refresh_lab`` on the database queue, run the
``db_worker`` process (as deployed: config.settings), read the result and the lab's
papers. On SQLite and, under tests/with-postgres.sh, on PostgreSQL."""

import os
import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from metadata.tasks import refresh_lab
from publications.models import Publication
from tests.factories import make_publication
from tests.metadata.replay import ReplayOpenAlex, replayed
from tests.production.live import BASE_DIR, app_env


def database_url() -> str:
    """The test database, as a URL the worker process reads like a deployment's."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    # The server tests/with-postgres.sh gave, with the test database's name.
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


@pytest.mark.django_db(transaction=True)
def test_a_refresh_enqueued_is_run_by_the_worker_process(lab_a, openalex, tmp_path):
    handler = ReplayOpenAlex({"10.7717/peerj.4375": replayed("work_W2741809807.json")})
    openalex.expect_request("/works").respond_with_handler(handler)
    openalex.expect_request(re.compile(r"^/works/.+")).respond_with_handler(handler)
    row = make_publication(lab=lab_a, doi="10.7717/peerj.4375")

    result = refresh_lab.enqueue(lab_a.id)
    assert DBTaskResult.objects.get(id=result.id).status == "READY"

    env = app_env(tmp_path, database_url(), LABSITE_OPENALEX_URL=openalex.url_for("").rstrip("/"),
                  LABSITE_METADATA_MAILTO="worker@example.org")
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--max-tasks", "1", "--no-startup-delay",
         "--interval", "0.2"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert worker.returncode == 0, worker.stderr[-3000:]

    done = DBTaskResult.objects.get(id=result.id)
    assert done.status == "SUCCESSFUL", done.exception_class_path
    assert done.return_value["changed_papers"] == 1 and done.return_value["lab"] == "lab-a"
    assert Publication.objects.for_lab(lab_a).get(pk=row.pk).citation_count == 747
    assert any("mailto:worker@example.org" in agent for agent in handler.user_agents)
