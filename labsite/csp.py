"""Content-Security-Policy: one policy for Django 5.2 (django-csp 4) and 6.x (built in).

Scripts run only from our own origin or from inline blocks carrying this response's nonce;
there is no ``'unsafe-inline'`` and no ``'unsafe-eval'`` for scripts. Templates write::

    <script nonce="{{ csp_nonce }}">…</script>
    <script type="application/ld+json" nonce="{{ csp_nonce }}">…</script>
    <style nonce="{{ csp_nonce }}">…</style>

``csp_nonce`` comes from :func:`csp_nonce` (a context processor), whichever CSP
implementation is active. The nonce is generated lazily: a page that never uses it sends a
policy without one.

Public pages are cached whole (``PageCacheMiddleware``), nonce included. So that no two
responses share a nonce, the page cache swaps in a fresh one (:func:`with_fresh_nonce`)
every time it replays a page.
"""

from __future__ import annotations

import base64
import os
import re
import secrets

import django

HEADER = "Content-Security-Policy"

try:  # Django 6.0+
    from django.middleware.csp import get_nonce as _django_get_nonce
except ImportError:  # Django 5.2: django-csp
    _django_get_nonce = None

BUILTIN_CSP = django.VERSION >= (6, 0)


def directives(*, nonce, self_, none, https: bool) -> dict:
    """The policy, spelled with the constants of whichever implementation is active."""
    policy = {
        "default-src": [self_],
        "script-src": [self_, nonce],
        "style-src": [self_, nonce],
        # Style attributes cannot carry a nonce; they cannot run script either.
        "style-src-attr": ["'unsafe-inline'"],
        # Member photos and markdown images may come from object storage or another site.
        "img-src": [self_, "data:", "https:"],
        "font-src": [self_],
        "connect-src": [self_],
        "object-src": [none],
        "base-uri": [self_],
        "form-action": [self_],
        "frame-ancestors": [none],
    }
    if https:
        policy["upgrade-insecure-requests"] = True
    return policy


def csp_nonce(request):
    """Context processor: ``{{ csp_nonce }}`` for inline ``<script>``/``<style>`` blocks."""
    if _django_get_nonce is not None:
        nonce = _django_get_nonce(request)
    else:
        nonce = getattr(request, "csp_nonce", None)
    return {"csp_nonce": nonce if nonce is not None else ""}


_NONCE_IN_HEADER = re.compile(r"'nonce-([A-Za-z0-9+/_=-]+)'")


def nonce_in_policy(header: str) -> str | None:
    """The nonce a ``Content-Security-Policy`` value allows, or None."""
    match = _NONCE_IN_HEADER.search(header or "")
    return match.group(1) if match else None


def _new_nonce_like(old: str) -> str:
    """128 random bits, in the same length and alphabet as ``old`` (the body keeps its size)."""
    if old.endswith("="):  # django-csp: standard base64 with padding
        return base64.b64encode(os.urandom(16)).decode("ascii")
    return secrets.token_urlsafe(16)  # Django 6


def with_fresh_nonce(response):
    """A page replayed from the page cache, with a nonce of its own.

    ``PageCacheMiddleware`` calls this on every hit: the old nonce is replaced in the
    header and in the ``nonce="…"`` attributes of the body by one of the same length, so
    the body size, and the ETag of the cached version, stay as they are.
    """
    header = response.get(HEADER, "")
    old = nonce_in_policy(header)
    if old is None:
        return response  # the page uses no nonce
    new = _new_nonce_like(old)
    response[HEADER] = header.replace(f"'nonce-{old}'", f"'nonce-{new}'")
    response.content = response.content.replace(
        f'nonce="{old}"'.encode(), f'nonce="{new}"'.encode()
    )
    return response
