import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# As django.utils.html.json_script: text inside <script> must not close it or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def ld_json(context, data) -> SafeString:
    """``<script type="application/ld+json">`` of ``data`` (with the page's CSP nonce).

    Serialised with ``json.dumps`` and escaped exactly as ``json_script`` does, so no
    string inside can end the element; never built by concatenating user text.
    """
    text = SafeString(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
            _JSON_SCRIPT_ESCAPES
        )
    )
    nonce = context.get("csp_nonce")
    if nonce:
        return format_html(
            '<script type="application/ld+json" nonce="{}">{}</script>', nonce, text
        )
    return format_html('<script type="application/ld+json">{}</script>', text)
