"""manage.py without a production environment: a clear message, never a traceback."""

import os
import subprocess
import sys

from tests.production.live import BASE_DIR


def run(tmp_path, *args):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL") and not k.startswith("PYTEST")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", LABSITE_VAR_DIR=str(tmp_path))
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_a_missing_secret_key_is_a_one_line_message(tmp_path):
    result = run(tmp_path, "check")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "labsite: Set SECRET_KEY (a development key is only used when DEBUG=1). "
        "See README, Configuration."
    )


def test_migration_checks_need_no_secret(tmp_path):
    result = run(tmp_path, "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
