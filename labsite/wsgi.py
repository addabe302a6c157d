"""WSGI entry point for gunicorn (``make serve``): ``gunicorn labsite.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

from labsite.process import tune_garbage_collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labsite.settings")


application = get_wsgi_application()
tune_garbage_collector()
