"""Member photos: re-encoded, cropped to the sizes the pages use, stored per lab.

``Person.save()`` calls :func:`prepare_photo` whenever a new file was assigned to
``photo`` (admin upload, shell, import). The raw upload is never stored: only the
re-encoded JPEG (at most 1200 px, used for og:image) and square crops for ``srcset``.
"""

from django.db import transaction

from labsite.images import delete_files, lab_media_dir, process_image, store_processed

# Square crops: 160 for the team page (80 px at 2x) and lab home, 320/640 for the homepage.
PHOTO_SQUARES = (160, 320, 640)
PHOTO_MAX_SIDE = 1200
# Portraits: crop around a point above the middle, where faces usually are.
PHOTO_FOCUS = (0.5, 0.35)


def photo_directory(person) -> str:
    return lab_media_dir(person.lab.slug, "people")


def person_photo_upload_to(person, filename: str) -> str:
    """Where Django would put an upload that skipped :func:`prepare_photo` (never the raw file
    in practice): still inside the lab's folder."""
    return f"{photo_directory(person)}/{person.slug or 'person'}-{filename}"


def has_new_photo(person) -> bool:
    return bool(person.photo) and not getattr(person.photo, "_committed", True)


def prepare_photo(person) -> list[str]:
    """Re-encodes a newly assigned photo in place; returns the names of the files written.

    Raises ValidationError (nothing written) when the file is not an acceptable image.
    """
    processed = process_image(
        person.photo.file, max_side=PHOTO_MAX_SIDE, squares=PHOTO_SQUARES, focus=PHOTO_FOCUS
    )
    stored = store_processed(processed, directory=photo_directory(person), stem=person.slug)
    person.photo = stored.name  # a committed file: Django will not save the raw upload
    person.photo_sizes = stored.sizes
    return [stored.name, *stored.sizes.values()]


def photo_files(photo_name: str, photo_sizes: dict) -> list[str]:
    return [name for name in [photo_name, *(photo_sizes or {}).values()] if name]


def delete_after_commit(names: list[str]) -> None:
    """Old files go once the new row is committed, so a rollback keeps a working photo."""
    if names:
        transaction.on_commit(lambda: delete_files(names))
