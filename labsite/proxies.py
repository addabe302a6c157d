"""The client's address, and a warning when a proxy's X-Forwarded-For header goes unread.

The client address is ``REMOTE_ADDR``; ``X-Forwarded-For`` is read only when
``LABSITE_TRUSTED_PROXY_COUNT`` says how many proxies of ours append to it, so a client
cannot pick its own address by sending a made-up header.

Behind nginx or Caddy with the count left at 0, every visitor has the proxy's address, and
login throttling (labsite/throttle.py) sees one client. ``ForwardedForMiddleware`` notices
the header on the first such request of each process, logs a warning and records it in
the database, where ``check --deploy`` (run by ``make serve``) reports it as
``labsite.W001``.
"""

import ipaddress
import logging

from django.conf import settings
from django.core import checks
from django.db import DatabaseError, transaction
from django.utils import timezone

from labsite.models import ForwardedForSighting

logger = logging.getLogger(__name__)

SIGHTING_PK = 1
# Set once this process has recorded a sighting: later requests cost one dict lookup.
_sighting_recorded = False


def trusted_proxy_count() -> int:
    return settings.LABSITE_TRUSTED_PROXY_COUNT


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the entry our own proxies put in X-Forwarded-For.

    With ``LABSITE_TRUSTED_PROXY_COUNT = n`` the n-th address from the right of
    X-Forwarded-For is the one the outermost trusted proxy saw; anything left of it
    was written by the client and is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = trusted_proxy_count()
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            remote = forwarded[-proxies]
    return address_bucket(remote)


def address_bucket(address: str) -> str:
    """IPv6 clients own whole /64 networks: count them per network, not per address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def record_forwarded_for_sighting(request) -> None:
    """Remember (database) and log that X-Forwarded-For arrived with no proxy count set."""
    global _sighting_recorded
    now = timezone.now()
    remote = (request.META.get("REMOTE_ADDR", "") or "")[:64]
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")[:200]
    # Once per process even if the write fails: a database that is down must not cost
    # every proxied request another connection attempt. The log line still tells.
    _sighting_recorded = True
    try:
        ForwardedForSighting.objects.update_or_create(
            pk=SIGHTING_PK,
            defaults={"remote_addr": remote, "forwarded_for": header, "last_seen": now},
            create_defaults={
                "remote_addr": remote,
                "forwarded_for": header,
                "first_seen": now,
                "last_seen": now,
            },
        )
    except DatabaseError as error:  # the request itself must not fail for a warning
        logger.error("Could not record the X-Forwarded-For sighting: %s", error)
    logger.warning(
        "A request from %s carried X-Forwarded-For (%r) but LABSITE_TRUSTED_PROXY_COUNT is 0: "
        "every client behind that proxy counts as %s for login throttling. Set "
        "LABSITE_TRUSTED_PROXY_COUNT to the number of proxies of yours in front of the app.",
        remote,
        header,
        remote,
    )


class ForwardedForMiddleware:
    """Notices X-Forwarded-For while ``LABSITE_TRUSTED_PROXY_COUNT`` is 0 (once per process)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not _sighting_recorded
            and "HTTP_X_FORWARDED_FOR" in request.META
            and trusted_proxy_count() == 0
        ):
            record_forwarded_for_sighting(request)
        return self.get_response(request)


def register_checks() -> None:
    checks.register(check_forwarded_for_without_proxy_count, checks.Tags.security, deploy=True)


def check_forwarded_for_without_proxy_count(app_configs=None, **kwargs):
    """labsite.W001: requests came through a proxy whose client addresses we ignore."""
    if trusted_proxy_count() > 0:
        return []
    try:
        with transaction.atomic():  # a failed query leaves any outer transaction usable
            sighting = ForwardedForSighting.objects.filter(pk=SIGHTING_PK).first()
    except DatabaseError:  # not migrated yet: nothing can have been recorded
        return []
    if sighting is None:
        return []
    return [
        checks.Warning(
            f"Requests from {sighting.remote_addr} carried X-Forwarded-For (last "
            f"{sighting.last_seen:%Y-%m-%d %H:%M} UTC: {sighting.forwarded_for!r}) but "
            "LABSITE_TRUSTED_PROXY_COUNT is 0, so every visitor behind that proxy has its "
            "address and admin login throttling treats them as one client.",
            hint="Set LABSITE_TRUSTED_PROXY_COUNT to the number of proxies of yours that "
            "append to X-Forwarded-For (1 for one nginx or Caddy in front of gunicorn). If "
            "no proxy of yours sets the header, a client sent it: ignore this warning.",
            id="labsite.W001",
        )
    ]
