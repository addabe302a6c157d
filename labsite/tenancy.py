"""Host → lab resolution, cached, shared by the middleware and commands."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import OuterRef, Subquery

from labsite.models import Domain, Lab, normalise_host
from labsite.versions import bump_tenancy, tenancy_version

HOST_CACHE_SECONDS = 300


@dataclass(frozen=True)
class Site:
    """What a host serves: a lab, and for a member's own domain, that member."""

    lab: Lab
    person_id: int | None = None


def forget_hosts() -> None:
    """Drop every cached host lookup, in every process (called when a lab or domain changes)."""
    bump_tenancy()


# Per process: host → (tenancy version, expiry, site). A hit costs one read of the shared
# tenancy version (labsite.versions) instead of unpickling a lab on every request; any change
# to a lab or domain, in any process, bumps it and so invalidates every process's entries.
_resolved: dict[str, tuple[int, float, Site | None]] = {}
_RESOLVED_MAX = 10_000


def resolve_host(host: str) -> Site | None:
    host = normalise_host(host)
    version = tenancy_version()
    memo = _resolved.get(host)
    now = time.monotonic()
    if memo is not None and memo[0] == version and memo[1] > now:
        return memo[2]
    key = f"labsite:host:{version}:{host}"
    site = cache.get(key)
    if site is None:
        site = _lookup(host)
        cache.set(key, site or False, HOST_CACHE_SECONDS)
    site = site or None  # False is a cached "no lab here"
    if len(_resolved) >= _RESOLVED_MAX:  # hosts the deployment never heard of
        _resolved.clear()
    _resolved[host] = (version, now + HOST_CACHE_SECONDS, site)
    return site


def _lookup(host: str) -> Site | None:
    """The site of ``host``; its lab carries ``primary_domain`` (read in the same query)."""
    domain = (
        Domain.objects.select_related("lab")
        .annotate(lab_primary_host=_primary_host_of(OuterRef("lab")))
        .filter(host=host)
        .first()
    )
    if domain is not None:
        domain.lab.primary_domain = domain.lab_primary_host or ""
        return Site(lab=domain.lab, person_id=domain.person_id)
    labs = Lab.objects.annotate(lab_primary_host=_primary_host_of(OuterRef("pk")))
    if settings.LABSITE_DEFAULT_LAB:
        lab = labs.filter(slug=settings.LABSITE_DEFAULT_LAB).first()
    else:
        # A deployment with exactly one lab serves it on any allowed host (`make run`).
        first_two = list(labs[:2])
        lab = first_two[0] if len(first_two) == 1 else None
    if lab is None:
        return None
    lab.primary_domain = lab.lab_primary_host or ""
    return Site(lab=lab)


def _primary_host_of(lab):
    """Sub-query: the host of ``Lab.primary_domain``."""
    return Subquery(
        Domain.objects.filter(lab=lab, person__isnull=True)
        .order_by("-is_primary", "pk")
        .values("host")[:1]
    )


def visited_port_suffix(request) -> str:
    """``":8000"`` when the visitor's Host named a port (development servers), else ``""``:
    behind the production proxy the Host carries none, so links never name the app
    server's port."""
    host = request.get_host()
    if host.endswith("]") or ":" not in host:
        return ""
    return ":" + host.rsplit(":", 1)[1]


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
    return f"{request.scheme}://{host}{visited_port_suffix(request)}"
