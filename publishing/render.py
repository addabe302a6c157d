"""Render a page exactly as the dynamic site answers it, through the app's own stack.

A :class:`PageRenderer` holds one ``WSGIHandler`` (the object gunicorn calls through
``config.wsgi``, with every middleware of ``settings.MIDDLEWARE``) and feeds it the WSGI
environ a server would send for ``GET https://<host><path>``: host resolution, the page
cache, CSP, redirects and the views all run as for a visitor. Only the handler's
``__call__`` is skipped (``get_response`` is called instead), because it sends
``request_started``/``request_finished``, whose ``close_old_connections`` would close the
caller's database connection in the middle of a transaction.

Published files cannot carry a per-response CSP nonce (a static server sends one fixed
policy), so the renderer removes this response's ``nonce="…"`` attributes and refuses a
page that would still need one: an inline script that is not a data block, or a
``<style>`` element. JSON-LD (``type="application/ld+json"``) is a data block, which CSP
does not govern, so it needs no nonce; the published bytes are the dynamic ones without
the attributes (labsite/csp.py).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.urls import set_urlconf

from labsite.csp import HEADER as CSP_HEADER
from labsite.csp import nonce_in_policy
from publishing.pages import NOT_FOUND_PATH
from publishing.paths import PublishError

_SCRIPT_TAG = re.compile(rb"<script\b([^>]*)>", re.IGNORECASE)
_STYLE_ELEMENT = re.compile(rb"<style\b", re.IGNORECASE)
_DATA_BLOCK_TYPE = re.compile(rb"""\btype\s*=\s*["']?application/(ld\+)?json""", re.IGNORECASE)
_SRC = re.compile(rb"\bsrc\s*=", re.IGNORECASE)


@dataclass(frozen=True)
class RenderedPage:
    host: str
    path: str
    status: int
    content_type: str
    body: bytes


def without_nonces(body: bytes, csp_header: str) -> bytes:
    """``body`` without the ``nonce="…"`` attributes of the nonce in ``csp_header``."""
    nonce = nonce_in_policy(csp_header)
    if nonce is None:
        return body
    return body.replace(f' nonce="{nonce}"'.encode(), b"")


def needs_nonce(body: bytes) -> str | None:
    """What in ``body`` a nonce-free policy would block, or None."""
    for tag in _SCRIPT_TAG.finditer(body):
        attributes = tag.group(1)
        if not _SRC.search(attributes) and not _DATA_BLOCK_TYPE.search(attributes):
            return "an inline <script>"
    if _STYLE_ELEMENT.search(body):
        return "a <style> element"
    return None


def _not_the_published_404(record: logging.LogRecord) -> bool:
    """Every publish renders the lab's 404 page on purpose: not a "Not Found" to log."""
    request = getattr(record, "request", None)
    return getattr(request, "path", None) != NOT_FOUND_PATH


class PageRenderer:
    """Renders GETs of one lab's hosts through the full middleware chain."""

    def __init__(self):
        logging.getLogger("django.request").addFilter(_not_the_published_404)  # once
        self.handler = WSGIHandler()
        self.scheme = "https" if settings.HTTPS else "http"

    def _environ(self, host: str, path: str) -> dict:
        return {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": host,
            "SERVER_PORT": "443" if self.scheme == "https" else "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": host,
            # Behind the TLS proxy (settings.HTTPS), as the proxy would say it.
            "HTTP_X_FORWARDED_PROTO": self.scheme,
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": self.scheme,
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": io.StringIO(),
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }

    def render(self, host: str, path: str, *, expect_status: int = 200) -> RenderedPage:
        try:
            response = self.handler.get_response(WSGIRequest(self._environ(host, path)))
        except Exception as error:  # the 500 page itself failed: say which page, not how
            raise PublishError(f"{host}{path} could not be rendered: {error}") from error
        finally:
            # A member domain's URLconf stays on the thread until request_finished resets
            # it, which get_response does not send: reset it here, or the caller's (and the
            # next page's) reverse() would use the member domain's URLs.
            set_urlconf(None)
        if response.status_code != expect_status:
            raise PublishError(
                f"{host}{path} answered {response.status_code}, not {expect_status}: "
                "nothing was published (the previous files stay)."
            )
        body = b"".join(response) if response.streaming else response.content
        body = without_nonces(body, response.get(CSP_HEADER, ""))
        blocked = needs_nonce(body) if response.get("Content-Type", "").startswith(
            "text/html") else None
        if blocked:
            raise PublishError(
                f"{host}{path} has {blocked}, which a published page cannot carry without "
                "a per-response nonce: move it to a static file."
            )
        return RenderedPage(
            host=host,
            path=path,
            status=response.status_code,
            content_type=response.get("Content-Type", ""),
            body=body,
        )
