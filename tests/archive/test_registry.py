"""The lab archive's layout: each app declares its archived models, the archive app above
them writes what is declared, and imports between them go one way only."""

import ast
import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import get_commands

from archive.dump import dump_lab
from labsite.archiving import ArchiveRegistry, archived_models, not_archived
from labsite.models import Domain
from people.models import Group, Person
from publications.models import Publication

BASE_DIR = Path(__file__).resolve().parents[2]
# Lowest first: an app may import only apps of its own layer or below.
LAYERS = {"labsite": 0, "people": 1, "publications": 2, "awards": 3, "news": 3, "archive": 4}
CONTENT_APPS = ("people", "publications", "awards", "news")
# Content models labsite may name, and why: relations, not lists of what to archive.
NAMED_IN_LABSITE = {("labsite/models.py", "people.person"): "Domain.person, a member's domain"}


def python_files(folder: str) -> list[Path]:
    return sorted(
        path for path in (BASE_DIR / folder).rglob("*.py") if "migrations" not in path.parts
    )


def imported_apps(tree: ast.AST) -> set[str]:
    """Top-level packages of this project that a module imports, anywhere in it."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


def function_local_imports(tree: ast.AST) -> list[str]:
    found = []
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    found.append(f"line {node.lineno}")
    return found


def parsed(path: Path) -> ast.AST:
    return ast.parse(path.read_text(), filename=str(path))


def test_labsite_lists_no_other_apps_models():
    """The lowest app names no content app's model: each app declares its own."""
    labels = {
        model._meta.label_lower
        for app in CONTENT_APPS
        for model in apps.get_app_config(app).get_models()
    }
    pattern = re.compile("|".join(re.escape(label) for label in sorted(labels)))
    offenders = {}
    for path in python_files("labsite"):
        for node in ast.walk(parsed(path)):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            found = pattern.search(node.value.lower())
            where = str(path.relative_to(BASE_DIR))
            if found and (where, found[0]) not in NAMED_IN_LABSITE:
                offenders.setdefault(where, []).append(found[0])
    assert not offenders, f"model labels of other apps in labsite: {offenders}"


def test_the_archive_app_holds_the_code_and_the_commands():
    modules = python_files("archive")
    assert {"dump.py", "load.py", "reader.py", "media.py"} <= {path.name for path in modules}
    commands = get_commands()
    assert commands["dumplab"] == "archive" and commands["loadlab"] == "archive"
    for path in modules:
        tree = parsed(path)
        where = path.relative_to(BASE_DIR)
        # Generic code: what it writes comes from the registry, never from a content app.
        assert imported_apps(tree) <= {"archive", "labsite"}, where
        assert not function_local_imports(tree), f"{where}: {function_local_imports(tree)}"
        assert len(path.read_text().splitlines()) <= 400, f"{where} is over 400 lines"


def test_imports_go_one_way_and_no_app_imports_the_archive():
    for app in ("labsite", *CONTENT_APPS):
        for path in python_files(app):
            where = path.relative_to(BASE_DIR)
            imported = imported_apps(parsed(path))
            assert "archive" not in imported, f"{where} imports the archive app"
            if path.name == "archived.py":
                higher = {name for name in imported if LAYERS[name] > LAYERS[app]}
                assert not higher, f"{where} imports higher apps {higher}"


def test_every_content_app_declares_its_models_in_its_archived_module():
    for spec in archived_models():
        app = spec.model._meta.app_label
        assert (BASE_DIR / app / "archived.py").is_file(), spec.label
    declared = {spec.model._meta.app_label for spec in archived_models()}
    # labsite declares its own lab rows too (home page sections, redirects), in
    # labsite/archived.py; metadata its per-lab citation counts.
    assert declared == {"labsite", *CONTENT_APPS, "metadata"}
    assert "publications.importupload" in not_archived()


def test_archived_models_are_in_the_order_the_format_documents():
    """docs/lab-archive-format.md's example lists the models of ``lab.json`` in order."""
    doc = (BASE_DIR / "docs" / "lab-archive-format.md").read_text()
    block = doc.split('"models": {', 1)[1].split("},", 1)[0]
    documented = re.findall(r'"([a-z_]+\.[a-z_]+)"', block)
    assert [spec.label for spec in archived_models()] == documented
    keys = {spec.label: spec.key for spec in archived_models() if spec.key}
    assert keys == {
        "people.group": "name",
        "people.person": "slug",
        "publications.tag": "slug",
        "publications.publication": "slug",
        "news.newsitem": "slug",
    }


def test_registering_before_a_referenced_model_is_refused():
    registry = ArchiveRegistry()
    refused = r"people\.person\.group refers to people\.group"
    with pytest.raises(ImproperlyConfigured, match=refused):
        registry.register(Person, key="slug")
    registry.register(Group)  # no natural key: a person cannot refer to it
    with pytest.raises(ImproperlyConfigured, match="before it, with a natural key"):
        registry.register(Person, key="slug")
    assert [spec.label for spec in registry.archived_models()] == ["people.group"]


@pytest.mark.parametrize(
    "register, message",
    [
        (lambda r: r.register(Domain), "not a lab's model"),
        (lambda r: r.register(Group, key="nickname"), "no field 'nickname'"),
        (lambda r: (r.register(Group, key="name"), r.register(Group)), "twice"),
        (lambda r: (r.register(Group), r.exclude(Group, reason="x")), "twice"),
        # Publication.tags needs the tags, by their key, first.
        (lambda r: r.register(Publication, key="slug"), r"publication\.tags refers"),
    ],
)
def test_a_wrong_declaration_fails_at_start_up_with_a_clear_message(register, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        register(ArchiveRegistry())


def test_the_global_registry_matches_a_dump(lab_a):
    """What the apps declare is exactly what a dump writes (no other list anywhere)."""
    data = json.loads(dump_lab(lab_a).json_bytes())
    assert list(data["models"]) == [spec.label for spec in archived_models()]
