"""The servers and the load client of ``manage.py bench_http`` (``make bench-http``).

Each server is a real process on loopback, with every file it writes in the benchmark's
temporary folder, stopped by the benchmark: Debian's nginx (non-root: one process, no user
switch, temp paths and pid in the folder) and gunicorn running ``config.wsgi``. ``wrk``
is the load client; its text report is parsed here.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import gunicorn
from django.conf import settings

NGINX_FALLBACK = "/usr/sbin/nginx"
START_SECONDS = 30  # a server that is not answering by then has failed
WRK_TIMEOUT = "5s"  # per request: a slower answer counts as an error in wrk's report


class BenchServerError(Exception):
    """A server or wrk could not be started or did not answer; the message says which."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port: int, host: str, path: str, *, timeout: float = 10) -> tuple[int, dict, bytes]:
    """(status, lower-cased headers, body) of one ``GET`` with ``Host: host``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def binary(name: str, fallback: str = "") -> str:
    found = shutil.which(name) or (fallback if fallback and os.access(fallback, os.X_OK) else "")
    if not found:
        raise BenchServerError(f"{name} is not installed (apt-get install {name}).")
    return found


class Server:
    """A started process that answers ``GET host path`` on ``port``."""

    name = ""
    process: subprocess.Popen
    port: int
    log: Path

    def wait_ready(self, host: str, path: str) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchServerError(f"{self.name} exited: {self.log_tail()}")
            try:
                fetch(self.port, host, path, timeout=2)
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise BenchServerError(f"{self.name} did not answer in {START_SECONDS} s: "
                               f"{self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text().splitlines()[-lines:]) or "(empty log)"
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


class Nginx(Server):
    """nginx with ``site_conf`` (publishing.serverconf.nginx_site) included in ``http {}``."""

    def __init__(self, name: str, workdir: Path, site_conf: str, port: int):
        self.name, self.port, self.log = name, port, workdir / "error.log"
        workdir.mkdir(parents=True, exist_ok=True)
        (workdir / "site.conf").write_text(site_conf)
        temp = {part: workdir / part for part in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        (workdir / "nginx.conf").write_text(f"""\
daemon off;
master_process off;  # one process: no user switch, as a non-root user or as root
pid {workdir}/nginx.pid;
error_log {self.log} warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {temp['body']};
    proxy_temp_path {temp['proxy']};
    fastcgi_temp_path {temp['fastcgi']};
    uwsgi_temp_path {temp['uwsgi']};
    scgi_temp_path {temp['scgi']};
    include {workdir}/site.conf;
}}
""")
        self.process = subprocess.Popen(  # noqa: S603 - our own binary, paths and config
            [binary("nginx", NGINX_FALLBACK), "-p", str(workdir), "-e", str(self.log),
             "-c", str(workdir / "nginx.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )


class Gunicorn(Server):
    """gunicorn serving ``config.wsgi`` with ``env`` (the benchmark's own environment)."""

    def __init__(self, name: str, workdir: Path, env: dict, *, workers: int = 2):
        self.name, self.port, self.log = name, free_port(), workdir / "gunicorn.log"
        workdir.mkdir(parents=True)
        args = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi",
                "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
                "--timeout", "30", "--graceful-timeout", "5", "--error-logfile", str(self.log)]
        if _has_control_socket():
            args.append("--no-control-socket")
        self.process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, fixed arguments
            args, cwd=settings.BASE_DIR, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )


def _has_control_socket() -> bool:
    return tuple(int(part) for part in gunicorn.__version__.split(".")[:2]) >= (25, 0)


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers, socket errors and timeouts


_UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}
_PERCENTILE = re.compile(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)
_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_TOTAL = re.compile(r"^\s*(\d+) requests in", re.MULTILINE)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET_ERRORS = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


def parse_wrk(report: str) -> WrkResult:
    """The figures of ``wrk --latency``'s text report."""
    percentiles = {int(p): float(v) * _UNITS_MS[unit] for p, v, unit in _PERCENTILE.findall(report)}
    rps, total = _RPS.search(report), _TOTAL.search(report)
    if rps is None or total is None or set(percentiles) != {50, 99}:
        raise BenchServerError(f"wrk's report could not be read:\n{report}")
    errors = sum(int(n) for n in _NON_2XX.findall(report))
    for counts in _SOCKET_ERRORS.findall(report):
        errors += sum(int(n) for n in counts)
    return WrkResult(requests_per_second=float(rps.group(1)), p50_ms=percentiles[50],
                     p99_ms=percentiles[99], requests=int(total.group(1)), errors=errors)


def run_wrk(port: int, host: str, path: str, *, threads: int, connections: int,
            duration: int) -> WrkResult:
    command = [binary("wrk"), "-t", str(threads), "-c", str(connections), "-d", f"{duration}s",
               "--timeout", WRK_TIMEOUT, "--latency", "-H", f"Host: {host}",
               f"http://127.0.0.1:{port}{path}"]
    try:  # the host and path are the benchmark's own synthetic ones
        result = subprocess.run(command, capture_output=True, text=True,  # noqa: S603
                                check=False, timeout=duration + 30)
    except subprocess.TimeoutExpired:
        raise BenchServerError(f"wrk on {host}{path} did not finish.") from None
    if result.returncode != 0:
        raise BenchServerError(f"wrk on {host}{path} failed: {result.stderr or result.stdout}")
    return parse_wrk(result.stdout)
