"""Serving uploaded media from the app (when no proxy or object storage does it)."""

import mimetypes

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.views.static import serve

# Uploads are re-encoded images; anything else is offered as a download, never rendered.
INLINE_CONTENT_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}


def serve_media(request, path):
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation as exc:  # "../" out of MEDIA_ROOT: nothing there to see
        raise Http404("No such file.") from exc
    content_type, _ = mimetypes.guess_type(path)
    if content_type not in INLINE_CONTENT_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
