import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render

from labsite.tenancy import resolve_host

logger = logging.getLogger(__name__)

# Paths that work on any host, with or without a lab: the platform admin, health checks
# for load balancers, and files.
HOSTLESS_PREFIXES = ("/admin/", "/healthz", "/static/", "/media/", "/markdownx/")


def database_unavailable(request, error):
    """A friendly 503 (JSON for /healthz) instead of a traceback while the database is down."""
    logger.error("Database unavailable for %s: %s", request.path, error)
    if request.path.startswith("/healthz"):
        response = JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = "30"
    return response


class DatabaseUnavailableMiddleware:
    """Turns database errors raised by views into a 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DatabaseError):
            return database_unavailable(request, exception)
        return None


class LabMiddleware:
    """Sets ``request.lab`` (and ``request.homepage_person_id``) from the Host header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            site = resolve_host(request.get_host())
        except DatabaseError as error:
            return database_unavailable(request, error)
        request.lab = site.lab if site else None
        request.homepage_person_id = site.person_id if site else None
        if site is None and not request.path.startswith(HOSTLESS_PREFIXES):
            return render(request, "404.html", {"unknown_host": True}, status=404)
        if request.homepage_person_id is not None:
            # A member's own domain: their homepage at /, their URLs only.
            request.urlconf = settings.LABSITE_PERSON_DOMAIN_URLCONF
        return self.get_response(request)
