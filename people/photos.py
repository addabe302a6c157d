"""Member photos: re-encoded, cropped to the sizes the pages use, stored per lab.

``Person.photo`` (a ``ProcessedImageField``) does it with :data:`PHOTO_RECIPE` whenever a
new file was assigned (admin upload, shell, import). The raw upload is never stored: only
the re-encoded JPEG (at most 1200 px, used for og:image) and square crops for ``srcset``.
"""

from labsite.images import ImageRecipe, lab_media_dir

# Square crops: 160 for the team page (80 px at 2x) and lab home, 320/640 for the homepage.
PHOTO_SQUARES = (160, 320, 640)
PHOTO_MAX_SIDE = 1200
# Portraits: crop around a point above the middle, where faces usually are.
PHOTO_FOCUS = (0.5, 0.35)
PHOTO_RECIPE = ImageRecipe(max_side=PHOTO_MAX_SIDE, squares=PHOTO_SQUARES, focus=PHOTO_FOCUS)


def photo_directory(person) -> str:
    return lab_media_dir(person.lab.slug, "people")


def photo_stem(person) -> str:
    return person.slug


def person_photo_upload_to(person, filename: str) -> str:
    """Where Django would put an upload that skipped the recipe (never the raw file in
    practice): still inside the lab's folder."""
    return f"{photo_directory(person)}/{person.slug or 'person'}-{filename}"
