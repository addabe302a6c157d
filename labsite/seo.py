"""Canonical URLs: every page of a lab names one address, on the lab's primary host."""

from django.conf import settings

from labsite.models import normalise_host
from labsite.tenancy import visited_port_suffix


def canonical_base_url(request) -> str:
    """``scheme://host`` that canonical links, OpenGraph URLs and the sitemap use.

    The lab's primary host, except on a member's own domain (their homepage is canonical
    there). The port the visitor used is kept (``make run`` serves ``127.0.0.1:8000``
    and the demo lab's primary host is ``localhost``: its links go to ``localhost:8000``).
    """
    host = request.get_host()
    lab = getattr(request, "lab", None)
    if lab is None or getattr(request, "homepage_person_id", None) is not None:
        return f"{request.scheme}://{host}"
    primary = lab.primary_domain
    if not primary or normalise_host(host) == primary:
        return f"{request.scheme}://{host}"
    scheme = "https" if getattr(settings, "HTTPS", False) else request.scheme
    return f"{scheme}://{primary}{visited_port_suffix(request)}"
