"""The published tree behind a real nginx (the config docs/static-serving.md shows), a real
gunicorn behind it for what is not published, and then the database stopped: every
published page is still a 200 from nginx, byte for byte what the app served."""

from __future__ import annotations

import http.client
import os
import re
from pathlib import Path

import pytest

from labsite.csp import HEADER as CSP_HEADER
from labsite.csp import nonce_in_policy
from publishing.paths import CONTENT_TYPES
from publishing.serverconf import static_policy
from tests.production.live import (
    SEED,
    Gunicorn,
    PostgresServer,
    app_env,
    manage,
    require_pg_bindir,
)
from tests.publishing.nginx import Nginx

HOSTS = "a.load.test,b.load.test,p0.load.test,127.0.0.1"
SETUP = SEED + """
from django.core.management import call_command
from labsite.models import Domain, Lab
from people.models import Person
alpha = Lab.objects.get(slug="alpha")
Domain.objects.create(lab=alpha, host="p0.load.test",
                      person=Person.objects.for_lab(alpha).get(slug="p0"))
call_command("publish", "--all")
"""


def fetch(port: int, host: str, path: str, headers=None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request("GET", path, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def published(root: Path) -> list[tuple[str, str, Path]]:
    """(host, URL path, file) of every published file."""
    pages = []
    for host_link in sorted(root.iterdir()):
        if host_link.name.startswith("."):
            continue
        for file in sorted(host_link.rglob("*")):
            if not file.is_file():
                continue
            relative = file.relative_to(host_link).as_posix()
            if file.name.startswith("index."):
                url = "/" + relative[: -len(file.name)]
            else:
                url = "/" + relative
            pages.append((host_link.name, url, file))
    return pages


def without_nonce(headers: dict, body: bytes) -> bytes:
    nonce = nonce_in_policy(headers.get(CSP_HEADER.lower(), ""))
    return body.replace(f' nonce="{nonce}"'.encode(), b"") if nonce else body


def site_conf(root: Path, nginx_port: int, app_port: int, env: dict) -> str:
    code = ("from publishing.serverconf import nginx_site\n"
            f"print(nginx_site(root={str(root)!r}, listen='127.0.0.1:{nginx_port}', "
            f"app='127.0.0.1:{app_port}'))")
    return manage(env, "shell", "--no-imports", "-c", code).stdout


def served_from_files(pages, nginx_port: int, app_port: int) -> dict:
    """Every published page through nginx: the file's bytes, the app's bytes without the
    nonce, the app's Content-Type, the static policy. By (host, URL)."""
    hosts = {host for host, _, _ in pages}
    assert hosts == {"a.load.test", "b.load.test", "p0.load.test"}
    assert len(pages) > 100
    served = {}
    for host, url, file in pages:
        status, headers, body = fetch(nginx_port, host, url)
        assert status == 200, (host, url, status)
        assert body == file.read_bytes(), (host, url)
        extension = file.name.rsplit(".", 1)[-1]
        if file.name != "404.html":
            app_status, app_headers, app_body = fetch(app_port, host, url)
            assert app_status == 200, (host, url)
            assert headers["content-type"] == app_headers["content-type"], (host, url)
            assert body == without_nonce(app_headers, app_body), (host, url)
        assert headers["content-type"] == CONTENT_TYPES[extension], (host, url)
        assert headers[CSP_HEADER.lower()] == static_policy(https=False)
        assert headers["x-content-type-options"] == "nosniff"
        assert headers.get("accept-ranges") == "bytes"  # nginx's file module, not the app
        served[host, url] = body
    return served


def stop_database(postgres, gunicorn, var_dir: Path, moved_to: Path) -> int:
    """PostgreSQL: the server stops, the app stays (503). SQLite: the file goes away, and
    the app with it (nginx answers 502). The status a dynamic URL now gets."""
    if postgres is not None:
        postgres.stop()
        return 503
    gunicorn.stop()
    for suffix in ("", "-wal", "-shm"):
        database_file = var_dir / f"labsite.sqlite3{suffix}"
        if database_file.exists():
            os.replace(database_file, moved_to / f"moved{suffix}")
    return 502


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_nginx_serves_the_published_tree_and_stays_up_without_the_database(
        database, tmp_path, static_root):
    var_dir = tmp_path / "var"
    root = tmp_path / "published"
    postgres = None
    if database == "postgresql":
        postgres = PostgresServer(require_pg_bindir())
        postgres.init()  # and starts it
        url = postgres.url
    else:
        url = f"sqlite:///{var_dir / 'labsite.sqlite3'}"
    env = app_env(var_dir, url, ALLOWED_HOSTS=HOSTS, STATIC_ROOT=static_root,
                  LABSITE_PUBLISH_ROOT=str(root))
    gunicorn = nginx = None
    try:
        manage(env, "migrate", "--noinput")
        assert "alpha:" in manage(env, "shell", "-c", SETUP).stdout
        gunicorn = Gunicorn(env, var_dir)
        gunicorn.wait_ready()
        nginx_port = Nginx.free_port()
        nginx = Nginx(tmp_path / "nginx", site_conf(root, nginx_port, gunicorn.port, env),
                      nginx_port)

        served = served_from_files(published(root), nginx.port, gunicorn.port)

        # What is not a published page is the app's: a query string, the admin, a 404.
        status, headers, body = fetch(nginx.port, "a.load.test", "/publications/?year=2012")
        assert status == 200 and b"Alphapaper 2" in body and b"Alphapaper 3<" not in body
        assert "accept-ranges" not in headers  # the app answered
        status, _, body = fetch(nginx.port, "a.load.test", "/admin/login/")
        assert status == 200 and b'name="password"' in body
        status, _, body = fetch(nginx.port, "a.load.test", "/no-such-page/")
        assert status == 404
        for cookie in ("sessionid=abc", "theme=dark"):  # an editor; a chosen theme
            status, headers, body = fetch(nginx.port, "a.load.test", "/publications/",
                                          headers={"Cookie": cookie})
            assert status == 200 and b"Alphapaper 3" in body
            assert "accept-ranges" not in headers, cookie

        # The database stops.
        dynamic_status = stop_database(postgres, gunicorn, var_dir, tmp_path)
        status, _, _ = fetch(nginx.port, "a.load.test", "/publications/?year=2013")
        assert status == dynamic_status
        for (host, url), body in served.items():
            status, headers, again = fetch(nginx.port, host, url)
            assert status == 200, (host, url, status)
            assert again == body, (host, url)
        assert not re.search(r"\[(error|crit|alert|emerg)\].*open\(\)",
                             (tmp_path / "nginx" / "error.log").read_text())
    finally:
        if nginx:
            nginx.stop()
        if gunicorn:
            gunicorn.stop()
        if postgres:
            postgres.destroy()
