"""``make bench-http`` at a tiny size, so it cannot rot: its own process on a throw-away
SQLite file, real nginx (twice), real gunicorn and real wrk, as the Makefile runs it. The
assertions are on what the table says was served, never on speed."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from demo.httpbench import BenchServerError, parse_wrk
from tests.demo.tools import require
from tests.production.live import app_env, manage

SERVERS = ["published", "plain", "gunicorn"]
PAGES = ["home", "homepage", "publications"]


def test_a_tiny_bench_http_serves_the_same_bytes_from_all_three_servers(tmp_path):
    require("nginx", "/usr/sbin/nginx")
    require("wrk")
    env = app_env(tmp_path, f"sqlite:///{tmp_path / 'bench-http.sqlite3'}")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    result = manage(env, "bench_http", "--sizes", "12,20", "--duration", "1",
                    "--connections", "4", "--json", str(tmp_path / "bench.json"), timeout=240)
    table = result.stdout
    rows = [line.split() for line in table.splitlines() if line.split()[:1] in ([p] for p in PAGES)]

    # Before any load, every page of both labs: all three servers 200 with the same bytes.
    checked = [row for row in rows if len(row) == 4]
    assert [(row[0], row[1], row[3]) for row in checked] == [
        (page, size, "yes") for size in ("12", "20") for page in PAGES
    ], table
    # Interleaved a b c a b c, each with requests/s and latencies, and no error answered.
    runs = [row for row in rows if len(row) == 7]
    assert [row[2] for row in runs] == SERVERS * 6, table
    assert all(float(row[3].replace(",", "")) > 0 and row[6] == "0" for row in runs), table
    ratios = [row for row in rows if len(row) == 5]
    assert len(ratios) == 6 and all(row[3].endswith("x") and row[4] in ("ok", "MISSED")
                                    for row in ratios), table
    assert "published/plain >= 0.909 (within 1.1x)" in table
    assert "Whole run: " in table

    figures = json.loads((tmp_path / "bench.json").read_text())
    assert [lab["size"] for lab in figures["labs"]] == [12, 20]
    assert all(lab["files"] > 20 and lab["bytes"] > 0 for lab in figures["labs"])
    for page in figures["pages"]:
        assert page["statuses"] == dict.fromkeys(SERVERS, 200), page
        assert page["same_body"] and page["bytes"] > 1000, page
    assert {(run["size"], run["page"], run["server"]) for run in figures["runs"]} == {
        (size, page, server) for size in (12, 20) for page in PAGES for server in SERVERS
    }
    assert all(run["requests"] > 0 and run["p99_ms"] >= run["p50_ms"] > 0
               for run in figures["runs"])


def test_every_option_has_a_bound_and_a_clear_message():
    for argument, message in [
        (["--sizes", "ten"], "A lab size is a whole number, not 'ten'."),
        (["--sizes", "0"], "A lab size must be between 1 and 20,000, not 0."),
        (["--sizes", "50000"], "A lab size must be between 1 and 20,000, not 50,000."),
        (["--sizes", ","], "Give at least one lab size"),
        (["--duration", "600"], "--duration must be between 1 and 60, not 600."),
        (["--connections", "5000"], "--connections must be between 1 and 1,000, not 5,000."),
        (["--connections", "4", "--threads", "8"], "--threads must be between 1 and 4, not 8."),
    ]:
        with pytest.raises(CommandError, match=message.replace("(", r"\(")):
            call_command("bench_http", *argument)


@pytest.mark.django_db
def test_a_database_with_real_labs_is_refused(lab_a):
    with pytest.raises(CommandError, match="holds 1 real lab"):
        call_command("bench_http", "--sizes", "5")


WRK_REPORT = """\
Running 1s test @ http://127.0.0.1:8080/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   610.00us  200.00us   9.00ms   90.00%
    Req/Sec    20.00k     1.00k   22.00k    70.00%
  Latency Distribution
     50%  580.00us
     75%  700.00us
     90%  800.00us
     99%    1.20ms
  40000 requests in 1.00s, 500.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 3
Requests/sec:  39990.12
Transfer/sec:    500.00MB
"""


def test_wrk_reports_are_read_with_their_units_and_errors():
    figures = parse_wrk(WRK_REPORT)
    assert figures.requests_per_second == 39990.12 and figures.requests == 40000
    assert figures.p50_ms == pytest.approx(0.58) and figures.p99_ms == pytest.approx(1.2)
    assert figures.errors == 6
    with pytest.raises(BenchServerError, match="could not be read"):
        parse_wrk("unable to connect to 127.0.0.1:8080 Connection refused")
