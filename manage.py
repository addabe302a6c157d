#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that only read the code and the migration files sign nothing: they run without
# the production SECRET_KEY (a developer's `makemigrations --check`, a CI check).
OFFLINE_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if sys.argv[1:2] and sys.argv[1] in OFFLINE_COMMANDS:
        os.environ.setdefault("SECRET_KEY", "offline-command-signs-nothing")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 -- load the settings: a missing variable is a message
    except ImproperlyConfigured as exc:
        sys.exit(f"labsite: {exc} See README, Configuration.")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
