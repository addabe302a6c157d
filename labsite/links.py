"""The one rule for addresses typed into link fields (members' links and CV entries,
paper links, award links).

- ``https://…`` and ``http://…`` are web addresses; nothing else is shown as a web link
  (no ``javascript:``, ``data:``, ``file:`` or ``ftp:`` on public pages).
- A web address with ``name@`` before the host is refused: it opens the host, not mail.
- Where an e-mail address makes sense (``allow_mailto``) ``mailto:name@example.org`` is
  accepted, and a bare ``name@example.org`` becomes that ``mailto:`` link.
- Nothing else is rewritten: ``example.org/me`` gets a question ("did you mean
  https://example.org/me?") instead of a silent ``https://``.
"""

import re
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

WEB_SCHEMES = ("http", "https")
_WEB_PREFIXES = tuple(f"{scheme}://" for scheme in WEB_SCHEMES)
MAILTO = "mailto:"
WEB_URL_MESSAGE = "Enter a full web address starting with https:// (or http://)."
MAILTO_MESSAGE = "Enter an e-mail address after mailto:, such as mailto:name@example.org."

# "scheme:" as RFC 3986 spells it; "example.org/me" and "name@example.org" have none.
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_web_url = URLValidator(schemes=list(WEB_SCHEMES), message=WEB_URL_MESSAGE)
_email = EmailValidator()
_LONGEST_QUOTED = 200  # characters of the input repeated in a message


def is_web_url(url: str) -> bool:
    """May ``url`` go in a public ``href`` as a web link? The one check for stored values,
    also those written around validation (imports, bulk writes): strict and cheap, the
    scheme and ``//`` exactly as every validated link has them."""
    return (url or "")[:8].lower().startswith(_WEB_PREFIXES)


def is_mailto(url: str) -> bool:
    return (url or "")[: len(MAILTO)].lower() == MAILTO


def is_email(value: str) -> bool:
    try:
        _email(value)
    except ValidationError:
        return False
    return True


def validate_web_url(value: str) -> None:
    _web_url(value)
    parts = urlsplit(value)
    if parts.username is not None:
        raise ValidationError(
            f"The part before “@” makes this a login to {parts.hostname}, not an e-mail "
            "address. Remove it, or type the e-mail address alone where one is allowed."
        )


def validate_web_url_or_mailto(value: str) -> None:
    if is_mailto(value):
        if not is_email(value[len(MAILTO) :].split("?", 1)[0]):
            raise ValidationError(MAILTO_MESSAGE)
        return
    validate_web_url(value)


SITE_PATH_MESSAGE = (
    "Enter a path on this site starting with / (such as /people/ada/), or a full web "
    "address starting with https://."
)
# A path on the same host: one leading slash ("//host" is another host), no spaces,
# control characters or backslashes (browsers read "/\\host" as "//host").
_SITE_PATH = re.compile(r"^/(?![/\\])[^\s\\\x00-\x1f\x7f]*$")


def is_site_path(value: str) -> bool:
    """Is ``value`` a path on the host that serves it (``/people/ada/``), never another host?"""
    return bool(_SITE_PATH.match(value or ""))


def validate_site_path_or_web_url(value: str) -> None:
    """A target that may be a page of this site (a path) or a web address elsewhere."""
    if (value or "").startswith("/") and not value.startswith("//"):
        if not is_site_path(value):
            raise ValidationError(SITE_PATH_MESSAGE)
        return
    if not _SCHEME.match(value or ""):
        raise ValidationError(SITE_PATH_MESSAGE)
    validate_web_url(value)


def link_validator(*, allow_mailto: bool):
    return validate_web_url_or_mailto if allow_mailto else validate_web_url


class LinkFormField(forms.CharField):
    """The form field of every link: the rule above, with a clear message for each case."""

    widget = forms.URLInput

    def __init__(self, *, allow_mailto: bool = False, assume_scheme=None, **kwargs):
        # ``assume_scheme`` is ignored on purpose: nothing is assumed (see to_python).
        self.allow_mailto = allow_mailto
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)
        self.validators.append(link_validator(allow_mailto=allow_mailto))

    def to_python(self, value):
        value = super().to_python(value)
        if not value or _SCHEME.match(value):
            return value
        if "@" in value and is_email(value):
            if self.allow_mailto:
                return MAILTO + value
            raise ValidationError(
                "This is an e-mail address; this link needs a web address starting with https://."
            )
        suggestion = "https:" + value if value.startswith("//") else "https://" + value
        if len(suggestion) > _LONGEST_QUOTED:
            raise ValidationError(WEB_URL_MESSAGE)
        raise ValidationError(f"Add https:// (or http://) at the start: did you mean {suggestion}?")
