"""How a member's profile column looks: photo placement, e-mail display, native-script name.

Choices for ``Person`` fields and the pure rules the page uses; the CSS classes they become
are in people/static/people/people.css (``.person-photo-*``).
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models


class PhotoPosition(models.TextChoices):
    SIDEBAR = "sidebar", "In the sidebar, above the name"
    TOP = "top", "On top of the page, beside the name"
    RIGHT = "right", "Right of the text"


class PhotoShape(models.TextChoices):
    CIRCLE = "circle", "Circle"
    ROUNDED = "rounded", "Rounded square"
    ORIGINAL = "original", "As uploaded (uncropped)"


class PhotoSize(models.TextChoices):
    SMALL = "small", "Small"
    MEDIUM = "medium", "Medium"
    LARGE = "large", "Large"


# Displayed width in CSS pixels; the photo's srcset picks the crop.
PHOTO_WIDTHS = {PhotoSize.SMALL: 120, PhotoSize.MEDIUM: 200, PhotoSize.LARGE: 280}


class EmailDisplay(models.TextChoices):
    LINK = "link", "As a mailto: link"
    TEXT = "text", "As text scrapers do not read (“ada [at] example [dot] org”)"
    WRITTEN = "written", "As you write it below (“contact (at) [my first name] (dot) net”)"
    HIDDEN = "hidden", "Not shown"


EMAIL_WRITTEN_MAX = 200


language_tag_validator = RegexValidator(
    r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$",
    'Enter a language tag such as "zh", "ja", "ko" or "zh-Hant".',
)

# Scripts that name one language well enough for ``lang`` (fonts, screen readers). Han
# alone is Chinese unless kana appear (Japanese names in kanji only need the field).
_SCRIPT_LANGUAGES = [
    ("HIRAGANA", "ja"),
    ("KATAKANA", "ja"),
    ("HANGUL", "ko"),
    ("CJK", "zh"),
    ("GREEK", "el"),
    ("HEBREW", "he"),
    ("THAI", "th"),
]


def guess_language(text: str) -> str:
    """A ``lang`` for a native-script name from its letters, or "" when the script does not
    say (Latin, Cyrillic, Arabic… are shared by many languages)."""
    names = [unicodedata.name(char, "") for char in text if char.isalpha()]
    for script, language in _SCRIPT_LANGUAGES:
        if any(name.startswith(script) for name in names):
            return language
    return ""


ADDRESS_MAX_LINES = 8
ADDRESS_MAX_CHARS = 500


def validate_address(value: str) -> None:
    """An address block: a few short lines, said plainly when there are too many."""
    lines = [line for line in (value or "").splitlines() if line.strip()]
    if len(lines) > ADDRESS_MAX_LINES:
        raise ValidationError(
            f"An address has at most {ADDRESS_MAX_LINES} lines; this one has {len(lines)}."
        )
    if len(value or "") > ADDRESS_MAX_CHARS:
        raise ValidationError(
            f"An address has at most {ADDRESS_MAX_CHARS} characters; this one has "
            f"{len(value)}."
        )
