"""Load and faults against the real thing: gunicorn (2 workers, production settings) on a
throw-away PostgreSQL, two labs, loopback only.

* load: a bounded wrk run (32 connections) over the main pages of both labs: no errors,
  and every body belongs to the lab of its Host header;
* PostgreSQL stopped and started during load: only 503s while it is down, no failed request
  once it is back;
* an import, and a loadlab, killed halfway (SIGKILL inside their transaction): no rows left.
"""

import os
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

from tests.production.live import (
    BASE_DIR,
    LABS,
    SEED,
    Gunicorn,
    PostgresServer,
    app_env,
    body_belongs,
    get,
    hammer,
    manage,
    require_pg_bindir,
    run_wrk,
)

pytestmark = pytest.mark.postgres

CANDIDATE_PAGES = [
    "/",
    "/people/",
    "/publications/",
    "/news/",
    "/awards/",
    "/people/p1/",
    "/publications/paper-3/",
    "/news/news-2/",
    "/publications/?year=2015",
]


class Live:
    def __init__(self, pg, server, env, var_dir, pages):
        self.pg, self.server, self.env, self.var_dir, self.pages = pg, server, env, var_dir, pages

    @property
    def port(self):
        return self.server.port

    def targets(self):
        return [(host, path) for path in self.pages for host in LABS]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    pg = PostgresServer(require_pg_bindir())
    server = None
    try:
        pg.init()
        var_dir = tmp_path_factory.mktemp("live")
        env = app_env(var_dir, pg.url)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "shell", "-c", SEED)
        server = Gunicorn(env, var_dir, workers=2)
        server.wait_ready()
        pages = []
        for path in CANDIDATE_PAGES:
            answers = [get(server.port, host, path) for host in LABS]
            if all(
                status == 200 and body_belongs(host, body)
                for host, (status, body) in zip(LABS, answers, strict=True)
            ):
                pages.append(path)
        print(f"\nlive site: gunicorn :{server.port} on PostgreSQL {pg.workdir}; pages {pages}")
        assert "/" in pages, "the home page must answer 200 on both labs"
        yield Live(pg, server, env, var_dir, pages)
    finally:
        if server is not None:
            server.stop()
        pg.destroy()


def test_load_two_labs_no_errors_and_no_cross_lab_content(live):
    assert len(live.pages) >= 2
    if shutil.which("wrk") is None:
        print("wrk not installed (apt-get install wrk; .ci/run does): using the Python client")
        results = hammer(live.port, live.targets(), connections=32, seconds=8)
        statuses = Counter(r.status for r in results)
        assert len(results) >= 1000, statuses
        assert statuses == {200: len(results)}, statuses
        assert all(r.body_ok for r in results)
        return
    figures = run_wrk(live.port, live.pages, connections=32, seconds=8, workdir=live.var_dir)
    print(
        f"\nLOAD FIGURES (2 gunicorn workers, PostgreSQL, 32 connections, {len(live.pages)} "
        f"pages x 2 labs): {figures['requests']} requests in {figures['seconds']:.1f}s = "
        f"{figures['requests'] / figures['seconds']:.0f} req/s; latency p50 "
        f"{figures['p50_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms, max "
        f"{figures['max_ms']:.1f} ms"
    )
    print(figures["output"])
    assert figures["requests"] >= 2000, figures
    errors = {k: figures[k] for k in ("connect", "read", "write", "status", "timeout")}
    assert errors == dict.fromkeys(errors, 0), errors
    assert figures["other_status"] == 0, figures
    assert figures["responses"] == figures["ok200"] >= 2000
    assert figures["mismatches"] == 0, "a response carried another lab's content"


def test_static_files_have_hashed_names_and_far_future_caching(live):
    status, body = get(live.port, "a.load.test", "/")
    assert status == 200
    stylesheet = re.search(r'href="(/static/labsite/site\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the page should link the hashed stylesheet"
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", live.port, timeout=10)
    connection.request(
        "GET", stylesheet.group(1), headers={"Host": "a.load.test", "Accept-Encoding": "gzip"}
    )
    response = connection.getresponse()
    response.read()
    assert response.status == 200
    cache_control = response.getheader("Cache-Control")
    assert "immutable" in cache_control and "max-age=315360000" in cache_control
    assert response.getheader("Content-Encoding") == "gzip"
    connection.close()


def test_postgres_restart_during_load(live):
    # Cached pages, pages that must reach the database (a fresh search each time: a parameter
    # the page reads, so never a cached one), and the health check, on both labs.
    fresh = "/publications/?q=fresh{n}"
    targets = live.targets() + [(host, path) for host in LABS for path in ("/healthz", fresh)] * 3
    stop = threading.Event()
    results = []
    client = threading.Thread(
        target=lambda: results.extend(
            hammer(live.port, targets, connections=16, seconds=40, stop_event=stop)
        )
    )
    client.start()
    try:
        time.sleep(2)
        down_from = time.monotonic()
        live.pg.stop("fast")
        down = time.monotonic()
        time.sleep(3)
        restart = time.monotonic()
        live.pg.start()
        back = time.monotonic()
        time.sleep(4)
    finally:
        stop.set()
        client.join(timeout=60)

    statuses = Counter(r.status for r in results)
    print(
        f"\nPostgreSQL stopped for {back - down_from:.1f}s during load: {len(results)} "
        f"requests, statuses {dict(statuses)}"
    )
    assert set(statuses) <= {200, 503}, [
        (r.status, r.path, r.error or r.body_head) for r in results if r.status not in (200, 503)
    ][:5]
    needs_db = [r for r in results if "q=fresh" in r.path or r.path == "/healthz"]
    while_down = [r for r in needs_db if r.started > down and r.finished < restart]
    assert len(while_down) >= 5, "the load should have hit the database while it was down"
    assert {r.status for r in while_down} == {503}
    for r in while_down:
        if r.path == "/healthz":
            assert '"database": "unreachable"' in r.body_head
        else:
            assert "Back in a moment" in r.body_head
    after = [r for r in results if r.started > back]
    assert len(after) >= 50
    failed_after = [(r.path, r.status) for r in after if r.status != 200]
    assert not failed_after, f"requests failed after PostgreSQL was back: {failed_after[:5]}"
    assert all(r.body_ok for r in results if r.status == 200)
    # Before the stop, everything worked too.
    assert all(r.status == 200 for r in results if r.finished < down_from)


def run_until_halfway(env, code: str, timeout=90) -> subprocess.Popen:
    """Starts a Django process that prints HALFWAY inside its transaction, then sleeps."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 1)
        if ready:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                break
            seen.append(line)
            if line.startswith("HALFWAY"):
                return process
    process.kill()
    raise AssertionError("the process never got halfway:\n" + "".join(seen[-30:]))


def kill_hard(process):
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def open_transactions(pg) -> int:
    return int(
        pg.query(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = 'labsite' "
            "AND xact_start IS NOT NULL AND pid <> pg_backend_pid()"
        )
    )


BIBTEX = "\n".join(
    f"@inproceedings{{killed{n},\n  title = {{Killedimport paper number {n}}},\n"
    f"  author = {{Alphaperson 1 and Ann Other{n}}},\n  booktitle = {{Conf}},\n"
    f"  year = {{2020}}\n}}\n"
    for n in range(120)
)

IMPORT = """
import time, pathlib
from labsite.models import Lab
from publications.imports import apply_import
lab = Lab.objects.get(slug="alpha")
def progress(step, done=0, total=0, *rest):
    if step == "Writing" and done and %(pause)s:
        print("HALFWAY", done, total, flush=True)
        time.sleep(120)
report = apply_import(lab=lab, files=[("killed.bib", pathlib.Path(%(path)r).read_bytes())],
                      format="bibtex", progress=progress)
print("DONE", len(report.created))
"""


def test_import_killed_halfway_leaves_no_rows(live):
    path = live.var_dir / "killed.bib"
    path.write_text(BIBTEX)
    count = (
        "SELECT count(*) FROM publications_publication p JOIN labsite_lab l ON l.id = "
        "p.lab_id WHERE l.slug = 'alpha' AND p.title LIKE 'Killedimport%'"
    )
    authors = "SELECT count(*) FROM publications_authorship WHERE name LIKE 'Ann Other%'"
    assert live.pg.query(count) == "0"

    process = run_until_halfway(live.env, IMPORT % {"path": str(path), "pause": True})
    assert open_transactions(live.pg) >= 1  # it is inside its transaction, rows written
    kill_hard(process)
    assert live.pg.query(count) == "0"
    assert live.pg.query(authors) == "0"

    # The same import, not killed, writes every row: the kill test was not vacuous.
    result = manage(live.env, "shell", "-c", IMPORT % {"path": str(path), "pause": False})
    assert "DONE 120" in result.stdout, result.stdout + result.stderr
    assert live.pg.query(count) == "120"
    assert int(live.pg.query(authors)) == 120


LOADLAB = """
import time
import archive.load
def paused(self):
    print("HALFWAY", flush=True)
    time.sleep(120)
archive.load._Loader.load_domains = paused
archive.load.load_lab(%(path)r, slug="alpha-copy")
"""


def test_loadlab_killed_halfway_leaves_no_rows_then_loads_on_postgres(live):
    archive = live.var_dir / "alpha.zip"
    manage(live.env, "dumplab", "alpha", "-o", str(archive))
    totals = (
        "SELECT (SELECT count(*) FROM people_person) || ',' || "
        "(SELECT count(*) FROM publications_publication) || ',' || "
        "(SELECT count(*) FROM publications_authorship) || ',' || "
        "(SELECT count(*) FROM labsite_lab)"
    )
    before = live.pg.query(totals)

    t0 = time.monotonic()
    process = run_until_halfway(live.env, LOADLAB % {"path": str(archive)})
    print("halfway", time.monotonic() - t0)
    assert open_transactions(live.pg) >= 1
    kill_hard(process)
    print("killed", time.monotonic() - t0)
    assert live.pg.query("SELECT count(*) FROM labsite_lab WHERE slug = 'alpha-copy'") == "0"
    assert live.pg.query(totals) == before

    print("checked", time.monotonic() - t0)
    result = manage(live.env, "loadlab", str(archive), "--slug", "alpha-copy")
    print("loaded", time.monotonic() - t0)
    assert 'Loaded lab "alpha-copy"' in result.stdout
    people = (
        "SELECT count(*) FROM people_person p JOIN labsite_lab l ON l.id = p.lab_id "
        "WHERE l.slug = '%s'"
    )
    assert live.pg.query(people % "alpha-copy") == live.pg.query(people % "alpha") == "12"
    # Round trip on PostgreSQL: the copy dumps to the same rows (only the slug differs).
    copy_archive = live.var_dir / "copy.zip"
    manage(live.env, "dumplab", "alpha-copy", "-o", str(copy_archive))
    import json
    import zipfile

    original = json.loads(zipfile.ZipFile(archive).read("lab.json"))
    copy = json.loads(zipfile.ZipFile(copy_archive).read("lab.json"))
    assert copy["lab"].pop("slug") == "alpha-copy" and original["lab"].pop("slug") == "alpha"
    assert copy["domains"] == [] and original["domains"]  # hosts stay with the original
    original["domains"] = copy["domains"] = []
    assert copy == original
