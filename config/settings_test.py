"""Settings of the test suite (pytest's DJANGO_SETTINGS_MODULE, in pyproject.toml).

The deployment's own settings, read from the same environment, with what tests need on top:
no secret of their own, any lab host allowed, DEBUG off whatever the shell says (so
``DEBUG=1 pytest`` runs the same suite). Chosen by naming this module, not by sniffing which
programs are loaded. Processes the tests start (gunicorn, manage.py) name
``config.settings`` and run as a deployment does.
"""

import atexit
import os
from pathlib import Path

# Only while the settings are read: processes started by the tests must not inherit it.
os.environ["LABSITE_TESTING"] = "1"
try:
    from config.settings import *  # noqa: F403
finally:
    del os.environ["LABSITE_TESTING"]

DEBUG = False
ALLOWED_HOSTS = ["*"]  # each test lab has hosts of its own
# A forgotten .for_lab(lab) fails the test that reaches it (labsite/scoping.py).
LABSITE_STRICT_TENANT_SCOPING = True

# Each test process has a database of its own (pytest -n, or beside a running `make run`), so
# it has content versions of its own too: a bump in another process must not make this
# process's cached pages stale mid-test.
if LABSITE_VERSIONS_FILE:  # noqa: F405 -- from config.settings
    LABSITE_VERSIONS_FILE = str(VAR_DIR / f"test-versions-{os.getpid()}.bin")  # noqa: F405
    atexit.register(Path(LABSITE_VERSIONS_FILE).unlink, missing_ok=True)
