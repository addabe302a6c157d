"""A cap on request bodies, checked before any of the body is read.

``DATA_UPLOAD_MAX_MEMORY_SIZE`` only counts form fields: Django streams file uploads of any
size to disk before a view can refuse them. This refuses a request whose declared
``Content-Length`` is over ``LABSITE_MAX_REQUEST_BYTES`` with a 413 and a clear message, so
a 2 GB "photo" costs nothing. (A proxy in front should cap bodies too; README, Deploying.)
"""

from django.conf import settings
from django.http import HttpResponse


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.LABSITE_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Bad Content-Length.", status=400, content_type="text/plain")
        if limit and length > limit:
            return HttpResponse(
                f"The request is too large ({length // (1024 * 1024)} MB); the limit is "
                f"{limit // (1024 * 1024)} MB. Upload a smaller file.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
