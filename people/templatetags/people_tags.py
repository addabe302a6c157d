"""Template helpers of the people pages: photos and contact addresses."""

from django import template

register = template.Library()

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
