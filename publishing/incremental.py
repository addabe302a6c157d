"""Publish only what changed: the pages :func:`pages_affected` names, rendered into the
build already served, one atomic file each (each file is the old version or the new one),
the edited rows' own pages, the publication list and home first, the sitemap last.

A full publish (:func:`publishing.services.publish_lab`) stays the answer whenever the
pages cannot be told apart: nothing published yet, a change only a full publish covers,
more than ``LABSITE_PUBLISH_INCREMENTAL_MAX_PAGES`` pages, or a page gone from the
sitemap (a deleted or renamed row leaves files only a new build removes).
"""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings

from labsite.models import Domain
from publishing import pages
from publishing.dependencies import lab_path, pages_affected
from publishing.paths import checked_host, inside, relative_file
from publishing.render import PageRenderer
from publishing.services import PublishReport, publish_lab
from publishing.targets import DirectoryTarget, current_target
from publishing.tree import write_atomic


def _published_sitemap(root: Path, host: str) -> bytes | None:
    link = root / checked_host(host)
    if not link.is_symlink():
        return None
    try:
        return (link / "sitemap.xml").read_bytes()
    except FileNotFoundError:
        return None


def _member_hosts(lab, paths: set[str]) -> list[str]:
    """The member domains whose ``/`` (the member's homepage) is among ``paths``."""
    domains = Domain.objects.filter(lab=lab, person__isnull=False).select_related("person")
    return [d.host for d in domains
            if lab_path("people:detail", d.person.slug) in paths]


# The lab-wide lists, most visited first; the sitemap last, once the pages it lists exist.
FIRST_LISTS = ("/publications/", "/")
LATER_LISTS = ("/people/", "/news/", "/awards/", "/publications.bib", "/news/feed/")


def _urgency(path: str) -> tuple[int, int]:
    """Render order: the edited rows' own pages (quick, and what the editor looks at),
    the publication list and home, homepages and their feeds, the other lists, the
    sitemap."""
    if path == "/sitemap.xml":
        return (4, 0)
    if path in FIRST_LISTS:
        return (1, FIRST_LISTS.index(path))
    if path in LATER_LISTS:
        return (3, LATER_LISTS.index(path))
    return (2, 0) if path.startswith("/people/") else (0, 0)


def _write(renderer, root: Path, hosts: list[str], paths: list[str], report, *,
           sitemap=None) -> None:
    """Render each path on each host and replace its file at once (old or new bytes)."""
    for host in hosts:
        for path in paths:
            page = sitemap if sitemap and (host, path) == (sitemap.host, sitemap.path) \
                else renderer.render(host, path)
            directory = (root / host).resolve()
            write_atomic(inside(directory, relative_file(path, page.content_type)), page.body)
            report.files += 1
            report.bytes += len(page.body)


def publish_changes(*, lab, changes: list[tuple[str, str]] | None,
                    renderer: PageRenderer | None = None) -> PublishReport:
    """Publish the pages ``changes`` affect into the lab's served build; a full publish
    when ``changes`` is ``None`` or the pages cannot be told apart (module docstring)."""
    started = time.monotonic()
    renderer = renderer or PageRenderer()
    if changes is None:
        return publish_lab(lab=lab, renderer=renderer)
    target = current_target()
    if not isinstance(target, DirectoryTarget):
        # A bucket publish already sends only the objects that changed (publishing/s3.py).
        return publish_lab(lab=lab, renderer=renderer)
    root = target.root
    hosts = pages.hosts_of(lab)
    old_sitemap = _published_sitemap(root, hosts.lab_hosts[0]) if hosts.lab_hosts else None
    if old_sitemap is None or not all((root / h).is_symlink() for h in hosts.all):
        return publish_lab(lab=lab, renderer=renderer)  # a host not published yet
    affected = pages_affected(lab, changes)
    if affected is None or len(affected) > settings.LABSITE_PUBLISH_INCREMENTAL_MAX_PAGES:
        return publish_lab(lab=lab, renderer=renderer)

    report = PublishReport(lab=lab.slug, hosts=hosts.all)
    published = pages.lab_paths(old_sitemap)
    # The edited rows' own pages and the publication list and home first, before the
    # sitemap (thousands of URLs on a large lab): what the editor and readers look at.
    published_set = set(published)
    first = sorted((path for path in affected if path in published_set and _urgency(path)[0] <= 1),
                   key=lambda path: (_urgency(path), path))
    _write(renderer, root, hosts.lab_hosts, first, report)

    sitemap = renderer.render(hosts.lab_hosts[0], "/sitemap.xml")
    now = pages.lab_paths(sitemap.body)
    if set(published) - set(now):
        return publish_lab(lab=lab, renderer=renderer)
    # New rows' pages (and their feeds) are new files; pages no longer published are not
    # rendered (a hidden member's homepage is not in the sitemap).
    first_set = set(first)
    wanted = [path for path in now
              if (path in affected or path not in published_set) and path not in first_set]
    if len(wanted) > settings.LABSITE_PUBLISH_INCREMENTAL_MAX_PAGES:
        return publish_lab(lab=lab, renderer=renderer)
    wanted.sort(key=_urgency)
    _write(renderer, root, hosts.lab_hosts, wanted, report, sitemap=sitemap)
    members = _member_hosts(lab, set(first) | set(wanted))
    _write(renderer, root, members, ["/"], report)
    report.seconds = time.monotonic() - started
    return report

