"""What the publishing commands share: the lab a command line names."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.validators import validate_slug

from labsite.models import Lab


def lab_named(slug: str) -> Lab:
    """The lab of ``slug``, or a CommandError that says why and which labs there are."""
    try:
        validate_slug(slug)
    except ValidationError:
        raise CommandError(f"{slug!r} is not a lab slug (letters, digits, - and _).") from None
    lab = Lab.objects.filter(slug=slug).first()
    if lab is None:
        known = ", ".join(Lab.objects.order_by("slug").values_list("slug", flat=True)[:20])
        raise CommandError(f'No lab "{slug}". Labs: {known or "none"}.')
    return lab
