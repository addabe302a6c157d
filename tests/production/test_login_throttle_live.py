"""Login throttling against the real thing: gunicorn with two workers, on an SQLite file
and on a throw-away PostgreSQL 15.

Each worker used to count failures in its own memory, so the limit allowed a guess per
worker too many; now the count lives in the database and is taken before the password
is checked. Clients are told apart by the X-Forwarded-For our "proxy" (the test) appends.
"""

import http.client
import os
import re
import threading
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests.production.live import Gunicorn, PostgresServer, app_env, find_pg_bindir, manage

PASSWORD = "a long and good password 42"
HOST = "a.load.test"
CREATE_ALICE = f"""
from django.contrib.auth import get_user_model
get_user_model().objects.create_user("alice", password={PASSWORD!r}, is_staff=True)
"""


def start_database(kind, var_dir):
    """A database URL, and how to stop the server behind it (SQLite: nothing to stop)."""
    if kind == "sqlite":
        return f"sqlite:///{var_dir / 'labsite.sqlite3'}", lambda: None
    bindir = find_pg_bindir()
    if bindir is None:
        reason = "PostgreSQL server binaries not found (apt-get install postgresql-15)"
        if os.environ.get("CI"):
            pytest.fail(reason + " — required under CI", pytrace=False)
        pytest.skip(reason)
    pg = PostgresServer(bindir)
    try:
        pg.init()
    except BaseException:
        pg.destroy()
        raise
    return pg.url, pg.destroy


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory):
    var_dir = tmp_path_factory.mktemp(f"throttle-live-{request.param}")
    url, stop_database = start_database(request.param, var_dir)
    gunicorn = None
    try:
        env = app_env(var_dir, url, LABSITE_TRUSTED_PROXY_COUNT="1", STATIC_MANIFEST="0")
        manage(env, "migrate", "--noinput")
        manage(env, "shell", "-c", CREATE_ALICE)
        gunicorn = Gunicorn(env, var_dir, workers=2)
        gunicorn.wait_ready()
        yield gunicorn
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        stop_database()


def request(port, method, path, *, client, cookies="", body=None):
    """One request on its own connection, from ``client`` as our proxy reports it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": HOST, "X-Forwarded-For": client, "Cookie": cookies}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def attempt(port, username, password, *, client) -> str:
    """One browser's login: open the page, post the form. "in", "wrong" or "paused"."""
    _, headers, page = request(port, "GET", "/admin/login/", client=client)
    cookies = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token}
    status, headers, body = request(
        port,
        "POST",
        "/admin/login/?next=/admin/",
        client=client,
        cookies=f"csrftoken={cookies['csrftoken'].value}",
        body=urlencode(form),
    )
    if status == 302 and headers.get("Location") == "/admin/":
        return "in"
    if "Too many failed login attempts" in body:
        return "paused"
    assert "Please enter the correct username and password" in body, (status, body[:500])
    return "wrong"


def test_two_workers_let_exactly_five_guesses_through_then_the_real_user_in(server):
    outcomes = []
    lock = threading.Lock()

    def guess():
        outcome = attempt(server.port, "ALICE", "wrong", client="203.0.113.9")
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=guess) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["paused"] * 5 + ["wrong"] * 5
    assert attempt(server.port, "alice", PASSWORD, client="203.0.113.9") == "paused"
    assert attempt(server.port, "alice", PASSWORD, client="198.51.100.20") == "in"
