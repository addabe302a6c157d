"""``publish_lab``: every public page of one lab, rendered by the app, as files."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.conf import settings

from publishing import pages
from publishing.paths import PublishError, checked_host, relative_file
from publishing.render import PageRenderer
from publishing.targets import current_target


@dataclass
class PublishReport:
    lab: str
    hosts: list[str]
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    # What the target did beyond writing: S3 counts uploaded, unchanged and deleted objects.
    target: dict = field(default_factory=dict)


def publish_lab(*, lab, renderer: PageRenderer | None = None) -> PublishReport:
    """Render every published page of ``lab`` into a fresh build and swap it in.

    Any page that does not answer as expected (a 503 while the database is down, a 500)
    stops the publish before the swap: the files already published stay as they were.
    """
    started = time.monotonic()
    hosts = pages.hosts_of(lab)
    if not hosts.lab_hosts:
        raise PublishError(f"Lab {lab.slug!r} has no host of its own to publish on.")
    for host in hosts.all:
        checked_host(host)
    renderer = renderer or PageRenderer()
    report = PublishReport(lab=lab.slug, hosts=hosts.all)
    build = current_target().begin(lab.pk)
    limit = settings.LABSITE_PUBLISH_MAX_PAGES

    try:
        sitemap = renderer.render(hosts.lab_hosts[0], "/sitemap.xml").body
        for target in pages.targets(hosts, sitemap, debug=settings.DEBUG):
            if report.files >= limit:
                raise PublishError(
                    f"Lab {lab.slug!r} has more than {limit} pages to publish "
                    "(LABSITE_PUBLISH_MAX_PAGES): nothing was published."
                )
            page = renderer.render(target.host, target.path, expect_status=target.status)
            relative = target.file_name or relative_file(target.path, page.content_type)
            build.write(target.host, relative, page.body)
            report.files += 1
            report.bytes += len(page.body)
        report.target = build.commit(hosts.all)
    except BaseException:
        build.abort()  # what was published stays as it was
        raise
    report.seconds = time.monotonic() - started
    return report
