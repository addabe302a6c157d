"""A real nginx (Debian's /usr/sbin/nginx) on loopback, configured by publishing.serverconf,
with every file it needs in a temporary folder; skips (fails under CI) without one."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.production.live import free_port, wait_for_port


class Nginx:
    def __init__(self, workdir: Path, site_conf: str, port: int):
        import pytest

        binary = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access(
            "/usr/sbin/nginx", os.X_OK) else None)
        if binary is None:
            reason = "nginx not found: static-serving tests skipped (apt-get install nginx)"
            if os.environ.get("CI"):
                pytest.fail(reason + " — required under CI", pytrace=False)
            pytest.skip(reason)
        self.workdir = workdir
        self.port = port
        workdir.mkdir(parents=True, exist_ok=True)
        (workdir / "site.conf").write_text(site_conf)
        temp = {name: workdir / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        (workdir / "nginx.conf").write_text(f"""\
daemon off;
master_process off;  # one process: no user switch when the tests run as root
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 256; }}
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
        self.process = subprocess.Popen(
            [binary, "-p", str(workdir), "-e", str(workdir / "error.log"),
             "-c", str(workdir / "nginx.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        wait_for_port(port, self.process, on_timeout=self.stop)

    @staticmethod
    def free_port() -> int:
        return free_port()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
