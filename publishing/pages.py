"""Which pages of a lab are published, on which hosts (reads only; nothing is written)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse

from labsite.models import Domain

NOT_FOUND_PATH = "/.published-404/"  # a path no URL pattern serves: the lab's own 404 page
NOT_FOUND_FILE = "404.html"

_LOC = re.compile(rb"<loc>([^<]+)</loc>")


@dataclass(frozen=True)
class LabHosts:
    lab_hosts: list[str]  # primary first
    member_hosts: list[str]  # each serves one member's homepage at /

    @property
    def all(self) -> list[str]:
        return [*self.lab_hosts, *self.member_hosts]


def hosts_of(lab) -> LabHosts:
    domains = Domain.objects.filter(lab=lab).order_by("-is_primary", "pk")
    return LabHosts(
        lab_hosts=[d.host for d in domains if d.person_id is None],
        member_hosts=[d.host for d in domains if d.person_id is not None],
    )


def sitemap_paths(sitemap_xml: bytes) -> list[str]:
    """The paths of the URLs a rendered ``sitemap.xml`` lists, in its order, once each."""
    paths = (urlsplit(html.unescape(m.group(1).decode())).path or "/"
             for m in _LOC.finditer(sitemap_xml))
    return list(dict.fromkeys(paths))  # ordered and linear: a lab lists thousands of pages


def _person_feed(path: str, people_prefix: str) -> str | None:
    # Only a path under the team page can be a homepage: resolving all 5,000 paper pages
    # of a large lab was most of the cost of an edit's publish.
    if not path.startswith(people_prefix) or path == people_prefix:
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name != "people:detail":
        return None
    return reverse("news:person_feed", kwargs=match.kwargs)


def lab_paths(sitemap_xml: bytes) -> list[str]:
    """Every path published on each lab host besides the 404 page: the sitemap's pages,
    the files next to them (robots, sitemap, BibTeX), and the Atom feeds."""
    paths = dict.fromkeys(["/robots.txt", "/sitemap.xml", reverse("publications:list_bibtex"),
                           reverse("news:feed")])
    people_prefix = reverse("people:list")
    for path in sitemap_paths(sitemap_xml):
        paths[path] = None
        if feed := _person_feed(path, people_prefix):
            paths[feed] = None
    return list(paths)


MEMBER_HOST_PATHS = ("/", "/robots.txt")


@dataclass(frozen=True)
class Target:
    host: str
    path: str
    status: int = 200
    file_name: str | None = None  # None: from the path and the content type


def targets(hosts: LabHosts, sitemap_xml: bytes, *, debug: bool):
    """Every page to publish, host by host. Under DEBUG the 404 is Django's technical page,
    which is never published."""
    paths = lab_paths(sitemap_xml)
    for host in hosts.lab_hosts:
        for path in paths:
            yield Target(host, path)
        if not debug:
            yield Target(host, NOT_FOUND_PATH, status=404, file_name=NOT_FOUND_FILE)
    for host in hosts.member_hosts:
        for path in MEMBER_HOST_PATHS:
            yield Target(host, path)
