"""Real servers for the load and fault tests: a throw-away PostgreSQL, gunicorn, a load client.

Everything listens on loopback or a Unix socket in a temporary folder and is stopped at the
end. The PostgreSQL server is started the way tests/with-postgres.sh does it (initdb +
pg_ctl, as the ``postgres`` user when run as root).
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
BIN_DIR = Path(sys.executable).parent


def find_pg_bindir() -> str | None:
    candidates = [
        os.environ.get("LABSITE_PG_BINDIR", ""),
        os.environ.get("PG_BINDIR", ""),
        "/usr/lib/postgresql/15/bin",
    ]
    if shutil.which("pg_config"):
        result = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=False
        )
        candidates.append(result.stdout.strip())
    for candidate in candidates:
        if candidate and all(
            os.access(Path(candidate, tool), os.X_OK)
            for tool in ("initdb", "pg_ctl", "createdb", "psql")
        ):
            return candidate
    return None


def wait_for_port(port: int, process: subprocess.Popen, *, on_timeout, seconds=10) -> None:
    """Until ``port`` on loopback accepts connections; a server that exits or takes longer
    than ``seconds`` fails (after ``on_timeout()``)."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            stderr = process.stderr.read().decode() if process.stderr else ""
            raise AssertionError(f"{process.args[0]} exited: {stderr}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                on_timeout()
                raise
            time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """initdb + pg_ctl in a temp folder, listening only on a Unix socket there."""

    def __init__(self, bindir: str):
        self.bindir = bindir
        self.workdir = Path(tempfile.mkdtemp(prefix="labsite-pg-load."))
        self.datadir = self.workdir / "data"
        self.port = free_port()
        self.as_pg: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run the server as postgres
            shutil.chown(self.workdir, "postgres")
            self.as_pg = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args, timeout=60):
        return subprocess.run(
            [*self.as_pg, *args], capture_output=True, text=True, timeout=timeout, check=True
        )

    def init(self):
        self._run(
            f"{self.bindir}/initdb",
            "-D",
            str(self.datadir),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.start()
        self._run(
            f"{self.bindir}/createdb",
            "-h",
            str(self.workdir),
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "labsite",
        )

    def start(self):
        options = (
            f"-c listen_addresses='' -k {self.workdir} -p {self.port} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        self._run(
            f"{self.bindir}/pg_ctl",
            "-D",
            str(self.datadir),
            "-l",
            str(self.workdir / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )

    def stop(self, mode="fast"):
        self._run(f"{self.bindir}/pg_ctl", "-D", str(self.datadir), "-m", mode, "-w", "stop")

    def destroy(self):
        subprocess.run(
            [
                *self.as_pg,
                f"{self.bindir}/pg_ctl",
                "-D",
                str(self.datadir),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.workdir, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@/labsite?host={self.workdir}&port={self.port}"

    def query(self, sql: str) -> str:
        result = subprocess.run(
            [
                f"{self.bindir}/psql",
                "-h",
                str(self.workdir),
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                "labsite",
                "-At",
                "-c",
                sql,
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        return result.stdout.strip()


def app_env(var_dir: Path, database_url: str, **extra) -> dict:
    """The production environment (DEBUG off, manifest static files, persistent connections)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST", "DEBUG", "HTTPS", "DATABASE_URL"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="a.load.test,b.load.test,127.0.0.1",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="60",
        LABSITE_VAR_DIR=str(var_dir),
        STATIC_ROOT=str(var_dir / "static"),
        MEDIA_ROOT=str(var_dir / "media"),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(env, *args, timeout=180, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        )
    return result


SEED = """
import datetime
from tests.factories import make_award, make_lab, make_news, make_person, make_publication
for key, name, host in [("Alpha", "Alpha Systems Lab", "a.load.test"),
                        ("Beta", "Beta Vision Group", "b.load.test")]:
    lab = make_lab(slug=key.lower(), name=name, hosts=[host], tagline=f"{key}tagline")
    people = [make_person(lab=lab, full_name=f"{key}person {n}", slug=f"p{n}",
                          bio=f"{key}bio {n}") for n in range(12)]
    for n in range(40):
        paper = make_publication(lab=lab, title=f"{key}paper {n}", slug=f"paper-{n}",
                                 year=2010 + n % 15, venue_short=f"{key}conf",
                                 authors=[(people[n % 12].full_name, people[n % 12]),
                                          f"{key}coauthor {n}"])
        if n % 8 == 0:
            make_award(lab=lab, title=f"{key}award {n}", kind="paper", publication=paper)
    for n in range(15):
        make_news(lab=lab, title=f"{key}news {n}", body=f"{key}newsbody {n}", slug=f"news-{n}",
                  date=datetime.date(2024, 1 + n % 12, 1 + n))
print("seeded")
"""

LABS = {
    "a.load.test": (
        "Alpha Systems Lab",
        ("Beta Vision Group", "Betaperson", "Betapaper", "Betanews"),
    ),
    "b.load.test": (
        "Beta Vision Group",
        ("Alpha Systems Lab", "Alphaperson", "Alphapaper", "Alphanews"),
    ),
}


def body_belongs(host: str, body: str) -> bool:
    own, others = LABS[host]
    return own in body and not any(mark in body for mark in others)


class Gunicorn:
    """``access_log``: one line per request, ``<pid> <path?query> <status>`` (which worker)."""

    def __init__(self, env, var_dir: Path, workers=2, access_log=False):
        self.port = free_port()
        self.log = var_dir / "gunicorn.log"
        self.access_log = var_dir / "access.log"
        args = [
            str(BIN_DIR / "gunicorn"),
            "config.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            "--error-logfile",
            str(self.log),
        ]
        if _gunicorn_has_control_socket():
            args.append("--no-control-socket")
        if access_log:
            args += ["--access-logfile", str(self.access_log),
                     "--access-logformat", "%(p)s %(U)s%(q)s %(s)s"]
        self.process = subprocess.Popen(
            args,
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_ready(self, timeout=40):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log_tail()}")
            try:
                status, _ = get(self.port, "a.load.test", "/healthz", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer in {timeout}s:\n{self.log_tail()}")

    def log_tail(self, lines=40) -> str:
        try:
            return "\n".join(self.log.read_text().splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def require_pg_bindir() -> str:
    """The PostgreSQL binaries, or the test skips (fails under CI) saying what is missing."""
    import pytest

    bindir = find_pg_bindir()
    if bindir is None:
        reason = (
            "PostgreSQL server binaries (initdb, pg_ctl, psql) not found: test skipped "
            "(apt-get install postgresql-15, or set PG_BINDIR)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason + " — required under CI", pytrace=False)
        print(reason)
        pytest.skip(reason)
    return bindir


class RedisServer:
    """A throw-away redis-server on loopback, nothing saved; skips (fails under CI) without one."""

    def __init__(self, workdir: Path):
        import pytest

        binary = shutil.which("redis-server")
        if binary is None:
            reason = "redis-server not found: Redis tests skipped (apt-get install redis-server)"
            if os.environ.get("CI"):
                pytest.fail(reason + " — required under CI", pytrace=False)
            print(reason)
            pytest.skip(reason)
        self.port = free_port()
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process, on_timeout=self.stop)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def _gunicorn_has_control_socket() -> bool:
    import gunicorn

    return tuple(int(p) for p in gunicorn.__version__.split(".")[:2]) >= (25, 0)


def get(port: int, host: str, path: str, timeout=10) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@dataclass
class Result:
    started: float
    finished: float
    host: str
    path: str
    status: int  # 0: the connection failed
    body_ok: bool
    error: str = ""
    body_head: str = ""


def hammer(
    port: int,
    targets: list[tuple[str, str]],
    *,
    connections: int,
    seconds: float,
    check_body=True,
    stop_event: threading.Event | None = None,
) -> list[Result]:
    """Python load client (used where wrk cannot be: timelines, or no wrk installed)."""
    results: list[Result] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    stop_event = stop_event or threading.Event()

    def worker(offset):
        index = offset
        local = []
        while time.monotonic() < deadline and not stop_event.is_set():
            host, path = targets[index % len(targets)]
            index += 1
            path = path.replace("{n}", str(index * 1000 + offset))
            started = time.monotonic()
            try:
                status, body = get(port, host, path, timeout=15)
                error = ""
            except OSError as exc:
                status, body, error = 0, "", f"{exc.__class__.__name__}: {exc}"
            ok = True
            if check_body and status == 200 and not path.startswith("/healthz"):
                ok = body_belongs(host, body)
            local.append(
                Result(
                    started,
                    time.monotonic(),
                    host,
                    path,
                    status,
                    ok,
                    error,
                    body[:300] if status not in (200,) else "",
                )
            )
        with lock:
            results.extend(local)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


WRK_SCRIPT = """
local paths = %(paths)s
local hosts = %(hosts)s
local others = %(others)s
local owns = %(owns)s
local i = 0
local host
ok200, other_status, mismatches, responses = 0, 0, 0, 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

-- Each thread (one connection) asks for one lab's pages: its host tells which lab every
-- response must belong to, whatever the order in which wrk reports them.
function init(args)
  host = hosts[(id %% #hosts) + 1]
  i = id %% #paths
end

function request()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Host"] = host})
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then
    other_status = other_status + 1
    return
  end
  ok200 = ok200 + 1
  if not string.find(body, owns[host], 1, true) then
    mismatches = mismatches + 1
    return
  end
  for _, mark in ipairs(others[host]) do
    if string.find(body, mark, 1, true) then
      mismatches = mismatches + 1
      return
    end
  end
end

function done(summary, latency, requests)
  local t = {ok200 = 0, other_status = 0, mismatches = 0, responses = 0}
  for _, thread in ipairs(threads) do
    t.ok200 = t.ok200 + thread:get("ok200")
    t.other_status = t.other_status + thread:get("other_status")
    t.mismatches = t.mismatches + thread:get("mismatches")
    t.responses = t.responses + thread:get("responses")
  end
  local e = summary.errors
  io.write(string.format(
    'WRKRESULT {"requests": %%d, "responses": %%d, "ok200": %%d, "other_status": %%d, ' ..
    '"mismatches": %%d, "connect": %%d, "read": %%d, "write": %%d, "status": %%d, ' ..
    '"timeout": %%d, "seconds": %%.3f, "p50_ms": %%.2f, "p99_ms": %%.2f, "max_ms": %%.2f}\\n',
    summary.requests, t.responses, t.ok200, t.other_status, t.mismatches, e.connect, e.read,
    e.write, e.status, e.timeout, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def _lua(value) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return "{" + ", ".join(_lua(item) for item in value) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def run_wrk(port: int, paths: list[str], *, connections: int, seconds: int, workdir: Path) -> dict:
    """wrk over ``paths`` of both labs (half the connections each); returns its figures."""
    script = workdir / "load.lua"
    script.write_text(
        WRK_SCRIPT
        % {
            "paths": _lua(paths),
            "hosts": _lua(list(LABS)),
            "owns": _lua({host: own for host, (own, _) in LABS.items()}),
            "others": _lua({host: list(others) for host, (_, others) in LABS.items()}),
        }
    )
    # One thread per connection: each connection sticks to one lab (see init() above).
    result = subprocess.run(
        [
            "wrk",
            "-t",
            str(connections),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.startswith("WRKRESULT "):
            figures = json.loads(line[len("WRKRESULT ") :])
            figures["output"] = result.stdout
            return figures
    raise AssertionError(f"wrk failed:\n{result.stdout}\n{result.stderr}")
