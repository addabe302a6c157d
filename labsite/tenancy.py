"""Host → lab resolution, cached, shared by the middleware and commands."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from labsite.models import Domain, Lab, normalise_host

HOST_CACHE_SECONDS = 300
_TENANCY_VERSION_KEY = "labsite:tenancy-version"


@dataclass(frozen=True)
class Site:
    """What a host serves: a lab, and for a member's own domain, that member."""

    lab: Lab
    person_id: int | None = None


def _tenancy_version() -> int:
    return cache.get_or_set(_TENANCY_VERSION_KEY, 1, timeout=None)


def forget_hosts() -> None:
    """Drop every cached host lookup (called when a lab or domain changes)."""
    try:
        cache.incr(_TENANCY_VERSION_KEY)
    except ValueError:
        cache.set(_TENANCY_VERSION_KEY, 2, timeout=None)


def resolve_host(host: str) -> Site | None:
    host = normalise_host(host)
    key = f"labsite:host:{_tenancy_version()}:{host}"
    cached = cache.get(key)
    if cached is not None:
        return cached or None  # False is a cached "no lab here"
    site = _lookup(host)
    cache.set(key, site or False, HOST_CACHE_SECONDS)
    return site


def _lookup(host: str) -> Site | None:
    domain = Domain.objects.select_related("lab").filter(host=host).first()
    if domain is not None:
        return Site(lab=domain.lab, person_id=domain.person_id)
    if settings.LABSITE_DEFAULT_LAB:
        lab = Lab.objects.filter(slug=settings.LABSITE_DEFAULT_LAB).first()
        return Site(lab=lab) if lab else None
    # A deployment with exactly one lab serves it on any allowed host (`make run`).
    labs = list(Lab.objects.all()[:2])
    return Site(lab=labs[0]) if len(labs) == 1 else None


def lab_base_url(request) -> str:
    """Prefix for links to the lab's pages.

    Empty on the lab's own host. On a member's own domain (which serves only the homepage)
    ``scheme://host[:port]`` of the lab's primary host, with the port the visitor used
    (development servers), never the app server's.
    """
    if getattr(request, "homepage_person_id", None) is None:
        return ""
    host = request.lab.primary_domain
    if not host:
        return ""
    visited = request.get_host()
    port = "" if visited.endswith("]") or ":" not in visited else visited.rsplit(":", 1)[1]
    return f"{request.scheme}://{host}{':' + port if port else ''}"
