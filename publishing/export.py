"""``export_lab``: one host of a lab as a self-contained folder for any static host.

The pages are the published ones (publishing/pages.py), rendered by the same renderer
(publishing/render.py), then their links rewritten (publishing/export_links.py) so the
folder works from its own address: under ``base_url`` (a GitHub Pages project,
``https://user.github.io/site/``) or, without one, from any folder or ``file://``. The
static files the pages and their stylesheets use are copied (collectstatic's names), and
the lab's own media, never another lab's: a media file outside ``labs/<this lab>/`` is
left out and named in the report.

The folder is built next to ``out`` and renamed into place, so a failed export leaves
``out`` as it was.
"""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

from labsite.images import lab_media_dir
from publishing import pages
from publishing.export_links import LinkMap, rewrite_absolute, rewrite_css, rewrite_html
from publishing.paths import PublishError, checked_host, inside, relative_file, url_segments
from publishing.render import PageRenderer
from publishing.tree import write_into_build

MAX_BASE_URL_LENGTH = 2000
_REWRITTEN_AS_TEXT = (".atom", ".xml", ".txt")


@dataclass
class ExportReport:
    lab: str
    host: str
    out: Path
    pages: int = 0
    assets: int = 0
    bytes: int = 0
    left_out: list[str] = field(default_factory=list)  # media of no lab or another lab
    missing: list[str] = field(default_factory=list)  # static files no finder has


def checked_base_url(base_url: str) -> str:
    """``base_url`` as an http(s) folder address ending in ``/``; "" stays "" (relative)."""
    if not base_url:
        return ""
    parts = urlsplit(base_url)
    if (len(base_url) > MAX_BASE_URL_LENGTH or parts.scheme not in ("http", "https")
            or not parts.hostname or parts.query or parts.fragment):
        raise PublishError(
            f"--base-url {base_url[:100]!r} is not an http(s) address without a query, "
            "e.g. https://user.github.io/site/."
        )
    return base_url if base_url.endswith("/") else base_url + "/"


def export_host(lab, host: str) -> str:
    lab_hosts = pages.hosts_of(lab).lab_hosts
    if not lab_hosts:
        raise PublishError(f"Lab {lab.slug!r} has no host of its own to export.")
    if not host:
        return lab_hosts[0]
    host = host.lower()
    if host not in lab_hosts:
        raise PublishError(
            f"{host!r} is not a host of lab {lab.slug!r}; its hosts: {', '.join(lab_hosts)}."
        )
    return host


def _checked_out(out: Path, *, force: bool) -> None:
    if not out.name or out.name in (".", ".."):
        raise PublishError(f"{out} is not a folder name to export into: name a new folder.")
    if out.exists() and not out.is_dir():
        raise PublishError(f"{out} exists and is not a directory: nothing was exported.")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise PublishError(
            f"{out} is not empty: give --force to replace it, or an empty or new directory."
        )


def _cname(host: str, base_url: str, cname: str) -> str:
    """GitHub Pages' custom domain: asked for, or the host itself as the base URL."""
    if cname:
        return checked_host(cname.lower())
    parts = urlsplit(base_url)
    return host if parts.hostname == host and parts.path in ("", "/") else ""


class _Exporter:
    def __init__(self, *, lab, host: str, build: Path, links: LinkMap, report: ExportReport):
        self.lab, self.host, self.build, self.links, self.report = lab, host, build, links, report
        self.media_prefix = lab_media_dir(lab.slug) + "/"

    def render_pages(self, renderer: PageRenderer) -> list[tuple[str, str]]:
        """Every page written as the app rendered it; ``[(path, file)]``."""
        limit = settings.LABSITE_PUBLISH_MAX_PAGES
        sitemap = renderer.render(self.host, "/sitemap.xml").body
        written = []
        targets = [pages.Target(self.host, path) for path in pages.lab_paths(sitemap)]
        if not settings.DEBUG:
            targets.append(pages.Target(self.host, pages.NOT_FOUND_PATH, status=404,
                                        file_name=pages.NOT_FOUND_FILE))
        for target in targets:
            if len(written) >= limit:
                raise PublishError(
                    f"Lab {self.lab.slug!r} has more than {limit} pages to export "
                    "(LABSITE_PUBLISH_MAX_PAGES): nothing was exported."
                )
            page = renderer.render(self.host, target.path, expect_status=target.status)
            file = str(target.file_name or relative_file(target.path, page.content_type))
            write_into_build(inside(self.build, PurePosixPath(file)), page.body)
            if target.status == 200:
                self.links.files[target.path] = file
            written.append((target.path, file))
        return written

    def rewrite_pages(self, written: list[tuple[str, str]]) -> None:
        """Each page's links rewritten, one page in memory at a time."""
        for path, file in written:
            location = self.build / file
            body = location.read_bytes()
            if file.endswith(".html"):
                page_path = "/" if file == pages.NOT_FOUND_FILE else path
                body = rewrite_html(body, self.links, page_path=page_path, page_file=file)
            elif file.endswith(_REWRITTEN_AS_TEXT):
                body = rewrite_absolute(body, self.links)
            location.write_bytes(body)
            self.report.pages += 1

    def _add_bytes(self, size: int) -> None:
        self.report.bytes += size
        if self.report.bytes > settings.LABSITE_EXPORT_MAX_BYTES:
            raise PublishError(
                f"The export of {self.lab.slug!r} is over {settings.LABSITE_EXPORT_MAX_BYTES:,} "
                "bytes of files (LABSITE_EXPORT_MAX_BYTES): nothing was exported."
            )

    def _copy_static(self, url_path: str, destination: Path) -> None:
        name = "/".join(url_segments("/" + url_path[len(settings.STATIC_URL):]))
        collected = Path(settings.STATIC_ROOT) / name
        source = collected if collected.is_file() else finders.find(name)
        if not source:
            self.report.missing.append(url_path)
            return
        self._add_bytes(os.path.getsize(source))
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        if destination.suffix == ".css":
            destination.write_bytes(
                rewrite_css(destination.read_bytes(), self.links, css_path=url_path))

    def _copy_media(self, url_path: str, destination: Path) -> None:
        name = "/".join(url_segments("/" + url_path[len(settings.MEDIA_URL):]))
        if not name.startswith(self.media_prefix) or not default_storage.exists(name):
            self.report.left_out.append(url_path)  # never another lab's file
            return
        self._add_bytes(default_storage.size(name))
        destination.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(destination, "xb") as target:
            shutil.copyfileobj(source, target)

    def copy_assets(self) -> None:
        """The static and media files the pages use, and those their stylesheets use."""
        done: set[str] = set()
        while pending := sorted(self.links.assets - done):
            for url_path in pending:
                done.add(url_path)
                relative = PurePosixPath(*url_segments(url_path))
                destination = inside(self.build, relative)
                if url_path.startswith(settings.STATIC_URL):
                    self._copy_static(url_path, destination)
                else:
                    self._copy_media(url_path, destination)
                self.report.assets += destination.exists()


def _swap_in(build: Path, out: Path) -> None:
    """``out`` becomes ``build`` by renames in the same directory; the old one is removed."""
    if out.exists():
        old = out.parent / f".{out.name}.old-{secrets.token_hex(4)}"
        os.rename(out, old)
        os.rename(build, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(build, out)


def export_lab(*, lab, out: Path, base_url: str = "", host: str = "", cname: str = "",
               force: bool = False, renderer: PageRenderer | None = None) -> ExportReport:
    """Write ``out`` with every page of ``lab`` on ``host`` (default: its primary host),
    links rewritten for ``base_url`` (or relative), the static files and the lab's media."""
    out = Path(out).absolute()
    base_url = checked_base_url(base_url)
    host = export_host(lab, host)
    cname = _cname(host, base_url, cname)
    _checked_out(out, force=force)
    out.parent.mkdir(parents=True, exist_ok=True)
    build = out.parent / f".{out.name}.export-{secrets.token_hex(4)}"
    build.mkdir()
    report = ExportReport(lab=lab.slug, host=host, out=out)
    links = LinkMap(host=host, base_url=base_url, scheme="https" if settings.HTTPS else "http")
    exporter = _Exporter(lab=lab, host=host, build=build, links=links, report=report)
    try:
        written = exporter.render_pages(renderer or PageRenderer())
        exporter.rewrite_pages(written)
        exporter.copy_assets()
        (build / ".nojekyll").write_bytes(b"")  # GitHub Pages: serve files as they are
        if cname:
            (build / "CNAME").write_text(cname + "\n")
        _swap_in(build, out)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)  # ``out`` stays as it was
        raise
    return report
