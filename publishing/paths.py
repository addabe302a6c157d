"""Where a published page goes: ``<host>/<path>/index.<ext>`` or the exact file name.

Every name written is checked here, from the host to the last segment: a host is what a
``Domain`` accepts (the model's own validator), a path has no empty, dot or hidden segment,
and the result is resolved and must stay inside the host's directory. So neither a lab's
data nor a URL its sitemap lists can make a publish write anywhere else.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from django.core.exceptions import ValidationError

from labsite.models import Domain


class PublishError(Exception):
    """A page or name the publisher refuses; the message says which and why."""


# The content types a published file may have, by the extension its file name carries; a
# static server maps the extension back (publishing/serverconf.py writes nginx's table).
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "bib": "application/x-bibtex; charset=utf-8",
}
_EXTENSION_OF = {value: key for key, value in CONTENT_TYPES.items()}


def checked_host(host: str) -> str:
    """``host`` if a ``Domain`` would accept it (no ``/``, ``..`` or leading dot)."""
    try:
        Domain._meta.get_field("host").run_validators(host)
    except ValidationError as error:
        raise PublishError(f"Refusing host {host!r}: {' '.join(error.messages)}") from None
    return host


def _segments(url_path: str) -> list[str]:
    decoded = unquote(url_path)
    if not decoded.startswith("/") or "\\" in decoded or "\x00" in decoded:
        raise PublishError(f"Refusing path {url_path!r}: not a plain absolute path.")
    segments = decoded.strip("/").split("/") if decoded.strip("/") else []
    for segment in segments:
        if not segment or segment.startswith(".") or segment in ("..", "."):
            raise PublishError(f"Refusing path {url_path!r}: empty, dot or hidden segment.")
    return segments


def url_segments(url_path: str) -> list[str]:
    """The decoded segments of ``url_path``, refused as :func:`relative_file` refuses them
    (for the exported static and media files, publishing/export.py)."""
    return _segments(url_path)


def extension_for(content_type: str, url_path: str) -> str:
    normalised = content_type.replace(" ", "").lower()
    for known, extension in _EXTENSION_OF.items():
        if known.replace(" ", "").lower() == normalised:
            return extension
    raise PublishError(f"{url_path} answers {content_type!r}, which is not published as a file.")


def relative_file(url_path: str, content_type: str) -> PurePosixPath:
    """The file, relative to its host's directory, that answers ``url_path``.

    A path ending in ``/`` is a directory's ``index.<ext>``; any other path is the file of
    that name, whose extension must give the same content type the app sent.
    """
    segments = _segments(url_path)
    extension = extension_for(content_type, url_path)
    if url_path.endswith("/"):
        return PurePosixPath(*segments, f"index.{extension}")
    if not segments or PurePosixPath(segments[-1]).suffix != f".{extension}":
        raise PublishError(
            f"{url_path} answers {content_type!r}: its name would be served as another type."
        )
    return PurePosixPath(*segments)


def inside(base: Path, relative: PurePosixPath) -> Path:
    """``base / relative``, refused unless it resolves inside ``base``."""
    target = (base / relative).resolve()
    if not target.is_relative_to(base.resolve()):
        raise PublishError(f"Refusing to write {relative} outside {base}.")
    return base / relative
