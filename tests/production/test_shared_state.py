"""Edits through admin show on every worker at once: the documented one-machine deployment
(gunicorn, 2 workers, no Redis) on an SQLite file and on PostgreSQL, and two gunicorn
servers sharing PostgreSQL and Redis.

Every check is 20 requests, each on a fresh connection, two at a time so that both workers
answer (the access log says which process answered each); all 20 must show the change.
"""

import http.client
import json
import re
import threading
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest

from tests.production.live import (
    SEED,
    Gunicorn,
    PostgresServer,
    RedisServer,
    app_env,
    get,
    manage,
    require_pg_bindir,
)

PASSWORD = "a-long-admin-password-1"  # noqa: S105 (a throw-away test database)
SETUP = SEED + f"""
from django.contrib.auth import get_user_model
from labsite.models import Domain, Lab
from news.models import NewsItem
from publications.models import Publication
alpha = Lab.objects.get(slug="alpha")
gone = Domain.objects.create(lab=alpha, host="gone.load.test")
get_user_model().objects.create_superuser("root", "root@load.test", {PASSWORD!r})
print("IDS " + json.dumps({{
    "news": NewsItem.objects.get(lab=alpha, slug="news-3").pk,
    "paper": Publication.objects.get(lab=alpha, slug="paper-5").pk,
    "domain": gone.pk,
}}))
"""
HOSTS = "a.load.test,b.load.test,gone.load.test,127.0.0.1"


def set_up(env) -> dict:
    """Migrates and seeds in one process (a process start is seconds on a busy machine)."""
    code = "import json\nfrom django.core.management import call_command\n"
    code += "call_command('migrate', interactive=False, verbosity=0)\n" + SETUP
    output = manage(env, "shell", "-c", code).stdout
    return json.loads(re.search(r"^IDS (.*)$", output, re.M).group(1))


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Collected once for every server of these tests: the files do not depend on the data."""
    root = tmp_path_factory.mktemp("static")
    var_dir = tmp_path_factory.mktemp("collect")
    manage(app_env(var_dir, f"sqlite:///{var_dir / 'unused.sqlite3'}", STATIC_ROOT=str(root)),
           "collectstatic", "--noinput")
    return str(root)


# --- Admin through http.client ------------------------------------------------------------


class FormFields(HTMLParser):
    """The fields a browser would submit from the page's form (text, selects, checkboxes)."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select = self._textarea = None
        self._options: list[tuple[str, bool]] = []
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            if chosen or self._options:
                self.fields.append((self._select, (chosen or [self._options[0][0]])[0]))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


class Admin:
    """A logged-in admin session against one server: real cookies, CSRF and form posts."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method, path, fields=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "a.load.test",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location", ""), response.read().decode()
        finally:
            connection.close()

    def form(self, path) -> list[tuple[str, str]]:
        status, _, page = self.request("GET", path)
        assert status == 200, page[:500]
        parser = FormFields()
        parser.feed(page)
        return parser.fields

    def login(self):
        fields = self.form("/admin/login/")
        fields += [("username", "root"), ("password", PASSWORD)]
        status, location, page = self.request("POST", "/admin/login/?next=/admin/", fields)
        assert status == 302 and "sessionid" in self.cookies, page[:500]

    def change(self, path, **changes):
        fields = [(name, value) for name, value in self.form(path) if name not in changes]
        fields += [*changes.items(), ("_save", "Save")]
        status, _, page = self.request("POST", path, fields)
        assert status == 302, re.findall(r'class="errorlist[^"]*">(.*?)</ul>', page, re.S)

    def add(self, path, **values):
        fields = [(name, value) for name, value in self.form(path) if name not in values]
        fields += [*values.items(), ("_save", "Save")]
        status, _, page = self.request("POST", path, fields)
        assert status == 302, re.findall(r'class="errorlist[^"]*">(.*?)</ul>', page, re.S)

    def delete(self, path):
        csrf = [field for field in self.form(path) if field[0] == "csrfmiddlewaretoken"]
        status, _, page = self.request("POST", path, [*csrf, ("post", "yes")])
        assert status == 302, page[:500]


# --- Twenty fresh requests, two at a time -------------------------------------------------


def twenty(server: Gunicorn, host: str, path: str) -> tuple[list[tuple[int, str]], set[str]]:
    """(status, body) of 20 requests, and the worker pids that answered them."""
    tag = threading.get_ident() ^ id(path)
    answers: dict[int, tuple[int, str]] = {}

    def one(n):
        separator = "&" if "?" in path else "?"
        answers[n] = get(server.port, host, f"{path}{separator}probe={tag}-{n}")

    for pair in range(10):
        threads = [threading.Thread(target=one, args=(2 * pair + k,)) for k in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    log = server.access_log.read_text()
    pids = set(re.findall(rf"^<?(\d+)>? \S*probe={tag}-\d+", log, re.M))
    return [answers[n] for n in range(20)], pids


def prime(server, host, path, must_show):
    answers, pids = twenty(server, host, path)
    assert all(status == 200 and must_show in body for status, body in answers)
    return pids


def assert_twenty(server, host, path, check):
    answers, pids = twenty(server, host, path)
    good = sum(check(status, body) for status, body in answers)
    assert good == 20, f"{path} on {host}: {good} of 20 show the change"
    return pids


def edit_and_check(admin: Admin, ids: dict, seen: Gunicorn):
    """The issue's three cases: unpublish a news item, retitle a paper, delete a domain;
    and a redirect added for an old path, which every worker follows at once."""
    workers = set()
    workers |= assert_twenty(seen, "a.load.test", "/about.html",
                             lambda status, body: status == 404)
    workers |= prime(seen, "a.load.test", "/news/", "Alphanews 3<")
    workers |= prime(seen, "a.load.test", "/news/news-3/", "Alphanews 3")
    workers |= prime(seen, "a.load.test", "/publications/paper-5/", "Alphapaper 5")
    workers |= prime(seen, "gone.load.test", "/", "Alpha Systems Lab")

    admin.change(f"/admin/news/newsitem/{ids['news']}/change/", status="draft")
    workers |= assert_twenty(seen, "a.load.test", "/news/",
                             lambda status, body: status == 200 and "Alphanews 3<" not in body)
    workers |= assert_twenty(seen, "a.load.test", "/news/news-3/",
                             lambda status, body: status == 404)

    admin.change(f"/admin/publications/publication/{ids['paper']}/change/",
                 title="Retitled through admin")
    workers |= assert_twenty(seen, "a.load.test", "/publications/paper-5/",
                             lambda status, body: "Retitled through admin" in body)

    admin.add("/admin/labsite/redirect/add/", old_path="/about.html", target="/news/")
    workers |= assert_twenty(seen, "a.load.test", "/about.html",
                             lambda status, body: status == 301)

    admin.delete(f"/admin/labsite/domain/{ids['domain']}/delete/")
    workers |= assert_twenty(seen, "gone.load.test", "/",
                             lambda status, body: status == 404 and "Alpha" not in body)
    return workers


# --- The deployments ----------------------------------------------------------------------


@pytest.fixture
def postgres():
    pg = PostgresServer(require_pg_bindir())
    try:
        pg.init()
        yield pg
    finally:
        pg.destroy()


def one_machine(tmp_path, database_url, static_root):
    env = app_env(tmp_path, database_url, ALLOWED_HOSTS=HOSTS, STATIC_ROOT=static_root)
    assert "REDIS_URL" not in env
    ids = set_up(env)
    server = Gunicorn(env, tmp_path, workers=2, access_log=True)
    try:
        server.wait_ready()
        admin = Admin(server.port)
        admin.login()
        workers = edit_and_check(admin, ids, server)
        assert len(workers) == 2, f"only {workers} answered: the test saw one worker"
    finally:
        server.stop()


def test_two_workers_on_sqlite_see_every_edit_at_once(tmp_path, static_root):
    one_machine(tmp_path, f"sqlite:///{tmp_path / 'labsite.sqlite3'}", static_root)


@pytest.mark.postgres
def test_two_workers_on_postgres_see_every_edit_at_once(tmp_path, postgres, static_root):
    one_machine(tmp_path, postgres.url, static_root)


@pytest.mark.postgres
def test_two_servers_sharing_postgres_and_redis_see_each_other_s_edits(
    tmp_path, postgres, static_root
):
    redis = RedisServer(tmp_path)
    servers = []
    try:
        shared = {"ALLOWED_HOSTS": HOSTS, "REDIS_URL": redis.url, "STATIC_ROOT": static_root}
        for n in (1, 2):
            (tmp_path / f"server-{n}").mkdir()
        envs = [app_env(tmp_path / f"server-{n}", postgres.url, **shared) for n in (1, 2)]
        ids = set_up(envs[0])
        servers = [Gunicorn(env, tmp_path / f"server-{n}", workers=2, access_log=True)
                   for n, env in zip((1, 2), envs, strict=True)]
        for server in servers:
            server.wait_ready()
        admin = Admin(servers[0].port)
        admin.login()
        edit_and_check(admin, ids, servers[1])
    finally:
        for server in servers:
            server.stop()
        redis.stop()
