"""demo sits above every app: it imports them at module top (as bakerydemo's commands do),
and none of them imports it; its commands keep their names and options."""

import ast
import gc
import io
import logging
import re
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.labsite.test_query_budget import PAGE_BUDGETS, QUERY_BUDGET

BASE_DIR = Path(__file__).resolve().parents[2]
APPS_BELOW = ["labsite", "people", "publications", "awards", "news"]


def python_files(folder: str):
    return [p for p in (BASE_DIR / folder).rglob("*.py") if "migrations" not in p.parts]


def imported_modules(tree) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_demo_imports_other_apps_only_at_module_top():
    modules = {str(p.relative_to(BASE_DIR)) for p in python_files("demo")}
    assert {"demo/factories.py", "demo/synthetic.py", "demo/management/commands/bench.py",
            "demo/management/commands/loaddemo.py"} <= modules  # fmt: skip
    local = []
    for path in python_files("demo"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import | ast.ImportFrom):
                        local.append(f"{path.relative_to(BASE_DIR)}:{inner.lineno}")
    assert not local, f"function-local imports: {local}"


@pytest.mark.parametrize("app", APPS_BELOW)
def test_no_app_below_imports_demo(app):
    offenders = [
        str(path.relative_to(BASE_DIR))
        for path in python_files(app)
        if any(
            name == "demo" or name.startswith("demo.")
            for name in imported_modules(ast.parse(path.read_text()))
        )
    ]
    assert not offenders


def test_loaddemo_and_bench_are_demo_commands():
    commands = get_commands()
    assert commands["loaddemo"] == "demo" and commands["bench"] == "demo"
    assert not (BASE_DIR / "labsite" / "benchdata.py").exists()


@pytest.fixture
def bench_process_state():
    """The bench tunes its process as a server's (garbage collector, log levels) and its WSGI
    handler closes connections after each request; keep the test process as it was and
    the test's transaction open, as Django's test client does."""
    threshold = gc.get_threshold()
    levels = {name: logging.getLogger(name).level for name in ("bibtexparser", "publications")}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.django_db(transaction=True)  # edit → file commits, as an editor's save does
def test_a_small_bench_runs_every_page_and_an_import(bench_process_state):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "bench", "--sizes", "5", "--import-sizes", "40", "--cold", "1", "--warm", "2",
        "--edit-sizes", "5", "--edit-runs", "2", stdout=out, stderr=err,
    )  # fmt: skip
    table = out.getvalue()
    rows = [line.split() for line in table.splitlines()
            if line.strip().startswith("5  ") and "paper page" not in line]
    assert [row[1] for row in rows] == [
        "home", "team", "homepage", "publications", "publication", "bibtex",
    ]  # fmt: skip
    # Cold queries: the query budget's (tests/labsite/test_query_budget.py).
    assert all(1 <= int(row[2]) <= PAGE_BUDGETS.get(row[1], QUERY_BUDGET) for row in rows), table
    assert "Building a lab of 5 papers" in err.getvalue()
    imports = [line.split() for line in table.splitlines() if line.strip().startswith("40 ")]
    assert imports and imports[0][0] == "40", table
    # Edit → published file: the paper's page and the list, each with a median in seconds.
    edits = [line for line in table.splitlines() if "paper page" in line]
    assert len(edits) == 1 and edits[0].split()[0] == "5", table
    assert re.search(r"paper page \d+\.\d\d \(\d+\.\d\d\), list \d+\.\d\d", edits[0]), table
    assert "edit → file, median, slowest file:" in table
