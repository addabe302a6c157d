"""Media files in a lab archive: only the lab's own images, under the lab's own folder.

A name must be under the archive lab's folder ``labs/<slug>/`` (an older archive's shared
``markdownx/…`` moves into it), never in another lab's folder; it must be a JPEG, PNG or
WebP, and it is re-validated and re-encoded by labsite/images.py like an upload, so only
pixels are stored.
"""

from __future__ import annotations

import posixpath
import re

from django.conf import settings
from django.core.exceptions import ValidationError

from archive.format import MEDIA_PREFIX, ArchiveError
from labsite import images

# The kinds of file a lab's media folder holds: what uploads are stored as.
MEDIA_EXTENSIONS = {".jpg": "jpg", ".jpeg": "jpg", ".png": "png", ".webp": "webp"}


def safe_name(name) -> str:
    """A storage name from an archive: relative, no ``..``, no backslashes."""
    if not isinstance(name, str) or not name or len(name) > 500:
        raise ArchiveError(f"Invalid file name in the archive: {name!r}.")
    normal = posixpath.normpath(name)
    if (
        normal != name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or any(part in ("", ".", "..") for part in name.split("/"))
    ):
        raise ArchiveError(f"Unsafe file name in the archive: {name!r}.")
    return name


def media_ref_pattern() -> re.Pattern:
    """``/media/<name>`` in markdown text (images embedded in it are part of the lab)."""
    # Built from the setting at call time; ``re`` caches the compiled pattern.
    return re.compile(re.escape(settings.MEDIA_URL) + r"""([^\s"'()<>\]\[]+)""")


def media_target(name: str, *, archive_slug: str, slug: str) -> str:
    """Where archive file ``name`` is stored for lab ``slug``: always under ``labs/<slug>/``.

    ``labs/<archive_slug>/…`` moves to ``labs/<slug>/…``; another lab's folder is refused;
    anything else (an older archive's shared ``markdownx/…``) moves into the lab's folder.
    """
    safe_name(name)
    parts = name.split("/")
    if parts[0] == "labs":
        if len(parts) < 3 or parts[1] != archive_slug:
            where = "in another lab's folder" if len(parts) >= 3 else "in no lab's folder"
            raise ArchiveError(
                f"{MEDIA_PREFIX}{name}: the file is {where}; only files under "
                f"labs/{archive_slug}/ belong to this lab's archive."
            )
        parts = parts[2:]
    extension = posixpath.splitext(parts[-1])[1].lower()
    if extension not in MEDIA_EXTENSIONS:
        raise ArchiveError(
            f"{MEDIA_PREFIX}{name}: only JPEG, PNG and WebP images are restored (what uploads "
            f"are stored as); {extension or 'a name without an extension'} is not one."
        )
    return images.lab_media_dir(slug, *parts)


def restored_image(name: str, file) -> bytes:
    """The image re-validated and re-encoded like an upload; its kind must match its name."""
    try:
        data, extension = images.reencode_same_format(file)
    except ValidationError as error:
        raise ArchiveError(f"{MEDIA_PREFIX}{name}: {' '.join(error.messages)}") from error
    named = MEDIA_EXTENSIONS[posixpath.splitext(name)[1].lower()]
    if extension != named:
        raise ArchiveError(
            f"{MEDIA_PREFIX}{name}: the file is a {extension.upper()} image under a "
            f"{named.upper()} name."
        )
    return data
