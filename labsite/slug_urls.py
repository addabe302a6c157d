"""``reverse()`` for the one-slug pages that lists link by the dozen (a paper's, a member's, a
news item's): reversed once per view, URLconf and script prefix with a placeholder, then the
slug put in its place. A homepage links 90 of them; reverse() was a tenth of its time.

Only a slug the ``slug`` path converter accepts takes the shortcut (the bytes are then
exactly what reverse() gives); anything else goes through reverse() itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

_PLACEHOLDER = "slug-placeholder-7f3a"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # django.urls.converters.SlugConverter.regex


@lru_cache(maxsize=128)
def _with_placeholder(viewname: str, urlconf, prefix: str) -> str:
    return reverse(viewname, kwargs={"slug": _PLACEHOLDER}, urlconf=urlconf)


def slug_url_maker(viewname: str, *, urlconf=None) -> Callable[[str], str]:
    """``slug -> reverse(viewname, kwargs={"slug": slug}, urlconf=urlconf)`` for a whole list
    of pages: the view, URLconf and script prefix are looked up once."""
    path = _with_placeholder(viewname, urlconf or get_urlconf(), get_script_prefix())

    def url(slug: str) -> str:
        if not _SLUG.fullmatch(slug or ""):
            return reverse(viewname, kwargs={"slug": slug}, urlconf=urlconf)
        return path.replace(_PLACEHOLDER, slug)

    return url


def slug_url(viewname: str, slug: str, *, urlconf=None) -> str:
    """``reverse(viewname, kwargs={"slug": slug}, urlconf=urlconf)``, the same string."""
    return slug_url_maker(viewname, urlconf=urlconf)(slug)


@receiver(setting_changed)
def _forget_on_urlconf_change(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # tests that swap URLconfs; Django clears its own caches too
        _with_placeholder.cache_clear()
