"""Template helpers of the people pages: photos, contact addresses, team lists."""

from django import template

from people.profile import PhotoShape
from people.team_html import team_members_html

register = template.Library()

AVATAR_COLOURS = 6


@register.simple_tag(takes_context=True)
def team_members(context, members, period=False):
    """``{% team_members section.current period=False %}``: the members as ``<li>`` items;
    the page's own member (``person``) is not linked to the page itself."""
    return team_members_html(members, person=context.get("person"), period=period)


@register.inclusion_tag("people/_photo.html")
def person_photo(person, size=120, lazy=True, shape="circle"):
    """The member's photo as a responsive ``<img>``, or a placeholder with their initials.

    ``shape`` "original" shows the uncropped photo at that width (its height follows)."""
    original = shape == PhotoShape.ORIGINAL and bool(person.photo)
    if original:
        src, srcset = person.photo_full_url, ""
    else:
        src = person.photo_url(size) if person.photo else ""
        srcset = person.photo_srcset if person.photo else ""
    return {
        "person": person,
        "size": size,
        "src": src,
        "srcset": srcset,
        "lazy": lazy,
        "shape": shape if shape in PhotoShape.values else PhotoShape.CIRCLE,
        "original": original,
        "colour": (person.pk or 0) % AVATAR_COLOURS,
    }


@register.filter
def email_words(address: str) -> str:
    """``ada.m@example.org`` → ``ada [dot] m [at] example [dot] org``.

    Readable and typeable by a person, invisible to scrapers that look for ``x@y.z``; never
    made a link (a member who wants one chooses the "link" display).
    """
    local, _, domain = (address or "").partition("@")
    if not domain:
        return ""
    return f"{local.replace('.', ' [dot] ')} [at] {domain.replace('.', ' [dot] ')}"
