"""python manage.py bench_http [--sizes 1000,5000] [--duration 5] [--json PATH]
(``make bench-http``)

The HTTP benchmark of static publishing, in one run on loopback: synthetic labs
(``demo.synthetic``) written into the configured database (a throw-away one: ``make
bench-http`` uses var/bench-http.sqlite3), published (``publishing.services``), and then
served by three real servers:

- ``published``: Debian's nginx over the published tree (host links into builds), with
  the site configuration ``publishing.serverconf.nginx_site`` generates;
- ``plain``: the same nginx configuration over a copy of the same bytes as plain files
  (no symbolic links): what a static site costs;
- ``gunicorn``: the app (2 workers), every page a page-cache hit (warmed first).

Before any load, each page is fetched from each server: all must answer 200 with the same
body (gunicorn's without its per-response nonce). Then ``wrk`` loads each page of each lab
size on each server in turn (published, plain, gunicorn, published, …) so drift hits all
three alike. It prints requests/s and p50/p99 latency per page and server, and the ratios
published/plain (target: within 1.1×) and published/gunicorn.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from demo.httpbench import BenchServerError, Gunicorn, Nginx, fetch, free_port, run_wrk
from demo.management.commands.bench import (
    bounded_number,
    check_bench_setup,
    fresh_lab,
    lab_sizes,
    machine,
    write_json,
)
from labsite.csp import HEADER as CSP_HEADER
from publishing.render import without_nonces
from publishing.serverconf import nginx_site
from publishing.services import publish_lab

HOST_SUFFIX = ".benchhttp.test"
PAGES = {"home": "/", "homepage": "/people/person-0/", "publications": "/publications/"}
SERVERS = ("published", "plain", "gunicorn")
WARM_REQUESTS = 12  # per page and gunicorn worker: every worker's page cache holds it
TARGET_PUBLISHED_OVER_PLAIN = 1 / 1.1
MAX_DURATION = 60
MAX_CONNECTIONS = 1000


class Command(BaseCommand):
    help = "HTTP benchmark: nginx over published files vs plain files vs gunicorn (wrk)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="1000,5000",
                            help="Lab sizes in papers, comma-separated (default 1000,5000).")
        parser.add_argument("--duration", default="5",
                            help="Seconds of wrk per page and server (default 5).")
        parser.add_argument("--threads", default="2", help="wrk threads (default 2).")
        parser.add_argument("--connections", default="32",
                            help="wrk connections (default 32).")
        parser.add_argument("--json", default=os.environ.get("BENCH_JSON", ""),
                            help="Write the results as JSON to this path (default $BENCH_JSON).")
        parser.add_argument("--force", action="store_true",
                            help="Run even though the database holds labs that are not "
                            "synthetic (they are left alone).")

    def handle(self, *args, **options):
        sizes = lab_sizes(options["sizes"], example="1000,5000")
        load = {
            "duration": bounded_number(options["duration"], "--duration", MAX_DURATION),
            "connections": bounded_number(options["connections"], "--connections", MAX_CONNECTIONS),
        }
        load["threads"] = bounded_number(options["threads"], "--threads", load["connections"])
        check_bench_setup(force=options["force"], stderr=self.stderr)
        # Publishing renders the lab's 404 page: not a visitor's miss worth a warning.
        logging.getLogger("django.request").setLevel(logging.ERROR)

        workdir = Path(tempfile.mkdtemp(prefix="labsite-bench-http-"))
        try:
            with override_settings(
                STATIC_ROOT=workdir / "static",
                ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, HOST_SUFFIX],
                LABSITE_PUBLISH_ROOT=str(workdir / "published"),
            ):
                results = self.run(sizes, load, workdir)
        except BenchServerError as error:
            raise CommandError(str(error)) from None
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

        self.stdout.write(table(results))
        if options["json"]:
            write_json(options["json"], results, self.stdout)

    def run(self, sizes: list[int], load: dict, workdir: Path) -> dict:
        started = time.monotonic()
        call_command("collectstatic", interactive=False, verbosity=0)
        labs = [self.build_and_publish(size) for size in sizes]
        published = Path(settings.LABSITE_PUBLISH_ROOT)
        plain = workdir / "plain"
        for lab in labs:  # the bytes of each host, as real files and directories
            shutil.copytree(published / lab["host"], plain / lab["host"], symlinks=False)

        servers = self.start_servers(workdir, published, plain, labs[0]["host"])
        try:
            pages = [{"size": lab["size"], "host": lab["host"], "page": page, "path": path}
                     for lab in labs for page, path in PAGES.items()]
            for page in pages:
                page.update(same_bytes(servers, page["host"], page["path"]))
            warm(servers["gunicorn"], pages)
            runs = []
            for page in pages:
                self.stderr.write(f"  wrk {page['host']}{page['path']}…")
                for name in SERVERS:  # interleaved: drift hits every server alike
                    figures = run_wrk(servers[name].port, page["host"], page["path"], **load)
                    runs.append(dict(size=page["size"], page=page["page"], server=name,
                                     **vars(figures)))
        finally:
            for server in servers.values():
                server.stop()
        return {
            "machine": machine(),
            "date": time.strftime("%Y-%m-%d %H:%M %Z"),
            "load": load,
            "target_published_over_plain": round(TARGET_PUBLISHED_OVER_PLAIN, 3),
            "labs": labs,
            "pages": pages,
            "runs": runs,
            "ratios": ratios(runs),
            "seconds": round(time.monotonic() - started, 1),
        }

    def build_and_publish(self, size: int) -> dict:
        slug, host = f"bench-http-{size}", f"bench-http-{size}{HOST_SUFFIX}"
        self.stderr.write(f"Building a lab of {size} papers…")
        lab, build_seconds = fresh_lab(slug=slug, host=host, papers=size)
        self.stderr.write(f"  publishing {host}…")
        report = publish_lab(lab=lab)
        return {"size": size, "host": host, "build_seconds": round(build_seconds, 2),
                    "files": report.files, "bytes": report.bytes,
                    "publish_seconds": round(report.seconds, 2)}

    def start_servers(self, workdir: Path, published: Path, plain: Path, host: str) -> dict:
        env = {**os.environ, "ALLOWED_HOSTS": ",".join(settings.ALLOWED_HOSTS),
               "STATIC_ROOT": str(settings.STATIC_ROOT), "LABSITE_PUBLISH_ROOT": ""}
        servers = {"gunicorn": Gunicorn("gunicorn", workdir / "gunicorn", env)}
        try:
            servers["gunicorn"].wait_ready(host, "/")
            for name, root in (("published", published), ("plain", plain)):
                port = free_port()
                conf = nginx_site(root=str(root), listen=f"127.0.0.1:{port}",
                                  app=f"127.0.0.1:{servers['gunicorn'].port}")
                servers[name] = Nginx(f"nginx ({name})", workdir / f"nginx-{name}", conf, port)
                servers[name].wait_ready(host, "/")
        except BaseException:
            for server in servers.values():
                server.stop()
            raise
        return servers


def same_bytes(servers: dict, host: str, path: str) -> dict:
    """Each server's status for ``host path``, and whether all sent the published bytes."""
    statuses, bodies = {}, {}
    for name in SERVERS:
        status, headers, body = fetch(servers[name].port, host, path)
        statuses[name] = status
        bodies[name] = without_nonces(body, headers.get(CSP_HEADER.lower(), ""))
    reference = bodies["published"]
    return {"statuses": statuses, "bytes": len(reference),
                "same_body": all(body == reference for body in bodies.values())}


def warm(gunicorn: Gunicorn, pages: list[dict]) -> None:
    """Every page into every worker's page cache (each worker has its own, in memory)."""
    for page in pages:
        for _ in range(WARM_REQUESTS * 2):
            fetch(gunicorn.port, page["host"], page["path"])


def ratios(runs: list[dict]) -> list[dict]:
    by_key = {(run["size"], run["page"], run["server"]): run for run in runs}
    rows = []
    for size, page, server in by_key:
        if server != "published":
            continue
        rps = {name: by_key[(size, page, name)]["requests_per_second"] for name in SERVERS}
        over_plain = rps["published"] / rps["plain"] if rps["plain"] else 0.0
        rows.append({
            "size": size, "page": page, "published_over_plain": round(over_plain, 3),
            "published_over_gunicorn": round(rps["published"] / rps["gunicorn"], 2)
            if rps["gunicorn"] else 0.0,
            "within_target": over_plain >= TARGET_PUBLISHED_OVER_PLAIN,
        })
    return rows


def table(results: dict) -> str:
    load = results["load"]
    lines = [
        f"HTTP benchmark ({results['date']}; {results['machine']['cpu']}, "
        f"{results['machine']['nproc']} CPUs; wrk -t{load['threads']} -c{load['connections']} "
        f"-d{load['duration']}s on loopback)",
        "",
        f"{'lab':<10} {'build s':>8} {'publish s':>10} {'files':>7} {'bytes':>13}",
    ]
    for lab in results["labs"]:
        lines.append(f"{lab['size']:<10,} {lab['build_seconds']:>8.1f} "
                     f"{lab['publish_seconds']:>10.1f} {lab['files']:>7,} {lab['bytes']:>13,}")
    lines += ["", f"{'page':<13} {'papers':>6} {'bytes':>9}  {'all 200, same bytes':<20}"]
    for page in results["pages"]:
        answered = all(status == 200 for status in page["statuses"].values())
        verdict = "yes" if answered and page["same_body"] else (
            "NO: " + ", ".join(f"{k} {v}" for k, v in page["statuses"].items())
            + ("" if page["same_body"] else ", bodies differ"))
        lines.append(f"{page['page']:<13} {page['size']:>6,} {page['bytes']:>9,}  {verdict}")
    lines += ["", f"{'page':<13} {'papers':>6} {'server':<10} {'req/s':>10} {'p50 ms':>8} "
              f"{'p99 ms':>8} {'errors':>7}"]
    for run in results["runs"]:
        lines.append(
            f"{run['page']:<13} {run['size']:>6,} {run['server']:<10} "
            f"{run['requests_per_second']:>10,.0f} {run['p50_ms']:>8.2f} {run['p99_ms']:>8.2f} "
            f"{run['errors']:>7,}"
        )
    target = results["target_published_over_plain"]
    lines += ["", f"{'page':<13} {'papers':>6} {'published/plain':>16} "
              f"{'published/gunicorn':>19}   target: published/plain >= {target} (within 1.1x)"]
    for row in results["ratios"]:
        mark = "ok" if row["within_target"] else "MISSED"
        lines.append(f"{row['page']:<13} {row['size']:>6,} {row['published_over_plain']:>16.3f} "
                     f"{row['published_over_gunicorn']:>18.1f}x   {mark}")
    lines += ["", f"Whole run: {results['seconds']:,.0f} s (building, publishing, serving, wrk)."]
    return "\n".join(lines) + "\n"
