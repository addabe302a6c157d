"""The suite's settings are chosen by name (config.settings_test), not by which programs
happen to be loaded: a shell's DEBUG=1 changes nothing, and a deployment that imports pytest
still needs its SECRET_KEY."""

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.production.live import BASE_DIR


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
           and not k.startswith(("PYTEST", "LABSITE_TESTING"))}
    env.update(extra)
    return env


def test_importing_pytest_does_not_turn_a_deployment_into_a_test(tmp_path):
    code = ("import pytest, django\n"
            "from django.conf import settings\n"
            "try:\n"
            "    settings.SECRET_KEY\n"
            "except Exception as exc:\n"
            "    print(type(exc).__name__, exc)\n"
            "else:\n"
            "    print('loaded with', settings.SECRET_KEY[:16])\n")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, capture_output=True, text=True, timeout=60,
        env=clean_env(DJANGO_SETTINGS_MODULE="config.settings", LABSITE_VAR_DIR=str(tmp_path)),
        check=False)
    assert result.stdout.startswith("ImproperlyConfigured Set SECRET_KEY"), result.stderr


def test_the_suite_runs_the_same_with_debug_set_in_the_shell(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/people/test_team_page.py"],
        cwd=BASE_DIR, capture_output=True, text=True, timeout=300, check=False,
        env=clean_env(DEBUG="1", LABSITE_VAR_DIR=str(tmp_path)))
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_the_settings_leave_nothing_behind_for_processes_the_tests_start():
    assert "LABSITE_TESTING" not in os.environ


def test_every_labsite_setting_the_code_reads_is_declared_once_from_the_environment():
    """One home for every limit: config/settings.py reads each LABSITE_* variable with its
    default; the code reads ``settings.LABSITE_…`` and keeps no default of its own."""
    settings_source = (Path(BASE_DIR) / "config" / "settings.py").read_text()
    declared = set(re.findall(r"^(LABSITE_\w+) =", settings_source, re.MULTILINE))
    read, own_defaults = set(), []
    for path in Path(BASE_DIR).glob("*/**/*.py"):
        parts = path.relative_to(BASE_DIR).parts
        if parts[0] in ("tests", "config", ".venv", "var") or "migrations" in parts:
            continue
        source = path.read_text()
        read |= set(re.findall(r"settings\.(LABSITE_\w+)", source))
        for name in re.findall(r"getattr\(\s*settings,\s*[\"'](LABSITE_\w+)[\"'],", source):
            read.add(name)
            own_defaults.append(f"{path.relative_to(BASE_DIR)}: {name}")
    assert read - declared == set(), "read but not declared in config/settings.py"
    assert own_defaults == [], "a second default beside config/settings.py"
    not_from_the_environment = {"LABSITE_PERSON_DOMAIN_URLCONF"}
    for name in declared - not_from_the_environment:
        assert f'"{name}"' in settings_source, f"{name} is not read from the environment"
