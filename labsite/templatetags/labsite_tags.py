"""Template helpers of the design system: ``{% load labsite_tags %}``.

- ``{% icon "github" %}`` an inline SVG icon (decorative, hidden from screen readers);
  accepts icon names and the link kinds of people and publications ("scholar", "pdf" …).
- ``{{ url|absolute_url }}`` a path made absolute on the lab's canonical host (OpenGraph).
- ``{% nav_link "/people/" "People" %}`` a header link with ``aria-current`` when active.
- ``{% json_ld data %}`` a schema.org ``<script type="application/ld+json">`` with the CSP nonce.
- ``{% favicon_url %}`` the browser tab icon of the page's lab (also in the admin).
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

from labsite.models import favicon_url as lab_favicon_url

register = template.Library()

# As django.utils.html.json_script: text inside <script> must not close it or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# Link kinds (people.PersonLink.Kind, publications.choices.LinkKind) → icon in icons.svg.
ICON_ALIASES = {
    "scholar": "cap",
    "orcid": "orcid",
    "github": "github",
    "x": "x",
    "twitter": "x",
    "linkedin": "linkedin",
    "dblp": "book",
    "semantic-scholar": "book",
    "openalex": "book",
    "homepage": "globe",
    "website": "globe",
    "cv": "file",
    "pdf": "file",
    "arxiv": "file",
    "paper": "file",
    "doi": "link",
    "code": "code",
    "project": "globe",
    "blog": "pen",
    "slides": "slides",
    "video": "video",
    "poster": "image",
    "dataset": "database",
    "email": "mail",
    "location": "pin",
    "address": "pin",
    "feed": "rss",
    "bibtex": "quote",
    "cite": "quote",
    "other": "link",
}
ICONS = {
    "link", "mail", "pin", "building", "file", "code", "globe", "cap", "github", "orcid", "x",
    "linkedin", "book", "pen", "slides", "video", "image", "database", "sun", "moon", "rss",
    "copy", "check", "star", "award", "external", "search", "quote", "calendar", "user",
    "users", "news", "arrow-right", "download",
}


def icon_name(name) -> str:
    name = str(name or "").strip().lower()
    name = ICON_ALIASES.get(name, name)
    return name if name in ICONS else "link"


@register.simple_tag
def icon(name, css_class=""):
    classes = f"icon {css_class}".strip()
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}#i-{}"></use></svg>',
        classes,
        static("labsite/icons.svg"),
        icon_name(name),
    )


@register.filter
def absolute_url(path, base=""):
    """``{{ person.photo.url|absolute_url:canonical_base_url }}``; absolute URLs pass."""
    path = str(path or "")
    if not path or path.startswith(("http://", "https://")):
        return path
    base = str(base() if callable(base) else base or "").rstrip("/")
    return f"{base}{path if path.startswith('/') else '/' + path}"


@register.simple_tag(takes_context=True)
def nav_link(context, href, label):
    """A main-navigation link; on a member's own domain it points at the lab's host."""
    request = context.get("request")
    path = getattr(request, "path", "")
    on_member_domain = getattr(request, "homepage_person_id", None) is not None
    base = context.get("lab_url_base", "")
    base = str(base() if callable(base) else base)
    current = not on_member_domain and (path == href if href == "/" else path.startswith(href))
    if current:
        return format_html('<a href="{}{}" aria-current="page">{}</a>', base, href, label)
    return format_html('<a href="{}{}">{}</a>', base, href, label)


_MONOGRAM_SKIP = {"lab", "laboratory", "group", "the", "of", "for", "and", "on", "in", "at"}


@register.filter
def monogram(name) -> str:
    """Up to three initials of a lab name for the header mark: "Lab for Efficient Learning
    Systems" → "ELS"."""
    words = [word for word in str(name or "").split() if word[:1].isalnum()]
    significant = [word for word in words if word.lower() not in _MONOGRAM_SKIP] or words
    return "".join(word[0] for word in significant[:3]).upper()


@register.simple_tag(takes_context=True)
def json_ld(context, data) -> SafeString:
    """``<script type="application/ld+json">`` of ``data``, with the page's CSP nonce.

    Serialised with ``json.dumps`` and escaped exactly as ``json_script`` does, so no
    string inside can end the element; never built by concatenating user text.
    """
    text = SafeString(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
            _JSON_SCRIPT_ESCAPES
        )
    )
    # django-csp's nonce is a lazy object that is falsy until read: compare, don't test truth.
    nonce = context.get("csp_nonce")
    nonce = "" if nonce is None else str(nonce)
    if nonce:
        return format_html(
            '<script type="application/ld+json" nonce="{}">{}</script>', nonce, text
        )
    return format_html('<script type="application/ld+json">{}</script>', text)


@register.simple_tag(takes_context=True)
def favicon_url(context) -> str:
    """``<link rel="icon" href="{% favicon_url %}">``: the page's lab's icon."""
    return lab_favicon_url(context.get("lab"))
