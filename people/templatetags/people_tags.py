"""Template helpers of the people pages: photos, contact addresses, JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# The same escapes as Django's json_script: the JSON can never close the <script> element
# or open a comment, whatever the user typed.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

AVATAR_COLOURS = 6


@register.inclusion_tag("people/_photo.html")
def person_photo(person, size=120, lazy=True):
    """The member's photo as a responsive ``<img>``, or a placeholder with their initials."""
    return {
        "person": person,
        "size": size,
        "src": person.photo_url(size) if person.photo else "",
        "srcset": person.photo_srcset if person.photo else "",
        "lazy": lazy,
        "colour": (person.pk or 0) % AVATAR_COLOURS,
    }


@register.filter
def email_words(address: str) -> str:
    """``ada.m@example.org`` → ``ada [dot] m [at] example [dot] org``.

    Readable and typeable by a person, invisible to scrapers that look for ``x@y.z``;
    ``people/email.js`` turns it back into a mailto link for visitors with JavaScript.
    """
    local, _, domain = (address or "").partition("@")
    if not domain:
        return ""
    return f"{local.replace('.', ' [dot] ')} [at] {domain.replace('.', ' [dot] ')}"


@register.simple_tag(takes_context=True)
def jsonld(context, data) -> SafeString:
    """A ``<script type="application/ld+json">`` element: json_script with the JSON-LD type
    (and the page's CSP nonce, when there is one)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    nonce = context.get("csp_nonce")
    if nonce:
        return format_html(
            '<script type="application/ld+json" nonce="{}">{}</script>',
            nonce,
            SafeString(text.translate(_JSON_SCRIPT_ESCAPES)),
        )
    return format_html(
        '<script type="application/ld+json">{}</script>',
        SafeString(text.translate(_JSON_SCRIPT_ESCAPES)),
    )
