"""A lab's old addresses answer with a 301 to their new page (``labsite.Redirect``).

Like ``django.contrib.redirects``' fallback middleware: only a response that would have
been a 404 is replaced, so a redirect never hides a page of the site. It sits inside the
page cache, which stores only 200s, so every worker reads the database: one indexed query
per 404 of a lab's host, and an edit in admin applies on the next request everywhere.
"""

from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect
from django.utils.cache import patch_cache_control

from labsite.links import is_site_path, is_web_url
from labsite.models import REDIRECT_PATH_MAX_CHARS, Redirect, normalise_host

REDIRECT_BROWSER_CACHE_SECONDS = 24 * 60 * 60


def redirect_target(lab, host: str, path: str) -> str | None:
    """Where ``path`` on ``host`` of ``lab`` now goes, or None. A redirect for this very
    host beats one for all the lab's hosts."""
    if len(path) > REDIRECT_PATH_MAX_CHARS:
        return None  # no stored path is that long: no query
    host = normalise_host(host)
    target = (
        Redirect.objects.for_lab(lab)
        .filter(old_path=path, host__in=["", host])
        .order_by("-host")  # the host's own ("" sorts last)
        .values_list("target", flat=True)
        .first()
    )
    # Rows written around the form (shell, archives) get the same rule as typed ones.
    if target and (is_site_path(target) or is_web_url(target)):
        return target
    return None


def redirect_response(request):
    """The 301 of ``request``'s old path on its lab's host, or None: for a page that is not
    there (the middleware's 404s, and a member's domain, which has only the homepage)."""
    lab = getattr(request, "lab", None)
    if lab is None or request.method not in ("GET", "HEAD"):
        return None
    try:
        target = redirect_target(lab, request.get_host(), request.path)
    except DatabaseError:
        return None  # the page's own answer stands
    if target is None or target == request.path:
        return None
    response = HttpResponsePermanentRedirect(target)
    # Browsers keep a 301 for good unless told otherwise: a day lets a mistake be undone.
    patch_cache_control(response, max_age=REDIRECT_BROWSER_CACHE_SECONDS)
    return response


class RedirectFallbackMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        return redirect_response(request) or response
