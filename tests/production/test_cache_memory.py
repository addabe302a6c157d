"""The issue's measurement, on gunicorn: a 1,500-paper lab's publication list asked for with a
random ``?utm_source=`` each time must not grow the workers (it grew each from ~90 MB to
~760 MB when every value stored a copy of the page)."""

import re
import secrets
import threading
from pathlib import Path

from tests.production.live import Gunicorn, app_env, get, manage

HOST = "big.load.test"
BUILD = f"""
from django.core.management import call_command
from demo.synthetic import build_lab
call_command("migrate", interactive=False, verbosity=0)
build_lab(slug="big", host={HOST!r}, papers=1500)
"""


def worker_rss_mb(server: Gunicorn) -> dict[int, float]:
    """Resident memory of each worker process of ``server`` (Linux /proc)."""
    master = server.process.pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = {}
    for pid in map(int, children):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes[pid] = int(line.split()[1]) / 1024
    return sizes


def test_random_unknown_parameters_do_not_grow_the_workers(tmp_path):
    env = app_env(tmp_path, f"sqlite:///{tmp_path / 'labsite.sqlite3'}",
                  ALLOWED_HOSTS=f"{HOST},a.load.test,127.0.0.1")  # a.load.test: wait_ready
    manage(env, "collectstatic", "--noinput")
    manage(env, "shell", "-c", BUILD, timeout=300)
    server = Gunicorn(env, tmp_path, workers=2, access_log=True)
    try:
        server.wait_ready()
        statuses = []

        def ask(count):
            for _ in range(count):
                status, body = get(server.port, HOST, "/publications/?utm_source=warm")
                statuses.append(status == 200 and "Synthetic Lab big" in body)

        # Until both workers have rendered the page once (the access log says who answered).
        for _ in range(50):
            pair = [threading.Thread(target=ask, args=(1,)) for _ in range(4)]
            [thread.start() for thread in pair]
            [thread.join() for thread in pair]
            if len(set(re.findall(r"^<(\d+)>", server.access_log.read_text(), re.M))) == 2:
                break
        warmed = len(statuses)
        before = worker_rss_mb(server)

        def flood(count):
            for _ in range(count):
                path = f"/publications/?utm_source={secrets.token_hex(8)}"
                status, body = get(server.port, HOST, path)
                statuses.append(status == 200 and "Synthetic Lab big" in body)

        threads = [threading.Thread(target=flood, args=(150,)) for _ in range(4)]
        [thread.start() for thread in threads]
        [thread.join() for thread in threads]
        after = worker_rss_mb(server)
    finally:
        server.stop()
    assert sum(statuses) == len(statuses) == warmed + 600
    growth = {pid: round(after[pid] - before[pid], 1) for pid in before if pid in after}
    print(f"\nworker memory (MB) before {before}, after 600 random ?utm_source=: {after}")
    assert len(growth) == 2, "a worker restarted"
    assert all(grown < 20 for grown in growth.values()), f"workers grew by {growth} MB"
