"""``make bench-instructions`` at a tiny size, so it cannot rot: its own process on a
throw-away SQLite file, real valgrind, as the Makefile runs it. The assertions are on what
the counts mean (more papers, more work; a page's count its own), never on a figure."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.demo.tools import require
from tests.production.live import app_env, manage


def counts(table: str) -> dict[tuple[int, str], float]:
    rows = [line.split() for line in table.splitlines()]
    return {(int(row[0]), row[1]): float(row[3])
            for row in rows if len(row) == 4 and row[0].isdigit()}


def test_a_tiny_bench_counts_each_page_and_more_papers_cost_more(tmp_path):
    require("valgrind")
    env = app_env(tmp_path, f"sqlite:///{tmp_path / 'bench-instructions.sqlite3'}")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    result = manage(env, "bench_instructions", "--sizes", "4,80", "--pages",
                    "publication,publications", "--requests", "1",
                    "--json", str(tmp_path / "counts.json"), timeout=600)
    found = counts(result.stdout)
    assert list(found) == [(4, "publication"), (4, "publications"), (80, "publication"),
                           (80, "publications")], result.stdout
    # In millions: a cold Django page is millions of instructions, and not billions.
    assert all(2 < value < 2000 for value in found.values()), result.stdout
    # Each page has its own count: the list of 80 papers is far more work than of 4, and
    # than one paper's page of the same lab, which costs about what it does in a lab of 4.
    assert found[80, "publications"] > 1.5 * found[4, "publications"], result.stdout
    assert found[80, "publications"] > 1.5 * found[80, "publication"], result.stdout
    assert found[80, "publication"] < 1.2 * found[4, "publication"], result.stdout
    written = json.loads((tmp_path / "counts.json").read_text())
    assert [(row["size"], row["page"], row["requests"]) for row in written["pages"]] == [
        (4, "publication", 1), (4, "publications", 1), (80, "publication", 1),
        (80, "publications", 1)]
    assert [float(f"{row['instructions'] / 1e6:.1f}") for row in written["pages"]] == list(
        found.values())


def test_every_option_has_a_bound_and_a_clear_message():
    for argument, message in [
        (["--sizes", "ten"], "A lab size is a whole number, not 'ten'."),
        (["--sizes", "0"], "A lab size must be between 1 and 20,000, not 0."),
        (["--sizes", ","], "Give at least one lab size"),
        (["--pages", "home,about"], "Unknown page(s): about; the pages are home, team,"),
        (["--pages", ","], "No page given; the pages are home, team,"),
        (["--requests", "500"], "--requests must be between 1 and 50, not 500."),
        (["--requests", "-1"], "--requests must be between 1 and 50, not -1."),
    ]:
        with pytest.raises(CommandError, match=re.escape(message)):
            call_command("bench_instructions", *argument)


@pytest.mark.django_db
def test_a_database_with_real_labs_is_refused(lab_a):
    require("valgrind")
    with pytest.raises(CommandError, match="holds 1 real lab"):
        call_command("bench_instructions", "--sizes", "5")
