"""Publishing on write: each committed change of a lab queues one publish, a burst of them
queues one, and the task engine's worker process runs it."""

import subprocess
import sys

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from news.models import NewsItem
from publishing import incremental, tasks
from publishing.models import PublishState
from tests.factories import make_news, make_publication
from tests.metadata.test_worker import database_url
from tests.production.live import BASE_DIR, app_env

pytestmark = pytest.mark.django_db

TASK_PATH = "publishing.tasks.publish_lab_on_write"


def queued(lab) -> int:
    return DBTaskResult.objects.filter(
        task_path=TASK_PATH, status="READY", args_kwargs__args=[lab.pk]).count()


@pytest.fixture
def count_publishes(monkeypatch):
    calls = []
    real = incremental.publish_changes

    def counted(*, lab, **kwargs):
        calls.append(lab.pk)
        return real(lab=lab, **kwargs)

    monkeypatch.setattr(tasks, "publish_changes", counted)
    return calls


def test_a_burst_of_500_writes_is_one_publish(publish_root, lab_a, lab_b, count_publishes,
                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(250):  # each its own commit, as 250 admin saves
            make_news(lab=lab_a, title=f"Burst item {n}", slug=f"burst-{n}")
        with transaction.atomic():  # and an import's 250 rows in one transaction
            for n in range(250):
                make_publication(lab=lab_a, title=f"Imported paper {n}", slug=f"imp-{n}")
    assert queued(lab_a) == 1 and queued(lab_b) == 0
    assert PublishState.objects.get(lab=lab_a).pending

    for row in DBTaskResult.objects.filter(task_path=TASK_PATH):
        tasks.publish_lab_on_write.call(*row.args_kwargs["args"])
    assert count_publishes == [lab_a.pk]  # one publish for 500 writes, the rest skipped
    state = PublishState.objects.get(lab=lab_a)
    assert not state.pending and state.files > 500 and state.error == ""
    latest = (publish_root / "a.example.org" / "news" / "burst-249" / "index.html").read_bytes()
    assert b"Burst item 249" in latest
    assert (publish_root / "a.example.org" / "publications" / "imp-249" / "index.html").exists()

    with django_capture_on_commit_callbacks(execute=True):  # the next edit: a new publish
        NewsItem.objects.for_lab(lab_a).filter(slug="burst-0").first().delete()
    assert queued(lab_a) == 2  # the first row is still READY: .call() ran it in-process


def test_an_edit_during_a_publish_queues_the_next_one(publish_root, lab_a, count_publishes,
                                                      django_capture_on_commit_callbacks,
                                                      monkeypatch):
    with django_capture_on_commit_callbacks(execute=True):
        make_news(lab=lab_a, title="Before", slug="before")
    real = tasks.publish_changes

    def publish_while_edited(*, lab, changes):
        with django_capture_on_commit_callbacks(execute=True):
            make_news(lab=lab_a, title="During", slug="during")  # committed mid-publish
        return real(lab=lab, changes=changes)

    monkeypatch.setattr(tasks, "publish_changes", publish_while_edited)
    tasks.publish_lab_on_write.call(lab_a.pk)
    assert PublishState.objects.get(lab=lab_a).pending  # "During" is not lost
    assert queued(lab_a) == 2


def test_publishing_on_write_is_off_without_a_root(settings, lab_a,
                                                   django_capture_on_commit_callbacks):
    settings.LABSITE_PUBLISH_ROOT = ""
    with django_capture_on_commit_callbacks(execute=True):
        make_news(lab=lab_a, title="Quiet", slug="quiet")
    assert not PublishState.objects.exists()
    assert not DBTaskResult.objects.filter(task_path=TASK_PATH).exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_publishes_what_an_edit_queued(lab_a, tmp_path, settings,
                                                          static_root):
    root = tmp_path / "published"
    settings.LABSITE_PUBLISH_ROOT = str(root)
    make_news(lab=lab_a, title="Queued for the worker", slug="queued")
    assert queued(lab_a) == 1
    env = app_env(tmp_path, database_url(), LABSITE_PUBLISH_ROOT=str(root),
                  ALLOWED_HOSTS="a.example.org", STATIC_ROOT=static_root)
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--max-tasks", "1", "--no-startup-delay",
         "--interval", "0.2"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert worker.returncode == 0, worker.stderr[-3000:]
    done = DBTaskResult.objects.get(task_path=TASK_PATH)
    assert done.status == "SUCCESSFUL", done.traceback
    assert done.return_value["files"] > 5
    page = root / "a.example.org" / "news" / "queued" / "index.html"
    assert b"Queued for the worker" in page.read_bytes()
