"""Canonical URLs: every page of a lab names one address, on the lab's primary host."""

from django.conf import settings

from labsite.models import normalise_host


def canonical_base_url(request) -> str:
    """``scheme://host`` that canonical links, OpenGraph URLs and the sitemap use.

    The lab's primary host, except on a member's own domain (their homepage is canonical
    there) and when the request already arrives on the primary host (keeps its port, so
    development servers link to themselves).
    """
    host = request.get_host()
    lab = getattr(request, "lab", None)
    if lab is None or getattr(request, "homepage_person_id", None) is not None:
        return f"{request.scheme}://{host}"
    primary = lab.primary_domain
    if not primary or normalise_host(host) == primary:
        return f"{request.scheme}://{host}"
    scheme = "https" if getattr(settings, "HTTPS", False) else request.scheme
    return f"{scheme}://{primary}"
