import hashlib
import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import DatabaseError
from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import get_resolver
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from labsite.cache import (
    PAGE_CACHE_SECONDS,
    content_version,
    declared_query,
    last_modified,
    normalised_query,
    page_key,
)
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
    session, no auth, no database. Only views marked ``labsite.cache.cached_page`` are
    cached, keyed on the query parameters they declare; other parameters are removed
    before the view runs, so ``?utm_source=<anything>`` is the same page from the same
    entry. Responses carry an ETag and Last-Modified from the version, and conditional
    requests get a 304.
    """

    UNCACHED_PREFIXES = ("/admin/", "/healthz", "/markdownx/", "/media/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(
            self.UNCACHED_PREFIXES
        ):
            return self.get_response(request)
        host = request.get_host()  # validated against ALLOWED_HOSTS: ask once
        try:
            site = resolve_host(host)
        except DatabaseError:
            site = None  # LabMiddleware answers the 503
        if site is None:
            return self.get_response(request)
        urlconf = settings.LABSITE_PERSON_DOMAIN_URLCONF if site.person_id else None
        declared = declared_query(get_resolver(urlconf), request.path_info)
        if declared is None or has_logged_in_session(request):
            return self.get_response(request)
        query = normalised_query(request.GET, declared) if request.META.get("QUERY_STRING") else ""
        version = content_version(site.lab.pk)
        # The page is rendered in the visitor's chosen theme (labsite.theme): one entry each.
        variant = f"{request.path}?{query}\ntheme={theme_from_request(request)}"
        key = page_key(site.lab.pk, version, host, variant)
        response = cache.get(key)
        if response is None:
            _keep_only_query(request, query)
            response = self.get_response(request)
            if not self._cacheable_response(response):
                return response
            self._set_validators(response, version)
            if len(response.content) <= settings.LABSITE_PAGE_CACHE_MAX_PAGE_BYTES:
                cache.set(key, response, PAGE_CACHE_SECONDS)
        else:
            response = with_fresh_nonce(response)  # no two responses share a CSP nonce
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=last_modified(version),
            response=response,
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


def _keep_only_query(request, query: str) -> None:
    """The view sees exactly the parameters the page is keyed on, so the stored page
    depends on nothing else (nor shows a visitor's own ``?token=`` to the next)."""
    if request.META.get("QUERY_STRING", "") != query:
        request.META = {**request.META, "QUERY_STRING": query}
        request.GET = QueryDict(query)


def has_logged_in_session(request) -> bool:
    """Whether the session cookie belongs to a logged-in user: they bypass the cache
    (their changes at once, their toolbar). One look-up in the session store; a made-up
    cookie is an anonymous visitor and gets the cached page."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return False
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    try:
        return SESSION_KEY in session
    except DatabaseError:
        return False  # the database is down: cached pages are all anyone can get
