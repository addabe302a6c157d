"""Canonical URLs: every page of a lab names one address, on the lab's primary host."""

from django.conf import settings
from django.core.cache import cache

from labsite.cache import content_version
from labsite.models import Domain, normalise_host


def primary_host(lab) -> str:
    """``Lab.primary_domain``, cached under the lab's content version (bumped when a Domain
    or the Lab changes), so pages pay no query for it."""
    key = f"labsite:primary-host:{lab.pk}:{content_version(lab.pk)}"
    host = cache.get(key)
    if host is None:
        domain = (
            Domain.objects.filter(lab=lab, person__isnull=True)
            .order_by("-is_primary", "pk")
            .values_list("host", flat=True)
            .first()
        )
        host = domain or ""
        cache.set(key, host, 24 * 3600)
    return host


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
    primary = primary_host(lab)
    if not primary or normalise_host(host) == primary:
        return f"{request.scheme}://{host}"
    scheme = "https" if getattr(settings, "HTTPS", False) else request.scheme
    return f"{scheme}://{primary}"
