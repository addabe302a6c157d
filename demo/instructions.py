"""CPU instructions per cold request, counted by valgrind's callgrind (``make
bench-instructions``; the command is ``demo/management/commands/bench_instructions.py``).

Milliseconds on a shared machine move by a third within minutes; instructions do not. One
process under callgrind, in production settings, requests every page three times to warm
up, then each page its ``K`` times cold (page cache emptied before each request). Before each
page's requests and after the last, it calls ``os.getppid()``, which nothing else in a
request calls: ``--dump-before=getppid`` makes callgrind write the counts since the
previous call, so each page's requests get a file of their own, and start-up and warm-ups
fall in the first one. ``PYTHONHASHSEED=0`` fixes the order of sets and dicts of strings,
which otherwise moves a count by about a percent from run to run.

The measured process is ``python -c`` of ``DRIVER``: Django set up first, then ``main``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler

from demo.management.commands.bench import request
from labsite.process import tune_garbage_collector

WARM_UPS = 3
DRIVER = ("import sys, django; django.setup(); "
          "from demo.instructions import main; main(sys.argv[1:])")
MARKER = "getppid"  # the C function os.getppid() calls, whose entry starts a new count
_SUMMARY = re.compile(r"^summary: (\d+)$", re.MULTILINE)


class CountFailed(RuntimeError):
    """A run of the driver under callgrind did not end as it should. (That valgrind is
    installed, ``bench_instructions`` checks before it builds any lab.)"""


def count_per_request(pages: list[tuple[str, str, int]], *, env: dict) -> list[float]:
    """Instructions of one cold GET of each (host, path, K requests), in one callgrind
    run."""
    if any(requests < 1 for _, _, requests in pages):
        raise ValueError("count at least one request a page")
    arguments = [str(part) for page in pages for part in page]
    with tempfile.TemporaryDirectory(prefix="labsite-callgrind-") as folder:
        out = Path(folder) / "callgrind.out"
        command = [
            "valgrind", "--tool=callgrind", "--cache-sim=no", f"--dump-before={MARKER}",
            f"--callgrind-out-file={out}",
            sys.executable, "-c", DRIVER, *arguments,
        ]
        try:
            result = subprocess.run(  # noqa: S603 - valgrind and this Python, fixed arguments
                command, env={**env, "PYTHONHASHSEED": "0"}, cwd=settings.BASE_DIR,
                capture_output=True, text=True, timeout=1800, check=False)
        except subprocess.TimeoutExpired:
            raise CountFailed("a callgrind run took over 30 minutes") from None
        if result.returncode != 0:
            tail = "\n".join(result.stderr.strip().splitlines()[-5:])
            raise CountFailed(f"the page requests under callgrind failed "
                              f"(exit {result.returncode}):\n{tail}")
        # Dump 1 is start-up and warm-ups; dump N + 1 the requests of page N.
        dumps = sorted(Path(folder).glob("callgrind.out.*"),
                       key=lambda path: int(path.suffix[1:]))
        if len(dumps) != len(pages) + 1:
            raise CountFailed(f"callgrind wrote {len(dumps)} counts for {len(pages)} pages: "
                              f"something else called {MARKER}()")
        return [_summary(dump) / requests
                for dump, (_, _, requests) in zip(dumps[1:], pages, strict=True)]


def _summary(dump: Path) -> int:
    found = _SUMMARY.search(dump.read_text(errors="replace"))
    if not found:
        raise CountFailed(f"no summary line in {dump.name}")
    return int(found.group(1))


def main(words: list[str]) -> None:
    """The measured process, given HOST PATH K [HOST PATH K ...]. Exits non-zero if a page
    does not answer 200."""
    if not words or len(words) % 3:
        sys.exit("usage: HOST PATH K [HOST PATH K ...]")
    pages = [(words[i], words[i + 1], int(words[i + 2])) for i in range(0, len(words), 3)]
    handler = WSGIHandler()
    for host, path, _requests in pages:
        for _ in range(WARM_UPS):
            cache.clear()
            status, _, _ = request(handler, host, path)
            if not status.startswith("200"):
                sys.exit(f"{host}{path} answered {status}")
    tune_garbage_collector()  # as config.wsgi does for gunicorn
    for host, path, requests in pages:
        os.getppid()  # the marker: the counts so far are written, a new count starts
        for _ in range(requests):
            cache.clear()
            request(handler, host, path)
    os.getppid()

