import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from labsite.cache import PAGE_CACHE_SECONDS, content_version, last_modified, page_key
from labsite.csp import with_fresh_nonce
from labsite.tenancy import resolve_host
from labsite.theme import theme_from_request

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


class PageCacheMiddleware:
    """Serves anonymous GETs of public pages from the cache, keyed by the lab's content version.

    Sits right after WhiteNoise so that a hit costs about as much as a static file: no
    session, no auth, no database. Responses carry an ETag and Last-Modified from the
    version, and conditional requests get a 304.
    """

    UNCACHED_PREFIXES = ("/admin/", "/healthz", "/markdownx/", "/media/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        host = request.get_host()  # validated against ALLOWED_HOSTS: ask once
        try:
            site = resolve_host(host)
        except DatabaseError:
            site = None  # LabMiddleware answers the 503
        if site is None:
            return self.get_response(request)
        version = content_version(site.lab.pk)
        # The page is rendered in the visitor's chosen theme (labsite.theme): one entry each.
        variant = f"{request.get_full_path()}\ntheme={theme_from_request(request)}"
        key = page_key(site.lab.pk, version, host, variant)
        response = cache.get(key)
        if response is None:
            response = self.get_response(request)
            if not self._cacheable_response(response):
                return response
            self._set_validators(response, version)
            cache.set(key, response, PAGE_CACHE_SECONDS)
        else:
            response = with_fresh_nonce(response)  # no two responses share a CSP nonce
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=last_modified(version),
            response=response,
        )

    def _cacheable_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(self.UNCACHED_PREFIXES)
            # Logged-in editors see their changes at once and their own toolbar.
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    @staticmethod
    def _cacheable_response(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _set_validators(response, version):
        digest = hashlib.blake2b(response.content, digest_size=8).hexdigest()
        response["ETag"] = f'"{version:x}-{digest}"'
        response["Last-Modified"] = http_date(last_modified(version))
        # Browsers revalidate every time (cheap 304s); edits show on the next request.
        response["Cache-Control"] = "no-cache"
