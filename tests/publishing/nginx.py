"""A real nginx (Debian's /usr/sbin/nginx) on loopback, configured by publishing.serverconf,
with every file it needs in a temporary folder (the runner ``make bench-http`` uses, in
demo/httpbench.py); skips (fails under CI) without one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from demo.httpbench import NGINX_FALLBACK
from demo.httpbench import Nginx as NginxProcess
from tests.production.live import free_port, wait_for_port


class Nginx(NginxProcess):
    def __init__(self, workdir: Path, site_conf: str, port: int):
        import pytest

        if not (shutil.which("nginx") or os.access(NGINX_FALLBACK, os.X_OK)):
            reason = "nginx not found: static-serving tests skipped (apt-get install nginx)"
            if os.environ.get("CI"):
                pytest.fail(reason + " — required under CI", pytrace=False)
            pytest.skip(reason)
        self.workdir = workdir
        super().__init__("nginx", workdir, site_conf, port)
        wait_for_port(port, self.process, on_timeout=self.stop)

    @staticmethod
    def free_port() -> int:
        return free_port()
