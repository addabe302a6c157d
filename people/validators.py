"""Validation of the addresses members put on their pages."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models

from labsite.links import LinkFormField, is_mailto, is_web_url, link_validator


class WebURLField(models.URLField):
    """A URLField for links shown on public pages (the rule is in ``labsite.links``):
    http(s) addresses, and with ``allow_mailto`` e-mail addresses too."""

    def __init__(self, *args, allow_mailto: bool = False, **kwargs):
        self.allow_mailto = allow_mailto
        super().__init__(*args, **kwargs)

    @property
    def default_validators(self):
        return [link_validator(allow_mailto=self.allow_mailto)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.allow_mailto:
            kwargs["allow_mailto"] = True
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": LinkFormField, "allow_mailto": self.allow_mailto, **kwargs}
        )


# Hosts a link of a given kind must point to (the host itself or a subdomain of it).
LINK_KIND_HOSTS = {
    "orcid": ("orcid.org",),
    "github": ("github.com",),
    "x": ("x.com", "twitter.com"),
    "linkedin": ("linkedin.com",),
    "dblp": ("dblp.org", "dblp.uni-trier.de", "dblp.dagstuhl.de"),
    "semantic-scholar": ("semanticscholar.org",),
    "openalex": ("openalex.org",),
}


def _host_matches(host: str, allowed: str) -> bool:
    return host == allowed or host.endswith("." + allowed)


def link_host_error(kind: str, kind_label: str, url: str) -> str | None:
    """A message when a link's address does not fit its kind (a GitHub link to gitlab…)."""
    host = (urlsplit(url).hostname or "").lower()
    if kind == "scholar":
        # Google Scholar has one host per country: scholar.google.com, scholar.google.co.uk …
        if not host.startswith("scholar.google."):
            return (
                "A Google Scholar link should point to scholar.google.com (your profile "
                'page). Check the address, or choose the kind "Other".'
            )
        return None
    allowed = LINK_KIND_HOSTS.get(kind)
    if allowed and not any(_host_matches(host, domain) for domain in allowed):
        return (
            f"A {kind_label} link should point to {' or '.join(allowed)}. "
            'Check the address, or choose the kind "Other".'
        )
    if kind == "orcid":
        return orcid_error(urlsplit(url).path.strip("/"))
    if kind == "openalex" and not openalex_author_id(url):
        return "An OpenAlex author link looks like https://openalex.org/A5023888391."
    return None


# https://openalex.org/A5023888391, https://api.openalex.org/authors/A5023888391 or "A5023888391".
_OPENALEX_AUTHOR = re.compile(
    r"^(?:https?://(?:api\.)?openalex\.org/(?:authors/)?)?(A\d{1,15})/?$", re.IGNORECASE)


def openalex_author_id(value: str) -> str:
    """The OpenAlex author id (``A…``) in an OpenAlex author URL or the bare id, else ""."""
    match = _OPENALEX_AUTHOR.match((value or "").strip())
    return match.group(1).upper() if match else ""


def orcid_error(identifier: str) -> str | None:
    """Checks an ORCID iD (0000-0002-1825-0097) including its ISO 7064 11,2 check digit."""
    digits = identifier.replace("-", "")
    if len(digits) != 16 or not digits[:15].isdigit() or digits[15] not in "0123456789Xx":
        return "An ORCID link looks like https://orcid.org/0000-0002-1825-0097."
    total = 0
    for digit in digits[:15]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    expected = "X" if check == 10 else str(check)
    if digits[15].upper() != expected:
        return "This ORCID iD has a wrong check digit: please copy it again from orcid.org."
    return None


def validate_link(kind: str, kind_label: str, url: str) -> None:
    if url and is_mailto(url) and kind != "other":
        raise ValidationError(
            {"kind": 'An e-mail address is a link of the kind "Other" (label it "E-mail").'}
        )
    if url and is_web_url(url):
        error = link_host_error(kind, kind_label, url)
        if error:
            raise ValidationError({"url": error})
