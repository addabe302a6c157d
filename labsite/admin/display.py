"""Small pieces of admin pages: thumbnails in lists and forms."""

from django.utils.html import format_html

from labsite.admin.forms import is_stored


def image_thumbnail(url: str, *, alt: str = "", size: int = 48):
    """An ``<img>`` for list columns and forms (the URL and text are escaped)."""
    if not url:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" class="labsite-thumb" width="{}" height="{}" loading="lazy">',
        url,
        alt,
        size,
        size,
    )


def file_url(file) -> str:
    if not is_stored(file):
        return ""
    try:
        return file.url
    except ValueError:
        return ""
