"""The publications app's layout: the import pipeline is a package of small modules.

services.py held six jobs in 1,429 lines; it is publications/imports/ now (README of the
package: ``publications/imports/__init__.py``), and no module of the app grows far past
400 lines without a reason written here.
"""

import importlib.util
from pathlib import Path

import publications

APP = Path(publications.__file__).parent
ROOT = APP.parent
MAX_LINES = 400
# Parsers, kept as they are while the pipeline around them moved.
LONGER = {"importers/normalize.py"}


def modules():
    return [path for path in APP.rglob("*.py") if "migrations" not in path.parts]


def test_no_module_of_the_app_is_much_over_400_lines():
    long = {
        str(path.relative_to(APP)): len(path.read_text().splitlines())
        for path in modules()
        if len(path.read_text().splitlines()) > MAX_LINES
    }
    assert set(long) <= LONGER, long


# The modules the package replaced (named in parts, so that a search for the old import
# paths finds nothing in the repository).
OLD_MODULES = ("services", "near_duplicates", "import_rules", "import_summary", "import_uploads")


def test_the_import_pipeline_is_one_package_and_services_is_gone():
    for name in OLD_MODULES:
        assert importlib.util.find_spec(f"publications.{name}") is None
    old_paths = [form.format(name) for name in OLD_MODULES
                 for form in ("publications.{}", "from publications import {}")]
    users = [
        str(path.relative_to(ROOT))
        for folder in ("publications", "labsite", "people", "news", "awards", "tests")
        for path in (ROOT / folder).rglob("*.py")
        if any(old in path.read_text() for old in old_paths)
    ]
    assert users == []
    from publications import imports

    assert {"plan_import", "apply_import", "merge_publications", "record_edited_fields",
            "ambiguous_authors", "ImportPlan"} <= set(imports.__all__)


# Raw SQL (a cursor of our own) only where the benchmark shows it pays, in one module
# whose docstring gives the figures; the health check's "SELECT 1" is the one other use.
RAW_SQL_MODULES = {"publications/imports/bulk.py", "labsite/views.py"}


def test_raw_sql_is_only_in_the_one_documented_module():
    users = {
        str(path.relative_to(ROOT))
        for folder in ("publications", "labsite", "people", "news", "awards", "archive", "demo")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts and ".cursor(" in path.read_text()
    }
    assert users == RAW_SQL_MODULES
    from publications.imports import bulk

    assert "bench_bulk" in bulk.__doc__
